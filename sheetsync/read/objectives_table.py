"""Grid → Table for a tab of objectives only (an ID and an Objective column, no key results): the
company objectives that team objectives align to, scored from those team objectives.

Read only when no tab of the workbook has a Key Result column, so a tab of notes that happens to
have an Objective header never turns into OKRs next to a real KR table; and only when its rows
are objectives (read/evidence.py), so an action list or a KPI scorecard is not read as dozens."""

from __future__ import annotations

from sheetsync.config import Config
from sheetsync.grid import Grid
from sheetsync.read.evidence import not_objectives
from sheetsync.read.table import Row, Table, header_at, vertical_fill
from sheetsync.read.values import clean_text, is_blank

LAYOUT = "objectives"
OBJECTIVE_FIELDS = ("objective", "objective_id", "owner", "team", "level", "parent", "type",
                    "cycle")


def _read(grid: Grid, config: Config) -> tuple[Table, str | None] | None:
    """The tab as a table of objective rows, and why its rows are not objectives (or None)."""
    for row in range(1, min(grid.n_rows, config.sheets.header_search_rows) + 1):
        h = header_at(grid, row, config)[0]
        columns = dict(h.columns)
        if "key_result" in columns or "objective" not in columns:
            continue
        if "objective_id" not in columns and "id" in columns:
            # With no key results on the tab, its ID column can only name the objectives.
            columns["objective_id"] = columns.pop("id")
        if "objective_id" not in columns:
            continue
        every = dict(columns)
        columns = {f: c for f, c in columns.items() if f in OBJECTIVE_FIELDS}
        fill = vertical_fill(grid, row)
        rows = []
        for r in range(row + 1, grid.n_rows + 1):
            values = {f: fill.get((r, c), grid.value(r, c)) for f, c in columns.items()}
            if clean_text(values.get("objective")) is None and is_blank(
                    values.get("objective_id")):
                continue
            rows.append(Row(r, values))
        table = Table(sheet=grid.title, kind="okr", header_row=row, columns=columns,
                      headers=dict(h.texts), owned=dict(h.owned), rows=rows,
                      last_col=max(h.texts, default=0), layout=LAYOUT, named=dict(h.named))
        return table, not_objectives(h.texts, every, rows)
    return None


def objectives_table(grid: Grid, config: Config) -> Table | None:
    """The tab as a table of objective rows, or None when no header row has both an objective
    id column (Objective ID, OKR ID, or a plain ID) and an Objective column, or when its rows
    are not objectives (read/evidence.py: an action list, a KPI scorecard)."""
    found = _read(grid, config)
    return found[0] if found is not None and found[1] is None else None


def why_not_objectives(grid: Grid, config: Config) -> str | None:
    """Why a tab with ID and Objective columns is not read as objectives, or None."""
    found = _read(grid, config)
    return found[1] if found is not None else None
