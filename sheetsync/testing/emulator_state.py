"""Sheets API emulator: spreadsheets in memory and the values endpoints (get, update, clear)."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field, replace
from typing import Any

from sheetsync.testing.emulator_cells import (
    Cell,
    cell_data,
    render,
    write_raw,
    write_user_entered,
)
from sheetsync.testing.emulator_metadata import DevMeta, column_metadata
from sheetsync.testing.emulator_ranges import (
    Mask,
    RangeError,
    Ref,
    apply_mask,
    echo,
    split_range,
    wants,
)


class ApiError(Exception):
    """An error the emulator answers with the API's JSON error body."""

    STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
              404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 501: "UNIMPLEMENTED",
              503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message,
                          "status": self.STATUS.get(self.code, "UNKNOWN")}}


def new_id(rng: random.Random) -> str:
    """A 44-character id shaped like Google's."""
    alphabet = string.ascii_letters + string.digits + "-_"
    return "1" + "".join(rng.choice(alphabet) for _ in range(43))


@dataclass
class Sheet:
    sheet_id: int
    title: str
    index: int = 0
    hidden: bool = False
    row_count: int = 1000
    col_count: int = 26
    frozen_rows: int = 0
    frozen_cols: int = 0
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    column_pixels: dict[int, int] = field(default_factory=dict)
    """0-based column → width set by updateDimensionProperties (others have the default)."""
    """(r0, r1, c0, c1), 0-based half-open."""
    charts: list[dict[str, Any]] = field(default_factory=list)
    tab_color: dict[str, Any] | None = None

    def clone(self) -> Sheet:
        # Cells are frozen, so copying the containers is a full snapshot.
        return replace(self, cells=dict(self.cells), merges=list(self.merges),
                       charts=list(self.charts))

    def set(self, r: int, c: int, cell: Cell) -> None:
        if cell.is_blank:
            self.cells.pop((r, c), None)
        else:
            self.cells[(r, c)] = cell

    def grow(self, rows: int, cols: int) -> None:
        self.row_count = max(self.row_count, rows)
        self.col_count = max(self.col_count, cols)

    def properties(self) -> dict[str, Any]:
        grid: dict[str, Any] = {"rowCount": self.row_count, "columnCount": self.col_count}
        if self.frozen_rows:
            grid["frozenRowCount"] = self.frozen_rows
        if self.frozen_cols:
            grid["frozenColumnCount"] = self.frozen_cols
        props: dict[str, Any] = {"sheetId": self.sheet_id, "title": self.title,
                                 "index": self.index, "sheetType": "GRID", "gridProperties": grid}
        if self.hidden:
            props["hidden"] = True
        if self.tab_color:
            props["tabColor"] = self.tab_color
            props["tabColorStyle"] = {"rgbColor": self.tab_color}
        return props

    def grid_range(self, r0: int, r1: int, c0: int, c1: int) -> dict[str, int]:
        out = {"startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0,
               "endColumnIndex": c1}
        if self.sheet_id:
            out = {"sheetId": self.sheet_id, **out}
        return out


