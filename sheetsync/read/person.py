"""A person's own cells on a KR row, read as input: Score, Progress / % complete, several owners.

SPEC §2b reads a person's Score or Progress as the score of a KR with nothing to measure, and §7
never writes over them; here they are only read. A share is 0–1, or 0–100 with or without `%`.
"""

from __future__ import annotations

from sheetsync.grid import CellValue
from sheetsync.read.values import BadValue, Parsing, clean_text, parse_number, show


def person_share(value: CellValue, parsing: Parsing = None) -> float:
    """0.8 from 0.8, 80%, '80 %' or 80 (a number above 1 is read as points out of 100)."""
    n = parse_number(value, parsing)
    share = n.value if n.percent or abs(n.value) <= 1 else n.value / 100
    if not 0 <= share <= 10:
        raise BadValue(f"{show(value)} is not a score or progress (use 0–1 or 0–100%)")
    return share


def owners_of(cells: list[CellValue], owner: str | None) -> list[str]:
    """Every distinct owner named on a row: its owner columns left to right, else its one owner."""
    named = [t for v in cells if (t := clean_text(v)) is not None] or ([owner] if owner else [])
    return list(dict.fromkeys(named))
