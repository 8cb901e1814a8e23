"""A WritePlan as the requests of ONE spreadsheets.batchUpdate, which Sheets applies all or nothing.

Status cells and the summary tab go in the same batch, so a failed sync writes nothing at all and
a sync costs one write call however many cells change.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable
from itertools import groupby
from typing import Any

from sheetsync.backends.google.charts import chart_requests
from sheetsync.backends.google.codec import SheetMeta, cell_data
from sheetsync.errors import SourceError
from sheetsync.write.summary_layout import column_pixels
from sheetsync.write.writeplan import CellChange, SummaryTab, TabCopy

Request = dict[str, Any]
_VALUE = "userEnteredValue"
MIN_NEW_ROWS, MIN_NEW_COLS = 100, 26


def build_requests(changes: Iterable[CellChange], tabs: Iterable[SummaryTab],
                   sheets: list[SheetMeta], copies: Iterable[TabCopy] = (), *,
                   append: dict[str, int] | None = None,
                   widths: dict[tuple[str, int], float] | None = None) -> list[Request]:
    """Tab copies first, grid growth, then the status cells (with the widths of the columns
    they add), then the whole tabs (summary, history); [] when nothing to do. APPEND: title →
    how many last rows of that tab are new; an existing tab gets only those, appended (the
    history tab: never rewritten from a stale read)."""
    by_title = {s.title: s for s in sheets}
    used_ids = {s.sheet_id for s in sheets}
    requests: list[Request] = []
    for cp in copies:
        by_title[cp.title] = _duplicate(cp, sheets, by_title, used_ids, requests)
    by_sheet: dict[str, list[CellChange]] = defaultdict(list)
    for ch in changes:
        by_sheet[ch.sheet].append(ch)
    for title, sheet_changes in by_sheet.items():
        need_rows = max(ch.row for ch in sheet_changes)
        need_cols = max(ch.col for ch in sheet_changes)
        meta = by_title.get(title)
        if meta is None:
            # The memory backend creates a missing tab too; keep the backends interchangeable.
            meta = _new_sheet(title, need_rows, need_cols, used_ids, requests)
            by_title[title] = meta
        else:
            requests.extend(_grow_by_append(meta, need_rows, need_cols))
        requests.extend(_header_looks(meta.sheet_id, sheet_changes))
        requests.extend(_widths(meta.sheet_id, {c: w for (t, c), w in (widths or {}).items()
                                                if t == title}))
        requests.extend(_cell_runs(meta.sheet_id, sheet_changes))
    for tab in tabs:
        meta = by_title.get(tab.title)
        new_rows = (append or {}).get(tab.title, 0)
        if meta is not None and new_rows:
            requests.append(_append_rows(tab, meta, new_rows))
            continue
        tab_requests = _summary_requests(tab, meta, used_ids)
        requests.extend(tab_requests)
        sheet_id = meta.sheet_id if meta is not None else _added_sheet_id(tab_requests)
        requests.extend(chart_requests(tab.charts, sheet_id, meta.charts if meta else ()))
    return requests


def _duplicate(cp: TabCopy, sheets: list[SheetMeta], by_title: dict[str, SheetMeta],
               used_ids: set[int], requests: list[Request]) -> SheetMeta:
    """duplicateSheet (values, formats, widths, merges, validations), then the merges below
    the header undone: the copy's rows are packed anew."""
    src = by_title.get(cp.source)
    if src is None:
        raise SourceError(f"no tab named {cp.source!r} to copy")
    if cp.title in by_title:
        raise SourceError(f"the tab {cp.title!r} already exists")
    new_id = free_sheet_id(cp.title, used_ids)
    used_ids.add(new_id)
    index = next((i for i, s in enumerate(sheets) if s.title == cp.source), len(sheets)) + 1
    requests.append({"duplicateSheet": {"sourceSheetId": src.sheet_id, "insertSheetIndex": index,
                                        "newSheetId": new_id, "newSheetName": cp.title}})
    if src.has_merges and cp.unmerge_below:
        requests.append({"unmergeCells": {"range": {
            "sheetId": new_id, "startRowIndex": cp.unmerge_below, "endRowIndex": src.rows,
            "startColumnIndex": 0, "endColumnIndex": src.cols}}})
    return SheetMeta(new_id, cp.title, src.rows, src.cols)


