"""The tables of the summary tab, one small row-building function each (SPEC §7); pure."""

from __future__ import annotations

from dataclasses import dataclass

from sheetsync.config import Config
from sheetsync.models import Scorecard, ScoredKeyResult, Status
from sheetsync.score.scoring import expected_pace
from sheetsync.write.summary_layout import TabBuilder, rounded

OBJECTIVE_COLUMNS = ["ID", "Score", "Status", "Expected", "Aligned score", "KRs", "Owner",
                     "Team", "Type", "Objective"]
"""Numbers first, the title last: every table of the tab shares these narrow columns, and the
title, the widest cell, gets the last column to itself."""
OWNER_COLUMNS = ["Owner", "KRs", "On track", "At risk", "Off track", "Stale", "Score"]
TEAM_COLUMNS = ["Team", "Objectives", "KRs", "Score"]
ON_TRACK = (Status.on_track, Status.done)
OFF_TRACK = (Status.off_track, Status.missed)
NO_OWNER = "(no owner)"


@dataclass(frozen=True)
class Rows:
    """Where a table's header and body rows landed (1-based), for the charts over them."""

    header: int
    first: int
    last: int


def headline(sc: Scorecard) -> str:
    """One sentence a lead can read out: '4 of 10 key results on track; score 0.37 against
    an expected pace of 0.49; 3 stale'. On track counts the done ones too."""
    krs = sc.key_results
    on_track = sum(1 for kr in krs if kr.status in ON_TRACK)
    parts = [f"{on_track} of {len(krs)} key result{'s' * (len(krs) != 1)} on track"]
    if sc.summary.overall_score is not None:
        part = f"score {sc.summary.overall_score:.2f}"
        if sc.summary.expected is not None:
            part += f" against an expected pace of {sc.summary.expected:.2f}"
        parts.append(part)
    stale = sum(1 for kr in krs if kr.stale)
    parts.append(f"{stale} stale")
    errors = sum(1 for p in sc.problems if p.severity == "error")
    if errors:
        parts.append(f"{errors} problem{'s' * (errors != 1)} to fix")
    return "; ".join(parts)


def objectives_table(b: TabBuilder, sc: Scorecard, config: Config) -> Rows:
    """One row per objective, with the pace expected of it by now."""
    share = sc.summary.expected or 0.0
    b.section(f"Objectives ({len(sc.objectives)})")
    header = b.header(*OBJECTIVE_COLUMNS)
    for o in sc.objectives:
        b.line(o.id, rounded(o.score), o.status.value,
               rounded(expected_pace(o.type, share, config)), rounded(o.aligned_score),
               o.kr_count, o.owner, o.team, o.type.value, o.title,
               scores=(2, 4, 5), status=3, wide=len(OBJECTIVE_COLUMNS))
    b.blank()
    return Rows(header, header + 1, header + len(sc.objectives))


@dataclass(frozen=True)
class OwnerRow:
    """One person who owns key results: how many, how they stand, their mean KR score."""

    name: str
    krs: int
    on_track: int
    at_risk: int
    off_track: int
    stale: int
    score: float | None


def owner_rows(sc: Scorecard) -> list[OwnerRow]:
    """The people who own key results (a KR without an owner counts for its objective's owner):
    the list a lead goes through for the weekly nudge, most off track, then most stale first."""
    objective_owner = {o.id: o.owner for o in sc.objectives}
    groups: dict[str, list[ScoredKeyResult]] = {}
    for kr in sc.key_results:
        name = kr.owner or objective_owner.get(kr.objective_id) or NO_OWNER
        groups.setdefault(name, []).append(kr)
    rows = []
    for name, krs in groups.items():
        scores = [kr.score for kr in krs if kr.score is not None]
        rows.append(OwnerRow(
            name, len(krs), sum(kr.status in ON_TRACK for kr in krs),
            sum(kr.status == Status.at_risk for kr in krs),
            sum(kr.status in OFF_TRACK for kr in krs), sum(kr.stale for kr in krs),
            sum(scores) / len(scores) if scores else None))
    return sorted(rows, key=lambda r: (r.name == NO_OWNER, -r.off_track, -r.stale,
                                       r.name.casefold()))


def owners_table(b: TabBuilder, sc: Scorecard) -> None:
    rows = owner_rows(sc)
    if not rows:
        return
    b.section("By owner (key results)")
    b.header(*OWNER_COLUMNS)
    for r in rows:
        b.line(r.name, r.krs, r.on_track, r.at_risk, r.off_track, r.stale, rounded(r.score),
               scores=(7,))
    b.blank()


def teams_table(b: TabBuilder, sc: Scorecard) -> None:
    if not sc.summary.by_team or all(g.name.startswith("(") for g in sc.summary.by_team):
        return  # one "(no team)" row says nothing
    b.section("By team")
    b.header(*TEAM_COLUMNS)
    for g in sc.summary.by_team:
        b.line(g.name, g.objectives, g.key_results, rounded(g.score), scores=(4,))
    b.blank()


def status_table(b: TabBuilder, sc: Scorecard) -> None:
    b.section("Key results by status")
    b.header("Status", "KRs")
    for status, count in sc.summary.status_counts.items():
        b.line(status, count, status=1)
    b.blank()


def stale_table(b: TabBuilder, sc: Scorecard) -> None:
    stale = [kr for kr in sc.key_results if kr.stale]
    b.section(f"Stale key results ({len(stale)})")
    if stale:
        b.header("ID", "Last check-in", "Owner", "Key result")
        for kr in stale:
            b.line(kr.id, kr.last_checkin, kr.owner, kr.title, dates=(2,))
    b.blank()


def problems_table(b: TabBuilder, sc: Scorecard) -> None:
    b.section(f"Problems ({len(sc.problems)})")
    if sc.problems:
        b.header("Severity", "Where", "Message")
        for p in sc.problems:
            b.line(p.severity, p.where, p.message)
    b.blank()
