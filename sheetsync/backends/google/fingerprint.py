"""The sync fingerprint in Google Sheets: spreadsheet-level developer metadata, checked after the
one read and before any parsing (docs/benchmarks.md, The no-op sync).

A Google sync has to read the cells to know anything, so the fingerprint here saves the parse,
the scoring and the plan of a sync with nothing to do, not a request. It covers the run key and
the Book as Sheets will return it after the write: sheetsync predicts that Book from the one it
read and the plan (`after_write`). A prediction that misses (a person's formula over sheetsync's
cells, a volatile formula) costs the full path on the next run, never a wrong skip: any
difference in what is read makes the digests differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from typing import Any

from sheetsync.backends.google.codec import user_entered_value
from sheetsync.grid import Book, CellValue, Grid
from sheetsync.write.fingerprint import PendingFingerprint, book_digest
from sheetsync.write.summary_charts import CHART_TITLES
from sheetsync.write.writeplan import CellChange, SummaryTab, WritePlan

KEY = "sheetsync.fingerprint"
"""The developer metadata key, on the spreadsheet itself (codec.BOOK_FIELDS reads it)."""


def recorded(metadata: dict[str, Any]) -> tuple[int, str] | None:
    """(metadataId, value) of the fingerprint a read's answer holds, if any."""
    for meta in metadata.get("developerMetadata", []):
        if meta.get("metadataKey") == KEY and isinstance(meta.get("metadataValue"), str):
            return int(meta.get("metadataId", 0)), str(meta["metadataValue"])
    return None


def read_back(value: CellValue) -> CellValue:
    """What a read gives for a cell sheetsync wrote VALUE into (codec.user_entered_value)."""
    uev = user_entered_value(value)
    if uev is None:
        return None
    if "boolValue" in uev:
        return bool(uev["boolValue"])
    if "numberValue" in uev:
        number: CellValue = uev["numberValue"]
        return number
    return str(uev["stringValue"]) or None


def _set(grid: Grid, row: int, col: int, value: CellValue) -> None:
    while len(grid.rows) < row:
        grid.rows.append([])
    cells = grid.rows[row - 1] = list(grid.rows[row - 1])
    while len(cells) < col:
        cells.append(None)
    cells[col - 1] = value


def _data_rows(rows: list[list[CellValue]]) -> list[list[CellValue]]:
    """ROWS without the trailing rows that hold nothing (where appendCells starts)."""
    end = len(rows)
    while end and all(v is None for v in rows[end - 1]):
        end -= 1
    return rows[:end]


def after_write(book: Book, plan: WritePlan, changes: Sequence[CellChange] | None = None,
                tabs: Sequence[SummaryTab] | None = None) -> Book:
    """BOOK as a read will give it once PLAN is written (a sync plan: no tab copies). CHANGES
    and TABS: the ones the write sends, when it leaves out some the sheet already shows (by
    default all of the plan's)."""
    out = Book(book.name, [copy(g) for g in book.sheets], dict(book.owned_tabs))
    for grid in out.sheets:
        grid.rows = list(grid.rows)
        grid.owned_columns = dict(grid.owned_columns)

    def tab(title: str) -> Grid:
        grid = out.sheet(title)
        if grid is None:
            grid = Grid(title)
            out.sheets.append(grid)
        return grid

    for ch in plan.changes if changes is None else changes:
        _set(tab(ch.sheet), ch.row, ch.col, read_back(ch.new))
    for whole in plan.tabs if tabs is None else tabs:
        grid = tab(whole.title)
        new = [[read_back(v) for v in row] for row in whole.rows]
        if whole is plan.history and plan.history_new and grid.rows:
            grid.rows = _data_rows(grid.rows) + new[len(new) - plan.history_new:]
            continue
        grid.rows, grid.merged = new, []
        own = set(CHART_TITLES) | {c.title for c in whole.charts}
        grid.charts = tuple([t for t in grid.charts if t not in own]
                            + [c.title for c in whole.charts])
    for claim in plan.claims:
        tab(claim.sheet).owned_columns[claim.role] = claim.col
    for tab_claim in plan.tab_claims:
        out.owned_tabs[tab_claim.role] = tab_claim.title
    return out


def fingerprint_requests(book: Book, plan: WritePlan, pending: PendingFingerprint | None,
                         existing: tuple[int, str] | None, changes: Sequence[CellChange],
                         tabs: Sequence[SummaryTab]) -> list[dict[str, Any]]:
    """The requests that record PENDING over the Book this write leaves (CHANGES and TABS are
    what it sends), or take an old fingerprint out when PENDING is None or the plan copies
    tabs; they go in the write's batch."""
    if pending is None or plan.copies:
        if existing is None:
            return []
        return [{"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": {
            "metadataId": existing[0]}}}}]
    text = pending.over(book_digest(after_write(book, plan, changes, tabs))).text()
    if existing is not None:
        return [{"updateDeveloperMetadata": {
            "dataFilters": [{"developerMetadataLookup": {"metadataId": existing[0]}}],
            "developerMetadata": {"metadataValue": text}, "fields": "metadataValue"}}]
    return [{"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": KEY, "metadataValue": text, "visibility": "DOCUMENT",
        "location": {"spreadsheet": True}}}}]
