"""The emulator refuses what Google refuses: calls checked against the Sheets v4 Discovery document
(body fields, types, enums, unions, path and query parameters, field masks) and the chart rules
the document states in words, each answered with Google's 400 shape."""

from __future__ import annotations

from typing import Any

import pytest
from google_support import Api, new_sheet

from sheetsync.testing import SheetsEmulator
from sheetsync.testing.emulator_discovery import (
    discovery,
    document_path,
    find_method,
    mask_target,
    validate_call,
)

pytest_plugins = ["google_fixtures"]

GRID = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 3, "startColumnIndex": 0,
        "endColumnIndex": 1}


def test_the_document_is_the_one_google_api_python_client_ships() -> None:
    assert document_path().parts[-4:] == ("googleapiclient", "discovery_cache", "documents",
                                          "sheets.v4.json")
    assert discovery()["id"] == "sheets:v4"


@pytest.mark.parametrize(("method", "path", "expected"), [
    ("GET", "/v4/spreadsheets/abc", "sheets.spreadsheets.get"),
    ("POST", "/v4/spreadsheets/abc:batchUpdate", "sheets.spreadsheets.batchUpdate"),
    ("GET", "/v4/spreadsheets/abc/values:batchGet", "sheets.spreadsheets.values.batchGet"),
    ("GET", "/v4/spreadsheets/abc/values/Sheet1%21A1%3AB2",
     "sheets.spreadsheets.values.get"),
    ("POST", "/v4/spreadsheets/abc/values/Sheet1!A1:B2:append",
     "sheets.spreadsheets.values.append"),
    ("PUT", "/v4/spreadsheets/abc/values/A1", "sheets.spreadsheets.values.update"),
], ids=["a spreadsheet get", "a batch update", "a batched value read",
        "a value read of an encoded range", "an append to a range with colons",
        "a value update"])
def test_each_url_is_the_method_of_the_document(method: str, path: str, expected: str) -> None:
    found = find_method(method, path)
    assert found is not None and found[0]["id"] == expected


@pytest.mark.parametrize(("message", "target"), [
    ("RepeatCellRequest", "CellData"),
    ("UpdateCellsRequest", "CellData"),
    ("UpdateSheetPropertiesRequest", "SheetProperties"),
    ("UpdateEmbeddedObjectPositionRequest", "OverlayPosition"),
    ("UpdateSlicerSpecRequest", "SlicerSpec"),
], ids=["repeatCell's mask names fields of its cell", "updateCells' mask names CellData fields",
        "updateSheetProperties' mask names its properties",
        "a chart move's mask names the overlay's fields",
        "a mask whose root is named by its message"])
def test_a_request_mask_is_checked_against_the_message_its_words_name(message: str,
                                                                      target: str) -> None:
    assert mask_target(message) == target


def _batch(*requests: dict[str, Any]) -> dict[str, Any]:
    return {"requests": list(requests)}


def _add_chart(spec: dict[str, Any] | None = None, **overlay: Any) -> dict[str, Any]:
    spec = spec or {"basicChart": {"chartType": "LINE",
                                   "domains": [{"domain": {"sourceRange": {"sources": [GRID]}}}],
                                   "series": [{"series": {"sourceRange": {"sources": [GRID]}},
                                               "targetAxis": "LEFT_AXIS"}]}}
    anchor = {"sheetId": 0, "rowIndex": 0, "columnIndex": 0, **overlay}
    return {"addChart": {"chart": {"spec": spec, "position": {
        "overlayPosition": {"anchorCell": anchor}}}}}


def _bar(axis: str, source: dict[str, Any] = GRID) -> dict[str, Any]:
    return {"basicChart": {"chartType": "BAR",
                           "domains": [{"domain": {"sourceRange": {"sources": [source]}}}],
                           "series": [{"series": {"sourceRange": {"sources": [source]}},
                                       "targetAxis": axis}]}}


