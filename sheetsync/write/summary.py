"""Scorecard → the summary tab (SPEC §7): a headline, two charts, then the tables, laid out to
read on screen and to print landscape on one page across."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from sheetsync.config import Config
from sheetsync.grid import CellValue
from sheetsync.models import Scorecard, Status
from sheetsync.read.words import status_words
from sheetsync.score.grading import Grading
from sheetsync.score.history import HistoryPoint
from sheetsync.write.chartspec import CellBlock, ChartSpec
from sheetsync.write.kinds_summary import KINDS_COLUMNS, kind_krs, kind_text
from sheetsync.write.summary_changes import changes_table
from sheetsync.write.summary_charts import (
    PACE_MAX_HEIGHT,
    PACE_MIN_HEIGHT,
    PACE_ROW_HEIGHT,
    ROW_PIXELS,
    TREND_HEIGHT,
    pace_chart,
    trend_chart,
    trend_rows,
)
from sheetsync.write.summary_layout import TabBuilder, column_pixels
from sheetsync.write.summary_layout import rounded as rounded
from sheetsync.write.summary_tables import (
    OBJECTIVE_COLUMNS,
    Rows,
    headline,
    objectives_table,
    owners_table,
    problems_table,
    stale_table,
    status_table,
    teams_table,
)
from sheetsync.write.writeplan import SummaryTab

__all__ = ["OBJECTIVE_COLUMNS", "TabBuilder", "build_summary", "rounded"]

FROZEN_ROWS = 2
"""The title and the headline stay in view."""
CHART_GAP_PIXELS = 16


def _chart_height(objectives: int) -> int:
    pace = min(max(PACE_MIN_HEIGHT, 80 + PACE_ROW_HEIGHT * objectives), PACE_MAX_HEIGHT)
    return max(pace, TREND_HEIGHT)


def _column_at(widths: list[float], pixels: int) -> int:
    """The first column (1-based) whose left edge is at least PIXELS from the tab's edge."""
    x = 0
    for i, w in enumerate(widths, 1):
        if x >= pixels:
            return i
        x += column_pixels(w)
    return len(widths) + 1


def kinds_table(b: TabBuilder, sc: Scorecard) -> None:
    """Thresholds held or not, zones reached and a person's grade (SPEC §2b), for the KRs that
    have one; the title stays in the second column, as the HTML report has it."""
    kinds = kind_krs(sc)
    if not kinds:
        return
    b.section("Thresholds, zones and grades")
    b.header(*KINDS_COLUMNS)
    for k in kinds:
        b.line(k.id, k.title, k.kind.value, rounded(k.score), k.status.value, kind_text(k),
               rounded(k.person_score), scores=(4, 7), status=5)
    b.blank()


def _trend_table(b: TabBuilder, sc: Scorecard, history: Iterable[HistoryPoint],
                 ) -> tuple[int, list[list[CellValue]]] | None:
    trend = trend_rows(sc, history)
    if not trend:
        return None
    b.section("Score trend")
    header = b.header(*(str(v) for v in trend[0]))
    for values in trend[1:]:
        b.line(*values, dates=(1,), scores=tuple(range(2, len(values) + 1)))
    b.blank()
    return header, trend


_STATUS_WORDS = status_words()


def same_status(theirs: str, ours: Status) -> bool:
    """Whether a person's Status cell says what sheetsync's status says: the same words, or a
    word of aliases.toml `[status]` for that status (`Green`, `en curso`, `im Plan` for On
    track; `Completed` for Done)."""
    said = theirs.strip().casefold()
    return said == ours.value.casefold() or \
        _STATUS_WORDS.get(said) == ours.value.casefold().replace(" ", "_")


def their_status(b: TabBuilder, sc: Scorecard) -> None:
    """SPEC §7: where a person's own Status cell says something else than sheetsync's status,
    both side by side (only when some differ; the person's cell itself is never written)."""
    differ = [kr for kr in sc.key_results if kr.person_status
              and not same_status(kr.person_status, kr.status)]
    if not differ:
        return
    b.section(f"Status kept by people, where it differs ({len(differ)})")
    b.header("ID", "Title", "Their status", "sheetsync's status")
    for kr in differ:
        b.line(kr.id, kr.title, kr.person_status, kr.status.value, status=4)
    b.blank()


def build_summary(sc: Scorecard, title: str, *, history: Iterable[HistoryPoint] = (),
                  config: Config | None = None, charts: bool = True,
                  grading: Grading | None = None) -> SummaryTab:
    """The summary tab: the headline and cycle; with `charts`, the objectives against their pace
    and the score trend side by side; then objectives, thresholds, zones and grades, key-result
    owners, teams, statuses, what changed since the last sync, stale KRs, problems, the grading
    of a cycle past its end (GRADING) and the trend table."""
    config = config or Config()
    history = list(history)
    b = TabBuilder(title)
    b.heading("OKR Summary", sc, "Overall score", sc.summary.overall_score, headline(sc))
    b.blank()
    draw = charts and bool(sc.objectives)
    chart_row = len(b.tab.rows) + 1
    if draw:
        height = _chart_height(len(sc.objectives))
        for _ in range(-(-height // ROW_PIXELS) + 1):
            b.blank()

    objectives: Rows = objectives_table(b, sc, config)
    kinds_table(b, sc)
    owners_table(b, sc)
    teams_table(b, sc)
    status_table(b, sc)
    changes_table(b, sc, history)
    stale_table(b, sc)
    their_status(b, sc)
    problems_table(b, sc)
    if grading is not None:
        from sheetsync.write.grading import add_grading

        add_grading(b, grading)
        b.blank()
    trend = _trend_table(b, sc, history)
    tab = b.finish(FROZEN_ROWS)
    if draw:
        tab.charts.extend(_charts(sc, objectives, trend, chart_row, tab.widths, height))
    return tab


def _charts(sc: Scorecard, objectives: Rows, trend: tuple[int, list[list[CellValue]]] | None,
            row: int, widths: list[float], height: int) -> list[ChartSpec]:
    names_col = OBJECTIVE_COLUMNS.index("Objective") + 1
    names = CellBlock(objectives.first, names_col, objectives.last, names_col)
    pace = pace_chart(names, OBJECTIVE_COLUMNS.index("Score") + 1,
                      OBJECTIVE_COLUMNS.index("Expected") + 1, objectives.header, (row, 1))
    out = [_sized(pace, height)]
    if trend is not None:
        col = _column_at(widths, pace.width + CHART_GAP_PIXELS)
        header, rows = trend
        out.append(_sized(trend_chart(header, rows, (row, col)), height))
    return out


def _sized(chart: ChartSpec, height: int) -> ChartSpec:
    return replace(chart, height=height)

