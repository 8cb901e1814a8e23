"""Which tabs a run needs whole: a big tab whose first rows hold nothing sheetsync reads (a raw
data tab, a pivot) is looked at there and no further (SPEC §8: check says so).

The backend reads a big tab's first `Sieve.first` rows and asks `Sieve.needed`; on a no, its
first `Sieve.rows` rows and asks again; it reads the rest only on a yes. Everything that finds
a table or says something about a tab looks at the header search window only (a form's task
header, a transposed label, an objectives header), so nothing below those rows changes what a
run reads. The answer is yes for anything that could start a table sheetsync reads,
or a message about one: a header row of key results, check-ins or objectives (or one
that comes close: two or more columns sheetsync knows), a transposed or form layout, a tab the
config names, and sheetsync's own summary and history tabs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sheetsync.config import Config
from sheetsync.grid import Grid
from sheetsync.read.form import objective_labels
from sheetsync.read.objectives_table import objectives_table, why_not_objectives
from sheetsync.read.table import TRANSPOSED, find_header
from sheetsync.read.values import clean_text

PEEK_ROWS = 1000
"""Rows looked at in a big tab before deciding (at least the header search window and more)."""


@dataclass(frozen=True)
class Sieve:
    """How many rows a backend reads first, and whether a tab so read is needed whole."""

    rows: int
    needed: Callable[[Grid], bool]
    first: int = 60
    """Rows looked at before `rows`: a tab with a table says so at its top, so a tab that is
    needed costs only these."""


def _key(title: str) -> str:
    return title.strip().casefold()


def sieve(config: Config) -> Sieve:
    """The Sieve for a run with CONFIG."""
    named = {_key(t) for t in (*config.sheets.okr, *config.sheets.checkins,
                               config.output.summary_tab, config.output.history_tab)}
    if config.company is not None:
        named.add(_key(config.company.summary_tab))
    window = config.sheets.header_search_rows

    def needed(grid: Grid) -> bool:
        if _key(grid.title) in named:
            return True
        header, near = find_header(grid, {"okr", "checkin"}, False, config)
        if header is not None or (near is not None and len(near.columns) >= 2):
            return True
        if any((t := clean_text(grid.value(r, 1))) and TRANSPOSED.fullmatch(t)
               for r in range(1, min(grid.n_rows, window) + 1)):
            return True
        if objective_labels(grid):
            return True
        return objectives_table(grid, config) is not None or \
            why_not_objectives(grid, config) is not None

    return Sieve(max(PEEK_ROWS, 2 * window), needed, first=2 * window)
