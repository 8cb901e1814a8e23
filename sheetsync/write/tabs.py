"""Which tabs are sheetsync's (SPEC §7): the summary and history tabs it made, found by its record
in the workbook even when renamed; a person's tab of the same name is never replaced."""

from __future__ import annotations

from collections.abc import Callable

from sheetsync.config import Config
from sheetsync.grid import Book, Grid
from sheetsync.write.cellcompare import normalize
from sheetsync.write.writeplan import TabClaim

Looks = Callable[[Grid], bool]
"""Whether a tab that is not in the record reads as one an earlier release made."""


def starts_with(*cells: str) -> Looks:
    """A tab whose first cells (A1, A2, ... down column A) are these texts."""
    def looks(grid: Grid) -> bool:
        return all(normalize(grid.value(i, 1)) == text for i, text in enumerate(cells, 1))
    return looks


def header_is(header: list[str]) -> Looks:
    """A tab whose first row is this header."""
    def looks(grid: Grid) -> bool:
        return [normalize(grid.value(1, c)) for c in range(1, len(header) + 1)] == header
    return looks


def own_tab(role: str, wanted: str, book: Book, looks: Looks,
            config: Config) -> tuple[str | None, TabClaim | None]:
    """(title to write, record to add) for sheetsync's tab ROLE, configured as WANTED.

    Its record wins (a tab a person renamed is still sheetsync's). Without one, a tab named
    WANTED is taken when it is empty or reads as an earlier release's; else it is a person's
    and sheetsync uses WANTED plus the taken suffix; None when that name is a person's too."""
    recorded = book.owned_tabs.get(role)
    if recorded is not None and book.sheet(recorded) is not None:
        return recorded, None
    for title in (wanted, wanted + config.output.columns.taken_suffix):
        grid = book.sheet(title)
        if grid is None:
            return title, TabClaim(role, title)
        if not grid.rows or looks(grid):
            return title, TabClaim(role, title, "made by an earlier release")
    return None, None
