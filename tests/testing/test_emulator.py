"""The Sheets API emulator on its own: API shapes, value semantics, atomicity, faults, auth, CLI."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
import requests
from google_support import Api, new_sheet

from sheetsync.testing import SheetsEmulator
from sheetsync.testing.emulator_ranges import Ref, split_range

pytest_plugins = ["google_fixtures"]


# --- ranges -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("a1", "expected"), [
    pytest.param("Sheet1", ("Sheet1", None), id="a bare title is the whole tab"),
    pytest.param("'My tab'!A1:B2", ("My tab", Ref(0, 2, 0, 2)), id="a quoted title with a range"),
    pytest.param("'It''s'!C3", ("It's", Ref(2, 3, 2, 3)), id="a doubled quote is one quote"),
    pytest.param("A1:B2", (None, Ref(0, 2, 0, 2)), id="no title means the first tab"),
    pytest.param("Sheet1!A:A", ("Sheet1", Ref(0, None, 0, 1)), id="a whole column"),
    pytest.param("Sheet1!2:3", ("Sheet1", Ref(1, 3, 0, None)), id="whole rows"),
    pytest.param("Sheet1!B2:D", ("Sheet1", Ref(1, None, 1, 4)), id="a range open at the bottom"),
    pytest.param("🌵 x 1!A:C", ("🌵 x 1", Ref(0, None, 0, 3)), id="an unquoted title with spaces"),
])
def test_a1_ranges_parse_as_the_api_reads_them(a1: str, expected: tuple[Any, Any]) -> None:
    assert split_range(a1) == expected


def test_values_get_trims_trailing_blanks_and_echoes_the_range(emulator: SheetsEmulator,
                                                               api: Api) -> None:
    sid = new_sheet(emulator, [["a", None, "c", None], [], [None, "x"], [], []], rowCount=10,
                    columnCount=5)
    out = api.ok("GET", f"{sid}/values/Sheet1")
    assert out == {"range": "Sheet1!A1:E10", "majorDimension": "ROWS",
                   "values": [["a", "", "c"], [], ["", "x"]]}
    empty = api.ok("GET", f"{sid}/values/Sheet1!D5:E6")
    assert empty == {"range": "Sheet1!D5:E6", "majorDimension": "ROWS"}


def test_a_tab_title_that_needs_quotes_is_echoed_quoted(emulator: SheetsEmulator,
                                                        api: Api) -> None:
    sid = emulator.create_spreadsheet({"sheets": [{"title": "Q1 OKRs", "rows": [["x"]]}]})
    out = api.ok("GET", f"{sid}/values:batchGet", ranges=["'Q1 OKRs'!A1"])
    assert out["valueRanges"][0]["range"] == "'Q1 OKRs'!A1"


# --- value semantics ----------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "option", "unformatted", "formatted", "formula"), [
    pytest.param("=1+1", "RAW", "=1+1", "=1+1", "=1+1", id="RAW keeps a formula as text"),
    pytest.param("=1+1", "USER_ENTERED", 2, "2", "=1+1", id="USER_ENTERED makes a formula"),
    pytest.param("+1", "RAW", "+1", "+1", "+1", id="RAW keeps a plus sign"),
    pytest.param("+1", "USER_ENTERED", 1, "1", 1, id="USER_ENTERED turns +1 into a number"),
    pytest.param("2020-01-01", "USER_ENTERED", 43831, "2020-01-01", 43831,
                 id="USER_ENTERED turns an ISO date into a dated serial"),
    pytest.param("45%", "USER_ENTERED", 0.45, "45%", 0.45, id="a percentage becomes a fraction"),
    pytest.param("2,000,000.01", "USER_ENTERED", 2000000.01, "2,000,000.01", 2000000.01,
                 id="thousands separators are parsed and kept in the format"),
    pytest.param("'=x", "USER_ENTERED", "=x", "=x", "=x", id="a leading apostrophe forces text"),
    pytest.param("TRUE", "USER_ENTERED", True, "TRUE", True, id="TRUE becomes a boolean"),
    pytest.param('=HYPERLINK("https://a","label")', "USER_ENTERED", "label", "label",
                 '=HYPERLINK("https://a","label")', id="HYPERLINK evaluates to its label"),
    pytest.param("=VLOOKUP(A1,B:C,2)", "USER_ENTERED", "#NAME?", "#NAME?", "=VLOOKUP(A1,B:C,2)",
                 id="an unknown function is still stored as a formula"),
    pytest.param(53, "RAW", 53, "53", 53, id="a JSON number is a number"),
])
def test_value_input_and_render_options(emulator: SheetsEmulator, api: Api, typed: Any,
                                        option: str, unformatted: Any, formatted: Any,
                                        formula: Any) -> None:
    sid = new_sheet(emulator)
    api.ok("PUT", f"{sid}/values/Sheet1!A1", {"values": [[typed]]}, valueInputOption=option)

    def read(render: str) -> Any:
        return api.ok("GET", f"{sid}/values/Sheet1!A1", valueRenderOption=render)["values"][0][0]

    assert read("UNFORMATTED_VALUE") == unformatted
    assert read("FORMATTED_VALUE") == formatted
    assert read("FORMULA") == formula


def test_dates_render_as_serials_or_formatted_strings(emulator: SheetsEmulator,
                                                     api: Api) -> None:
    sid = new_sheet(emulator, [[{"date": "2026-03-31"}]])
    get = f"{sid}/values/Sheet1!A1"
    serial = api.ok("GET", get, valueRenderOption="UNFORMATTED_VALUE",
                    dateTimeRenderOption="SERIAL_NUMBER")
    text = api.ok("GET", get, valueRenderOption="UNFORMATTED_VALUE",
                  dateTimeRenderOption="FORMATTED_STRING")
    assert serial["values"] == [[(dt.date(2026, 3, 31) - dt.date(1899, 12, 30)).days]]
    assert text["values"] == [["2026-03-31"]]


def test_null_leaves_a_cell_alone_and_empty_text_clears_it(emulator: SheetsEmulator,
                                                           api: Api) -> None:
    sid = new_sheet(emulator, [["keep", "clear"]])
    out = api.ok("PUT", f"{sid}/values/Sheet1!A1:B1", {"values": [[None, ""]]},
                 valueInputOption="RAW")
    assert out["updatedCells"] == 1
    assert api.ok("GET", f"{sid}/values/Sheet1")["values"] == [["keep"]]


# --- atomic batches -----------------------------------------------------------------------------


def test_values_batch_update_is_applied_whole_or_not_at_all(emulator: SheetsEmulator,
                                                            api: Api) -> None:
    sid = new_sheet(emulator, [["before"]])
    resp = api.call("POST", f"{sid}/values:batchUpdate", {"valueInputOption": "RAW", "data": [
        {"range": "Sheet1!A1", "values": [["after"]]},
        {"range": "Nope!A1", "values": [["x"]]},
    ]})
    assert resp.status_code == 400
    assert resp.json()["error"]["status"] == "INVALID_ARGUMENT"
    assert api.ok("GET", f"{sid}/values/Sheet1")["values"] == [["before"]]


def test_spreadsheets_batch_update_is_applied_whole_or_not_at_all(emulator: SheetsEmulator,
                                                                  api: Api) -> None:
    sid = new_sheet(emulator, [["before"]])
    resp = api.call("POST", f"{sid}:batchUpdate", {"requests": [
        {"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredValue",
                         "rows": [{"values": [{"userEnteredValue": {"stringValue": "after"}}]}]}},
        {"addSheet": {"properties": {"title": "Sheet1"}}},
    ]})
    assert resp.status_code == 400
    assert "requests[1].addSheet" in resp.json()["error"]["message"]
    assert api.ok("GET", f"{sid}/values/Sheet1")["values"] == [["before"]]
    assert [s["properties"]["title"] for s in api.ok("GET", sid)["sheets"]] == ["Sheet1"]


def test_update_cells_outside_the_grid_fails_until_the_grid_grows(emulator: SheetsEmulator,
                                                                  api: Api) -> None:
    sid = new_sheet(emulator, rowCount=5, columnCount=3)
    write = {"updateCells": {"start": {"sheetId": 0, "rowIndex": 0, "columnIndex": 4},
                             "fields": "userEnteredValue",
                             "rows": [{"values": [{"userEnteredValue": {"numberValue": 1}}]}]}}
    resp = api.call("POST", f"{sid}:batchUpdate", {"requests": [write]})
    assert resp.status_code == 400 and "exceeds grid limits" in resp.json()["error"]["message"]
    grow = {"appendDimension": {"sheetId": 0, "dimension": "COLUMNS", "length": 2}}
    assert api.ok("POST", f"{sid}:batchUpdate", {"requests": [grow, write]})["replies"] == [{}, {}]
    assert api.ok("GET", f"{sid}/values/Sheet1!E1", valueRenderOption="UNFORMATTED_VALUE")[
        "values"] == [[1]]


# --- metadata, merges, sheets -------------------------------------------------------------------


def test_a_fields_mask_returns_only_what_it_names(emulator: SheetsEmulator, api: Api) -> None:
    sid = new_sheet(emulator, [["a", "b"]], merges=["A2:B3"])
    out = api.ok("GET", sid, fields="sheets(properties(sheetId,title),merges)")
    assert out == {"sheets": [{"properties": {"sheetId": 0, "title": "Sheet1"},
                               "merges": [{"startRowIndex": 1, "endRowIndex": 3,
                                           "startColumnIndex": 0, "endColumnIndex": 2}]}]}


def test_grid_data_with_a_fields_mask_lists_only_cells_that_have_the_field(
        emulator: SheetsEmulator, api: Api) -> None:
    sid = new_sheet(emulator, [["a", {"value": "b", "note": "why"}]])
    out = api.ok("GET", sid, ranges="Sheet1!A1:B2", fields="sheets.data.rowData.values.note")
    assert out == {"sheets": [{"data": [{"rowData": [{"values": [{}, {"note": "why"}]}]}]}]}


def test_merging_keeps_the_top_left_value_and_unmerging_removes_the_merge(
        emulator: SheetsEmulator, api: Api) -> None:
    sid = new_sheet(emulator, [["top", "gone"], ["gone", "gone"]])
    grid = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0,
            "endColumnIndex": 2}
    api.ok("POST", f"{sid}:batchUpdate", {"requests": [{"mergeCells": {"range": grid,
                                                                       "mergeType": "MERGE_ALL"}}]})
    assert api.ok("GET", f"{sid}/values/Sheet1")["values"] == [["top"]]
    assert api.ok("GET", sid)["sheets"][0]["merges"] == [{k: v for k, v in grid.items()
                                                          if k != "sheetId"}]
    api.ok("POST", f"{sid}:batchUpdate", {"requests": [{"unmergeCells": {"range": grid}}]})
    assert "merges" not in api.ok("GET", sid)["sheets"][0]


def test_add_sheet_replies_with_its_properties_and_charts_are_kept(emulator: SheetsEmulator,
                                                                   api: Api) -> None:
    sid = new_sheet(emulator)
    out = api.ok("POST", f"{sid}:batchUpdate", {"requests": [
        {"addSheet": {"properties": {"title": "Summary", "sheetId": 42,
                                     "gridProperties": {"rowCount": 10, "columnCount": 4}}}},
        {"addChart": {"chart": {"spec": {"title": "Scores"}, "position": {
            "overlayPosition": {"anchorCell": {"sheetId": 42}}}}}},
    ]})
    assert out["replies"][0] == {"addSheet": {"properties": {
        "sheetId": 42, "title": "Summary", "index": 1, "sheetType": "GRID",
        "gridProperties": {"rowCount": 10, "columnCount": 4}}}}
    chart = out["replies"][1]["addChart"]["chart"]
    assert chart["spec"]["title"] == "Scores" and isinstance(chart["chartId"], int)
    assert chart["position"]["overlayPosition"]["widthPixels"] == 600, "the API's default size"
    assert api.ok("GET", sid)["sheets"][1]["charts"] == [chart]


def test_charts_are_updated_moved_and_deleted_by_id(emulator: SheetsEmulator, api: Api) -> None:
    sid = new_sheet(emulator)
    source = {"sourceRange": {"sources": [{"sheetId": 0, "startRowIndex": 0, "endRowIndex": 3,
                                           "startColumnIndex": 1, "endColumnIndex": 2}]}}
    spec = {"title": "Scores", "basicChart": {"chartType": "BAR", "series": [{"series": source}]}}
    added = api.ok("POST", f"{sid}:batchUpdate", {"requests": [
        {"addChart": {"chart": {"spec": spec, "position": {"overlayPosition": {
            "anchorCell": {"sheetId": 0, "rowIndex": 1, "columnIndex": 5},
            "widthPixels": 400, "heightPixels": 200}}}}}]})
    chart_id = added["replies"][0]["addChart"]["chart"]["chartId"]
    api.ok("POST", f"{sid}:batchUpdate", {"requests": [
        {"updateChartSpec": {"chartId": chart_id, "spec": {**spec, "title": "Pace"}}},
        {"updateEmbeddedObjectPosition": {"objectId": chart_id, "fields": "anchorCell",
                                          "newPosition": {"overlayPosition": {"anchorCell": {
                                              "sheetId": 0, "rowIndex": 9, "columnIndex": 5}}}}},
    ]})
    charts = api.ok("GET", sid, fields="sheets(charts(chartId,spec(title),position))")["sheets"][0][
        "charts"]
    assert charts == [{"chartId": chart_id, "spec": {"title": "Pace"}, "position": {
        "overlayPosition": {"anchorCell": {"sheetId": 0, "rowIndex": 9, "columnIndex": 5},
                            "offsetXPixels": 0, "offsetYPixels": 0, "widthPixels": 400,
                            "heightPixels": 200}}}]
    api.ok("POST", f"{sid}:batchUpdate", {"requests": [
        {"deleteEmbeddedObject": {"objectId": chart_id}}]})
    assert "charts" not in api.ok("GET", sid)["sheets"][0]
    err = api.call("POST", f"{sid}:batchUpdate", {"requests": [
        {"deleteEmbeddedObject": {"objectId": chart_id}}]})
    assert err.status_code == 400 and "No chart with id" in err.json()["error"]["message"]


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "status", "api_status"), [
    pytest.param("missing", 404, "NOT_FOUND", id="a missing spreadsheet is 404"),
    pytest.param("private", 403, "PERMISSION_DENIED", id="a private spreadsheet is 403"),
    pytest.param("no token", 401, "UNAUTHENTICATED", id="a call without a token is 401"),
    pytest.param("bad range", 400, "INVALID_ARGUMENT", id="an unknown tab in a range is 400"),
    pytest.param("unknown request", 400, "INVALID_ARGUMENT", id="an unknown request kind is 400"),
])
def test_errors_have_the_api_body(emulator: SheetsEmulator, api: Api, case: str, status: int,
                                  api_status: str) -> None:
    sid = new_sheet(emulator, [["x"]])
    if case == "missing":
        resp = api.call("GET", "1" + "z" * 43)
    elif case == "private":
        emulator.spreadsheets[sid].private = True
        resp = api.call("GET", sid)
    elif case == "no token":
        resp = requests.get(f"{emulator.url}/v4/spreadsheets/{sid}", timeout=10)
    elif case == "bad range":
        resp = api.call("GET", f"{sid}/values/Nope!A1")
    else:
        resp = api.call("POST", f"{sid}:batchUpdate", {"requests": [{"frobnicate": {}}]})
    assert resp.status_code == status
    error = resp.json()["error"]
    assert error["code"] == status and error["status"] == api_status
    assert isinstance(error["message"], str) and error["message"]


# --- faults and the request log -----------------------------------------------------------------


def test_a_fault_hits_the_next_n_matching_calls_only(emulator: SheetsEmulator, api: Api) -> None:
    sid = new_sheet(emulator, [["x"]])
    requests.post(f"{emulator.url}/_emulator/faults", json={
        "status": 429, "count": 2, "path": "values", "retry_after": 3}, timeout=10)
    assert api.call("GET", sid).status_code == 200  # path does not match
    first = api.call("GET", f"{sid}/values/Sheet1")
    assert first.status_code == 429 and first.headers["Retry-After"] == "3"
    assert first.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert api.call("GET", f"{sid}/values/Sheet1").status_code == 429
    assert api.call("GET", f"{sid}/values/Sheet1").status_code == 200


def test_a_502_is_an_html_page_like_google_front_end(emulator: SheetsEmulator, api: Api) -> None:
    sid = new_sheet(emulator)
    emulator.add_fault(502)
    resp = api.call("GET", sid)
    assert resp.status_code == 502 and resp.headers["Content-Type"].startswith("text/html")


def test_drop_and_delay_faults(emulator: SheetsEmulator, api: Api) -> None:
    sid = new_sheet(emulator)
    emulator.add_fault(drop=True)
    with pytest.raises(requests.ConnectionError):
        api.call("GET", sid)
    emulator.add_fault(delay=0.3)
    start = time.monotonic()
    assert api.call("GET", sid).status_code == 200
    assert time.monotonic() - start >= 0.3


def test_the_request_log_lists_api_calls_with_a_body_summary(emulator: SheetsEmulator,
                                                            api: Api) -> None:
    sid = new_sheet(emulator)
    requests.delete(f"{emulator.url}/_emulator/requests", timeout=10)
    api.ok("GET", sid, fields="sheets.properties")
    api.ok("POST", f"{sid}:batchUpdate", {"requests": [{"addSheet": {}}, {"appendDimension": {
        "sheetId": 0, "dimension": "ROWS", "length": 1}}]})
    log = requests.get(f"{emulator.url}/_emulator/requests", timeout=10).json()["requests"]
    sheets_calls = [e for e in log if e["api"] == "sheets"]
    assert [(e["method"], e["endpoint"], e["status"]) for e in sheets_calls] == [
        ("GET", "spreadsheets.get", 200), ("POST", "spreadsheets.batchUpdate", 200)]
    assert sheets_calls[0]["query"] == {"fields": ["sheets.properties"]}
    assert sheets_calls[0]["path"] == f"/v4/spreadsheets/{sid}"
    assert sheets_calls[1]["summary"] == {"requests": ["addSheet", "appendDimension"], "count": 2}
