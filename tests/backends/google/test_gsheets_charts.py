"""Summary charts in Google Sheets: the requests for them, and syncs against the emulator that
update sheetsync's two charts in place and never stack copies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from google_support import open_backend, write_calls

from sheetsync import pipeline
from sheetsync.backends.google.charts import ChartMeta, chart_requests, chart_spec
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.config import load_config
from sheetsync.testing import SheetsEmulator
from sheetsync.testing.seeding import seed_book
from sheetsync.write.chartspec import CellBlock, ChartSeries, ChartSpec
from sheetsync.write.summary_charts import PACE_TITLE, TREND_TITLE

pytest_plugins = ["google_fixtures"]

ROOT = Path(__file__).resolve().parents[3]
SUMMARY = "OKR Summary"
DAY1, DAY2 = dt.date(2026, 11, 1), dt.date(2026, 11, 15)
SHEET_ID = 7


def spec(title: str, anchor: tuple[int, int] = (2, 12)) -> ChartSpec:
    return ChartSpec("bar", title, anchor, 640, 260, CellBlock(9, 2, 12, 2),
                     (ChartSeries("Score", (8, 7), CellBlock(9, 7, 12, 7)),))


def kinds(requests: list[dict[str, Any]]) -> list[str]:
    return [next(iter(r)) for r in requests]


@pytest.mark.parametrize(("existing", "wanted", "expected"), [
    ([], [PACE_TITLE, TREND_TITLE], ["addChart", "addChart"]),
    ([ChartMeta(1, PACE_TITLE, (2, 12), (640, 260)), ChartMeta(2, TREND_TITLE, (2, 12),
                                                               (640, 260))],
     [PACE_TITLE, TREND_TITLE], ["updateChartSpec", "updateChartSpec"]),
    ([ChartMeta(1, PACE_TITLE, (5, 1), (640, 260))], [PACE_TITLE],
     ["updateChartSpec", "updateEmbeddedObjectPosition"]),
    ([ChartMeta(1, PACE_TITLE, (2, 12), (640, 260)), ChartMeta(2, PACE_TITLE, (2, 12),
                                                               (640, 260))],
     [PACE_TITLE], ["updateChartSpec", "deleteEmbeddedObject"]),
    ([ChartMeta(1, PACE_TITLE), ChartMeta(3, "My own chart")], [], ["deleteEmbeddedObject"]),
    ([ChartMeta(3, "My own chart")], [PACE_TITLE], ["addChart"]),
], ids=["a tab without charts gets both added",
        "charts already there are updated by id",
        "a chart moved by hand is put back in place",
        "a duplicate of a chart is deleted",
        "charts switched off delete sheetsync's and keep a person's",
        "a person's chart is neither updated nor deleted"])
def test_requests_for_the_charts_of_a_tab(existing: list[ChartMeta], wanted: list[str],
                                          expected: list[str]) -> None:
    requests = chart_requests([spec(t) for t in wanted], SHEET_ID, existing)
    assert kinds(requests) == expected
    touched = {body.get("chartId", body.get("objectId")) for r in requests
               for body in r.values()}
    assert 3 not in touched, "a person's chart is left alone"


def test_a_chart_spec_reads_headers_and_values_of_the_tab() -> None:
    out = chart_spec(spec(PACE_TITLE), SHEET_ID)
    basic = out["basicChart"]
    assert out["title"] == PACE_TITLE and basic["chartType"] == "BAR"
    assert basic["headerCount"] == 1
    assert basic["domains"][0]["domain"]["sourceRange"]["sources"] == [
        {"sheetId": SHEET_ID, "startRowIndex": 7, "endRowIndex": 12, "startColumnIndex": 1,
         "endColumnIndex": 2}]
    assert basic["series"][0]["series"]["sourceRange"]["sources"][0]["startColumnIndex"] == 6
    assert basic["series"][0]["targetAxis"] == "BOTTOM_AXIS", "a bar chart's values run across"


# --- against the emulator ----------------------------------------------------------------------


def charts(emu: SheetsEmulator, sid: str) -> tuple[int, list[dict[str, Any]]]:
    sheet = emu.spreadsheets[sid].by_title(SUMMARY)
    assert sheet is not None
    return sheet.sheet_id, list(sheet.charts)


def sync(sid: str, key: Path, day: dt.date) -> pipeline.RunResult:
    config = load_config(ROOT / "templates" / "flat.toml")
    return pipeline.run(open_backend(sid, key), config, day, until="apply")


@pytest.fixture
def sid(emulator: SheetsEmulator) -> str:
    with XlsxBackend(ROOT / "templates" / "flat.xlsx") as xlsx:
        return seed_book(emulator, xlsx.read())


def test_the_first_sync_adds_both_charts_in_its_one_write(
        emulator: SheetsEmulator, sa_key: Path, sid: str) -> None:
    result = sync(sid, sa_key, DAY1)
    writes = write_calls(emulator)
    assert len(writes) == 1
    sheet_id, stored = charts(emulator, sid)
    assert [c["spec"]["title"] for c in stored] == [PACE_TITLE, TREND_TITLE]
    assert result.plan is not None and result.plan.summary is not None
    for chart, planned in zip(stored, result.plan.summary.charts, strict=True):
        assert chart["spec"] == {**chart_spec(planned, sheet_id),
                                 "hiddenDimensionStrategy": "SKIP_HIDDEN_ROWS_AND_COLUMNS"}
        anchor = chart["position"]["overlayPosition"]["anchorCell"]
        assert (anchor["sheetId"], anchor["rowIndex"] + 1) == (sheet_id, planned.anchor[0])
    # The bar chart's categories are the objective titles the tab holds.
    domain = stored[0]["spec"]["basicChart"]["domains"][0]["domain"]["sourceRange"]["sources"][0]
    tab = emulator.spreadsheets[sid].by_title(SUMMARY)
    assert tab is not None
    col = domain["startColumnIndex"]
    titles = [tab.cells[(r, col)].value for r in range(domain["startRowIndex"] + 1,
                                                        domain["endRowIndex"])]
    assert titles == [o.title for o in result.scorecard.objectives]
    # Every series has its own colour, so no client falls back to a theme it lacks.
    for chart in stored:
        assert all("rgbColor" in s["colorStyle"] for s in chart["spec"]["basicChart"]["series"])


def test_a_second_sync_on_the_same_data_writes_nothing(
        emulator: SheetsEmulator, sa_key: Path, sid: str) -> None:
    sync(sid, sa_key, DAY1)
    before = charts(emulator, sid)
    emulator.clear_requests()
    sync(sid, sa_key, DAY1)
    assert write_calls(emulator) == []
    assert charts(emulator, sid) == before


def test_a_new_date_updates_the_charts_in_place(
        emulator: SheetsEmulator, sa_key: Path, sid: str) -> None:
    sync(sid, sa_key, DAY1)
    _, first = charts(emulator, sid)
    emulator.clear_requests()
    sync(sid, sa_key, DAY2)
    (write,) = write_calls(emulator)
    sent = write["summary"]["requests"]
    assert sent.count("updateChartSpec") == 2 and "addChart" not in sent
    _, second = charts(emulator, sid)
    assert [c["chartId"] for c in second] == [c["chartId"] for c in first]
    trend = second[1]["spec"]["basicChart"]["domains"][0]["domain"]["sourceRange"]["sources"][0]
    assert trend["endRowIndex"] - trend["startRowIndex"] == 3, "header and two dates"
    assert second[1]["spec"] != first[1]["spec"]


def test_syncs_never_stack_charts_and_leave_a_person_s_chart(
        emulator: SheetsEmulator, sa_key: Path, sid: str) -> None:
    sync(sid, sa_key, DAY1)
    sheet_id, stored = charts(emulator, sid)
    tab = emulator.spreadsheets[sid].by_title(SUMMARY)
    assert tab is not None
    # A copy of sheetsync's pace chart (as two racing syncs could leave) and a person's chart.
    tab.charts = [*tab.charts, {**stored[0], "chartId": 99},
                  {**stored[0], "chartId": 42, "spec": {"title": "Mine"}}]
    for day in (DAY2, DAY2 + dt.timedelta(days=7), DAY2 + dt.timedelta(days=14)):
        sync(sid, sa_key, day)
    _, after = charts(emulator, sid)
    assert sorted(c["spec"]["title"] for c in after) == sorted([PACE_TITLE, TREND_TITLE, "Mine"])
    assert 99 not in {c["chartId"] for c in after}


def test_a_chart_deleted_by_hand_is_drawn_again_by_the_next_sync_of_the_same_day(
        emulator: SheetsEmulator, sa_key: Path, sid: str) -> None:
    sync(sid, sa_key, DAY1)
    tab = emulator.spreadsheets[sid].by_title(SUMMARY)
    assert tab is not None
    tab.charts = [c for c in tab.charts if c["spec"]["title"] != TREND_TITLE]
    emulator.clear_requests()
    result = sync(sid, sa_key, DAY1)
    assert len(write_calls(emulator)) == 1
    assert result.plan is not None and result.plan.changes == []
    _, stored = charts(emulator, sid)
    assert sorted(c["spec"]["title"] for c in stored) == sorted([PACE_TITLE, TREND_TITLE])
    emulator.clear_requests()
    sync(sid, sa_key, DAY1)
    assert write_calls(emulator) == []
