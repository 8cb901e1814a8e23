"""A multi-source run's scorecard → the company summary tab: the alignment cascade from company
objectives down, a table per team, the sources, stale key results and problems company-wide."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sheetsync.models import Scorecard, ScoredObjective, Status
from sheetsync.score.alignment import mean_of_known
from sheetsync.score.grading import grade_cycle
from sheetsync.write.chartspec import CellBlock
from sheetsync.write.grading import add_grading
from sheetsync.write.summary import TabBuilder, rounded
from sheetsync.write.summary_charts import team_chart
from sheetsync.write.writeplan import SummaryTab

COMPANY = "Company"
"""The team name shown for the company workbook's own objectives."""

CASCADE = ("Aligned to", "ID", "Title", "Team", "Owner", "KRs", "Score", "Status",
           "Aligned score")


@dataclass(frozen=True)
class SourceLine:
    """One source of the run for the Sources table: its team and why it failed, if it did."""

    team: str
    source: str
    failure: str | None = None


def build_company_summary(sc: Scorecard, team_of: dict[str, str], sources: list[SourceLine],
                          title: str, *, charts: bool = True) -> SummaryTab:
    """TEAM_OF maps every run id (objective and key result) to its team's name. With `charts`,
    a bar chart of the teams' scores sits right of the tables. Past the cycle's end, the
    grading of every team's key results together comes before the problems (SPEC §10)."""
    b = TabBuilder(title)
    company = [o for o in sc.objectives if team_of.get(o.id) == COMPANY]
    by_id = {o.id: o for o in sc.objectives}
    children: dict[str, list[ScoredObjective]] = {}
    for o in sc.objectives:
        if o.parent_id in by_id and o.parent_id != o.id:
            children.setdefault(o.parent_id, []).append(o)
    top = [o for o in company if o.parent_id not in by_id]
    score = mean_of_known([o.score for o in top]) if top else sc.summary.overall_score

    b.heading("Company summary", sc, "Company score", score)
    read = sum(1 for s in sources if s.failure is None)
    b.row("Sources synced", read, len(sources))
    b.blank()

    b.row("Company objectives and the objectives aligned to them", bold=True)
    b.row(*CASCADE, bold=True)
    placed: set[str] = set()
    for o, parent in _cascade(top, children, placed):
        _objective_row(b, o, parent, team_of)
    b.blank()
    rest = [o for o in sc.objectives if o.id not in placed and o.parent_id not in by_id]
    b.row(f"Objectives not aligned to a company objective ({len(rest)})", bold=True)
    if rest:
        b.row(*CASCADE, bold=True)
        for o, parent in _cascade(rest, children, placed):
            _objective_row(b, o, parent, team_of)
    b.blank()

    header, first, last = _teams(b, sc, team_of, sources)
    if charts and last >= first:
        b.tab.charts.append(team_chart(CellBlock(first, 1, last, 1), 4, header,
                                       (2, len(CASCADE) + 2)))
    _sources(b, sources)

    stale = [k for k in sc.key_results if k.stale]
    b.row(f"Stale key results ({len(stale)})", bold=True)
    if stale:
        b.row("Team", "ID", "Title", "Owner", "Last check-in", bold=True)
        for k in stale:
            r = b.row(team_of.get(k.id), k.id, k.title, k.owner, k.last_checkin)
            b.fmt(r, 5, "yyyy-mm-dd")
    b.blank()

    if sc.as_of > sc.cycle.end and sc.key_results:
        # No previous cycle here: sandbagging, which needs one, is flagged in each team's own
        # summary (its workbook keeps the previous cycle's tab or history).
        add_grading(b, grade_cycle(sc))
        b.blank()

    team_of_book = {s.source: s.team for s in sources}
    b.row(f"Problems ({len(sc.problems)})", bold=True)
    if sc.problems:
        b.row("Severity", "Team", "Workbook", "Where", "Message", bold=True)
        for p in sc.problems:
            team = team_of_book.get(p.workbook or "") or team_of.get(
                p.kr_id or p.objective_id or "")
            where = p.where if p.sheet else ""
            b.row(p.severity, team, _short(p.workbook) if p.workbook else None, where, p.message)
    return b.tab


def _cascade(roots: list[ScoredObjective], children: dict[str, list[ScoredObjective]],
             placed: set[str]) -> Iterator[tuple[ScoredObjective, str | None]]:
    """Each root, then the objectives aligned to it, depth first (a loop is walked once)."""
    stack: list[tuple[ScoredObjective, str | None]] = [(o, None) for o in reversed(roots)]
    while stack:
        o, parent = stack.pop()
        if o.id in placed:
            continue
        placed.add(o.id)
        yield o, parent
        stack.extend((c, o.id) for c in reversed(children.get(o.id, [])))


def _objective_row(b: TabBuilder, o: ScoredObjective, parent: str | None,
                   team_of: dict[str, str]) -> None:
    r = b.row(parent, o.id, o.title, team_of.get(o.id, o.team), o.owner, o.kr_count,
              rounded(o.score), o.status.value, rounded(o.aligned_score))
    b.fill(r, 7, o.score)
    b.status_fill(r, 8, o.status.value)
    b.fill(r, 9, o.aligned_score)


def _teams(b: TabBuilder, sc: Scorecard, team_of: dict[str, str],
           sources: list[SourceLine]) -> tuple[int, int, int]:
    """The By team table; returns its header row and its first and last team rows."""
    names = list(dict.fromkeys(s.team for s in sources))
    b.row("By team", bold=True)
    header = b.row("Team", "Objectives", "KRs", "Score", Status.on_track.value,
                   Status.at_risk.value, Status.off_track.value, "Stale KRs", "Problems",
                   bold=True)
    team_of_book = {s.source: s.team for s in sources}
    for name in names:
        objectives = [o for o in sc.objectives if team_of.get(o.id) == name]
        own = {o.id for o in objectives}
        top = [o for o in objectives if o.parent_id not in own]
        krs = [k for k in sc.key_results if team_of.get(k.id) == name]
        problems = [p for p in sc.problems if team_of_book.get(p.workbook or "") == name]
        score = mean_of_known([o.score for o in top])
        r = b.row(name, len(objectives), len(krs), rounded(score),
                  *(sum(1 for k in krs if k.status == s)
                    for s in (Status.on_track, Status.at_risk, Status.off_track)),
                  sum(1 for k in krs if k.stale), len(problems))
        b.fill(r, 4, score)
    b.blank()
    return header, header + 1, header + len(names)


def _sources(b: TabBuilder, sources: list[SourceLine]) -> None:
    failed = [s for s in sources if s.failure]
    b.row(f"Sources ({len(sources)}, {len(failed)} failed)", bold=True)
    b.row("Team", "Source", "Result", bold=True)
    for s in sources:
        b.row(s.team, _short(s.source), s.failure or "read")
    b.blank()


def _short(source: str) -> str:
    """A file by its name (the Team column tells same-named files apart; a full path would
    differ from machine to machine), a Google spreadsheet by its id."""
    return source if "://" in source else Path(source).name
