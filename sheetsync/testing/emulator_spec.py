"""Sheets API emulator: spreadsheets to and from plain JSON (its control endpoints and seeding).

A spreadsheet spec is {"id"?, "title"?, "private"?, "sheets": [sheet...]}; a sheet is
{"title", "sheetId"?, "hidden"?, "rowCount"?, "columnCount"?, "rows": [[cell...]], "merges"?};
a merge is "A1:B2" or a GridRange; a cell is null, a string (always text), a number, a boolean,
or an object: {"date": "2026-01-05"}, {"datetime": "2026-01-05T10:00:00"}, {"error": "#DIV/0!"},
{"formula": "=1/0", "value": <cell>}, optionally with "numberFormat", "format" (userEnteredFormat)
and "note".
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from typing import Any

from sheetsync.testing.emulator_cells import (
    DATE_TYPES,
    Cell,
    ErrorValue,
    evaluate,
    from_serial,
    serial,
)
from sheetsync.testing.emulator_ranges import RangeError, split_range
from sheetsync.testing.emulator_state import Sheet, Spreadsheet, new_id


def spreadsheet_from_spec(spec: dict[str, Any], rng: random.Random) -> Spreadsheet:
    ss = Spreadsheet(str(spec.get("id") or new_id(rng)), title=str(spec.get("title") or
                     "Untitled spreadsheet"), private=bool(spec.get("private", False)),
                     locale=str(spec.get("locale", "en_US")))
    sheets = spec.get("sheets") or [{"title": "Sheet1"}]
    for i, sh in enumerate(sheets):
        rows = sh.get("rows") or []
        height = len(rows)
        width = max((len(r) for r in rows), default=0)
        sheet_id = sh.get("sheetId", 0 if i == 0 else rng.randrange(1, 2**31 - 1))
        sheet = Sheet(int(sheet_id), str(sh.get("title") or f"Sheet{i + 1}"), index=i,
                      hidden=bool(sh.get("hidden", False)),
                      row_count=int(sh.get("rowCount", max(height, 1000))),
                      col_count=int(sh.get("columnCount", max(width, 26))))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.set(r, c, cell_from_spec(value))
        for m in sh.get("merges") or []:
            sheet.merges.append(_merge(m))
        ss.sheets.append(sheet)
    return ss


def _merge(m: Any) -> tuple[int, int, int, int]:
    if isinstance(m, dict):
        return (int(m.get("startRowIndex", 0)), int(m["endRowIndex"]),
                int(m.get("startColumnIndex", 0)), int(m["endColumnIndex"]))
    _, ref = split_range(str(m))
    if ref is None or ref.r1 is None or ref.c1 is None:
        raise RangeError(f"merge must be a bounded range such as A1:B2, not {m!r}")
    return ref.r0, ref.r1, ref.c0, ref.c1


def cell_from_spec(value: Any) -> Cell:
    if value is None or value == "":
        return Cell()
    if isinstance(value, bool | int | float | str):
        return Cell(value=value)
    if not isinstance(value, dict):
        raise ValueError(f"not a cell: {value!r}")
    cell = Cell()
    if "formula" in value:
        inner = cell_from_spec(value["value"]) if "value" in value else None
        cached = inner.value if inner is not None else evaluate(str(value["formula"]))
        cell = replace(inner or cell, value=cached, formula=str(value["formula"]))
    elif "date" in value:
        cell = Cell(value=serial(dt.date.fromisoformat(value["date"])),
                    fmt={"numberFormat": {"type": "DATE", "pattern": "yyyy-mm-dd"}})
    elif "datetime" in value:
        cell = Cell(value=serial(dt.datetime.fromisoformat(value["datetime"])),
                    fmt={"numberFormat": {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm:ss"}})
    elif "error" in value:
        cell = Cell(value=ErrorValue(str(value["error"])))
    elif "value" in value:
        cell = cell_from_spec(value["value"])
    if "format" in value:
        cell = replace(cell, fmt={**cell.fmt, **value["format"]})
    if "numberFormat" in value:
        cell = cell.with_format(value["numberFormat"])
    if value.get("note"):
        cell = replace(cell, note=str(value["note"]))
    return cell


def cell_to_spec(cell: Cell | None) -> Any:
    """A stored cell as JSON: plain values stay plain; anything more is an object."""
    if cell is None:
        return None
    value = cell.value
    out: dict[str, Any]
    if isinstance(value, ErrorValue):
        out = {"error": value.code}
    elif (cell.number_type in DATE_TYPES and isinstance(value, int | float)
          and not isinstance(value, bool)):
        when = from_serial(value)
        out = ({"date": when.date().isoformat()} if cell.number_type == "DATE"
               else {"datetime": when.isoformat()})
        out["serial"] = value
    else:
        out = {"value": value}
    if cell.formula is not None:
        out["formula"] = cell.formula
    if cell.fmt:
        out["format"] = cell.fmt
    if cell.note:
        out["note"] = cell.note
    if list(out) == ["value"]:
        return value
    return out


def spreadsheet_to_spec(ss: Spreadsheet) -> dict[str, Any]:
    sheets = []
    for s in ss.sheets:
        height = max((r for r, _ in s.cells), default=-1) + 1
        width = max((c for _, c in s.cells), default=-1) + 1
        rows = [[cell_to_spec(s.cells.get((r, c))) for c in range(width)] for r in range(height)]
        for row in rows:
            while row and row[-1] is None:
                row.pop()
        sheets.append({
            "title": s.title, "sheetId": s.sheet_id, "index": s.index, "hidden": s.hidden,
            "rowCount": s.row_count, "columnCount": s.col_count, "rows": rows,
            "merges": [s.grid_range(*m) for m in s.merges], "charts": s.charts,
        })
    return {"id": ss.spreadsheet_id, "title": ss.title, "private": ss.private, "sheets": sheets}
