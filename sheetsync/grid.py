"""Raw cell values as a backend reads them: a Grid per sheet, a Book per workbook."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#ERROR!"}
)


@dataclass(frozen=True)
class CellError:
    """A formula cell whose cached value is an error such as #DIV/0!."""

    code: str

    def __str__(self) -> str:
        return self.code


CellValue = None | str | int | float | bool | dt.date | dt.datetime | CellError


@dataclass(frozen=True)
class MergedRange:
    """An inclusive, 1-based merged block; only its top-left cell holds the value."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    def contains(self, row: int, col: int) -> bool:
        return self.min_row <= row <= self.max_row and self.min_col <= col <= self.max_col


@dataclass
class Grid:
    """One sheet's cell values; rows may be ragged and trailing blanks may be missing."""

    title: str
    rows: list[list[CellValue]] = field(default_factory=list)
    merged: list[MergedRange] = field(default_factory=list)
    hidden: bool = False
    charts: tuple[str, ...] = ()
    """Titles of the charts drawn on the sheet, so a sync sees when one of its own is gone."""
    owned_columns: dict[str, int] = field(default_factory=dict)
    """sheetsync's own record (SPEC §7), as the backend read it: status-column role → the
    1-based column sheetsync created (or was handed) on this tab; it follows people's edits."""
    complete: bool = True
    """False when only the tab's first rows were read: a big tab in which they hold nothing
    sheetsync reads (read/sieve.py); its other rows are not in `rows`."""

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, col: int) -> CellValue:
        """The value at a 1-based (row, col); None outside the data."""
        if row < 1 or col < 1 or row > len(self.rows):
            return None
        r = self.rows[row - 1]
        return r[col - 1] if col <= len(r) else None

    def merged_value(self, row: int, col: int) -> CellValue:
        """The value shown at (row, col): the top-left value when the cell is inside a merge."""
        for m in self.merged:
            if m.contains(row, col):
                return self.value(m.min_row, m.min_col)
        return self.value(row, col)


@dataclass
class Book:
    """Every sheet of one workbook or spreadsheet, in tab order."""

    name: str
    sheets: list[Grid] = field(default_factory=list)
    owned_tabs: dict[str, str] = field(default_factory=dict)
    """sheetsync's record of the tabs it created: role ("summary", "history") → current title."""

    def sheet(self, title: str) -> Grid | None:
        for g in self.sheets:
            if g.title == title:
                return g
        return None

    @property
    def titles(self) -> list[str]:
        return [g.title for g in self.sheets]
