"""Parsed OKRs → Scorecard: check-ins → KR scores → objectives → summary (SPEC §3–§6); pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from sheetsync.a1 import parse_cell
from sheetsync.config import Config
from sheetsync.models import (
    CheckIn,
    Cycle,
    Direction,
    GroupScore,
    KeyResult,
    Kind,
    OKRType,
    ParsedOKRs,
    Problem,
    Scorecard,
    ScoredKeyResult,
    ScoredObjective,
    SourceRef,
    Status,
    Summary,
)
from sheetsync.read.lean import share_fields_set
from sheetsync.score.alignment import mean_of_known, resolve_parents, roll_up_objectives
from sheetsync.score.checkins import by_kr, roll_up
from sheetsync.score.kinds import kind_fields, person_problems, projected_of, score_any
from sheetsync.score.lint import lint
from sheetsync.score.scoring import EPS, effective_baseline, elapsed

STATUS_ORDER = (
    Status.done,
    Status.on_track,
    Status.at_risk,
    Status.off_track,
    Status.missed,
    Status.not_started,
    Status.invalid,
)
NO_OWNER = "(no owner)"
NO_TEAM = "(no team)"


def _inferred_direction(kr: KeyResult) -> Direction | None:
    """SPEC §1: without a Direction cell, a target below the baseline means decrease."""
    if kr.kind in (Kind.boolean, Kind.milestone) or kr.target is None:
        return None
    baseline = effective_baseline(kr)
    if baseline is None or abs(kr.target - baseline) <= EPS:
        return None
    return Direction.increase if kr.target > baseline else Direction.decrease


def build_scorecard(parsed: ParsedOKRs, cycle: Cycle, as_of: dt.date, config: Config) -> Scorecard:
    """Score everything in `parsed` (one or several sources) as of a date."""
    found: list[Problem] = []
    types = {o.id: o.type for o in reversed(parsed.objectives)}
    known_krs = {k.id for k in parsed.key_results}
    blocked = {p.kr_id for p in parsed.problems if p.kr_id and p.severity == "error"}
    # A run as of a date sees the sheet as it stood then: later check-ins are left out, so
    # re-running an old --as-of reproduces that day's scores and history rows.
    history = by_kr([c for c in parsed.checkins if c.date <= as_of])
    found.extend(_unknown_kr_checkins(parsed.checkins, known_krs, parsed.problems))

    krs: list[ScoredKeyResult] = []
    for kr in parsed.key_results:
        okr_type = types.get(kr.objective_id)
        if okr_type is None:
            okr_type = OKRType(config.scoring.default_type)
            found.append(_orphan(kr))
        scored, problems = _score_one(
            kr, history.get(kr.id, []), okr_type, kr.id in blocked, cycle, as_of, config
        )
        krs.append(scored)
        found.extend(problems)

    parent, alignment_problems = resolve_parents(parsed.objectives)
    objectives, objective_problems = roll_up_objectives(parsed.objectives, krs, parent)
    found.extend(alignment_problems + objective_problems)

    problems = order_problems([*parsed.problems, *found, *lint(parsed)], _sheet_order(parsed))
    _attach_messages(krs, problems)
    top_level = [o for o in objectives if parent.get(o.id) is None]
    return Scorecard(
        as_of=as_of,
        cycle=cycle,
        objectives=objectives,
        key_results=krs,
        checkins=list(parsed.checkins),
        problems=problems,
        summary=summarize(objectives, top_level, krs, problems, elapsed(cycle, as_of)),
    )


_NO_KIND_FIELDS = {"breaches": None, "holds": None, "zone": None}


def _score_one(
    kr: KeyResult,
    history: list[CheckIn],
    okr_type: OKRType,
    blocked: bool,
    cycle: Cycle,
    as_of: dt.date,
    config: Config,
) -> tuple[ScoredKeyResult, list[Problem]]:
    """One KR: its check-ins decide current and confidence, then it is scored."""
    ci = roll_up(history, as_of, config)
    current, confidence = kr.current, kr.confidence
    problems: list[Problem] = []
    if ci.latest is not None:
        if current is not None and abs(current - ci.latest.value) > EPS:
            problems.append(_checkin_wins(kr, current, ci.latest))
        current = ci.latest.value
        if ci.latest.confidence is not None:
            confidence = ci.latest.confidence
    result = score_any(
        kr,
        current=current,
        confidence=confidence,
        has_checkin=ci.latest is not None,
        okr_type=okr_type,
        cycle=cycle,
        as_of=as_of,
        config=config,
        blocked=blocked,
    )
    problems.extend(result.problems)
    invalid = result.status == Status.invalid
    problems.extend(person_problems(kr, result.score, invalid))
    scored = ScoredKeyResult(
        **{**dict(kr), "current": current, "confidence": confidence,
           "direction": kr.direction or _inferred_direction(kr)},
        progress=result.progress,
        score=result.score,
        status=result.status,
        grade=result.grade,
        last_checkin=ci.latest.date if ci.latest else None,
        checkins=ci.count,
        delta=ci.delta,
        stale=ci.stale,
        projected=None if invalid else projected_of(kr, history, cycle, config),
        **{**_NO_KIND_FIELDS, **kind_fields(kr, current, history, invalid)},
        problems=[],
    )
    # Every field given: the KR can share its class's fields set (read/lean.py), 2 KB less.
    return share_fields_set(scored), problems


def order_problems(problems: Iterable[Problem], sheets: Sequence[tuple[str, str]]) -> list[Problem]:
    """Problems without duplicates, by workbook and sheet (in the order given), row, column.

    Problems with no sheet come first; within a sheet, those with no cell come first."""
    rank = {s: i for i, s in enumerate(sheets)}
    seen: set[tuple[object, ...]] = set()
    unique: list[Problem] = []
    for p in problems:
        key = (p.severity, p.workbook, p.sheet, p.cell, p.column, p.message)
        if key not in seen:
            seen.add(key)
            unique.append(p)

    def sort_key(p: Problem) -> tuple[int, int, str, int, int]:
        if p.sheet is None:
            return (0, 0, p.workbook or "", 0, 0)
        where = (p.workbook or "", p.sheet)
        row, col = _row_col(p.cell)
        return (1, rank.get(where, len(rank)), "\0".join(where), row, col)

    return sorted(unique, key=sort_key)


def _row_col(cell: str | None) -> tuple[int, int]:
    if not cell:
        return (0, 0)
    try:
        return parse_cell(cell)
    except ValueError:
        return (0, 0)


def _sheet_order(parsed: ParsedOKRs) -> list[tuple[str, str]]:
    """(workbook, sheet) in the order the sheets first appear in the parsed model."""
    order: dict[tuple[str, str], None] = {}
    items: list[object] = [*parsed.objectives, *parsed.key_results, *parsed.checkins]
    for item in items:
        src = getattr(item, "source", None)
        if src is not None:
            order.setdefault((src.workbook or "", src.sheet), None)
    for p in parsed.problems:
        if p.sheet is not None:
            order.setdefault((p.workbook or "", p.sheet), None)
    return list(order)


def _attach_messages(krs: Sequence[ScoredKeyResult], problems: Sequence[Problem]) -> None:
    """Give each KR the messages of the problems about it: by its id, or in a cell of its row."""
    rank = {id(p): i for i, p in enumerate(problems)}
    by_row: dict[tuple[str | None, int], list[Problem]] = {}
    about: dict[str, list[Problem]] = {}
    for p in problems:
        if p.kr_id:
            about.setdefault(p.kr_id, []).append(p)
        if p.cell:
            by_row.setdefault((p.sheet, _row_col(p.cell)[0]), []).append(p)
    for k in krs:
        found = list(about.get(k.id, []))
        if k.source is not None:
            row = by_row.get((k.source.sheet, k.source.row), [])
            found.extend(p for p in row if _on_row(p, k.source))
        # Back in sheet order, each message once.
        messages: dict[str, None] = {}
        for p in sorted(found, key=lambda p: rank[id(p)]):
            messages.setdefault(p.message, None)
        k.problems = list(messages)


def _on_row(p: Problem, src: SourceRef | None) -> bool:
    """Whether a problem sits in a cell of the row a thing was read from."""
    if src is None or p.sheet != src.sheet or not p.cell:
        return False
    # A problem or source that does not say its workbook is taken to be in the same one.
    if p.workbook and src.workbook and p.workbook != src.workbook:
        return False
    return _row_col(p.cell)[0] == src.row


def summarize(
    objectives: Sequence[ScoredObjective],
    top_level: Sequence[ScoredObjective],
    krs: Sequence[ScoredKeyResult],
    problems: Sequence[Problem],
    expected: float,
) -> Summary:
    """The summary aggregates (SPEC §5) of scored objectives and key results."""
    counts = {s.value: 0 for s in STATUS_ORDER}
    for k in krs:
        counts[k.status.value] += 1
    return Summary(
        overall_score=mean_of_known(o.score for o in top_level),
        by_owner=_groups(objectives, lambda o: o.owner, NO_OWNER),
        by_team=_groups(objectives, lambda o: o.team, NO_TEAM),
        status_counts=counts,
        stale_krs=[k.id for k in krs if k.stale],
        problem_count=len(problems),
        expected=expected,
    )


def _groups(
    objectives: Sequence[ScoredObjective],
    name_of: Callable[[ScoredObjective], str | None],
    missing: str,
) -> list[GroupScore]:
    groups: dict[str, list[ScoredObjective]] = {}
    for o in objectives:
        name = (name_of(o) or "").strip() or missing
        groups.setdefault(name, []).append(o)
    # Alphabetical, with the "no owner" bucket last.
    names = sorted(groups, key=lambda n: (n == missing, n.casefold()))
    return [
        GroupScore(
            name=n,
            objectives=len(groups[n]),
            key_results=sum(o.kr_count for o in groups[n]),
            score=mean_of_known(o.score for o in groups[n]),
        )
        for n in names
    ]


def _fmt(kr: KeyResult, value: float) -> str:
    if kr.kind == Kind.percent or kr.unit == "%":
        return f"{value * 100:g}%"
    return f"{value:g}"


def _checkin_wins(kr: KeyResult, current: float, latest: CheckIn) -> Problem:
    src = kr.source
    return Problem(
        severity="warning",
        workbook=src.workbook if src else None,
        sheet=src.sheet if src else None,
        cell=src.cells.get("current") if src else None,
        column="Current",
        message=(
            f"Current says {_fmt(kr, current)} but the latest check-in "
            f"({latest.date.isoformat()}) says {_fmt(kr, latest.value)}; the check-in wins"
        ),
    )


def _orphan(kr: KeyResult) -> Problem:
    src = kr.source
    cell = None
    if src is not None:
        cell = src.cells.get("objective_id") or src.cells.get("objective")
    return Problem(
        severity="warning",
        workbook=src.workbook if src else None,
        sheet=src.sheet if src else None,
        cell=cell,
        column="Objective",
        message=f"objective '{kr.objective_id}' not found: this key result counts in no objective",
    )


def _unknown_kr_checkins(
    checkins: Sequence[CheckIn], known: set[str], reported: Sequence[Problem]
) -> list[Problem]:
    """A warning per check-in naming no known KR, unless parsing already flagged its row."""
    out: list[Problem] = []
    for c in checkins:
        if c.kr_id in known:
            continue
        src = c.source
        if any(_on_row(p, src) for p in reported):
            continue
        out.append(
            Problem(
                severity="warning",
                workbook=src.workbook if src else None,
                sheet=src.sheet if src else None,
                cell=src.cells.get("kr") if src else None,
                column="KR",
                message=f"check-in for unknown key result '{c.kr_id}'; it is ignored",
            )
        )
    return out
