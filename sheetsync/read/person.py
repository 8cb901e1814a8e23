"""Several owner columns on a KR row (`Eng Owner`, `PM Owner`): its owners, the first one the owner.

A person's own Score, Progress and Status cells are read with the kinds of key results
(read/krkinds.py); this module reads the people named on the row.
"""

from __future__ import annotations

from sheetsync.grid import CellValue
from sheetsync.read.values import clean_text


def owners_of(cells: list[CellValue], owner: str | None) -> list[str]:
    """Every distinct owner named on a row: its owner columns left to right, else its one owner."""
    named = [t for v in cells if (t := clean_text(v)) is not None] or ([owner] if owner else [])
    return list(dict.fromkeys(named))