BAD_CALLS = [
    pytest.param("POST", ":batchUpdate", _batch({"updateCells": {
        "start": {"sheetId": 0}, "rows": [], "fields": "userEnteredValue", "colour": 1}}),
        {}, 'Unknown name "colour" at \'requests[0].update_cells\': Cannot find field.',
        id="an unknown field in a request is refused"),
    pytest.param("POST", ":batchUpdate", _batch({"updateCells": {
        "start": {"sheetId": 0}, "rows": [{"values": [{"userEnteredValue": {
            "stringValue": "x", "numberValue": 1}}]}], "fields": "userEnteredValue"}}),
        {}, "oneof field 'value' is already set. Cannot set 'number_value'",
        id="two kinds of value in one ExtendedValue are refused"),
    pytest.param("POST", ":batchUpdate", _batch({
        "addSheet": {"properties": {"title": "A"}},
        "deleteSheet": {"sheetId": 0}}), {},
        "oneof field 'kind' is already set. Cannot set 'delete_sheet'",
        id="two kinds of request in one entry are refused"),
    pytest.param("POST", ":batchUpdate", _batch({"appendDimension": {
        "sheetId": 0, "dimension": "DIAGONAL", "length": 1}}), {},
        "Invalid value at 'requests[0].append_dimension.dimension' "
        "(type.googleapis.com/google.apps.sheets.v4.Dimension), \"DIAGONAL\"",
        id="an enum value the document does not list is refused"),
    pytest.param("POST", ":batchUpdate", _batch({"appendDimension": {
        "sheetId": 0, "dimension": "ROWS", "length": "ten"}}), {},
        "Invalid value at 'requests[0].append_dimension.length' (TYPE_INT32), \"ten\"",
        id="text where a number belongs is refused"),
    pytest.param("POST", ":batchUpdate", _batch({"updateSheetProperties": {
        "properties": {"sheetId": 0, "hidden": "yes"}, "fields": "hidden"}}), {},
        "Invalid value at 'requests[0].update_sheet_properties.properties.hidden' (TYPE_BOOL)",
        id="text where a boolean belongs is refused"),
    pytest.param("POST", ":batchUpdate", _batch({"updateSheetProperties": {
        "properties": {"sheetId": 0, "title": "x"}, "fields": "titel"}}), {},
        "field mask names 'titel', which is not a field of SheetProperties",
        id="a request's field mask naming no field is refused"),
    pytest.param("POST", ":batchUpdate", _batch({"repeatCell": {
        "range": {"sheetId": 0}, "cell": {}, "fields": "userEnteredFormat.colour"}}), {},
        "field mask names 'userEnteredFormat.colour', which is not a field of CellFormat",
        id="a nested field mask naming no field is refused"),
    pytest.param("GET", "", None, {"fields": "sheets(properties(title),chartz)"},
                 "Invalid field selection sheets.chartz",
                 id="a fields parameter naming no field of the response is refused"),
    pytest.param("GET", "", None, {"includeGridData": "maybe"},
                 "Invalid value at 'include_grid_data' (TYPE_BOOL), \"maybe\"",
                 id="a boolean query parameter must be true or false"),
    pytest.param("GET", "/values:batchGet", None, {"ranges": "A1", "valueRenderOption": "RAW"},
                 "Invalid value at 'value_render_option'",
                 id="an enum query parameter must be one the document lists"),
    pytest.param("GET", "/values:batchGet", None, {"ranges": "A1", "renderAs": "x"},
                 'Unknown name "renderAs": Cannot bind query parameter.',
                 id="an unknown query parameter is refused"),
    pytest.param("PUT", "/values/Sheet1!A1", {"values": ["x"]},
                 {"valueInputOption": "RAW"},
                 "Invalid value at 'data.values[0]' "
                 "(type.googleapis.com/google.protobuf.ListValue), \"x\"",
                 id="values that are not rows of cells are refused"),
    pytest.param("POST", ":batchUpdate", _batch(_add_chart(columnIndex=12)), {},
                 "The anchor cell ('Sheet1'!R1C13) of an embedded object is outside the grid",
                 id="a chart anchored right of the last column is refused"),
    pytest.param("POST", ":batchUpdate", _batch(_add_chart(rowIndex=30)), {},
                 "The anchor cell ('Sheet1'!R31C1) of an embedded object is outside the grid",
                 id="a chart anchored below the last row is refused"),
    pytest.param("POST", ":batchUpdate", _batch(_add_chart(_bar("BOTTOM_AXIS", {
        **GRID, "endColumnIndex": 2}))), {},
        "ChartSourceRange ranges require all rows or all columns to have length of 1",
        id="a chart source two columns and three rows wide is refused"),
    pytest.param("POST", ":batchUpdate", _batch(_add_chart(_bar("BOTTOM_AXIS", {
        **GRID, "endRowIndex": 40}))), {},
        "exceeds grid limits. Max rows: 30, max columns: 12",
        id="a chart source beyond the grid is refused"),
    pytest.param("POST", ":batchUpdate", _batch(_add_chart(_bar("LEFT_AXIS"))), {},
                 "Bar charts require series to target the bottom axis",
                 id="bar chart series on the left axis are refused"),
]