@dataclass
class Spreadsheet:
    spreadsheet_id: str
    title: str = "Untitled spreadsheet"
    locale: str = "en_US"
    time_zone: str = "Etc/GMT"
    sheets: list[Sheet] = field(default_factory=list)
    private: bool = False
    developer_metadata: tuple[DevMeta, ...] = ()
    """Replaced, never mutated, so a clone of the spreadsheet shares it safely."""

    def clone(self) -> Spreadsheet:
        return replace(self, sheets=[s.clone() for s in self.sheets])

    def reindex(self) -> None:
        self.sheets.sort(key=lambda s: s.index)
        for i, s in enumerate(self.sheets):
            s.index = i

    def by_id(self, sheet_id: int) -> Sheet:
        for s in self.sheets:
            if s.sheet_id == sheet_id:
                return s
        raise ApiError(400, f"No grid with id: {sheet_id}")

    def by_title(self, title: str) -> Sheet | None:
        for s in self.sheets:
            if s.title == title:
                return s
        return None

    # --- ranges -------------------------------------------------------------------------------

    def resolve(self, a1: str, clip: bool = True) -> tuple[Sheet, int, int, int, int, bool]:
        """A1 → (sheet, r0, r1, c0, c1, is_single_cell), clipped to the grid when asked."""
        title: str | None
        ref: Ref | None
        if "!" not in a1 and self.by_title(a1.strip()) is not None:
            title, ref = a1.strip(), None  # a tab's own name wins over a column such as "T"
        else:
            try:
                title, ref = split_range(a1)
            except RangeError:
                raise ApiError(400, f"Unable to parse range: {a1}") from None
        sheet = self.sheets[0] if title is None else self.by_title(title)
        if sheet is None:
            raise ApiError(400, f"Unable to parse range: {a1}")
        if ref is None:
            return sheet, 0, sheet.row_count, 0, sheet.col_count, False
        r1 = sheet.row_count if ref.r1 is None else ref.r1
        c1 = sheet.col_count if ref.c1 is None else ref.c1
        if clip:
            if ref.r0 >= sheet.row_count or ref.c0 >= sheet.col_count:
                raise ApiError(400, f"Range ({a1}) exceeds grid limits. Max rows: "
                                    f"{sheet.row_count}, max columns: {sheet.col_count}")
            r1, c1 = min(r1, sheet.row_count), min(c1, sheet.col_count)
        return sheet, ref.r0, r1, ref.c0, c1, ref.is_cell

    # --- values endpoints ---------------------------------------------------------------------

    def get_values(self, a1: str, value_option: str = "FORMATTED_VALUE",
                   date_option: str = "SERIAL_NUMBER", major: str = "ROWS") -> dict[str, Any]:
        sheet, r0, r1, c0, c1, _ = self.resolve(a1)
        rows: list[list[Any]] = []
        for r in range(r0, r1):
            rows.append([render(sheet.cells.get((r, c)), value_option, date_option)
                         for c in range(c0, c1)])
        if major == "COLUMNS":
            rows = [list(col) for col in zip(*rows, strict=True)] if rows else []
        out: dict[str, Any] = {"range": echo(sheet.title, r0, r1, c0, c1),
                               "majorDimension": major}
        trimmed = _trim(rows)
        if trimmed:
            out["values"] = trimmed
        return out

    def update_values(self, a1: str, values: list[list[Any]], input_option: str,
                      major: str = "ROWS") -> dict[str, Any]:
        if input_option not in ("RAW", "USER_ENTERED"):
            raise ApiError(400, f"Invalid valueInputOption: {input_option or 'unspecified'}")
        if not isinstance(values, list) or not all(isinstance(r, list) for r in values):
            raise ApiError(400, "Invalid value at 'data.values' (type.googleapis.com/"
                                "google.protobuf.ListValue)")
        if major == "COLUMNS":
            width = max((len(r) for r in values), default=0)
            values = [[col[i] if i < len(col) else None for col in values] for i in range(width)]
        sheet, r0, r1, c0, c1, single = self.resolve(a1, clip=False)
        height, width = len(values), max((len(r) for r in values), default=0)
        if not single and (height > r1 - r0 or width > c1 - c0):
            raise ApiError(400, f"Requested writing within range [{a1}], but tried writing "
                                f"{height} rows and {width} columns")
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                if isinstance(v, dict | list):
                    raise ApiError(400, f"Invalid values[{i}][{j}]: {v!r}")
        sheet.grow(r0 + height, c0 + width)
        write = write_raw if input_option == "RAW" else write_user_entered
        cells = rows_touched = 0
        for i, row in enumerate(values):
            touched = False
            for j, v in enumerate(row):
                if v is None:
                    continue  # null leaves the cell as it is; "" clears it
                old = sheet.cells.get((r0 + i, c0 + j), Cell())
                sheet.set(r0 + i, c0 + j, write(old, v))
                cells += 1
                touched = True
            rows_touched += touched
        out: dict[str, Any] = {"spreadsheetId": self.spreadsheet_id}
        if height and width:
            out["updatedRange"] = echo(sheet.title, r0, r0 + height, c0, c0 + width)
            out.update(updatedRows=rows_touched, updatedColumns=width, updatedCells=cells)
        return out

    def clear_values(self, a1: str) -> dict[str, Any]:
        sheet, r0, r1, c0, c1, _ = self.resolve(a1)
        for (r, c), cell in list(sheet.cells.items()):
            if r0 <= r < r1 and c0 <= c < c1:
                sheet.set(r, c, replace(cell, value=None, formula=None))
        return {"spreadsheetId": self.spreadsheet_id,
                "clearedRange": echo(sheet.title, r0, r1, c0, c1)}

    # --- metadata -----------------------------------------------------------------------------

    def metadata(self, mask: Mask | None, grid_data: bool, ranges: list[str]) -> dict[str, Any]:
        if ranges:
            picked = [self.resolve(a1) for a1 in ranges]
            sheets = [s for s in self.sheets if any(p[0] is s for p in picked)]
        else:
            picked = [(s, 0, s.row_count, 0, s.col_count, False) for s in self.sheets]
            sheets = list(self.sheets)
        with_data = grid_data or (mask is not None and wants(mask, "sheets", "data"))
        out_sheets = []
        for s in sheets:
            entry: dict[str, Any] = {"properties": s.properties()}
            if with_data:
                entry["data"] = [_grid_data(p[0], *p[1:5], mask) for p in picked if p[0] is s]
                if mask is not None and wants(mask, "sheets", "data", "columnMetadata"):
                    for data, p in zip(entry["data"], [p for p in picked if p[0] is s],
                                       strict=True):
                        data["columnMetadata"] = column_metadata(
                            self.developer_metadata, s.sheet_id, p[3], p[4])
            if s.merges:
                entry["merges"] = [s.grid_range(*m) for m in s.merges]
            on_sheet = [m.to_api() for m in self.developer_metadata
                        if m.sheet_id == s.sheet_id and m.dimension is None]
            if on_sheet:
                entry["developerMetadata"] = on_sheet
            if s.charts:
                entry["charts"] = list(s.charts)
            out_sheets.append(entry)
        full: dict[str, Any] = {
            "spreadsheetId": self.spreadsheet_id,
            "properties": {"title": self.title, "locale": self.locale, "autoRecalc": "ON_CHANGE",
                           "timeZone": self.time_zone, **DEFAULT_PROPERTIES},
            "sheets": out_sheets,
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.spreadsheet_id}/edit",
        }
        on_book = [m.to_api() for m in self.developer_metadata if m.on_spreadsheet]
        if on_book:
            full["developerMetadata"] = on_book
        result = apply_mask(full, mask)
        return prune_row_data(result) if with_data else result


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """The API drops trailing empty cells and rows; an empty cell before a value reads as ""."""
    out: list[list[Any]] = []
    for row in rows:
        while row and row[-1] is None:
            row.pop()
        out.append(["" if v is None else v for v in row])
    while out and not out[-1]:
        out.pop()
    return out


