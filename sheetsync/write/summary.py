"""Scorecard → the rows of the summary tab (SPEC §7), with grade fills on score and status cells."""

from __future__ import annotations

from collections.abc import Iterable

from sheetsync.config import Config
from sheetsync.grid import CellValue
from sheetsync.models import Scorecard
from sheetsync.score.grading import Grading
from sheetsync.score.history import HistoryPoint
from sheetsync.score.scoring import expected_pace, grade
from sheetsync.write.cellcompare import FLOAT_DIGITS
from sheetsync.write.chartspec import CellBlock
from sheetsync.write.kinds_summary import KINDS_COLUMNS, kind_krs, kind_text
from sheetsync.write.summary_charts import below, pace_chart, trend_chart, trend_rows
from sheetsync.write.writeplan import GRADE_FILLS, SummaryTab

OBJECTIVE_COLUMNS = ["ID", "Title", "Owner", "Team", "Type", "KRs", "Score", "Status",
                     "Aligned score", "Expected"]
CHART_COL = len(OBJECTIVE_COLUMNS) + 2
"""Charts sit right of the widest table, one blank column apart."""


def rounded(x: float | None) -> float | None:
    """A score as the tab shows it (the digits a cell comparison keeps)."""
    return None if x is None else round(x, FLOAT_DIGITS)


class TabBuilder:
    """A whole-tab writer: rows appended in order, with bold rows, grade fills and formats."""

    def __init__(self, title: str) -> None:
        self.tab = SummaryTab(title=title, rows=[])

    def row(self, *cells: CellValue, bold: bool = False) -> int:
        self.tab.rows.append(list(cells))
        n = len(self.tab.rows)
        if bold:
            self.tab.bold.add(n)
        return n

    def blank(self) -> None:
        self.tab.rows.append([])

    def fill(self, row: int, col: int, score: float | None) -> None:
        if score is not None:
            self.tab.fills[(row, col)] = GRADE_FILLS[grade(score)]

    def fmt(self, row: int, col: int, number_format: str) -> None:
        self.tab.number_formats[(row, col)] = number_format

    def heading(self, title: str, sc: Scorecard, score_label: str, score: float | None) -> None:
        """The top of a summary tab: its title, the cycle, as-of, a score and the pace."""
        self.row(title, bold=True)
        r = self.row("Cycle", sc.cycle.name, sc.cycle.start, sc.cycle.end)
        self.fmt(r, 3, "yyyy-mm-dd")
        self.fmt(r, 4, "yyyy-mm-dd")
        r = self.row("As of", sc.as_of)
        self.fmt(r, 2, "yyyy-mm-dd")
        r = self.row(score_label, rounded(score))
        self.fill(r, 2, score)
        self.row("Expected pace", rounded(sc.summary.expected))


def their_status(b: TabBuilder, sc: Scorecard) -> None:
    """SPEC §7: where a person's own Status cell says something else than sheetsync's status,
    both side by side (only when some differ; the person's cell itself is never written)."""
    differ = [kr for kr in sc.key_results if kr.person_status
              and kr.person_status.strip().casefold() != kr.status.value.casefold()]
    if not differ:
        return
    b.row(f"Status kept by people, where it differs ({len(differ)})", bold=True)
    b.row("ID", "Title", "Their status", "sheetsync's status", bold=True)
    for kr in differ:
        b.row(kr.id, kr.title, kr.person_status, kr.status.value)
    b.blank()


def build_summary(sc: Scorecard, title: str, *, history: Iterable[HistoryPoint] = (),
                  config: Config | None = None, charts: bool = True,
                  grading: Grading | None = None) -> SummaryTab:
    """The summary tab: cycle, as-of, overall score, objectives (with the pace expected of
    each), groups, stale KRs, problems, the score trend; with `charts`, a bar chart of the
    objectives against their pace and a line chart of the trend, over those cells."""
    config = config or Config()
    b = TabBuilder(title)
    s = sc.summary
    share = s.expected or 0.0
    b.heading("OKR Summary", sc, "Overall score", s.overall_score)
    b.blank()

    b.row("Objectives", bold=True)
    objectives_header = b.row(*OBJECTIVE_COLUMNS, bold=True)
    for o in sc.objectives:
        r = b.row(o.id, o.title, o.owner, o.team, o.type.value, o.kr_count, rounded(o.score),
                  o.status.value, rounded(o.aligned_score),
                  rounded(expected_pace(o.type, share, config)))
        b.fill(r, 7, o.score)
        b.fill(r, 8, o.score)
        b.fill(r, 9, o.aligned_score)
    b.blank()
    if charts and sc.objectives:
        names = CellBlock(objectives_header + 1, 2, objectives_header + len(sc.objectives), 2)
        b.tab.charts.append(pace_chart(names, 7, 10, objectives_header, (2, CHART_COL)))

    if kinds := kind_krs(sc):
        b.row("Thresholds, zones and grades", bold=True)
        b.row(*KINDS_COLUMNS, bold=True)
        for k in kinds:
            r = b.row(k.id, k.title, k.kind.value, rounded(k.score), k.status.value,
                      kind_text(k), rounded(k.person_score))
            b.fill(r, 4, k.score)
        b.blank()

    for heading, groups in (("Owner", s.by_owner), ("Team", s.by_team)):
        if not groups:
            continue
        b.row(f"By {heading.lower()}", bold=True)
        b.row(heading, "Objectives", "KRs", "Score", bold=True)
        for g in groups:
            r = b.row(g.name, g.objectives, g.key_results, rounded(g.score))
            b.fill(r, 4, g.score)
        b.blank()

    b.row("Key results by status", bold=True)
    for status, count in s.status_counts.items():
        b.row(status, count)
    b.blank()

    stale = [kr for kr in sc.key_results if kr.stale]
    b.row(f"Stale key results ({len(stale)})", bold=True)
    if stale:
        b.row("ID", "Title", "Owner", "Last check-in", bold=True)
        for kr in stale:
            r = b.row(kr.id, kr.title, kr.owner, kr.last_checkin)
            b.fmt(r, 4, "yyyy-mm-dd")
    b.blank()

    their_status(b, sc)
    b.row(f"Problems ({len(sc.problems)})", bold=True)
    if sc.problems:
        b.row("Severity", "Where", "Message", bold=True)
        for p in sc.problems:
            b.row(p.severity, p.where, p.message)

    if grading is not None:
        from sheetsync.write.grading import add_grading

        add_grading(b, grading)

    trend = trend_rows(sc, history)
    if trend:
        b.blank()
        b.row("Score trend", bold=True)
        header = b.row(*trend[0], bold=True)
        for values in trend[1:]:
            b.fmt(b.row(*values), 1, "yyyy-mm-dd")
        if charts:
            anchor = below(b.tab.charts[-1]) if b.tab.charts else (2, CHART_COL)
            b.tab.charts.append(trend_chart(header, trend, anchor))
    return b.tab
