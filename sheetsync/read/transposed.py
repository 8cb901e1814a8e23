"""Grid → Table for a transposed tab: objectives across the columns, key results down the rows.

    transposed_table(grid, config) -> Table | None

The tab looks like this (one per quarter is common, with the quarter's dates in a title cell):

          A               B                     C
    4                     Grow the team         Ship the plan       ← objective titles
    5                     Our goal is ...       Our goal is ...     ← description rows (not read)
    6     KEY RESULT 1    Hire 3 engineers      Publish the plan
    7     KEY RESULT 2    Cut time-to-hire ...  (blank: no KR)

Each objective column becomes an objective row followed by its KR rows, in column order, and
every Row carries its own column (Row.cols) so that sources and problems name the exact cell.
The table has no status columns: sync writes only the summary tab for it (docs/layouts.md).
"""

from __future__ import annotations

import re

from sheetsync.config import Config
from sheetsync.grid import Grid
from sheetsync.read.table import Row, Table
from sheetsync.read.values import clean_text, is_blank

KR_LABEL = re.compile(r"(key\s*results?|kr)\s*#?\s*\d+", re.I)
"""A row label in column A: 'KEY RESULT 1', 'KR 2', 'Key result #3'."""


def kr_label_rows(grid: Grid) -> list[int]:
    """The rows whose column A reads as a key result label, top to bottom."""
    return [r for r in range(1, grid.n_rows + 1)
            if (text := clean_text(grid.value(r, 1))) and KR_LABEL.fullmatch(text)]


def _filled_right(grid: Grid, row: int) -> bool:
    cells = grid.rows[row - 1]
    return any(not is_blank(v) for v in cells[1:])


def transposed_table(grid: Grid, config: Config) -> Table | None:
    """The tab read as a transposed OKR table, or None when it is not one.

    The objective titles are the top row of the block of filled rows right above the first
    key result label (rows between them, such as 'Our goal is ...', are descriptions)."""
    labels = kr_label_rows(grid)
    if not labels or labels[0] > config.sheets.header_search_rows:
        return None
    top = labels[0]
    while top > 1 and _filled_right(grid, top - 1):
        top -= 1
    if top == labels[0]:
        return None
    titles = {c: t for c in range(2, grid.n_cols + 1)
              if isinstance(grid.value(top, c), str) and (t := clean_text(grid.value(top, c)))}
    if not titles:
        return None
    rows: list[Row] = []
    for col, title in titles.items():
        rows.append(Row(top, {"objective": title, "key_result": None}, cols={"objective": col}))
        for r in labels:
            value = grid.value(r, col)
            if not is_blank(value):
                rows.append(Row(r, {"key_result": value}, cols={"key_result": col}))
    return Table(sheet=grid.title, kind="okr", header_row=top, columns={},
                 headers={c: t for c, t in titles.items()}, owned={}, rows=rows,
                 last_col=max(titles), layout="transposed")
