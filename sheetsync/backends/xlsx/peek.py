"""A big worksheet looked at before it is read: its first rows, and the rest only when they
hold something sheetsync reads (read/sieve.py decides); a raw data tab is not parsed."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from sheetsync.backends.xlsx.package import Package, SheetRef
from sheetsync.backends.xlsx.read import CellReader, LazyStrings, read_grid
from sheetsync.backends.xlsx.styles import StyleBook
from sheetsync.grid import Grid

if TYPE_CHECKING:
    from sheetsync.read.sieve import Sieve

PEEK_BYTES = 2_000_000
"""A worksheet part (uncompressed) above this size is looked at first: below it, reading it
whole costs less than deciding."""

_FORMULA_CLUES = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/")
_OVERLAP = 8


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
        recalculate, as for any workbook with formulas): a byte search over the part."""
        assert ref.part is not None
        tail = b""
        with self.pkg.open(ref.part) as stream:
            while chunk := stream.read(1 << 20):
                window = tail + chunk
                if any(clue in window for clue in _FORMULA_CLUES):
                    return True
                tail = window[-_OVERLAP:]
        return False

    def _reader(self) -> CellReader:
        if self._cells is None:
            pkg = self.pkg
            styles = StyleBook(pkg.read(pkg.styles_part) if pkg.styles_part else None,
                               f"{pkg.path}: {pkg.styles_part}")
            self._strings = LazyStrings(pkg)
            self._cells = CellReader(self._strings, styles, pkg.date1904)
        return self._cells

    def close(self) -> None:
        if self._strings is not None:
            self._strings.close()
