"""End-of-cycle grading (SPEC §10): committed hit/missed, aspirational vs 0.7, flags; pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from sheetsync.config import Config
from sheetsync.grid import Book
from sheetsync.models import Cycle, OKRType, Scorecard, ScoredKeyResult
from sheetsync.read.cycle import quarter_of
from sheetsync.score.history import HistoryPoint

SWEET_SPOT = 0.7
"""Google's sweet spot for an aspirational KR: 0.6–0.7 is a well-set stretch."""
SANDBAG_AT = 1.0
OVERREACH_BELOW = 0.3
BANDS = (("below 0.4", 0.0, 0.4), ("0.4 to 0.7", 0.4, SWEET_SPOT), ("0.7 to 1.0", SWEET_SPOT, 1.0),
         ("1.0 and above", 1.0, float("inf")))
"""The aspirational score distribution the grading shows: red, yellow, the sweet spot, all."""
EPS = 1e-9

Flag = Literal["sandbagging", "over-reach"]


@dataclass(frozen=True)
class GroupGrade:
    """One owner or team at the end of a cycle, with a flag when its scores look mis-set."""

    group: Literal["owner", "team"]
    name: str
    key_results: int
    mean: float | None
    flag: Flag | None = None
    reason: str = ""


@dataclass
class Grading:
    """The grading section of the summary tab and the HTML report."""

    cycle: Cycle
    final: bool
    """True once as_of is after cycle.end: scores are final (later check-ins do not count)."""
    committed_hit: list[ScoredKeyResult] = field(default_factory=list)
    committed_missed: list[ScoredKeyResult] = field(default_factory=list)
    aspirational: list[ScoredKeyResult] = field(default_factory=list)
    bands: list[tuple[str, int]] = field(default_factory=list)
    aspirational_mean: float | None = None
    groups: list[GroupGrade] = field(default_factory=list)
    previous: str | None = None
    """Name of the previous cycle the sandbagging flag looked at, when one was found."""

    @property
    def flagged(self) -> list[GroupGrade]:
        return [g for g in self.groups if g.flag is not None]


def next_cycle(cycle: Cycle) -> Cycle:
    """The cycle after CYCLE: the next calendar quarter for a quarter, else one of equal length."""
    after = cycle.end + dt.timedelta(days=1)
    q = quarter_of(cycle.start)
    if (q.start, q.end) == (cycle.start, cycle.end):
        return quarter_of(after)
    length = cycle.end - cycle.start
    return Cycle(name=f"{after.isoformat()}..{(after + length).isoformat()}", start=after,
                 end=after + length)


def previous_cycle(cycle: Cycle) -> Cycle:
    """The cycle before CYCLE, the same way next_cycle() goes forward."""
    before = cycle.start - dt.timedelta(days=1)
    q = quarter_of(cycle.start)
    if (q.start, q.end) == (cycle.start, cycle.end):
        return quarter_of(before)
    length = cycle.end - cycle.start
    return Cycle(name=f"{(before - length).isoformat()}..{before.isoformat()}",
                 start=before - length, end=before)


def _types(sc: Scorecard) -> dict[str, OKRType]:
    return {o.id: o.type for o in sc.objectives}


def _teams(sc: Scorecard) -> dict[str, str | None]:
    return {o.id: o.team for o in sc.objectives}


def _aspirational_by_group(
    sc: Scorecard,
) -> dict[tuple[Literal["owner", "team"], str], list[float]]:
    """Owner and team → the final scores of their aspirational KRs in SC."""
    types, teams = _types(sc), _teams(sc)
    out: dict[tuple[Literal["owner", "team"], str], list[float]] = {}
    for kr in sc.key_results:
        if types.get(kr.objective_id) != OKRType.aspirational or kr.score is None:
            continue
        for key in _keys(kr, teams):
            out.setdefault(key, []).append(kr.score)
    return out


def _keys(kr: ScoredKeyResult,
          teams: dict[str, str | None]) -> list[tuple[Literal["owner", "team"], str]]:
    keys: list[tuple[Literal["owner", "team"], str]] = []
    if kr.owner:
        keys.append(("owner", kr.owner))
    if team := teams.get(kr.objective_id):
        keys.append(("team", team))
    return keys