def _added_sheet_id(requests: list[Request]) -> int:
    """The id a tab added by these requests gets (sheetsync picks it; see _new_sheet)."""
    return next(int(r["addSheet"]["properties"]["sheetId"]) for r in requests if "addSheet" in r)


def _new_sheet(title: str, rows: int, cols: int, used_ids: set[int],
               requests: list[Request]) -> SheetMeta:
    sheet_id = free_sheet_id(title, used_ids)
    used_ids.add(sheet_id)
    meta = SheetMeta(sheet_id, title, max(rows, MIN_NEW_ROWS), max(cols, MIN_NEW_COLS))
    requests.append({"addSheet": {"properties": {
        # Choosing the id ourselves lets later requests of the same batch address the new tab.
        "sheetId": sheet_id, "title": title,
        "gridProperties": {"rowCount": meta.rows, "columnCount": meta.cols},
    }}})
    return meta


def free_sheet_id(title: str, used: set[int]) -> int:
    """A stable, unused, positive sheet id for a tab sheetsync adds."""
    candidate = zlib.crc32(title.encode("utf-8")) % (2**31 - 1) or 1
    while candidate in used:
        candidate = candidate % (2**31 - 2) + 1
    return candidate


def _grow_by_append(meta: SheetMeta, rows: int, cols: int) -> list[Request]:
    out: list[Request] = []
    if rows > meta.rows:
        out.append({"appendDimension": {"sheetId": meta.sheet_id, "dimension": "ROWS",
                                        "length": rows - meta.rows}})
    if cols > meta.cols:
        out.append({"appendDimension": {"sheetId": meta.sheet_id, "dimension": "COLUMNS",
                                        "length": cols - meta.cols}})
    return out


def _header_looks(sheet_id: int, changes: list[CellChange]) -> list[Request]:
    """A header sheetsync adds takes the format of the table's header cell (copyPaste of the
    format only); its value is written after, without a format of its own."""
    return [{"copyPaste": {
        "source": {"sheetId": sheet_id, "startRowIndex": ch.row - 1, "endRowIndex": ch.row,
                   "startColumnIndex": ch.like - 1, "endColumnIndex": ch.like},
        "destination": {"sheetId": sheet_id, "startRowIndex": ch.row - 1, "endRowIndex": ch.row,
                        "startColumnIndex": ch.col - 1, "endColumnIndex": ch.col},
        "pasteType": "PASTE_FORMAT"}} for ch in changes if ch.like is not None]


def _widths(sheet_id: int, widths: dict[int, float]) -> list[Request]:
    return [{"updateDimensionProperties": {
        "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": c - 1,
                  "endIndex": c},
        "properties": {"pixelSize": column_pixels(w)}, "fields": "pixelSize"}}
        for c, w in sorted(widths.items())]


def _cell_runs(sheet_id: int, changes: list[CellChange]) -> list[Request]:
    """One updateCells per vertical run of changed cells: status columns change in long runs,
    so 10,000 rows of six columns become a handful of requests, not 60,000."""
    encoded = sorted(((ch.col, ch.row, cell_data(ch.new, ch.number_format, ch.fill))
                      for ch in changes),
                     key=lambda t: (t[0], t[1]))
    out: list[Request] = []
    for col, in_col in groupby(encoded, key=lambda t: t[0]):
        run: list[tuple[int, dict[str, Any]]] = []
        for _, row, data in in_col:
            if run and (row != run[-1][0] + 1 or _fields(data) != _fields(run[-1][1])):
                out.append(_update_run(sheet_id, col, run))
                run = []
            run.append((row, data))
        if run:
            out.append(_update_run(sheet_id, col, run))
    return out


