"""The emulator models what people do to a sheet: rows and columns inserted, deleted and moved,
a range sorted, and developer metadata that moves with its column; appendCells appends."""

from __future__ import annotations

from typing import Any

import pytest
from google_support import Api, new_sheet

from sheetsync.testing import SheetsEmulator

pytest_plugins = ["google_fixtures"]

ROWS = [["KR", "Value"], ["a", 3], ["b", 1], ["c", 2]]
COLUMN_META = "sheets(data(columnMetadata(developerMetadata(metadataKey,metadataValue))))"


def _values(api: Api, sid: str) -> list[list[Any]]:
    out = api.ok("GET", f"{sid}/values/Sheet1", valueRenderOption="UNFORMATTED_VALUE")
    return list(out.get("values", []))


def _dim(dimension: str, start: int, end: int) -> dict[str, Any]:
    return {"sheetId": 0, "dimension": dimension, "startIndex": start, "endIndex": end}


@pytest.mark.parametrize(("request_", "expected"), [
    ({"insertDimension": {"range": _dim("ROWS", 1, 2)}},
     [["KR", "Value"], [], ["a", 3], ["b", 1], ["c", 2]]),
    ({"deleteDimension": {"range": _dim("ROWS", 1, 2)}}, [["KR", "Value"], ["b", 1], ["c", 2]]),
    ({"moveDimension": {"source": _dim("ROWS", 3, 4), "destinationIndex": 1}},
     [["KR", "Value"], ["c", 2], ["a", 3], ["b", 1]]),
    ({"sortRange": {"range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 4},
                    "sortSpecs": [{"dimensionIndex": 1, "sortOrder": "ASCENDING"}]}},
     [["KR", "Value"], ["b", 1], ["c", 2], ["a", 3]]),
    ({"insertDimension": {"range": _dim("COLUMNS", 0, 1)}},
     [["", "KR", "Value"], ["", "a", 3], ["", "b", 1], ["", "c", 2]]),
    ({"moveDimension": {"source": _dim("COLUMNS", 1, 2), "destinationIndex": 0}},
     [["Value", "KR"], [3, "a"], [1, "b"], [2, "c"]]),
], ids=["a row inserted moves the rows below down", "a row deleted moves the rows below up",
        "a row moved to the top", "rows sorted by a column",
        "a column inserted moves the cells right", "a column moved to the front"])
def test_what_people_do_to_rows_and_columns(emulator: SheetsEmulator, api: Api,
                                            request_: dict[str, Any],
                                            expected: list[list[Any]]) -> None:
    sid = new_sheet(emulator, ROWS)
    api.ok("POST", f"{sid}:batchUpdate", {"requests": [request_]})
    assert _values(api, sid) == expected


@pytest.mark.parametrize(("edit", "column"), [
    ({"insertDimension": {"range": _dim("COLUMNS", 0, 2)}}, 3),
    ({"deleteDimension": {"range": _dim("COLUMNS", 0, 1)}}, 0),
    ({"moveDimension": {"source": _dim("COLUMNS", 1, 2), "destinationIndex": 0}}, 0),
    ({"deleteDimension": {"range": _dim("COLUMNS", 1, 2)}}, None),
], ids=["two columns inserted before it move it right by two",
        "a column deleted before it moves it left", "moved to the front, it is in column A",
        "its column deleted, it is gone"])
def test_column_metadata_moves_with_its_column(emulator: SheetsEmulator, api: Api,
                                               edit: dict[str, Any], column: int | None) -> None:
    sid = new_sheet(emulator, ROWS)
    api.ok("POST", f"{sid}:batchUpdate", {"requests": [{"createDeveloperMetadata": {
        "developerMetadata": {"metadataKey": "sheetsync.owned.column", "metadataValue": "score",
                              "visibility": "DOCUMENT",
                              "location": {"dimensionRange": _dim("COLUMNS", 1, 2)}}}}]})
    api.ok("POST", f"{sid}:batchUpdate", {"requests": [edit]})
    meta = api.ok("GET", sid, fields=COLUMN_META)
    columns = meta["sheets"][0]["data"][0]["columnMetadata"]
    found = [i for i, c in enumerate(columns) if c.get("developerMetadata")]
    assert found == ([] if column is None else [column])


def test_append_cells_goes_after_the_last_row_at_the_moment_of_the_write(
        emulator: SheetsEmulator, api: Api) -> None:
    sid = new_sheet(emulator, ROWS, rowCount=4)
    rows = [{"values": [{"userEnteredValue": {"stringValue": "d"}},
                        {"userEnteredValue": {"numberValue": 4}}]}]
    for _ in range(2):
        api.ok("POST", f"{sid}:batchUpdate", {"requests": [{"appendCells": {
            "sheetId": 0, "rows": rows, "fields": "userEnteredValue"}}]})
    assert _values(api, sid)[-2:] == [["d", 4], ["d", 4]]


def test_spreadsheet_metadata_is_read_updated_and_outlives_a_deleted_tab(
        emulator: SheetsEmulator, api: Api) -> None:
    """Metadata on the spreadsheet (where the sync fingerprint lives) is returned at the top of
    a spreadsheets.get, updated by its id, and kept when a tab goes; a tab's own metadata goes
    with the tab."""
    sid = emulator.create_spreadsheet({"title": "T", "sheets": [
        {"title": "A", "rows": ROWS}, {"title": "B", "rows": ROWS}]})
    b_id = emulator.spreadsheets[sid].sheets[1].sheet_id
    created = api.ok("POST", f"{sid}:batchUpdate", {"requests": [
        {"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": "sheetsync.fingerprint", "metadataValue": "1", "visibility": "DOCUMENT",
            "location": {"spreadsheet": True}}}},
        {"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": "sheetsync.owned.tab", "metadataValue": "summary",
            "visibility": "DOCUMENT", "location": {"sheetId": b_id}}}}]})
    book_meta = created["replies"][0]["createDeveloperMetadata"]["developerMetadata"]
    assert book_meta["location"] == {"locationType": "SPREADSHEET", "spreadsheet": True}
    api.ok("POST", f"{sid}:batchUpdate", {"requests": [
        {"updateDeveloperMetadata": {
            "dataFilters": [{"developerMetadataLookup": {"metadataId": book_meta["metadataId"]}}],
            "developerMetadata": {"metadataValue": "2"}, "fields": "metadataValue"}},
        {"deleteSheet": {"sheetId": b_id}}]})
    got = api.ok("GET", sid, fields="developerMetadata(metadataId,metadataKey,metadataValue),"
                                     "sheets(developerMetadata(metadataKey))")
    assert got["developerMetadata"] == [{"metadataId": book_meta["metadataId"],
                                         "metadataKey": "sheetsync.fingerprint",
                                         "metadataValue": "2"}]
    assert all("developerMetadata" not in s for s in got["sheets"])
    assert [m.key for m in emulator.spreadsheets[sid].developer_metadata] == [
        "sheetsync.fingerprint"]
