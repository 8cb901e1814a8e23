"""The width of each column a plan adds to a KR table: its header and values fit; pure."""

from __future__ import annotations

from collections import defaultdict

from sheetsync.write.summary_layout import shown_width
from sheetsync.write.writeplan import CellChange

MIN_WIDTH, MAX_WIDTH = 8.0, 40.0
HEADER_PAD = 3
"""Room beside a header for the bold face and a filter button."""


def added_widths(changes: list[CellChange]) -> dict[tuple[str, int], float]:
    """(sheet, column) → characters, for every column whose header this plan writes (a change
    that takes the table header's look); long text (problems) is capped at MAX_WIDTH."""
    added = {(ch.sheet, ch.col): ch for ch in changes if ch.like is not None}
    shown: dict[tuple[str, int], int] = defaultdict(int)
    for ch in changes:
        key = (ch.sheet, ch.col)
        if key in added and ch is not added[key]:
            shown[key] = max(shown[key], shown_width(ch.new, ch.number_format))
    out = {}
    for key, header in added.items():
        width = max(len(str(header.new or "")) + HEADER_PAD, shown[key] + 2, MIN_WIDTH)
        out[key] = float(min(width, MAX_WIDTH))
    return out
