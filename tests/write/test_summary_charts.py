"""The summary tab's chart data: the pace columns and trend table, and the ChartSpecs over them."""

from __future__ import annotations

import datetime as dt

import pytest

from sheetsync.backends.memory import MemoryBackend
from sheetsync.config import Config
from sheetsync.grid import Book, CellValue, Grid
from sheetsync.models import (
    Cycle,
    OKRType,
    Scorecard,
    ScoredKeyResult,
    ScoredObjective,
    Status,
    Summary,
)
from sheetsync.read.table import Table
from sheetsync.score.history import HistoryPoint, overall_by_date
from sheetsync.score.scoring import elapsed
from sheetsync.write.chartspec import CellBlock, ChartSpec
from sheetsync.write.plan import build_plan
from sheetsync.write.summary import build_summary
from sheetsync.write.summary_charts import (
    MAX_OBJECTIVE_LINES,
    PACE_TITLE,
    TREND_TITLE,
    today_points,
)
from sheetsync.write.summary_layout import column_pixels

AS_OF = dt.date(2026, 11, 15)
CYCLE = Cycle(name="2026-Q4", start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))
ELAPSED = 45 / 91


def scorecard(n_objectives: int = 2, as_of: dt.date = AS_OF) -> Scorecard:
    objectives, krs = [], []
    for i in range(1, n_objectives + 1):
        kind = OKRType.committed if i % 2 else OKRType.aspirational
        score = round(0.2 * i % 1, 4)
        objectives.append(ScoredObjective(id=f"O{i}", title=f"Objective {i}", type=kind,
                                          score=score, status=Status.at_risk, kr_count=1))
        krs.append(ScoredKeyResult(id=f"O{i}.KR1", objective_id=f"O{i}", title=f"KR {i}",
                                   score=score, current=score, status=Status.at_risk))
    overall = sum(o.score or 0 for o in objectives) / len(objectives) if objectives else None
    return Scorecard(as_of=as_of, cycle=CYCLE, objectives=objectives, key_results=krs,
                     summary=Summary(overall_score=overall, expected=ELAPSED))


def cells(rows: list[list[CellValue]], block: CellBlock) -> list[CellValue]:
    return [rows[r - 1][c - 1] if c <= len(rows[r - 1]) else None
            for r in range(block.first_row, block.last_row + 1)
            for c in range(block.first_col, block.last_col + 1)]


def chart(tab_charts: list[ChartSpec], title: str) -> ChartSpec:
    return next(c for c in tab_charts if c.title == title)


def test_the_pace_chart_plots_each_objective_s_score_against_its_expected_pace() -> None:
    sc = scorecard()
    tab = build_summary(sc, "OKR Summary")
    bar = chart(tab.charts, PACE_TITLE)
    assert bar.kind == "bar"
    assert cells(tab.rows, bar.categories) == ["Objective 1", "Objective 2"]
    score, expected = bar.series
    assert (score.name, expected.name) == ("Score", "Expected")
    assert tab.rows[score.name_cell[0] - 1][score.name_cell[1] - 1] == "Score"
    assert tab.rows[expected.name_cell[0] - 1][expected.name_cell[1] - 1] == "Expected"
    assert cells(tab.rows, score.values) == [o.score for o in sc.objectives]
    pace = Config().scoring.aspirational_pace
    assert cells(tab.rows, expected.values) == [round(ELAPSED, 4), round(pace * ELAPSED, 4)]


def test_the_trend_table_has_a_row_per_history_date_plus_today() -> None:
    sc = scorecard()
    earlier = [HistoryPoint(day, kr.id, kr.objective_id, 0.1, 0.1, "At risk", None)
               for day in (dt.date(2026, 10, 18), dt.date(2026, 11, 1)) for kr in sc.key_results]
    tab = build_summary(sc, "OKR Summary", history=earlier)
    line = chart(tab.charts, TREND_TITLE)
    assert line.kind == "line"
    assert cells(tab.rows, line.categories) == [dt.date(2026, 10, 18), dt.date(2026, 11, 1), AS_OF]
    overall = line.series[0]
    assert overall.name == "Overall"
    want = overall_by_date(earlier + today_points(sc), sc)
    assert cells(tab.rows, overall.values) == [round(v, 4) for _, v in want]
    assert [s.name for s in line.series[1:]] == ["Expected", "O1", "O2"]
    expected = line.series[1]
    days = (dt.date(2026, 10, 18), dt.date(2026, 11, 1), AS_OF)
    assert cells(tab.rows, expected.values) == [round(elapsed(CYCLE, day), 4) for day in days]
    assert expected.dashed and not overall.dashed
    pace = chart(tab.charts, PACE_TITLE)
    assert line.anchor[0] == pace.anchor[0], "side by side"
    left_of_trend = sum(column_pixels(w) for w in tab.widths[:line.anchor[1] - 1])
    assert left_of_trend >= pace.width, "no overlap"


def test_history_rows_of_today_give_way_to_the_scorecard() -> None:
    sc = scorecard()
    stale = [HistoryPoint(AS_OF, kr.id, kr.objective_id, 0.9, 0.9, "Done", None)
             for kr in sc.key_results]
    with_stale = build_summary(sc, "OKR Summary", history=stale)
    without = build_summary(sc, "OKR Summary")
    assert with_stale.rows == without.rows and with_stale.charts == without.charts


@pytest.mark.parametrize(("n", "series"), [
    (MAX_OBJECTIVE_LINES, MAX_OBJECTIVE_LINES + 2),
    (MAX_OBJECTIVE_LINES + 1, 2),
], ids=["as many objectives as lines get a line each besides the overall and expected ones",
        "one objective more leaves the overall and expected lines only"])
def test_the_trend_chart_draws_objective_lines_only_when_few(n: int, series: int) -> None:
    tab = build_summary(scorecard(n), "OKR Summary")
    assert len(chart(tab.charts, TREND_TITLE).series) == series


@pytest.mark.parametrize(("n", "charts", "titles"), [
    (2, True, [PACE_TITLE, TREND_TITLE]),
    (2, False, []),
    (0, True, []),
], ids=["objectives give a pace chart and a trend chart",
        "output.charts off keeps the tables and drops the charts",
        "no objectives give no chart at all"])
def test_which_charts_a_summary_gets(n: int, charts: bool, titles: list[str]) -> None:
    tab = build_summary(scorecard(n), "OKR Summary", charts=charts)
    assert [c.title for c in tab.charts] == titles
    if n:
        assert ["Date", "Overall", "Expected", *(f"O{i}" for i in range(1, n + 1))] in tab.rows


OKR_TABLE = Table("OKRs", "okr", 1, {}, {}, {}, [], layout="transposed")  # summary only


def test_charts_are_part_of_the_plan_and_a_repeat_plan_is_empty() -> None:
    backend = MemoryBackend(Book("okrs.xlsx", [Grid("OKRs", [["Objective"]])]))
    first = build_plan(scorecard(), [OKR_TABLE], backend.read(), Config())
    assert first.summary is not None and len(first.summary.charts) == 2
    assert "OKR Summary: replaced" in first.lines()[0] and "2 charts" in first.lines()[0]
    backend.apply(first)
    assert build_plan(scorecard(), [OKR_TABLE], backend.read(), Config()).is_empty
    later = build_plan(scorecard(as_of=AS_OF + dt.timedelta(days=7)), [OKR_TABLE], backend.read(),
                       Config())
    assert later.summary is not None
    trend = chart(later.summary.charts, TREND_TITLE)
    assert trend.categories.rows == 2, "the second date joins the trend"
