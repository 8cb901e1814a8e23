"""Grid → Table rows for a form tab: an 'Objective 1:' label row, then that objective's task table.

    form_rows(grid, header_row, columns) -> list[Row] | None
    form_hint(grid, config) -> str | None

A personal objectives form looks like this (title and name fields above, a signature block below):

          B                   C
    9     Objective 1:        Grow the partner channel      ← label, title beside it
    11    Tasks to reach objective 1:                       ← a caption (not read)
    12    No | Task | Period | Expected result | ...       ← the task table's header
    13    1  | Sign 3 resellers | ...                       ← a key result per task
    18    (empty row: the table ends)
    19    Objective 2:        ...                           ← the next objective, same header

The tab is a form when an objective label sits above the first header. Task rows run from a
header row (the first one, or the same header repeated) down to the first empty row; merged
cells count as filled, so tasks merged over two rows stay one task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sheetsync.a1 import cell_name
from sheetsync.config import Config
from sheetsync.grid import CellValue, Grid
from sheetsync.read.headers import normalize
from sheetsync.read.table import Row, vertical_fill
from sheetsync.read.values import clean_text, is_blank

LABEL = re.compile(
    r"(?:objective|obj\.?|goal|mục\s*tiêu|muc\s*tieu|objetivo|objectif|ziel)\s*#?\s*\d+"
    r"\s*[:.)\-–]?", re.I)
"""A cell that is only an objective label: 'Objective 1:', 'Mục tiêu 2:', 'Goal #3'."""
_PLACEHOLDER = re.compile(r"[\s.…_\-–]*")


@dataclass(frozen=True)
class Label:
    """An objective label row: where the label is, and the title (beside it, else the label)."""

    col: int
    text: str
    title_col: int
    title: str


def objective_labels(grid: Grid) -> dict[int, Label]:
    """Row → Label for each row whose first filled cell is an objective label."""
    found: dict[int, Label] = {}
    for r, cells in enumerate(grid.rows, 1):
        first = next((c for c, v in enumerate(cells, 1) if not is_blank(v)), None)
        if first is None or not isinstance(cells[first - 1], str):
            continue
        text = clean_text(cells[first - 1]) or ""
        if not LABEL.fullmatch(text):
            continue
        beside = next(((c, t) for c in range(first + 1, len(cells) + 1)
                       if isinstance(cells[c - 1], str) and (t := clean_text(cells[c - 1]))),
                      None)
        col, title = beside or (first, text.rstrip(" :.)-–"))
        found[r] = Label(first, text, col, title)
    return found


def _empty(grid: Grid, row: int) -> bool:
    """No value in the row, counting the cells a merge from above covers."""
    if any(not is_blank(v) for v in (grid.rows[row - 1] if row <= grid.n_rows else [])):
        return False
    return not any(m.min_row < row <= m.max_row and not is_blank(grid.value(m.min_row, m.min_col))
                   for m in grid.merged)


def form_rows(grid: Grid, header_row: int, columns: dict[str, int]) -> list[Row] | None:
    """The objective rows and task rows of a form tab; None when the tab is not a form."""
    labels = objective_labels(grid)
    if "key_result" not in columns or not any(r < header_row for r in labels):
        return None
    kr_col = columns["key_result"]
    header_key = normalize(clean_text(grid.value(header_row, kr_col)) or "")
    fill = vertical_fill(grid, header_row)
    rows: list[Row] = []
    in_table = False
    for r in range(1, grid.n_rows + 1):
        if r in labels:
            rows.append(Row(r, {"objective": labels[r].title, "key_result": None},
                            cols={"objective": labels[r].title_col}))
            in_table = False
        elif r >= header_row and normalize(clean_text(grid.value(r, kr_col)) or "") == header_key:
            in_table = True
        elif in_table and _empty(grid, r):
            in_table = False
        elif in_table:
            values: dict[str, CellValue] = {
                f: grid.value(r, c) if f in ("key_result", "id") or not is_blank(
                    grid.value(r, c)) else fill.get((r, c)) for f, c in columns.items()}
            task = clean_text(values.get("key_result"))
            if task is not None and not _PLACEHOLDER.fullmatch(task):
                rows.append(Row(r, values))
    return rows


def form_hint(grid: Grid, config: Config) -> str | None:
    """Why a form tab gave no table, and what to map: None when the tab is not a form."""
    limit = config.sheets.header_search_rows
    for r, label in sorted(objective_labels(grid).items()):
        for below in range(r + 1, min(r + 5, limit, grid.n_rows) + 1):
            texts = [t for v in grid.rows[below - 1] if isinstance(v, str) and (t := clean_text(v))]
            if len(texts) < 3:
                continue
            shown = ", ".join(texts[:8]) + (", ..." if len(texts) > 8 else "")
            return (f"sheet '{grid.title}' is a form: '{label.text}' ({cell_name(r, label.col)}) "
                    f"starts an objective and its task table has the header on row {below} "
                    f'({shown}); name the task column in config: [columns] key_result = "..."')
    return None
