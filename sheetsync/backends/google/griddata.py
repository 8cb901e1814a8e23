"""One spreadsheets.get with grid data → the Book: metadata and cell values in a single read."""

from __future__ import annotations

from typing import Any

from sheetsync.backends.google.codec import METADATA_FIELDS, grid_from_api
from sheetsync.backends.google.ownership import COLUMN_FIELDS
from sheetsync.grid import CellError, CellValue, Grid

# One data(...) clause: the column record (ownership.py) joins the cell values there.
GRID_FIELDS = (METADATA_FIELDS[:-1].replace(f",data({COLUMN_FIELDS})", "")
               + f",data(startRow,startColumn,rowData(values(effectiveValue)),{COLUMN_FIELDS}))")
"""The metadata mask plus each cell's effectiveValue only: the computed value of a formula, as
UNFORMATTED_VALUE gives it, with no formats or formatted text (which would triple the size)."""

ERROR_CODES = {"DIVIDE_BY_ZERO": "#DIV/0!", "REF": "#REF!", "NAME": "#NAME?", "N_A": "#N/A",
               "VALUE": "#VALUE!", "NUM": "#NUM!", "NULL_VALUE": "#NULL!", "ERROR": "#ERROR!",
               "LOADING": "#GETTING_DATA"}
"""ErrorValue.type → the text values.batchGet gives for the same cell."""


def effective_value(cell: dict[str, Any]) -> CellValue:
    """A CellData's effectiveValue as values.batchGet (UNFORMATTED_VALUE) would give it."""
    ev = cell.get("effectiveValue")
    if not ev:
        return None
    if "numberValue" in ev:
        number = ev["numberValue"]
        return number if isinstance(number, int | float) and not isinstance(number, bool) \
            else None
    if "stringValue" in ev:
        return str(ev["stringValue"]) or None
    if "boolValue" in ev:
        return bool(ev["boolValue"])
    if "errorValue" in ev:
        return CellError(ERROR_CODES.get(str(ev["errorValue"].get("type", "")), "#ERROR!"))
    return None


def rows_of(sheet: dict[str, Any]) -> list[list[CellValue]]:
    """A sheet's grid data as rows of values, trimmed the way values.batchGet trims them."""
    rows: list[list[CellValue]] = []
    for data in sheet.get("data", []):
        r0, c0 = int(data.get("startRow", 0)), int(data.get("startColumn", 0))
        for i, row in enumerate(data.get("rowData", []), start=r0):
            values = [effective_value(v) for v in row.get("values", [])]
            while values and values[-1] is None:
                values.pop()
            if not values:
                continue
            while len(rows) <= i:
                rows.append([])
            rows[i] = [None] * c0 + values
    return rows


def grid_from_grid_data(sheet: dict[str, Any]) -> Grid:
    """A tab of a spreadsheets.get response (with grid data) as a Grid."""
    grid = grid_from_api(sheet, None)
    grid.rows = rows_of(sheet)
    return grid