def _from_history(sc: Scorecard, history: Iterable[HistoryPoint]
                  ) -> dict[tuple[Literal["owner", "team"], str], list[float]]:
    """The previous cycle from the Score history tab: the last row before cycle.start of each
    KR that this cycle still has (history rows name KRs by id, not owner)."""
    last: dict[str, HistoryPoint] = {}
    for p in history:
        if p.as_of < sc.cycle.start and (p.kr_id not in last or p.as_of >= last[p.kr_id].as_of):
            last[p.kr_id] = p
    types, teams = _types(sc), _teams(sc)
    by_id = {kr.id: kr for kr in sc.key_results}
    out: dict[tuple[Literal["owner", "team"], str], list[float]] = {}
    for kr_id, p in last.items():
        kr = by_id.get(kr_id)
        if kr is None or p.score is None or types.get(kr.objective_id) != OKRType.aspirational:
            continue
        for key in _keys(kr, teams):
            out.setdefault(key, []).append(p.score)
    return out


def grade_cycle(sc: Scorecard, *, history: Iterable[HistoryPoint] = (),
                previous: Scorecard | None = None) -> Grading:
    """Grade SC: committed KRs hit (score ≥ 1.0) or missed, the aspirational scores by band,
    and per owner and team a flag: over-reach when every scored KR is below 0.3, sandbagging
    when every aspirational KR reached 1.0 this cycle and in the previous one (PREVIOUS, the
    previous cycle's scorecard when the workbook still has its tab, else the Score history rows
    before cycle.start). Learning OKRs are in neither list: they are graded on what was learnt."""
    g = Grading(cycle=sc.cycle, final=sc.as_of > sc.cycle.end)
    types, teams = _types(sc), _teams(sc)
    for kr in sc.key_results:
        t = types.get(kr.objective_id)
        score = kr.score or 0.0
        if t == OKRType.committed:
            (g.committed_hit if score >= SANDBAG_AT - EPS else g.committed_missed).append(kr)
        elif t == OKRType.aspirational:
            g.aspirational.append(kr)
    scores = [kr.score or 0.0 for kr in g.aspirational]
    g.bands = [(label, sum(1 for s in scores if lo - EPS <= s < hi - EPS))
               for label, lo, hi in BANDS]
    g.aspirational_mean = sum(scores) / len(scores) if scores else None

    before = _aspirational_by_group(previous) if previous is not None else {}
    if previous is not None and before:
        g.previous = previous.cycle.name
    else:
        before = _from_history(sc, history)
        if before:
            g.previous = "Score history"
    now = _aspirational_by_group(sc)
    all_scores: dict[tuple[Literal["owner", "team"], str], list[float]] = {}
    for kr in sc.key_results:
        if kr.score is not None and types.get(kr.objective_id) != OKRType.learning:
            for key in _keys(kr, teams):
                all_scores.setdefault(key, []).append(kr.score)
    for (group, name), values in sorted(all_scores.items()):
        mean = sum(values) / len(values)
        flag: Flag | None = None
        reason = ""
        mine, earlier = now.get((group, name), []), before.get((group, name), [])
        if (mine and earlier and all(s >= SANDBAG_AT - EPS for s in mine)
                and all(s >= SANDBAG_AT - EPS for s in earlier)):
            flag = "sandbagging"
            reason = (f"every aspirational KR reached 1.0, this cycle ({len(mine)}) and the "
                      f"previous one ({len(earlier)}): aim higher")
        elif all(s < OVERREACH_BELOW - EPS for s in values):
            flag = "over-reach"
            reason = f"every KR ({len(values)}) is below {OVERREACH_BELOW}: aim for fewer"
        g.groups.append(GroupGrade(group, name, len(values), mean, flag, reason))
    return g


def previous_scorecard(book: Book, config: Config, current: Scorecard) -> Scorecard | None:
    """The previous cycle's final scorecard when BOOK still has that cycle's own tab (the one
    `next-cycle` copied from), else None. Read with the previous cycle fixed in the config; a
    tab CURRENT was read from is never taken for the previous cycle."""
    from sheetsync.read.find import find_tables
    from sheetsync.read.parse import parse_tables
    from sheetsync.score.rollup import build_scorecard

    before = previous_cycle(current.cycle)
    fixed = config.model_copy(update={"cycle": config.cycle.model_copy(
        update={"name": None, "start": before.start, "end": before.end})})
    tables, _ = find_tables(book, fixed)
    parsed = parse_tables(tables, book, fixed, before)
    now = {kr.source.sheet for kr in current.key_results if kr.source}
    if not parsed.key_results or any(kr.source and kr.source.sheet in now
                                     for kr in parsed.key_results):
        return None
    return build_scorecard(parsed, before, before.end + dt.timedelta(days=1), fixed)
