"""Google Sheets values ↔ sheetsync cell values: API responses to Grids, cell values to CellData."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from sheetsync.backends.google.charts import CHART_FIELDS, ChartMeta, chart_metas
from sheetsync.backends.google.ownership import FIELDS as OWNED_FIELDS
from sheetsync.grid import EXCEL_ERRORS, CellError, CellValue, Grid, MergedRange

EPOCH = dt.datetime(1899, 12, 30)
"""Day 0 of Sheets date serials; the parser converts serials in date columns with it."""

BOOK_FIELDS = "developerMetadata(metadataId,metadataKey,metadataValue)"
"""The spreadsheet's own developer metadata: where the sync fingerprint is kept
(google/fingerprint.py)."""
METADATA_FIELDS = (
    f"spreadsheetId,properties(title,locale,timeZone),{BOOK_FIELDS},"
    "sheets(properties(sheetId,title,index,sheetType,hidden,gridProperties(rowCount,columnCount)),"
    f"merges,{CHART_FIELDS},{OWNED_FIELDS})"
)
READ_OPTIONS = {
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "SERIAL_NUMBER",
    "majorDimension": "ROWS",
}


@dataclass(frozen=True)
class SheetMeta:
    """What writing needs to know about a tab: its id and grid size."""

    sheet_id: int
    title: str
    rows: int
    cols: int
    has_merges: bool = False
    charts: tuple[ChartMeta, ...] = ()


def sheet_metas(metadata: dict[str, Any]) -> list[SheetMeta]:
    out = []
    for sheet in metadata.get("sheets", []):
        props = sheet.get("properties", {})
        grid = props.get("gridProperties", {})
        out.append(SheetMeta(int(props.get("sheetId", 0)), str(props.get("title", "")),
                             int(grid.get("rowCount", 0)), int(grid.get("columnCount", 0)),
                             bool(sheet.get("merges")), chart_metas(sheet)))
    return out


def serial(value: dt.date) -> int | float:
    """A date or datetime as a Sheets serial number (whole days for plain dates)."""
    if isinstance(value, dt.datetime):
        naive = value.replace(tzinfo=None)
        return (naive - EPOCH).total_seconds() / 86400
    return (value - EPOCH.date()).days


def cell_value(raw: Any) -> CellValue:
    """One UNFORMATTED_VALUE from values.batchGet as a cell value.

    Formula errors arrive as their text (#DIV/0!); an empty string is an empty cell."""
    if isinstance(raw, str):
        if raw == "":
            return None
        if raw in EXCEL_ERRORS:
            return CellError(raw)
        return raw
    if isinstance(raw, bool | int | float):
        return raw
    return None if raw is None else str(raw)


def grid_from_api(sheet: dict[str, Any], value_range: dict[str, Any] | None) -> Grid:
    """A tab's metadata entry and its batchGet value range as a Grid."""
    props = sheet.get("properties", {})
    rows = [[cell_value(v) for v in row] for row in (value_range or {}).get("values", [])]
    merged = [
        MergedRange(int(m.get("startRowIndex", 0)) + 1, int(m.get("startColumnIndex", 0)) + 1,
                    int(m["endRowIndex"]), int(m["endColumnIndex"]))
        for m in sheet.get("merges", [])
        if "endRowIndex" in m and "endColumnIndex" in m
    ]
    return Grid(str(props.get("title", "")), rows, merged, bool(props.get("hidden", False)),
                tuple(c.title for c in chart_metas(sheet)))


def as_read(value: CellValue) -> CellValue:
    """What reading a cell back would give after writing `value` (dates become serials)."""
    if isinstance(value, dt.date):
        return serial(value)
    if value == "":
        return None
    return value


def same_cell(a: CellValue, b: CellValue) -> bool:
    """Whether two cell values read the same from Sheets (numbers compared with a tolerance)."""
    a, b = as_read(a), as_read(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


# --- writing ------------------------------------------------------------------------------------


def number_format(pattern: str | None, value: CellValue) -> dict[str, str] | None:
    """A NumberFormat for the API from an Excel-style pattern; dates always get one."""
    if pattern:
        low = pattern.lower()
        if "%" in low:
            kind = "PERCENT"
        elif any(t in low for t in ("yy", "dd", "mmm")) or low in ("d", "m/d", "d/m"):
            kind = "DATE_TIME" if any(t in low for t in ("h", "ss")) else "DATE"
        elif "h" in low and ("mm" in low or "ss" in low):
            kind = "TIME"
        else:
            kind = "NUMBER"
        return {"type": kind, "pattern": pattern}
    if isinstance(value, dt.datetime):
        return {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm"}
    if isinstance(value, dt.date):
        return {"type": "DATE", "pattern": "yyyy-mm-dd"}
    return None


def user_entered_value(value: CellValue) -> dict[str, Any] | None:
    """The ExtendedValue sheetsync writes; None clears the cell.

    Text always goes in as stringValue — the API's equivalent of RAW input — so a title such as
    '=HYPERLINK(...)' or '+1' stays literal text; formulaValue is never used. Dates go in as
    serial numbers (with a date format) so they are real dates, whatever the sheet's locale."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        if math.isfinite(value):
            return {"numberValue": value}
        return {"stringValue": str(value)}
    if isinstance(value, dt.date):
        return {"numberValue": serial(value)}
    return {"stringValue": str(value)}


def cell_data(value: CellValue, pattern: str | None = None,
              fill: str | None = None, bold: bool = False, right: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    uev = user_entered_value(value)
    if uev is not None:
        out["userEnteredValue"] = uev
    fmt: dict[str, Any] = {}
    nf = number_format(pattern, value) if uev is not None else None
    if nf is not None:
        fmt["numberFormat"] = nf
    if fill:
        fmt["backgroundColor"] = rgb(fill)
    if bold:
        fmt["textFormat"] = {"bold": True}
    if right:
        fmt["horizontalAlignment"] = "RIGHT"
    if fmt:
        out["userEnteredFormat"] = fmt
    return out


def rgb(hex_colour: str) -> dict[str, float]:
    """'F4CCCC' → the API's {red, green, blue} in 0..1."""
    h = hex_colour.lstrip("#")
    return {name: round(int(h[i:i + 2], 16) / 255, 6)
            for name, i in (("red", 0), ("green", 2), ("blue", 4))}