@pytest.mark.parametrize(("method", "tail", "body", "params", "message"), BAD_CALLS)
def test_a_call_google_refuses_is_refused_with_google_s_400(
        emulator: SheetsEmulator, api: Api, method: str, tail: str, body: Any,
        params: dict[str, Any], message: str) -> None:
    sid = new_sheet(emulator, [["a"]], rowCount=30, columnCount=12)
    before = emulator.spreadsheets[sid]
    resp = api.call(method, f"{sid}{tail}", body, **params)
    assert resp.status_code == 400, resp.text
    error = resp.json()["error"]
    assert error["status"] == "INVALID_ARGUMENT"
    assert message in error["message"]
    for detail in error.get("details", []):
        assert detail["@type"] == "type.googleapis.com/google.rpc.BadRequest"
        assert detail["fieldViolations"][0]["description"] == error["message"]
    assert emulator.spreadsheets[sid] is before, "a refused call changes nothing"


GOOD_CALLS = [
    pytest.param("POST", ":batchUpdate", _batch(_add_chart(_bar("BOTTOM_AXIS"), columnIndex=11,
                                                           rowIndex=29)), {},
                 id="a bar chart anchored in the last cell with series on the bottom axis"),
    pytest.param("GET", "", None, {"fields": "sheets(properties(sheetId,title),charts)",
                                   "includeGridData": "False"},
                 id="a valid fields mask and a capitalised boolean"),
    pytest.param("PUT", "/values/Sheet1!A1", {"values": [["x", 1, True, None]]},
                 {"valueInputOption": "RAW"}, id="rows of text, numbers, booleans and nulls"),
    pytest.param("POST", ":batchUpdate", _batch({"updateCells": {
        "start": {"sheetId": 0, "rowIndex": "0"}, "rows": [{"values": [{"userEnteredValue": {
            "numberValue": "NaN"}}]}], "fields": "*"}}), {},
        id="integers as text, NaN and a star mask as proto JSON allows"),
]


@pytest.mark.parametrize(("method", "tail", "body", "params"), GOOD_CALLS)
def test_a_call_google_takes_is_taken(emulator: SheetsEmulator, api: Api, method: str,
                                      tail: str, body: Any, params: dict[str, Any]) -> None:
    sid = new_sheet(emulator, [["a"]], rowCount=30, columnCount=12)
    resp = api.call(method, f"{sid}{tail}", body, **params)
    assert resp.status_code == 200, resp.text


def test_validation_alone_passes_a_call_it_does_not_know() -> None:
    validate_call("GET", "/v4/spreadsheets/abc/nowhere", {}, None)
