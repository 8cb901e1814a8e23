"""A1 notation helpers: column letters, cell names and sheet-qualified ranges."""

from __future__ import annotations

import re

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def col_letter(col: int) -> str:
    """1 → A, 27 → AA."""
    if col < 1:
        raise ValueError(f"column must be >= 1, got {col}")
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_index(letters: str) -> int:
    """A → 1, AA → 27."""
    n = 0
    for ch in letters.upper():
        if not "A" <= ch <= "Z":
            raise ValueError(f"not a column: {letters!r}")
        n = n * 26 + ord(ch) - 64
    return n


def cell_name(row: int, col: int) -> str:
    """(14, 8) → H14."""
    return f"{col_letter(col)}{row}"


def parse_cell(name: str) -> tuple[int, int]:
    """H14 → (14, 8)."""
    m = _CELL.match(name.strip())
    if not m:
        raise ValueError(f"not a cell: {name!r}")
    return int(m.group(2)), col_index(m.group(1))


def quote_sheet(title: str) -> str:
    """Quote a sheet title for use in a range, as Sheets and Excel do ('My sheet'!A1)."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title) and not _CELL.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def sheet_cell(sheet: str, row: int, col: int) -> str:
    """Sheet-qualified cell as shown to people: OKRs!H14 (unquoted, for messages)."""
    return f"{sheet}!{cell_name(row, col)}"


def range_name(sheet: str, row1: int, col1: int, row2: int, col2: int) -> str:
    """A quoted range for API calls: 'My sheet'!A1:C3."""
    return f"{quote_sheet(sheet)}!{cell_name(row1, col1)}:{cell_name(row2, col2)}"
