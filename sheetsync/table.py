"""Grid → Table: find the header row, map columns by their real-world spellings, fill merged cells.

CONTRACT (implemented below; other modules rely on these names):

    find_tables(book: Book, config: Config) -> tuple[list[Table], list[Problem]]

returns one Table per OKR tab and per check-in tab (tab order), plus problems for tabs that look
like OKRs but cannot be mapped (with a precise reason naming the sheet and what to map in config).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from sheetsync.grid import CellValue


@dataclass
class Row:
    """One data row of a table: its 1-based sheet row and its values by field name.

    Values of merged cells are filled in from the merge's top-left cell (an objective merged
    vertically over its KR rows reads on every KR row)."""

    number: int
    values: dict[str, CellValue]
    weeks: dict[int, CellValue] = field(default_factory=dict)
    """1-based column → value, for the weekly check-in columns of the table."""


@dataclass
class WeekColumn:
    """A weekly check-in column: header W1..W13 (week number) or a real date."""

    col: int
    header: str
    week: int | None = None
    date: dt.date | None = None


@dataclass
class Table:
    sheet: str
    kind: Literal["okr", "checkin"]
    header_row: int
    columns: dict[str, int]
    """field name (config.FIELDS or config.CHECKIN_FIELDS) → 1-based column."""
    headers: dict[int, str]
    """1-based column → header text as written, for every non-blank header cell."""
    owned: dict[str, int]
    """status-column role (config.StatusColumns keys) → 1-based column, where the header has it."""
    rows: list[Row]
    weeks: list[WeekColumn] = field(default_factory=list)
    last_col: int = 0
    """Rightmost non-blank header column; new status columns go after it."""
    layout: str = "flat"
    """'flat' (objective repeated per KR row), 'grouped' (objective rows then KR rows), 'merged'."""
