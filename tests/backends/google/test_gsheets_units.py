"""The Google backend's pure parts: ids, endpoint, retries, values, the write batch, auth files."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from sheetsync.backends.google.auth import find_credentials
from sheetsync.backends.google.backend import spreadsheet_id
from sheetsync.backends.google.codec import (
    SheetMeta,
    cell_value,
    number_format,
    same_cell,
    serial,
    user_entered_value,
)
from sheetsync.backends.google.http import endpoint_from_env, redirect
from sheetsync.backends.google.retry import RetryPolicy, parse_retry_after, send_with_retries
from sheetsync.backends.google.write import build_requests, free_sheet_id
from sheetsync.errors import AuthError, ConfigError, RemoteError
from sheetsync.grid import CellError
from sheetsync.write.writeplan import CellChange, SummaryTab

SID = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"


@pytest.mark.parametrize(("source", "expected"), [
    pytest.param(f"https://docs.google.com/spreadsheets/d/{SID}/edit#gid=0", SID,
                 id="an edit URL gives its id"),
    pytest.param(f"https://docs.google.com/spreadsheets/u/1/d/{SID}/edit", SID,
                 id="a URL for a second signed-in account gives its id"),
    pytest.param(f"  {SID} ", SID, id="a bare id is an id"),
    pytest.param("https://docs.google.com/spreadsheets/d/e/2PACX-1vQ/pubhtml", None,
                 id="a published-to-web URL is not an editable spreadsheet"),
    pytest.param("okrs.xlsx", None, id="a workbook file name is not an id"),
    pytest.param("/home/ann/OKRs 2026.xlsx", None, id="a path is not an id"),
    pytest.param("OKRs", None, id="a short word is not an id"),
])
def test_spreadsheet_id_recognises_urls_and_ids(source: str, expected: str | None) -> None:
    assert spreadsheet_id(source) == expected


@pytest.mark.parametrize(("url", "endpoint", "expected"), [
    pytest.param("https://sheets.googleapis.com/v4/spreadsheets/x", "http://127.0.0.1:9",
                 "http://127.0.0.1:9/v4/spreadsheets/x", id="a Sheets call goes to the endpoint"),
    pytest.param("https://sheets.googleapis.com/v4/spreadsheets/x", None,
                 "https://sheets.googleapis.com/v4/spreadsheets/x",
                 id="without an endpoint nothing changes"),
    pytest.param("https://www.googleapis.com/drive/v3/files", "http://127.0.0.1:9",
                 "https://www.googleapis.com/drive/v3/files", id="other hosts are left alone"),
])
def test_redirect(url: str, endpoint: str | None, expected: str) -> None:
    assert redirect(url, endpoint) == expected


def test_the_endpoint_variable_is_a_base_url() -> None:
    assert endpoint_from_env({}) is None
    assert endpoint_from_env({"SHEETSYNC_SHEETS_ENDPOINT": "http://127.0.0.1:8089/"}) == \
        "http://127.0.0.1:8089"
    with pytest.raises(ConfigError, match="expected a base URL"):
        endpoint_from_env({"SHEETSYNC_SHEETS_ENDPOINT": "127.0.0.1:8089"})


# --- retries ------------------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def response(status: int, retry_after: str | None = None) -> requests.Response:
    r = requests.Response()
    r.status_code = status
    r._content = json.dumps({"error": {"code": status, "message": "busy"}}).encode()
    if retry_after is not None:
        r.headers["Retry-After"] = retry_after
    return r


def scripted(outcomes: list[Any]) -> Iterator[Any]:
    yield from outcomes


def run(outcomes: list[Any], **policy: Any) -> tuple[requests.Response | Exception, FakeClock,
                                                     int]:
    clock = FakeClock()
    script = scripted(outcomes)
    calls = 0

    def send() -> requests.Response:
        nonlocal calls
        calls += 1
        item = next(script)
        if isinstance(item, Exception):
            raise item
        return item  # type: ignore[no-any-return]

    p = RetryPolicy(sleep=clock.sleep, clock=lambda: clock.now, random=lambda: 1.0, **policy)
    try:
        result: requests.Response | Exception = send_with_retries(send, p, "values.batchGet")
    except RemoteError as e:
        result = e
    return result, clock, calls


def test_retryable_statuses_are_retried_with_growing_waits() -> None:
    result, clock, calls = run([response(503), response(429), response(500), response(200)],
                               base=1.0, cap=10.0)
    assert isinstance(result, requests.Response) and result.status_code == 200
    assert clock.sleeps == [1.0, 2.0, 4.0] and calls == 4


def test_a_final_error_is_returned_at_once() -> None:
    result, clock, calls = run([response(404)])
    assert isinstance(result, requests.Response) and result.status_code == 404
    assert clock.sleeps == [] and calls == 1


def test_connection_errors_and_timeouts_are_retried() -> None:
    result, _, calls = run([requests.ConnectionError("reset"), requests.Timeout("slow"),
                            response(200)])
    assert isinstance(result, requests.Response) and calls == 3


def test_retries_stop_at_max_retries_with_a_clear_message() -> None:
    result, _, calls = run([response(503)] * 10, max_retries=2, base=0.01)
    assert isinstance(result, RemoteError) and calls == 3
    assert str(result).startswith("Google Sheets API: values.batchGet still failing after 3 "
                                  "attempts")
    assert "HTTP 503 (busy)" in str(result) and "google.max_retries = 2" in str(result)


def test_a_retry_after_beyond_the_time_budget_fails_without_waiting() -> None:
    result, clock, calls = run([response(429, retry_after="120")], max_seconds=60)
    assert isinstance(result, RemoteError) and clock.sleeps == [] and calls == 1


def test_retry_after_raises_the_wait_but_jitter_stays_within_bounds() -> None:
    low = RetryPolicy(base=1.0, cap=8.0, random=lambda: 0.0)
    high = RetryPolicy(base=1.0, cap=8.0, random=lambda: 1.0)
    assert [low.delay(n) for n in range(5)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    assert [high.delay(n) for n in range(5)] == [1.0, 2.0, 4.0, 8.0, 8.0]
    assert low.delay(0, retry_after=7.0) == 7.0


@pytest.mark.parametrize(("header", "expected"), [
    pytest.param("3", 3.0, id="seconds"),
    pytest.param("Wed, 21 Oct 2026 07:28:10 GMT", 10.0, id="an HTTP date"),
    pytest.param("-4", 0.0, id="a negative wait is no wait"),
    pytest.param("soon", None, id="nonsense is ignored"),
    pytest.param(None, None, id="no header"),
])
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    now = dt.datetime(2026, 10, 21, 7, 28, 0, tzinfo=dt.UTC)
    assert parse_retry_after(header, now) == expected


# --- values -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    pytest.param("#DIV/0!", CellError("#DIV/0!"), id="an error string is a CellError"),
    pytest.param("#N/A", CellError("#N/A"), id="N/A is a CellError"),
    pytest.param("", None, id="an empty string is a blank cell"),
    pytest.param("On track", "On track", id="text is text"),
    pytest.param(46027, 46027, id="a serial stays a number for the parser"),
    pytest.param(True, True, id="a checkbox is a bool"),
])
def test_cell_value(raw: Any, expected: Any) -> None:
    assert cell_value(raw) == expected


@pytest.mark.parametrize(("value", "expected"), [
    pytest.param("=SUM(A1:A3)", {"stringValue": "=SUM(A1:A3)"}, id="formula-like text is a string"),
    pytest.param("+1", {"stringValue": "+1"}, id="a leading plus is a string"),
    pytest.param(0.5, {"numberValue": 0.5}, id="a number is a number"),
    pytest.param(False, {"boolValue": False}, id="a bool is a bool"),
    pytest.param(dt.date(2026, 1, 5), {"numberValue": 46027}, id="a date is its serial"),
    pytest.param(float("nan"), {"stringValue": "nan"}, id="NaN is not sent as a number"),
    pytest.param(None, None, id="None clears"),
])
def test_user_entered_value_never_makes_a_formula(value: Any, expected: Any) -> None:
    assert user_entered_value(value) == expected


@pytest.mark.parametrize(("pattern", "value", "kind"), [
    pytest.param("0%", 0.5, "PERCENT", id="a percent pattern"),
    pytest.param("0.00", 0.5, "NUMBER", id="a number pattern"),
    pytest.param("yyyy-mm-dd", dt.date(2026, 1, 1), "DATE", id="a date pattern"),
    pytest.param("dd/mm/yyyy hh:mm", dt.datetime(2026, 1, 1), "DATE_TIME",
                 id="a date-time pattern"),
    pytest.param(None, dt.date(2026, 1, 1), "DATE", id="a date without a pattern still a date"),
])
def test_number_format(pattern: str | None, value: Any, kind: str) -> None:
    nf = number_format(pattern, value)
    assert nf is not None and nf["type"] == kind


def test_number_format_is_left_alone_for_plain_values() -> None:
    assert number_format(None, 0.5) is None and number_format(None, "x") is None


def test_same_cell_compares_as_sheets_reads_back() -> None:
    assert same_cell(46027, dt.date(2026, 1, 5))
    assert same_cell(0.1 + 0.2, 0.3)
    assert same_cell("", None)
    assert not same_cell(1, True)
    assert not same_cell("1", 1)
    assert serial(dt.datetime(2026, 1, 5, 12)) == 46027.5


# --- the write batch ----------------------------------------------------------------------------


OKRS = SheetMeta(0, "OKRs", rows=100, cols=8)


def test_a_column_of_changes_is_one_update_cells_request() -> None:
    changes = [CellChange("OKRs", r, 8, None, "On track") for r in range(2, 50)]
    requests_ = build_requests(changes, [], [OKRS])
    assert len(requests_) == 1
    update = requests_[0]["updateCells"]
    assert update["start"] == {"sheetId": 0, "rowIndex": 1, "columnIndex": 7}
    assert update["fields"] == "userEnteredValue" and len(update["rows"]) == 48


def test_runs_split_at_gaps_and_where_a_number_format_starts() -> None:
    changes = [CellChange("OKRs", 2, 3, None, "a"), CellChange("OKRs", 3, 3, None, "b"),
               CellChange("OKRs", 5, 3, None, "c"), CellChange("OKRs", 6, 3, None, 0.5, "0%")]
    fields = [r["updateCells"]["fields"] for r in build_requests(changes, [], [OKRS])]
    assert fields == ["userEnteredValue", "userEnteredValue",
                      "userEnteredValue,userEnteredFormat.numberFormat"]


def test_the_grid_grows_before_cells_outside_it_are_written() -> None:
    requests_ = build_requests([CellChange("OKRs", 150, 10, None, 1)], [], [OKRS])
    assert [next(iter(r)) for r in requests_] == ["appendDimension", "appendDimension",
                                                  "updateCells"]
    assert requests_[0]["appendDimension"]["length"] == 50
    assert requests_[1]["appendDimension"]["length"] == 2


def test_an_existing_summary_is_cleared_then_written_and_a_new_one_added() -> None:
    tab = SummaryTab("OKR Summary", [["Overall", 0.5]])
    existing = SheetMeta(7, "OKR Summary", rows=10, cols=2, has_merges=True)
    kinds = [next(iter(r)) for r in build_requests([], [tab], [OKRS, existing])]
    assert kinds == ["unmergeCells", "updateCells", "updateCells"]
    added = build_requests([], [tab], [OKRS])
    assert [next(iter(r)) for r in added] == ["addSheet", "updateCells"]
    new_id = added[0]["addSheet"]["properties"]["sheetId"]
    assert added[1]["updateCells"]["start"]["sheetId"] == new_id
    assert free_sheet_id("OKR Summary", {new_id}) != new_id


def test_nothing_to_write_is_no_request() -> None:
    assert build_requests([], [], [OKRS]) == []


# --- credentials files --------------------------------------------------------------------------


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


@pytest.mark.parametrize(("content", "kind"), [
    pytest.param({"type": "service_account", "client_email": "a@b.iam.gserviceaccount.com"},
                 "service_account", id="a service-account key"),
    pytest.param({"type": "authorized_user", "refresh_token": "r"}, "authorized_user",
                 id="a gcloud authorized-user file"),
    pytest.param({"refresh_token": "r", "client_id": "c"}, "authorized_user",
                 id="gspread's token file without a type"),
])
def test_credentials_kind_is_read_from_the_file(tmp_path: Path, content: Any, kind: str) -> None:
    found = find_credentials(write(tmp_path / "c.json", content), {}, tmp_path)
    assert found.kind == kind and found.origin == "google.credentials"


@pytest.mark.parametrize(("content", "message"), [
    pytest.param("{not json", "not a JSON credentials file", id="broken JSON is named"),
    pytest.param({"type": "external_account"}, "'external_account' are not supported",
                 id="an unsupported type is named"),
])
def test_bad_credentials_files_are_auth_errors(tmp_path: Path, content: Any,
                                               message: str) -> None:
    with pytest.raises(AuthError, match=message):
        find_credentials(write(tmp_path / "c.json", content), {}, tmp_path)


def test_a_named_but_missing_file_is_not_silently_skipped(tmp_path: Path) -> None:
    home_key = tmp_path / ".config" / "gspread" / "service_account.json"
    home_key.parent.mkdir(parents=True)
    write(home_key, {"type": "service_account"})
    with pytest.raises(AuthError, match="google.credentials: .*gone.json does not exist"):
        find_credentials(tmp_path / "gone.json", {}, tmp_path)
    with pytest.raises(AuthError, match="GOOGLE_APPLICATION_CREDENTIALS=.*gone.json"):
        find_credentials(None, {"GOOGLE_APPLICATION_CREDENTIALS": str(tmp_path / "gone.json")},
                         tmp_path)
    assert find_credentials(None, {}, tmp_path).path == home_key


def test_choosing_a_backend_does_not_import_gspread_google_auth_or_requests() -> None:
    code = ("import sys, sheetsync.backends.google.backend as g; g.spreadsheet_id('x'); "
            "print(sorted(m for m in sys.modules if m.startswith(('gspread', 'google.', "
            "'requests'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip() == "[]"
