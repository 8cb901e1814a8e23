"""GSheetsBackend through real gspread and google-auth, over HTTP, against the local emulator."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import pytest
from google_support import days, fast_retry, open_backend, stored, write_calls

from sheetsync.backends.google.backend import GSheetsBackend
from sheetsync.backends.google.griddata import GRID_FIELDS
from sheetsync.backends.google.retry import RetryPolicy
from sheetsync.config import GoogleConfig
from sheetsync.errors import RemoteError
from sheetsync.grid import CellError, MergedRange
from sheetsync.testing import SheetsEmulator
from sheetsync.write.writeplan import CellChange, SummaryTab, WritePlan

pytest_plugins = ["google_fixtures"]


def calls(emu: SheetsEmulator) -> list[str]:
    return [r["endpoint"] for r in emu.requests()]


# --- reading ------------------------------------------------------------------------------------


def test_read_gives_values_serial_dates_merges_errors_and_hidden_tabs(
        emulator: SheetsEmulator, seeded: str, sa_key: Path) -> None:
    book = open_backend(seeded, sa_key).read()
    assert book.name == seeded
    assert book.titles == ["OKRs", "Check-ins"]
    okrs, checkins = book.sheets
    assert okrs.rows[1] == ["Grow revenue", '=HYPERLINK("https://crm","Deals")', 100, 45.5,
                            days(dt.date(2026, 3, 31))]
    assert okrs.rows[2] == [None, "+1 NPS", 10, CellError("#DIV/0!"), days(dt.date(2026, 3, 31)),
                            "At risk"]
    assert okrs.rows[3] == ["Ship v2", "Beta live", 1, True]
    assert okrs.merged == [MergedRange(2, 1, 3, 1)]
    assert okrs.merged_value(3, 1) == "Grow revenue"
    assert checkins.hidden and not okrs.hidden
    assert checkins.rows[1][1] == pytest.approx(days(dt.date(2026, 1, 15)) + 0.5)


def test_read_is_one_spreadsheets_get_with_grid_data_and_a_fields_mask(
        emulator: SheetsEmulator, seeded: str, sa_key: Path) -> None:
    open_backend(seeded, sa_key).read()
    log = emulator.requests()
    assert [r["endpoint"] for r in log] == ["spreadsheets.get"]
    assert log[0]["query"]["includeGridData"] == ["true"]
    assert log[0]["query"]["fields"] == [GRID_FIELDS]
    assert "merges" in GRID_FIELDS and "rowData(values(effectiveValue))" in GRID_FIELDS


def test_one_read_off_is_one_metadata_call_and_one_batched_value_read(
        emulator: SheetsEmulator, seeded: str, sa_key: Path) -> None:
    backend = GSheetsBackend(seeded, GoogleConfig(credentials=sa_key, one_read=False),
                             retry=fast_retry())
    two_calls = backend.read()
    log = emulator.requests()
    assert [r["endpoint"] for r in log] == ["spreadsheets.get", "values.batchGet"]
    assert "merges" in log[0]["query"]["fields"][0]
    assert log[1]["query"]["valueRenderOption"] == ["UNFORMATTED_VALUE"]
    assert log[1]["query"]["dateTimeRenderOption"] == ["SERIAL_NUMBER"]
    assert log[1]["query"]["ranges"] == ["'OKRs'", "'Check-ins'"]
    assert open_backend(seeded, sa_key).read() == two_calls


@pytest.mark.parametrize(("cell", "expected"), [
    pytest.param("plain text", "plain text", id="text reads as text"),
    pytest.param("=1+1", "=1+1", id="text that looks like a formula reads as that text"),
    pytest.param(42, 42, id="a whole number reads as an int"),
    pytest.param(0.25, 0.25, id="a fraction reads as a float"),
    pytest.param(False, False, id="a checkbox reads as a bool"),
    pytest.param({"date": "2026-01-05"}, days(dt.date(2026, 1, 5)),
                 id="a date reads as its serial"),
    pytest.param({"error": "#N/A"}, CellError("#N/A"), id="an error value reads as a CellError"),
    pytest.param({"formula": "=2*21"}, 42, id="a formula reads as its computed value"),
    pytest.param({"formula": "=1/0"}, CellError("#DIV/0!"),
                 id="a failing formula reads as its error"),
])
def test_each_kind_of_cell_reads_as_sheetsync_expects(
        emulator: SheetsEmulator, sa_key: Path, cell: Any, expected: Any) -> None:
    sid = emulator.create_spreadsheet({"sheets": [{"title": "T", "rows": [["x", cell]]}]})
    book = open_backend(sid, sa_key).read()
    assert book.sheets[0].value(1, 2) == expected


# --- writing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    pytest.param('=HYPERLINK("https://evil","click")', id="a HYPERLINK title stays text"),
    pytest.param("=1+1", id="an equals sign stays text"),
    pytest.param("+1", id="a leading plus stays text"),
    pytest.param("-3 days", id="a leading minus stays text"),
    pytest.param("@team", id="a leading at sign stays text"),
    pytest.param("2026-01-05", id="an ISO date typed as text stays text"),
    pytest.param("1,234", id="digits with a comma stay text"),
    pytest.param("'quoted", id="a leading apostrophe is kept"),
])
def test_text_is_written_as_text_never_as_a_formula_or_number(
        emulator: SheetsEmulator, seeded: str, sa_key: Path, text: str) -> None:
    backend = open_backend(seeded, sa_key)
    backend.read()
    backend.apply(WritePlan(seeded, [CellChange("OKRs", 2, 6, None, text)]))
    cell = stored(emulator, seeded, "OKRs", 2, 6)
    assert cell.formula is None
    assert cell.value == text
    assert backend.read().sheets[0].value(2, 6) == text


@pytest.mark.parametrize(("value", "number_format", "expected_value", "expected_type"), [
    pytest.param(0.45, "0%", 0.45, "PERCENT", id="a percentage is a number with a percent format"),
    pytest.param(0.7, None, 0.7, None, id="a score is a plain number"),
    pytest.param(12, None, 12, None, id="an int stays an int"),
    pytest.param(dt.date(2026, 2, 1), None, days(dt.date(2026, 2, 1)), "DATE",
                 id="a date is a serial with a date format"),
    pytest.param(dt.date(2026, 2, 1), "dd/mm/yyyy", days(dt.date(2026, 2, 1)), "DATE",
                 id="a date keeps the plan's date pattern"),
    pytest.param(True, None, True, None, id="a bool is a bool"),
])
def test_values_are_written_with_their_type(
        emulator: SheetsEmulator, seeded: str, sa_key: Path,
        value: Any, number_format: str | None, expected_value: Any,
        expected_type: str | None) -> None:
    backend = open_backend(seeded, sa_key)
    backend.read()
    backend.apply(WritePlan(seeded, [CellChange("OKRs", 3, 7, None, value, number_format)]))
    cell = stored(emulator, seeded, "OKRs", 3, 7)
    assert cell.value == expected_value and type(cell.value) is type(expected_value)
    assert cell.number_type == expected_type
    if number_format:
        assert cell.pattern == number_format


def test_none_clears_a_cell(emulator: SheetsEmulator, seeded: str,
                            sa_key: Path) -> None:
    backend = open_backend(seeded, sa_key)
    backend.read()
    backend.apply(WritePlan(seeded, [CellChange("OKRs", 3, 6, "At risk", None)]))
    assert stored(emulator, seeded, "OKRs", 3, 6).value is None
    assert backend.read().sheets[0].value(3, 6) is None


def summary(rows: list[list[Any]], title: str = "OKR Summary") -> SummaryTab:
    return SummaryTab(title, rows, fills={(3, 2): "F4CCCC"}, bold={1},
                      number_formats={(3, 2): "0%"})


def test_apply_writes_status_cells_and_a_new_summary_tab_in_one_call(
        emulator: SheetsEmulator, seeded: str, sa_key: Path) -> None:
    backend = open_backend(seeded, sa_key)
    backend.read()
    emulator.clear_requests()
    plan = WritePlan(seeded, [CellChange("OKRs", 2, 6, None, "On track"),
                              CellChange("OKRs", 3, 6, "At risk", "Off track"),
                              CellChange("OKRs", 2, 30, None, 0.5, "0%")],
                     summary([["Overall", None], ["As of", dt.date(2026, 2, 1)], ["Score", 0.62]]))
    backend.apply(plan)
    assert calls(emulator) == ["spreadsheets.batchUpdate"]
    assert stored(emulator, seeded, "OKRs", 2, 6).value == "On track"
    assert stored(emulator, seeded, "OKRs", 3, 6).value == "Off track"
    assert stored(emulator, seeded, "OKRs", 2, 30).value == 0.5  # the grid grew to fit
    tab = emulator.spreadsheets[seeded].by_title("OKR Summary")
    assert tab is not None
    assert tab.cells[(0, 0)].value == "Overall" and tab.cells[(0, 0)].fmt["textFormat"]["bold"]
    assert tab.cells[(1, 1)].value == days(dt.date(2026, 2, 1))
    assert tab.cells[(1, 1)].number_type == "DATE"
    score = tab.cells[(2, 1)]
    assert score.value == 0.62 and score.number_type == "PERCENT"
    assert score.fmt["backgroundColor"] == {"red": 0.95686275, "green": 0.8, "blue": 0.8}


def test_an_existing_summary_tab_is_replaced_as_a_whole(
        emulator: SheetsEmulator, sa_key: Path) -> None:
    old_rows = [[f"old {r}", r] for r in range(1, 31)]
    sid = emulator.create_spreadsheet({"sheets": [
        {"title": "OKRs", "rows": [["Objective"]]},
        {"title": "OKR Summary", "rows": old_rows, "rowCount": 30, "columnCount": 2,
         "merges": ["A1:B2"]},
    ]})
    backend = open_backend(sid, sa_key)
    backend.read()
    backend.apply(WritePlan(sid, [], summary([["New", 1, 2, 3], ["", None], ["Score", 0.5]])))
    book = backend.read()
    tab = book.sheet("OKR Summary")
    assert tab is not None
    assert tab.rows == [["New", 1, 2, 3], [], ["Score", 0.5]]
    assert tab.merged == []


def test_a_missing_sheet_in_the_plan_is_created(emulator: SheetsEmulator, seeded: str,
                                                sa_key: Path) -> None:
    backend = open_backend(seeded, sa_key)
    backend.read()
    backend.apply(WritePlan(seeded, [CellChange("Score history", 2, 3, None, 0.4)]))
    assert backend.read().sheet("Score history") is not None
    assert stored(emulator, seeded, "Score history", 2, 3).value == 0.4


def test_an_empty_plan_makes_no_call_at_all(emulator: SheetsEmulator, seeded: str,
                                            sa_key: Path) -> None:
    backend = open_backend(seeded, sa_key)
    backend.read()
    emulator.clear_requests()
    backend.apply(WritePlan(seeded))
    assert emulator.requests() == []


def test_a_second_sync_of_the_same_plan_makes_no_write_call(
        emulator: SheetsEmulator, seeded: str, sa_key: Path) -> None:
    plan = WritePlan(seeded, [CellChange("OKRs", 2, 6, None, "On track"),
                              CellChange("OKRs", 2, 7, None, dt.date(2026, 2, 1))],
                     summary([["Overall", 0.5], ["As of", dt.date(2026, 2, 1)]]))
    first = open_backend(seeded, sa_key)
    first.read()
    first.apply(plan)
    emulator.clear_requests()
    second = open_backend(seeded, sa_key)
    second.read()
    second.apply(plan)
    assert calls(emulator) == ["spreadsheets.get"]
    assert write_calls(emulator) == []


def test_a_sync_of_ten_thousand_rows_makes_at_most_four_calls(
        emulator: SheetsEmulator, sa_key: Path) -> None:
    n = 10_000
    rows: list[list[Any]] = [["Objective", "Key result", "Target", "Current", "Status", "Score"]]
    rows += [[f"O{i // 4}", f"KR {i}", 100, i % 100, None, None] for i in range(n)]
    sid = emulator.create_spreadsheet({"sheets": [{"title": "OKRs", "rows": rows}]})
    emulator.clear_requests()
    backend = open_backend(sid, sa_key)
    book = backend.read()
    assert book.sheets[0].n_rows == n + 1
    changes = [CellChange("OKRs", r, c, None, v) for r in range(2, n + 2)
               for c, v in ((5, "On track"), (6, 0.5))]
    backend.apply(WritePlan(sid, changes, summary([["Overall", 0.5]] * 50)))
    assert len(emulator.requests()) <= 4
    assert calls(emulator) == ["spreadsheets.get", "spreadsheets.batchUpdate"]
    assert stored(emulator, sid, "OKRs", n + 1, 5).value == "On track"
    assert stored(emulator, sid, "OKRs", n + 1, 6).value == 0.5


# --- faults -------------------------------------------------------------------------------------


def test_a_burst_of_429_and_503_is_ridden_out(emulator: SheetsEmulator, seeded: str,
                                              sa_key: Path) -> None:
    emulator.add_fault(429, count=2, path=seeded, retry_after=0.01)
    emulator.add_fault(503, count=2, path=seeded)
    book = open_backend(seeded, sa_key).read()
    assert book.titles == ["OKRs", "Check-ins"]
    statuses = [r["status"] for r in emulator.requests() if r["endpoint"] == "spreadsheets.get"]
    assert statuses == [429, 429, 503, 503, 200]


@pytest.mark.parametrize("fault", [
    pytest.param({"status": 500}, id="a 500 is retried"),
    pytest.param({"status": 502}, id="a 502 html page is retried"),
    pytest.param({"status": 504}, id="a 504 is retried"),
    pytest.param({"drop": True}, id="a dropped connection is retried"),
])
def test_transient_failures_are_retried(emulator: SheetsEmulator, seeded: str, sa_key: Path,
                                        fault: dict[str, Any]) -> None:
    emulator.add_fault(count=1, path=seeded, **fault)
    assert open_backend(seeded, sa_key).read().titles == ["OKRs", "Check-ins"]
    assert len(emulator.requests()) == 2


def test_a_timeout_is_retried(emulator: SheetsEmulator, seeded: str,
                              sa_key: Path) -> None:
    emulator.add_fault(delay=1.0, count=1, path=seeded)
    book = open_backend(seeded, sa_key, timeout=0.3).read()
    assert book.titles == ["OKRs", "Check-ins"]
    assert [r["endpoint"] for r in emulator.requests()].count("spreadsheets.get") == 2


def test_retry_after_is_honoured(emulator: SheetsEmulator, seeded: str,
                                 sa_key: Path) -> None:
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    policy = RetryPolicy(max_retries=3, max_seconds=5, base=0.001, cap=0.001, sleep=sleep)
    emulator.add_fault(429, count=1, path=seeded, retry_after=0.2)
    open_backend(seeded, sa_key, retry=policy).read()
    assert waits and waits[0] >= 0.2


def test_a_persistent_503_ends_in_remote_error_in_bounded_time(
        emulator: SheetsEmulator, seeded: str, sa_key: Path) -> None:
    emulator.add_fault(503, count=1000, path=seeded)
    start = time.monotonic()
    with pytest.raises(RemoteError) as err:
        open_backend(seeded, sa_key, retry=fast_retry(max_retries=3)).read()
    assert time.monotonic() - start < 5
    assert "after 4 attempts" in str(err.value) and "503" in str(err.value)
    assert len(emulator.requests()) == 4


def test_the_time_budget_stops_retries_before_the_count_does(
        emulator: SheetsEmulator, seeded: str, sa_key: Path) -> None:
    emulator.add_fault(503, count=1000, path=seeded)
    policy = RetryPolicy(max_retries=20, max_seconds=0.3, base=0.05, cap=0.1)
    start = time.monotonic()
    with pytest.raises(RemoteError, match="max_retry_seconds"):
        open_backend(seeded, sa_key, retry=policy).read()
    assert time.monotonic() - start < 2
    assert len(emulator.requests()) < 20


def test_a_failed_write_leaves_the_sheet_untouched(emulator: SheetsEmulator, seeded: str,
                                                   sa_key: Path) -> None:
    backend = open_backend(seeded, sa_key, retry=fast_retry(max_retries=2))
    backend.read()
    before = json.dumps(emulator.control._route("GET", f"/spreadsheets/{seeded}", {})[1])
    emulator.add_fault(500, count=100, path=":batchUpdate")
    with pytest.raises(RemoteError):
        backend.apply(WritePlan(seeded, [CellChange("OKRs", 2, 6, None, "On track")],
                                summary([["Overall", 0.5]])))
    after = json.dumps(emulator.control._route("GET", f"/spreadsheets/{seeded}", {})[1])
    assert after == before


def test_a_write_applied_but_unanswered_says_to_run_the_sync_again(
        emulator: SheetsEmulator, seeded: str, sa_key: Path) -> None:
    backend = open_backend(seeded, sa_key)
    backend.read()
    emulator.add_fault(lose_response=True, path=":batchUpdate")
    plan = WritePlan(seeded, [CellChange("OKRs", 2, 6, None, "On track")],
                     summary([["Overall", 0.5]]))
    with pytest.raises(RemoteError, match="probably applied: run the sync again"):
        backend.apply(plan)
    assert stored(emulator, seeded, "OKRs", 2, 6).value == "On track"
    again = open_backend(seeded, sa_key)
    again.read()
    emulator.clear_requests()
    again.apply(plan)
    assert write_calls(emulator) == []