def _grid_data(sheet: Sheet, r0: int, r1: int, c0: int, c1: int,
               mask: Mask | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if r0:
        out["startRow"] = r0
    if c0:
        out["startColumn"] = c0
    rows: list[dict[str, Any]] = []
    for r in range(r0, r1):
        values = [cell_data(sheet.cells[(r, c)]) if (r, c) in sheet.cells else {}
                  for c in range(c0, c1)]
        while values and not values[-1]:
            values.pop()
        rows.append({"values": values} if values else {})
    while rows and not rows[-1]:
        rows.pop()
    if rows:
        out["rowData"] = rows
    # Per-row and per-column metadata is only built when asked for: it is large and rarely used.
    if mask is not None and wants(mask, "sheets", "data", "rowMetadata") and "*" not in mask:
        out["rowMetadata"] = [{"pixelSize": 21} for _ in range(r0, r1)]
    if mask is not None and wants(mask, "sheets", "data", "columnMetadata") and "*" not in mask:
        out["columnMetadata"] = [{"pixelSize": 100} for _ in range(c0, c1)]
    return out


def prune_row_data(result: dict[str, Any]) -> dict[str, Any]:
    """After a fields mask, rows and cells left empty are dropped, as the API does."""
    for sheet in result.get("sheets", []):
        for data in sheet.get("data", []):
            rows = data.get("rowData")
            if rows is None:
                continue
            for row in rows:
                values = row.get("values")
                if values is not None:
                    while values and not values[-1]:
                        values.pop()
                    if not values:
                        del row["values"]
            while rows and not rows[-1]:
                rows.pop()
            if not rows:
                del data["rowData"]
    return result


_WHITE = {"red": 1, "green": 1, "blue": 1}
_THEME = [("TEXT", {}), ("BACKGROUND", _WHITE),
          ("ACCENT1", {"red": 0.25882354, "green": 0.52156866, "blue": 0.95686275}),
          ("ACCENT2", {"red": 0.91764706, "green": 0.2627451, "blue": 0.20784314}),
          ("ACCENT3", {"red": 0.9843137, "green": 0.7372549, "blue": 0.015686275}),
          ("ACCENT4", {"red": 0.20392157, "green": 0.65882355, "blue": 0.3254902}),
          ("ACCENT5", {"red": 1, "green": 0.42745098, "blue": 0.003921569}),
          ("ACCENT6", {"red": 0.27450982, "green": 0.7411765, "blue": 0.7764706}),
          ("LINK", {"red": 0.06666667, "green": 0.33333334, "blue": 0.8})]

DEFAULT_PROPERTIES: dict[str, Any] = {
    "defaultFormat": {
        "backgroundColor": _WHITE,
        "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
        "verticalAlignment": "BOTTOM",
        "wrapStrategy": "OVERFLOW_CELL",
        "textFormat": {"foregroundColor": {}, "fontFamily": "arial,sans,sans-serif",
                       "fontSize": 10, "bold": False, "italic": False, "strikethrough": False,
                       "underline": False, "foregroundColorStyle": {"rgbColor": {}}},
        "backgroundColorStyle": {"rgbColor": _WHITE},
    },
    "spreadsheetTheme": {
        "primaryFontFamily": "Arial",
        "themeColors": [{"colorType": t, "color": {"rgbColor": c}} for t, c in _THEME],
    },
}
"""The properties every new spreadsheet reports (copied from a real response)."""
