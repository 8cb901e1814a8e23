"""Scorecard + score history → the trend table of the summary tab and the charts over it; pure."""

from __future__ import annotations

from collections.abc import Iterable

from sheetsync.grid import CellValue
from sheetsync.models import Scorecard
from sheetsync.score.history import HistoryPoint, objective_scores_by_date
from sheetsync.score.scoring import elapsed
from sheetsync.write.cellcompare import FLOAT_DIGITS
from sheetsync.write.chartspec import (
    EXPECTED_COLOUR,
    LINE_COLOURS,
    MAX_OBJECTIVE_LINES,
    CellBlock,
    ChartSeries,
    ChartSpec,
)

PACE_TITLE = "Objective scores against the expected pace"
TREND_TITLE = "Score trend"
TEAMS_TITLE = "Scores by team"
CHART_TITLES = (PACE_TITLE, TREND_TITLE, TEAMS_TITLE)
"""How a backend tells sheetsync's charts from a person's on the same tab."""
CHART_WIDTH = 520
PACE_MIN_HEIGHT, PACE_ROW_HEIGHT, PACE_MAX_HEIGHT = 260, 36, 720
TREND_HEIGHT = 320
ROW_PIXELS = 20
"""Default row height (15 pt) in pixels: how many rows a chart covers when stacking them."""
CHART_GAP_ROWS = 2


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, FLOAT_DIGITS)


def today_points(sc: Scorecard) -> list[HistoryPoint]:
    """The scorecard's KRs as the history points the history tab gets for `sc.as_of`."""
    return [HistoryPoint(sc.as_of, kr.id, kr.objective_id, kr.current, kr.score,
                         kr.status.value, kr.confidence) for kr in sc.key_results]


def trend_rows(sc: Scorecard, history: Iterable[HistoryPoint]) -> list[list[CellValue]]:
    """Header + one row per date: Date, Overall, Expected (the share of the cycle gone by that
    day: the pace a committed KR keeps), then each objective's score when there are few enough
    objectives to tell the lines apart (the HTML report's rule).

    History points of `sc.as_of` are replaced by the scorecard's own, so the table is the same
    whether or not this date is already in the history tab: a second sync stays a no-op."""
    points = [p for p in history if p.as_of != sc.as_of] + today_points(sc)
    by_date = objective_scores_by_date(points, sc)
    known = {o.id for o in sc.objectives}
    top = [o.id for o in sc.objectives if o.parent_id not in known or o.parent_id == o.id]
    shown = [o.id for o in sc.objectives] if len(sc.objectives) <= MAX_OBJECTIVE_LINES else []
    rows: list[list[CellValue]] = [["Date", "Overall", "Expected", *shown]]
    for day in sorted(by_date):
        scores = by_date[day]
        tops = [scores[oid] for oid in top if oid in scores]
        overall = sum(tops) / len(tops) if tops else None
        rows.append([day, _r(overall), _r(elapsed(sc.cycle, day)),
                     *(_r(scores.get(oid)) for oid in shown)])
    return rows if len(rows) > 1 else []


def pace_chart(names: CellBlock, score_col: int, expected_col: int, header_row: int,
               anchor: tuple[int, int]) -> ChartSpec:
    """Horizontal bars of each objective's score next to the pace expected of it by now."""
    height = min(max(PACE_MIN_HEIGHT, 80 + PACE_ROW_HEIGHT * names.rows), PACE_MAX_HEIGHT)

    def column(col: int, name: str, colour: str) -> ChartSeries:
        return ChartSeries(name, (header_row, col),
                           CellBlock(names.first_row, col, names.last_row, col), colour)

    return ChartSpec("bar", PACE_TITLE, anchor, CHART_WIDTH, height, names,
                     (column(score_col, "Score", LINE_COLOURS[0]),
                      column(expected_col, "Expected", EXPECTED_COLOUR)), "Score")


def team_chart(names: CellBlock, score_col: int, header_row: int,
               anchor: tuple[int, int]) -> ChartSpec:
    """Horizontal bars of each team's score, for the company summary."""
    height = min(max(PACE_MIN_HEIGHT, 80 + PACE_ROW_HEIGHT * names.rows), PACE_MAX_HEIGHT)
    series = ChartSeries("Score", (header_row, score_col),
                         CellBlock(names.first_row, score_col, names.last_row, score_col),
                         LINE_COLOURS[0])
    return ChartSpec("bar", TEAMS_TITLE, anchor, CHART_WIDTH, height, names, (series,), "Score")


def trend_chart(header_row: int, rows: list[list[CellValue]],
                anchor: tuple[int, int]) -> ChartSpec:
    """A line per column of the trend table (overall, the expected pace dashed, then the
    objectives) over its dates."""
    first, last = header_row + 1, header_row + len(rows) - 1
    header = rows[0]
    colours = iter(LINE_COLOURS)
    series = tuple(
        ChartSeries(str(header[c - 1]), (header_row, c), CellBlock(first, c, last, c),
                    EXPECTED_COLOUR if header[c - 1] == "Expected" else next(colours),
                    dashed=header[c - 1] == "Expected")
        for c in range(2, len(header) + 1))
    return ChartSpec("line", TREND_TITLE, anchor, CHART_WIDTH, TREND_HEIGHT,
                     CellBlock(first, 1, last, 1), series, "Score", "Date")


def below(chart: ChartSpec) -> tuple[int, int]:
    """The anchor of the next chart in the same column, clear of this one."""
    covered = -(-chart.height // ROW_PIXELS)
    return chart.anchor[0] + covered + CHART_GAP_ROWS, chart.anchor[1]

