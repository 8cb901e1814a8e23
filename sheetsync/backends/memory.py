"""An in-memory backend: a Book in, the same Book with the plan applied out (tests, library use)."""

from __future__ import annotations

import copy

from sheetsync.backends.base import Backend
from sheetsync.errors import SourceError
from sheetsync.grid import Book, Grid
from sheetsync.write.writeplan import WritePlan


class MemoryBackend(Backend):
    def __init__(self, book: Book) -> None:
        self.book = book
        self.name = book.name
        self.applied: list[WritePlan] = []

    def read(self) -> Book:
        self._last_read = copy.deepcopy(self.book)
        return copy.deepcopy(self.book)

    def changed_since_read(self) -> Book | None:
        """Tests change `book` between read() and apply() the way people edit a sheet."""
        last = getattr(self, "_last_read", None)
        return None if last is None or last == self.book else self.read()

    def apply(self, plan: WritePlan) -> None:
        if plan.is_empty:
            return
        self.applied.append(plan)
        for cp in plan.copies:
            src = self.book.sheet(cp.source)
            if src is None or self.book.sheet(cp.title) is not None:
                raise SourceError(f"{self.name}: cannot copy {cp.source!r} to {cp.title!r}")
            new = copy.deepcopy(src)
            new.title = cp.title
            self.book.sheets.insert(self.book.sheets.index(src) + 1, new)
        for ch in plan.changes:
            grid = self.book.sheet(ch.sheet)
            if grid is None:
                grid = Grid(ch.sheet)
                self.book.sheets.append(grid)
            while len(grid.rows) < ch.row:
                grid.rows.append([])
            row = grid.rows[ch.row - 1]
            while len(row) < ch.col:
                row.append(None)
            row[ch.col - 1] = ch.new
        for tab_claim in plan.tab_claims:
            self.book.owned_tabs[tab_claim.role] = tab_claim.title
        for claim in plan.claims:
            grid = self.book.sheet(claim.sheet)
            if grid is not None:
                grid.owned_columns[claim.role] = claim.col
        for tab in plan.tabs:
            rows = [list(r) for r in tab.rows]
            existing = self.book.sheet(tab.title)
            charts = tuple(c.title for c in tab.charts)
            if existing is None:
                self.book.sheets.append(Grid(tab.title, rows, charts=charts))
            else:
                existing.rows = rows
                existing.merged = []
                existing.charts = charts