def _fields(data: dict[str, Any]) -> str:
    """The value, and only the parts of the format sheetsync sets (a person's font, borders or
    a format sheetsync has no opinion on stay)."""
    fmt = data.get("userEnteredFormat", {})
    return ",".join([_VALUE, *(f"userEnteredFormat.{k}" for k in ("numberFormat",
                                                                    "backgroundColor")
                               if k in fmt)])


def _update_run(sheet_id: int, col: int, run: list[tuple[int, dict[str, Any]]]) -> Request:
    # Cells without a number format only get their value set, so a format a person chose stays.
    fields = _fields(run[0][1])
    return {"updateCells": {
        "start": {"sheetId": sheet_id, "rowIndex": run[0][0] - 1, "columnIndex": col - 1},
        "rows": [{"values": [data]} for _, data in run],
        "fields": fields,
    }}


def _append_rows(tab: SummaryTab, meta: SheetMeta, n: int) -> Request:
    first = len(tab.rows) - n + 1
    return {"appendCells": {
        "sheetId": meta.sheet_id,
        "rows": [{"values": [cell_data(v, tab.number_formats.get((r, c)), tab.fills.get((r, c)),
                                       r in tab.bold) for c, v in enumerate(row, start=1)]}
                 for r, row in enumerate(tab.rows[first - 1:], start=first)],
        "fields": "userEnteredValue,userEnteredFormat",
    }}


def _summary_requests(summary: SummaryTab, meta: SheetMeta | None,
                      used_ids: set[int]) -> list[Request]:
    rows = len(summary.rows)
    cols = max((len(r) for r in summary.rows), default=0)
    out: list[Request] = []
    if meta is None:
        meta = _new_sheet(summary.title, rows, cols, used_ids, out)
    else:
        if meta.has_merges:
            out.append({"unmergeCells": {"range": {"sheetId": meta.sheet_id}}})
        # The tab is replaced as a whole: clear every value and format, then write.
        out.append({"updateCells": {"range": {"sheetId": meta.sheet_id},
                                    "fields": "userEnteredValue,userEnteredFormat"}})
        if rows > meta.rows or cols > meta.cols:
            out.append({"updateSheetProperties": {
                "properties": {"sheetId": meta.sheet_id, "gridProperties": {
                    "rowCount": max(rows, meta.rows), "columnCount": max(cols, meta.cols)}},
                "fields": "gridProperties.rowCount,gridProperties.columnCount",
            }})
    if rows and cols:
        out.append({"updateCells": {
            "start": {"sheetId": meta.sheet_id, "rowIndex": 0, "columnIndex": 0},
            "rows": [{"values": [
                cell_data(v, summary.number_formats.get((r, c)), summary.fills.get((r, c)),
                          r in summary.bold, (r, c) in summary.right)
                for c, v in enumerate(row, start=1)
            ]} for r, row in enumerate(summary.rows, start=1)],
            "fields": "userEnteredValue,userEnteredFormat",
        }})
    out.extend(_tab_look(summary, meta.sheet_id))
    return out


def _tab_look(summary: SummaryTab, sheet_id: int) -> list[Request]:
    """Column widths and frozen rows. Print settings (landscape, fit to width) are not in the
    Sheets API: Sheets asks for them in its print dialog."""
    out: list[Request] = [
        {"updateDimensionProperties": {
            "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": i,
                      "endIndex": i + 1},
            "properties": {"pixelSize": column_pixels(width)}, "fields": "pixelSize"}}
        for i, width in enumerate(summary.widths)]
    if summary.frozen_rows:
        out.append({"updateSheetProperties": {
            "properties": {"sheetId": sheet_id,
                           "gridProperties": {"frozenRowCount": summary.frozen_rows}},
            "fields": "gridProperties.frozenRowCount"}})
    return out
