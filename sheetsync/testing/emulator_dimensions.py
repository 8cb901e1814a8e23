"""Sheets API emulator: what people do to a sheet (insert, delete, move rows and columns, sort a
range) and developer metadata, as batchUpdate requests; metadata moves with its rows/columns."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sheetsync.testing.emulator_cells import Cell
from sheetsync.testing.emulator_metadata import from_request, matches, shift
from sheetsync.testing.emulator_state import Sheet, Spreadsheet

Handler = Callable[[Spreadsheet, dict[str, Any], random.Random], dict[str, Any]]


def _remap(ss: Spreadsheet, sheet: Sheet, dimension: str,
           index_map: dict[int, int | None]) -> None:
    """Move the sheet's cells (and merges' cells, and metadata) along one dimension."""
    rows = dimension == "ROWS"
    cells: dict[tuple[int, int], Cell] = {}
    for (r, c), cell in sheet.cells.items():
        i = r if rows else c
        new = index_map.get(i, i)
        if new is None:
            continue
        cells[(new, c) if rows else (r, new)] = cell
    sheet.cells = cells
    ss.developer_metadata = shift(ss.developer_metadata, sheet.sheet_id, dimension, index_map)


def _range(ss: Spreadsheet, body: dict[str, Any]) -> tuple[Sheet, str, int, int]:
    r = body["range"]
    sheet = ss.by_id(int(r.get("sheetId", 0)))
    dimension = r["dimension"]
    if dimension not in ("ROWS", "COLUMNS"):
        raise ValueError("dimension must be ROWS or COLUMNS")
    start, end = int(r["startIndex"]), int(r["endIndex"])
    if not 0 <= start < end:
        raise ValueError("startIndex must be less than endIndex")
    return sheet, dimension, start, end


def _size(sheet: Sheet, dimension: str) -> int:
    return sheet.row_count if dimension == "ROWS" else sheet.col_count


def insert_dimension(ss: Spreadsheet, body: dict[str, Any],
                     rng: random.Random) -> dict[str, Any]:
    sheet, dimension, start, end = _range(ss, body)
    n, size = end - start, _size(sheet, dimension)
    _remap(ss, sheet, dimension, {i: i + n for i in range(start, size)})
    if dimension == "ROWS":
        sheet.row_count += n
    else:
        sheet.col_count += n
    return {}


def delete_dimension(ss: Spreadsheet, body: dict[str, Any],
                     rng: random.Random) -> dict[str, Any]:
    sheet, dimension, start, end = _range(ss, body)
    n, size = end - start, _size(sheet, dimension)
    index_map: dict[int, int | None] = {i: None for i in range(start, end)}
    index_map.update({i: i - n for i in range(end, size)})
    _remap(ss, sheet, dimension, index_map)
    if dimension == "ROWS":
        sheet.row_count -= n
    else:
        sheet.col_count -= n
    return {}


def move_dimension(ss: Spreadsheet, body: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """moveDimension: destinationIndex counts positions before the move, as in the API."""
    sheet, dimension, start, end = _range(ss, {"range": body["source"]})
    dest = int(body["destinationIndex"])
    order = list(range(_size(sheet, dimension)))
    block = order[start:end]
    rest = order[:start] + order[end:]
    at = dest if dest <= start else dest - (end - start)
    new_order = rest[:at] + block + rest[at:]
    _remap(ss, sheet, dimension, {old: new for new, old in enumerate(new_order)})
    return {}


def sort_range(ss: Spreadsheet, body: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """sortRange: the range's rows reordered by one or more columns (values only move; row
    metadata stays where it is, as it is attached to the row, not to the values)."""
    r = body["range"]
    sheet = ss.by_id(int(r.get("sheetId", 0)))
    r0, r1 = int(r.get("startRowIndex", 0)), int(r.get("endRowIndex", sheet.row_count))
    c0, c1 = int(r.get("startColumnIndex", 0)), int(r.get("endColumnIndex", sheet.col_count))
    specs = body.get("sortSpecs", [])

    def key(row: int) -> tuple[Any, ...]:
        out: list[Any] = []
        for spec in specs:
            cell = sheet.cells.get((row, int(spec.get("dimensionIndex", 0))))
            v = cell.value if cell is not None else None
            k = (v is None, str(type(v).__name__), v if v is not None else 0)
            out.append(k)
        return tuple(out)

    rows = list(range(r0, r1))
    ordered = sorted(rows, key=key)
    for spec_i, spec in enumerate(specs):
        if spec.get("sortOrder") == "DESCENDING" and spec_i == 0:
            blanks = [x for x in ordered if key(x)[0][0]]
            ordered = [x for x in ordered if not key(x)[0][0]][::-1] + blanks
    cells = dict(sheet.cells)
    for new_row, old_row in zip(rows, ordered, strict=True):
        for c in range(c0, c1):
            cell = sheet.cells.get((old_row, c))
            if cell is None:
                cells.pop((new_row, c), None)
            else:
                cells[(new_row, c)] = cell
    sheet.cells = cells
    return {}


def appending(update_cells: Handler) -> Handler:
    """appendCells, written through the emulator's updateCells: the rows go after the last row
    with data and the grid grows to fit, at the moment of the write, so two runs that append
    both keep their rows."""

    def append_cells(ss: Spreadsheet, body: dict[str, Any],
                     rng: random.Random) -> dict[str, Any]:
        sheet = ss.by_id(int(body.get("sheetId", 0)))
        rows = body.get("rows") or []
        last = max((r for r, _ in sheet.cells), default=-1)
        width = max((len(r.get("values") or []) for r in rows), default=0)
        sheet.grow(last + 1 + len(rows), width)
        return update_cells(ss, {"start": {"sheetId": sheet.sheet_id, "rowIndex": last + 1,
                                           "columnIndex": 0},
                                 "rows": rows, "fields": body.get("fields", "")}, rng)

    return append_cells


def create_developer_metadata(ss: Spreadsheet, body: dict[str, Any],
                              rng: random.Random) -> dict[str, Any]:
    meta = from_request(body, max((m.metadata_id for m in ss.developer_metadata),
                                  default=rng.randrange(1, 1000)) + 1)
    if not meta.on_spreadsheet:
        ss.by_id(meta.sheet_id)  # 400 for a sheet that does not exist
    ss.developer_metadata = (*ss.developer_metadata, meta)
    return {"createDeveloperMetadata": {"developerMetadata": meta.to_api()}}


def delete_developer_metadata(ss: Spreadsheet, body: dict[str, Any],
                              rng: random.Random) -> dict[str, Any]:
    lookup = body["dataFilter"]["developerMetadataLookup"]
    gone = [m for m in ss.developer_metadata if matches(m, lookup)]
    ss.developer_metadata = tuple(m for m in ss.developer_metadata if m not in gone)
    return {"deleteDeveloperMetadata": {"deletedDeveloperMetadata": [m.to_api() for m in gone]}}


def update_developer_metadata(ss: Spreadsheet, body: dict[str, Any],
                              rng: random.Random) -> dict[str, Any]:
    """The value (and key) of the metadata the filters select; the fields mask names what is
    set. Moving metadata to another location is not modelled."""
    fields = [f.strip() for f in str(body.get("fields", "")).split(",") if f.strip()]
    if not fields or any(f not in ("metadataValue", "metadataKey") for f in fields):
        raise ValueError("updateDeveloperMetadata.fields must name metadataValue and/or "
                         "metadataKey here")
    new = body.get("developerMetadata", {})
    lookups = [f["developerMetadataLookup"] for f in body.get("dataFilters", [])
               if "developerMetadataLookup" in f]
    if not lookups:
        raise ValueError("updateDeveloperMetadata needs at least one dataFilter")
    changed = []
    kept = []
    for m in ss.developer_metadata:
        if any(matches(m, lk) for lk in lookups):
            m = replace(m, value=new.get("metadataValue") if "metadataValue" in fields
                        else m.value, key=new["metadataKey"] if "metadataKey" in fields
                        else m.key)
            changed.append(m)
        kept.append(m)
    ss.developer_metadata = tuple(kept)
    return {"updateDeveloperMetadata": {"developerMetadata": [m.to_api() for m in changed]}}


HANDLERS: dict[str, Handler] = {
    "insertDimension": insert_dimension,
    "deleteDimension": delete_dimension,
    "moveDimension": move_dimension,
    "sortRange": sort_range,
    "createDeveloperMetadata": create_developer_metadata,
    "deleteDeveloperMetadata": delete_developer_metadata,
    "updateDeveloperMetadata": update_developer_metadata,
}
