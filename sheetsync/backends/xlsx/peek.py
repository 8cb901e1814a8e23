"""A big worksheet looked at before it is read: its first rows, and the rest only when they
hold something sheetsync reads (read/sieve.py decides); a raw data tab is not parsed."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TYPE_CHECKING

from sheetsync.backends.xlsx.package import Package, SheetRef
from sheetsync.backends.xlsx.read import CellReader, LazyStrings, cell_reader, read_grid
from sheetsync.grid import Grid

if TYPE_CHECKING:
    from sheetsync.read.sieve import Sieve

PEEK_BYTES = 2_000_000
"""A worksheet part (uncompressed) above this size is looked at first: below it, reading it
whole costs less than deciding."""

FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
"""The start of an <f> element, in any namespace prefix: a cell holding a formula."""


class Peek:
    """Looks at the big worksheets of one package for a Sieve; sheets in WHOLE (sheetsync's
    own tabs, by its record) are always read whole."""

    def __init__(self, pkg: Package, sieve: Sieve | None, whole: Collection[str] = ()) -> None:
        self.pkg, self.sieve, self.whole = pkg, sieve, set(whole)
        self._cells: CellReader | None = None
        self._strings: LazyStrings | None = None

    def grid(self, ref: SheetRef) -> Grid | None:
        """The first rows of REF when it is big and they hold nothing sheetsync reads (the Grid
        is then marked incomplete); None: read it whole."""
        if self.sieve is None or ref.part is None or ref.name in self.whole:
            return None
        entry = self.pkg.find(ref.part)
        if entry is None or self.pkg.zip.getinfo(entry).file_size <= PEEK_BYTES:
            return None
        for rows in (self.sieve.first, self.sieve.rows):
            grid = read_grid(self.pkg, ref, self._reader(), max_row=rows)
            if self.sieve.needed(grid):
                return None
        grid.complete = False
        return grid

    def formulas(self, ref: SheetRef) -> bool:
        """Whether a tab not read whole may hold a formula (the writer then asks Excel to
        recalculate, as for any workbook with formulas): the same search as fastread.scan's."""
        assert ref.part is not None
        return any(FORMULA.search(window) for window in self.pkg.windows(ref.part))

    def _reader(self) -> CellReader:
        if self._cells is None:
            self._strings = LazyStrings(self.pkg)
            self._cells = cell_reader(self.pkg, self._strings)
        return self._cells

    def close(self) -> None:
        if self._strings is not None:
            self._strings.close()
