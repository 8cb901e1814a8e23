"""Lint (SPEC §6): OKR writing practices checked on the parsed model; warnings only, pure."""

from __future__ import annotations

import re

from sheetsync.models import KeyResult, Kind, Objective, ParsedOKRs, Problem, SourceRef

MIN_KRS = 2
MAX_KRS = 5
MAX_OBJECTIVES_PER_OWNER = 3

# Verbs that open a task rather than an outcome ("Launch the new site" says what to do,
# not what changes); a number in the title usually makes it a measurable result again.
ACTIVITY_VERBS = frozenset(
    """
    launch run complete publish ship build create implement hold write hire start finish
    develop design deliver deploy release organize organise conduct host plan prepare draft
    introduce establish set migrate roll rewrite redesign finalize finalise attend
    """.split()
)

# Separators that put two people in one owner cell. "&" and "and" count only as whole
# words so that a team called "R&D" stays one owner.
_SEVERAL = re.compile(r",|;|/|\+|\s&\s|\band\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# A year or a quarter names the cycle, not a metric: "Win EMEA in 2026" is fine.
_CALENDAR = re.compile(r"\b(?:FY|Q[1-4][ /-]?)?(?:19|20)\d\d\b|\bQ[1-4]\b|\bH[12]\b", re.IGNORECASE)
_FIRST_WORD = re.compile(r"[^\W\d_]+")


def lint(parsed: ParsedOKRs) -> list[Problem]:
    """Every practice warning for the parsed OKRs, objectives first, then KRs, in input order."""
    problems: list[Problem] = []
    objectives = {o.id: o for o in reversed(parsed.objectives)}
    kr_count: dict[str, int] = {}
    for k in parsed.key_results:
        kr_count[k.objective_id] = kr_count.get(k.objective_id, 0) + 1

    for o in parsed.objectives:
        if _DIGIT.search(_CALENDAR.sub("", o.title)):
            msg = "objective contains a number; numbers belong in key results"
            problems.append(_on_objective(o, msg))
        n = kr_count.get(o.id, 0)
        # 0 KRs is reported by the rollup (an objective scored only by its aligned children
        # is a normal shape for a company objective).
        if 0 < n < MIN_KRS:
            msg = f"objective has only {n} key result; aim for {MIN_KRS} to {MAX_KRS}"
            problems.append(_on_objective(o, msg))
        elif n > MAX_KRS:
            msg = f"objective has {n} key results; more than {MAX_KRS} dilutes focus"
            problems.append(_on_objective(o, msg))
    problems.extend(_too_many_objectives(parsed.objectives))

    for k in parsed.key_results:
        problems.extend(_lint_kr(k, objectives.get(k.objective_id)))
    return problems


def several_owners(owner: str) -> bool:
    """Whether an owner cell names more than one person ("Ann, Bob", "Ann & Bob", "Ann/Bob")."""
    return len([p for p in _SEVERAL.split(owner) if p.strip()]) > 1


def is_activity(title: str) -> bool:
    """Whether a KR title reads as a task: it opens with an activity verb and has no number."""
    if _DIGIT.search(title):
        return False
    m = _FIRST_WORD.search(title)
    return m is not None and m.group(0).lower() in ACTIVITY_VERBS


def _lint_kr(k: KeyResult, objective: Objective | None) -> list[Problem]:
    out: list[Problem] = []
    own = (k.owner or "").strip()
    inherited = (objective.owner or "").strip() if objective else ""
    if not own and not inherited:
        out.append(_warn(k.source, ("owner",), "Owner", "no owner; give each key result one owner"))
    elif own and (several_owners(own) or len(set(k.owners)) > 1):
        named = ", ".join(dict.fromkeys(k.owners)) if len(set(k.owners)) > 1 else own
        msg = f"several owners ('{named}'); one person should own each key result"
        out.append(_warn(k.source, ("owner",), "Owner", msg))
    if is_activity(k.title):
        msg = "reads as an activity, not an outcome; say what changes and by how much"
        out.append(_warn(k.source, ("key_result", "title"), "Key Result", msg))
    # A threshold is kept from any start, a graded KR has no numbers: neither needs a baseline.
    if k.kind not in (Kind.boolean, Kind.milestone, Kind.threshold, Kind.graded) \
            and k.baseline is None:
        msg = "no baseline; add the start value so progress is measured from it"
        out.append(_warn(k.source, ("baseline",), "Baseline", msg))
    return out


def _too_many_objectives(objectives: list[Objective]) -> list[Problem]:
    """One warning per owner (or team, for objectives with no owner) holding too many."""
    groups: dict[str, list[Objective]] = {}
    names: dict[str, str] = {}
    for o in objectives:
        name = (o.owner or "").strip() or (o.team or "").strip()
        if not name:
            continue
        key = name.casefold()
        names.setdefault(key, name)
        groups.setdefault(key, []).append(o)
    out: list[Problem] = []
    for key, group in groups.items():
        if len(group) > MAX_OBJECTIVES_PER_OWNER:
            extra = group[MAX_OBJECTIVES_PER_OWNER]
            field = ("owner",) if (extra.owner or "").strip() else ("team",)
            msg = (
                f"{names[key]} has {len(group)} objectives this cycle; "
                f"keep it to {MAX_OBJECTIVES_PER_OWNER} or fewer"
            )
            out.append(_warn(extra.source, field, field[0].title(), msg, extra.id))
    return out


def _on_objective(o: Objective, message: str) -> Problem:
    return _warn(o.source, ("objective", "title"), "Objective", message, o.id)


def _warn(
    src: SourceRef | None,
    fields: tuple[str, ...],
    column: str,
    message: str,
    objective_id: str | None = None,
) -> Problem:
    cell = None
    if src is not None:
        cell = next((src.cells[f] for f in fields if f in src.cells), None)
    return Problem(
        severity="warning",
        workbook=src.workbook if src else None,
        sheet=src.sheet if src else None,
        cell=cell,
        column=column,
        message=message,
        objective_id=objective_id,
    )
