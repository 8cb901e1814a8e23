"""Ids made from the layout (docs/layouts.md, Ids): unique across tabs, prefixed per tab."""

from __future__ import annotations

import re

from sheetsync.grid import Book
from sheetsync.read.table import Table


class Ids:
    """Every id given out in one parse, so that ids stay unique across tabs."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self._last: dict[str, int] = {}
        """stem → the last number next() gave it: every number below it is taken (ids are
        never given back), so the search starts there rather than at 1 each time."""

    def claim(self, wanted: str, prefix: str, row: int) -> str:
        for candidate in (wanted, prefix + wanted, f"{prefix}{wanted}-r{row}"):
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        raise AssertionError("a row number makes an id unique")  # pragma: no cover

    def next(self, stem: str) -> str:
        n = self._last.get(stem, 1)
        while f"{stem}{n}" in self.used:
            n += 1
        self._last[stem] = n
        self.used.add(f"{stem}{n}")
        return f"{stem}{n}"


def table_prefixes(tables: list[Table], book: Book) -> dict[str, str]:
    """Id prefix per OKR tab: none for the first, the tab title's letters and digits for the
    others ('Sprint 2' → 'Sprint2.'), or S<tab position> when that is empty or taken."""
    out: dict[str, str] = {}
    for i, t in enumerate(tables):
        slug = re.sub(r"[^0-9A-Za-z]+", "", t.sheet)
        if i == 0:
            out[t.sheet] = ""
        elif slug and f"{slug}." not in out.values():
            out[t.sheet] = f"{slug}."
        else:
            position = book.titles.index(t.sheet) + 1 if t.sheet in book.titles else i + 1
            out[t.sheet] = f"S{position}."
    return out
