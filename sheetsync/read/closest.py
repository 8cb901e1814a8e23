"""When no OKR table is found: the tab that came closest and the `[columns]` lines to map it.

    closest_tab(book, config, skip) -> Closest | None

The closest tab is the one whose best header row names the most fields. The lines propose, for
the fields a KR table needs and the header lacks, the tab's own columns that look like them: the
text column with the most distinct values for `key_result`, a text column whose values repeat for
`objective`, unmapped number columns for `target` then `current`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sheetsync.config import Config
from sheetsync.grid import Book, Grid
from sheetsync.read.objectives_table import why_not_objectives
from sheetsync.read.table import Header, header_at
from sheetsync.read.values import BadValue, clean_text, is_blank, parse_number

_SAMPLE = 50
"""Data rows looked at to tell text columns from number columns."""


@dataclass
class Closest:
    sheet: str
    header: Header
    lines: list[str]
    """`key_result = "Indicator"` …: the [columns] lines that would map the tab."""
    why: str | None
    """Why its rows were not read as objectives, when it has an Objective column."""

    def describe(self) -> str:
        shown = ", ".join(list(self.header.texts.values())[:10])
        text = (f"the tab that came closest is '{self.sheet}' (header on row {self.header.row}: "
                f"{shown})")
        if self.why:
            text += f", not read as objectives: {self.why}"
        if self.lines:
            text += "; if it holds key results, map it in config: [columns] " + "; ".join(
                self.lines)
        return text


def _profile(grid: Grid, h: Header) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """Per unmapped column: text cells, distinct texts, number cells in the first data rows."""
    used = set(h.columns.values()) | set(h.owned.values())
    texts: dict[int, int] = {}
    distinct: dict[int, set[str]] = {}
    numbers: dict[int, int] = {}
    last = min(grid.n_rows, h.row + _SAMPLE)
    for col in h.texts:
        if col in used:
            continue
        for r in range(h.row + 1, last + 1):
            v = grid.value(r, col)
            if is_blank(v):
                continue
            try:
                parse_number(v)
                numbers[col] = numbers.get(col, 0) + 1
            except BadValue:
                if isinstance(v, str):
                    texts[col] = texts.get(col, 0) + 1
                    distinct.setdefault(col, set()).add(clean_text(v) or "")
    return texts, {c: len(d) for c, d in distinct.items()}, numbers


def _lines(grid: Grid, h: Header) -> list[str]:
    texts, distinct, numbers = _profile(grid, h)
    words = [c for c in texts if texts[c] >= numbers.get(c, 0)]
    lines: dict[str, int] = {}
    if "key_result" not in h.columns and words:
        lines["key_result"] = max(words, key=lambda c: (distinct[c], -c))
    left = [c for c in words if c not in lines.values() and distinct[c] < texts[c]]
    if "objective" not in h.columns and left:
        lines["objective"] = min(left, key=lambda c: (distinct[c], c))
    counted = sorted(c for c in numbers if numbers[c] > texts.get(c, 0))
    for field in ("target", "current"):
        if field not in h.columns and counted:
            lines[field] = counted.pop(0)
    return [f'{f} = "{h.texts[c]}"' for f, c in lines.items()]


def closest_tab(book: Book, config: Config, skip: set[str]) -> Closest | None:
    """The tab whose header names the most fields, with the lines that would map it."""
    best: tuple[int, Grid, Header] | None = None
    for grid in book.sheets:
        if grid.title in skip:
            continue
        for row in range(1, min(grid.n_rows, config.sheets.header_search_rows) + 1):
            h = header_at(grid, row, config)[0]
            score = len(h.columns) * 2 + len(h.texts) // 4
            if h.texts and (best is None or score > best[0]):
                best = (score, grid, h)
    if best is None or not best[2].columns:
        return None
    _, grid, h = best
    return Closest(grid.title, h, _lines(grid, h), why_not_objectives(grid, config))
