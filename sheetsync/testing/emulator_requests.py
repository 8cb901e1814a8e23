"""Sheets API emulator: spreadsheets.batchUpdate requests, applied all together or not at all."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sheetsync.testing import emulator_charts as charts
from sheetsync.testing import emulator_dimensions as dimensions
from sheetsync.testing.emulator_cells import Cell, from_extended
from sheetsync.testing.emulator_ranges import Mask, parse_fields
from sheetsync.testing.emulator_state import ApiError, Sheet, Spreadsheet

Handler = Callable[[Spreadsheet, dict[str, Any], random.Random], dict[str, Any]]


def batch_update(ss: Spreadsheet, requests: list[Any],
                 rng: random.Random) -> tuple[Spreadsheet, list[dict[str, Any]]]:
    """Apply every request to a copy; any error leaves the original as it was (atomic)."""
    if not isinstance(requests, list) or not requests:
        raise ApiError(400, "Must specify at least one request.")
    work = ss.clone()
    replies = []
    for i, request in enumerate(requests):
        if not isinstance(request, dict) or len(request) != 1:
            raise ApiError(400, f"Invalid requests[{i}]: exactly one kind of request per entry")
        kind, body = next(iter(request.items()))
        handler = HANDLERS.get(kind)
        if handler is None:
            raise ApiError(400, f'Invalid JSON payload received. Unknown name "{kind}" at '
                                f"'requests[{i}]': Cannot find field.")
        try:
            replies.append(handler(work, body or {}, rng))
        except ApiError as e:
            raise ApiError(e.code, f"Invalid requests[{i}].{kind}: {e.message}") from None
        except (KeyError, TypeError, ValueError) as e:
            raise ApiError(400, f"Invalid requests[{i}].{kind}: {e}") from None
    return work, replies


def _grid(ss: Spreadsheet, gr: dict[str, Any],
          clip: bool = True) -> tuple[Sheet, int, int, int, int]:
    sheet = ss.by_id(int(gr.get("sheetId", 0)))
    r0 = int(gr.get("startRowIndex", 0))
    c0 = int(gr.get("startColumnIndex", 0))
    r1 = int(gr.get("endRowIndex", sheet.row_count))
    c1 = int(gr.get("endColumnIndex", sheet.col_count))
    if r1 > sheet.row_count or c1 > sheet.col_count:
        if not clip:
            raise ApiError(400, f"Range ('{sheet.title}'!R{r0 + 1}C{c0 + 1}:R{r1}C{c1}) exceeds "
                                f"grid limits. Max rows: {sheet.row_count}, max columns: "
                                f"{sheet.col_count}")
        r1, c1 = min(r1, sheet.row_count), min(c1, sheet.col_count)
    return sheet, r0, r1, c0, c1


def add_sheet(ss: Spreadsheet, body: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    props = body.get("properties", {})
    title = props.get("title") or f"Sheet{len(ss.sheets) + 1}"
    if ss.by_title(title) is not None:
        raise ApiError(400, f'A sheet with the name "{title}" already exists. '
                            "Please enter another name.")
    sheet_id = props.get("sheetId")
    if sheet_id is None:
        sheet_id = rng.randrange(1, 2**31 - 1)
    if any(s.sheet_id == int(sheet_id) for s in ss.sheets):
        raise ApiError(400, f"Sheet with id {sheet_id} already exists.")
    grid = props.get("gridProperties", {})
    sheet = Sheet(int(sheet_id), title, index=int(props.get("index", len(ss.sheets))),
                  hidden=bool(props.get("hidden", False)),
                  row_count=int(grid.get("rowCount", 1000)),
                  col_count=int(grid.get("columnCount", 26)),
                  frozen_rows=int(grid.get("frozenRowCount", 0)),
                  frozen_cols=int(grid.get("frozenColumnCount", 0)),
                  tab_color=color(props["tabColor"]) if props.get("tabColor") else None)
    for other in ss.sheets:
        if other.index >= sheet.index:
            other.index += 1
    ss.sheets.append(sheet)
    ss.reindex()
    return {"addSheet": {"properties": sheet.properties()}}


def duplicate_sheet(ss: Spreadsheet, body: dict[str, Any],
                    rng: random.Random) -> dict[str, Any]:
    """A copy of a tab (cells with their formats, merges, frozen rows); its charts stay behind."""
    src = ss.by_id(int(body["sourceSheetId"]))
    title = body.get("newSheetName") or f"Copy of {src.title}"
    if ss.by_title(title) is not None:
        raise ApiError(400, f'A sheet with the name "{title}" already exists. '
                            "Please enter another name.")
    new_id = body.get("newSheetId")
    new_id = rng.randrange(1, 2**31 - 1) if new_id is None else int(new_id)
    if any(s.sheet_id == new_id for s in ss.sheets):
        raise ApiError(400, f"Sheet with id {new_id} already exists.")
    index = int(body.get("insertSheetIndex", src.index + 1))
    sheet = replace(src.clone(), sheet_id=new_id, title=title, index=index, charts=[])
    for other in ss.sheets:
        if other.index >= index:
            other.index += 1
    ss.sheets.append(sheet)
    ss.reindex()
    return {"duplicateSheet": {"properties": sheet.properties()}}


def delete_sheet(ss: Spreadsheet, body: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    sheet = ss.by_id(int(body["sheetId"]))
    if len(ss.sheets) == 1:
        raise ApiError(400, "You can't remove all the sheets in a document.")
    ss.sheets.remove(sheet)
    # The tab's developer metadata (on it, its rows and its columns) goes with it, as in Sheets.
    ss.developer_metadata = tuple(m for m in ss.developer_metadata
                                  if m.on_spreadsheet or m.sheet_id != sheet.sheet_id)
    ss.reindex()
    return {}


def update_sheet_properties(ss: Spreadsheet, body: dict[str, Any],
                            rng: random.Random) -> dict[str, Any]:
    props = body["properties"]
    sheet = ss.by_id(int(props.get("sheetId", 0)))
    fields = parse_fields(body.get("fields", ""))
    everything = "*" in fields
    grid = props.get("gridProperties", {})
    grid_mask: Mask | None = fields.get("gridProperties") if not everything else None
    if everything or "title" in fields:
        title = props.get("title", "")
        if title != sheet.title and ss.by_title(title) is not None:
            raise ApiError(400, f'A sheet with the name "{title}" already exists. '
                                "Please enter another name.")
        sheet.title = title
    if everything or "hidden" in fields:
        sheet.hidden = bool(props.get("hidden", False))
        if all(s.hidden for s in ss.sheets):
            raise ApiError(400, "You can't hide all the sheets in a document.")
    if everything or "index" in fields:
        ss.sheets.remove(sheet)
        ss.sheets.insert(min(int(props.get("index", 0)), len(ss.sheets)), sheet)
        for i, s in enumerate(ss.sheets):
            s.index = i
    if everything or "tabColor" in fields or "tabColorStyle" in fields:
        raw = props.get("tabColor") or (props.get("tabColorStyle") or {}).get("rgbColor")
        sheet.tab_color = color(raw) if raw else None
    if everything or "gridProperties" in fields:
        def pick(name: str, current: int) -> int:
            if grid_mask is None or name in grid_mask:
                return int(grid.get(name, 0 if "frozen" in name else current))
            return current
        rows = pick("rowCount", sheet.row_count)
        cols = pick("columnCount", sheet.col_count)
        sheet.frozen_rows = pick("frozenRowCount", sheet.frozen_rows)
        sheet.frozen_cols = pick("frozenColumnCount", sheet.frozen_cols)
        if rows < 1 or cols < 1:
            raise ApiError(400, "A grid needs at least one row and one column.")
        sheet.row_count, sheet.col_count = rows, cols
        sheet.cells = {k: v for k, v in sheet.cells.items() if k[0] < rows and k[1] < cols}
    return {}


def update_spreadsheet_properties(ss: Spreadsheet, body: dict[str, Any],
                                  rng: random.Random) -> dict[str, Any]:
    props = body["properties"]
    fields = parse_fields(body.get("fields", ""))
    for key, attr in (("title", "title"), ("locale", "locale"), ("timeZone", "time_zone")):
        if "*" in fields or key in fields:
            setattr(ss, attr, props.get(key, getattr(ss, attr)))
    return {}


def append_dimension(ss: Spreadsheet, body: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    sheet = ss.by_id(int(body.get("sheetId", 0)))
    length = int(body["length"])
    if length < 1:
        raise ApiError(400, "length must be at least 1")
    if body.get("dimension") == "ROWS":
        sheet.row_count += length
    elif body.get("dimension") == "COLUMNS":
        sheet.col_count += length
    else:
        raise ApiError(400, "dimension must be ROWS or COLUMNS")
    return {}


def update_dimension_properties(ss: Spreadsheet, body: dict[str, Any],
                                rng: random.Random) -> dict[str, Any]:
    """Rows or columns: a column's pixelSize is kept (what sheetsync sets); other properties
    (hiddenByUser, a row's size) are accepted and not stored."""
    rng_ = body.get("range") or {}
    sheet = ss.by_id(int(rng_.get("sheetId", 0)))
    props = body.get("properties") or {}
    dimension = rng_.get("dimension")
    if dimension not in ("ROWS", "COLUMNS"):
        raise ApiError(400, "Invalid requests[0].updateDimensionProperties: dimension must be "
                            "ROWS or COLUMNS")
    if not parse_fields(body.get("fields", "")):
        raise ApiError(400, "At least one field must be updated, but none were specified.")
    size = sheet.col_count if dimension == "COLUMNS" else sheet.row_count
    start, end = int(rng_.get("startIndex", 0)), int(rng_.get("endIndex", size))
    if not 0 <= start < end <= size:
        raise ApiError(400, f"Invalid requests[0].updateDimensionProperties: range {start}:{end} "
                            f"is outside the grid of {size} {dimension.lower()}")
    if dimension == "COLUMNS" and "pixelSize" in props:
        for c in range(start, end):
            sheet.column_pixels[c] = int(props["pixelSize"])
    return {}


def _apply_fields(old: Cell, new: dict[str, Any], mask: Mask) -> Cell:
    cell = old
    for key, sub in mask.items():
        if key == "*":
            return from_extended(replace(old, fmt=_with_styles(new.get("userEnteredFormat") or {}),
                                         note=new.get("note") or None),
                                 new.get("userEnteredValue"))
        if key == "userEnteredValue":
            cell = from_extended(cell, new.get("userEnteredValue"))
        elif key == "userEnteredFormat":
            fmt = _merge_json(cell.fmt, new.get("userEnteredFormat") or {}, sub)
            cell = replace(cell, fmt=_with_styles(fmt))
        elif key == "note":
            cell = replace(cell, note=new.get("note") or None)
    return cell


def _with_styles(fmt: dict[str, Any]) -> dict[str, Any]:
    """The API reports every colour twice: as a plain colour and as a ColorStyle."""
    out = dict(fmt)
    if "backgroundColor" in out:
        out["backgroundColor"] = color(out["backgroundColor"])
        out["backgroundColorStyle"] = {"rgbColor": out["backgroundColor"]}
    text = out.get("textFormat")
    if isinstance(text, dict) and "foregroundColor" in text:
        fg = color(text["foregroundColor"])
        out["textFormat"] = {**text, "foregroundColor": fg,
                             "foregroundColorStyle": {"rgbColor": fg}}
    return out


def color(c: Any) -> dict[str, float]:
    """A colour as the API stores it: 8 bits per channel, zero channels left out."""
    if not isinstance(c, dict):
        return {}
    out: dict[str, float] = {}
    for name in ("red", "green", "blue", "alpha"):
        if name in c:
            level = int(float(c[name]) * 255 + 1e-6)
            if level:
                out[name] = 1 if level == 255 else round(level / 255, 8)
    return out


def _merge_json(old: dict[str, Any], new: dict[str, Any], mask: Mask | None) -> dict[str, Any]:
    if mask is None or "*" in mask:
        return dict(new)
    out = dict(old)
    for key, sub in mask.items():
        if sub is not None and isinstance(new.get(key, {}), dict):
            merged = _merge_json(old.get(key) or {}, new.get(key) or {}, sub)
            if merged:
                out[key] = merged
            else:
                out.pop(key, None)
        elif key in new:
            out[key] = new[key]
        else:
            out.pop(key, None)
    return out


def update_cells(ss: Spreadsheet, body: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    mask = parse_fields(body.get("fields", ""))
    if not mask:
        raise ApiError(400, "At least one field must be updated, but none were specified.")
    rows = body.get("rows") or []
    if "start" in body:
        start = body["start"]
        sheet = ss.by_id(int(start.get("sheetId", 0)))
        r0, c0 = int(start.get("rowIndex", 0)), int(start.get("columnIndex", 0))
        height = len(rows)
        width = max((len(r.get("values") or []) for r in rows), default=0)
        _grid(ss, {"sheetId": sheet.sheet_id, "startRowIndex": r0, "endRowIndex": r0 + height,
                   "startColumnIndex": c0, "endColumnIndex": c0 + width}, clip=False)
        targets = [(r0 + i, c0 + j) for i, row in enumerate(rows)
                   for j in range(len(row.get("values") or []))]
    elif "range" in body:
        sheet, r0, r1, c0, c1 = _grid(ss, body["range"], clip=False)
        targets = [(r, c) for r in range(r0, r1) for c in range(c0, c1)]
    else:
        raise ApiError(400, "updateCells needs start or range")
    for r, c in targets:
        i, j = r - r0, c - c0
        row = rows[i].get("values") or [] if i < len(rows) else []
        new = row[j] if j < len(row) else {}
        sheet.set(r, c, _apply_fields(sheet.cells.get((r, c), Cell()), new or {}, mask))
    return {}


def repeat_cell(ss: Spreadsheet, body: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    mask = parse_fields(body.get("fields", ""))
    sheet, r0, r1, c0, c1 = _grid(ss, body.get("range", {}))
    new = body.get("cell") or {}
    for r in range(r0, r1):
        for c in range(c0, c1):
            sheet.set(r, c, _apply_fields(sheet.cells.get((r, c), Cell()), new, mask))
    return {}


def copy_paste(ss: Spreadsheet, body: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """PASTE_FORMAT only (what sheetsync sends): the source's formats tiled over the target."""
    if body.get("pasteType") != "PASTE_FORMAT":
        raise ApiError(400, "the emulator pastes formats only")
    src, r0, r1, c0, c1 = _grid(ss, body["source"])
    dst, d0, d1, e0, e1 = _grid(ss, body["destination"])
    for r in range(d0, d1):
        for c in range(e0, e1):
            fmt = src.cells.get((r0 + (r - d0) % max(r1 - r0, 1),
                                 c0 + (c - e0) % max(c1 - c0, 1)), Cell()).fmt
            old = dst.cells.get((r, c), Cell())
            dst.set(r, c, replace(old, fmt=dict(fmt)))
    return {}


def merge_cells(ss: Spreadsheet, body: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    sheet, r0, r1, c0, c1 = _grid(ss, body["range"], clip=False)
    kind = body.get("mergeType", "MERGE_ALL")
    if kind == "MERGE_ALL":
        blocks = [(r0, r1, c0, c1)]
    elif kind == "MERGE_COLUMNS":
        blocks = [(r0, r1, c, c + 1) for c in range(c0, c1)]
    elif kind == "MERGE_ROWS":
        blocks = [(r, r + 1, c0, c1) for r in range(r0, r1)]
    else:
        raise ApiError(400, f"unknown mergeType {kind}")
    # An existing merge inside the new range is replaced; one straddling its edge is an error.
    sheet.merges = [m for m in sheet.merges if not _inside(m, (r0, r1, c0, c1))]
    for b in blocks:
        if any(_overlap(b, m) for m in sheet.merges):
            raise ApiError(400, "You can't merge cells that overlap an existing merge.")
    for br0, br1, bc0, bc1 in blocks:
        if (br1 - br0) * (bc1 - bc0) < 2:
            continue
        sheet.merges.append((br0, br1, bc0, bc1))
        for r in range(br0, br1):
            for c in range(bc0, bc1):
                if (r, c) != (br0, bc0) and (r, c) in sheet.cells:
                    sheet.set(r, c, replace(sheet.cells[(r, c)], value=None, formula=None))
    return {}


def unmerge_cells(ss: Spreadsheet, body: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    sheet, r0, r1, c0, c1 = _grid(ss, body["range"])
    sheet.merges = [m for m in sheet.merges if not _overlap(m, (r0, r1, c0, c1))]
    return {}


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def _inside(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return b[0] <= a[0] and a[1] <= b[1] and b[2] <= a[2] and a[3] <= b[3]


HANDLERS: dict[str, Handler] = {
    "addSheet": add_sheet,
    "deleteSheet": delete_sheet,
    "duplicateSheet": duplicate_sheet,
    "updateSheetProperties": update_sheet_properties,
    "updateSpreadsheetProperties": update_spreadsheet_properties,
    "appendDimension": append_dimension,
    "updateDimensionProperties": update_dimension_properties,
    "updateCells": update_cells,
    "repeatCell": repeat_cell,
    "copyPaste": copy_paste,
    "mergeCells": merge_cells,
    "unmergeCells": unmerge_cells,
    "addChart": charts.add_chart,
    "updateChartSpec": charts.update_chart_spec,
    "updateEmbeddedObjectPosition": charts.update_embedded_object_position,
    "deleteEmbeddedObject": charts.delete_embedded_object,
}
HANDLERS.update(dimensions.HANDLERS, appendCells=dimensions.appending(update_cells))
