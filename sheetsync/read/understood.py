"""What a read understood, per tab (SPEC §8 `check`): header rows, which column became which field.

    understood(book, tables, parsed, problems) -> list[TabReading]

For each tab of the workbook: the header row(s) read, every header cell with the field it became
(or that it was left unread), the block of columns read under a block-per-cycle header, the rows
read and the objectives, key results and check-ins that came from the tab; a tab that was not
read says why in one line. `check` prints it (cli/text.py), `check --json` gives it as data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sheetsync.a1 import col_letter
from sheetsync.grid import Book
from sheetsync.models import CheckIn, KeyResult, Objective, Problem
from sheetsync.read.table import Table

OWNED = "sheetsync's own"
WEEK = "check-in (week column)"
MORE_OWNERS = "owner (one more)"


@dataclass
class ColumnReading:
    column: str
    """Column letter, `H`."""
    header: str
    """The header as read: `Q2 / Target` under a group row."""
    field: str | None
    """The field it became (`target`), WEEK, OWNED + role, MORE_OWNERS, or None: left unread."""


@dataclass
class TabReading:
    sheet: str
    read_as: str
    """'key results', 'check-ins' or 'not read'."""
    layout: str | None = None
    header_rows: list[int] = field(default_factory=list)
    columns: list[ColumnReading] = field(default_factory=list)
    block: str | None = None
    """Under a block-per-cycle header: the block read (its label)."""
    blocks_left_out: list[str] = field(default_factory=list)
    first_row: int | None = None
    last_row: int | None = None
    rows_read: int = 0
    objectives: int = 0
    key_results: int = 0
    checkins: int = 0
    why: str | None = None
    """For a tab not read: the reason, in one line."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _columns(t: Table) -> list[ColumnReading]:
    by_col: dict[int, str] = {c: f for f, c in t.columns.items()}
    by_col.update({c: f"{OWNED} {role}" for role, c in t.owned.items() if c not in by_col})
    by_col.update({w.col: WEEK for w in t.weeks if w.col not in by_col})
    by_col.update({c: MORE_OWNERS for c in t.owner_cols if c not in by_col})
    return [ColumnReading(col_letter(c), text, by_col.get(c))
            for c, text in sorted(t.headers.items())]


def _why(sheet: str, problems: Sequence[Problem]) -> str:
    for p in problems:
        if p.sheet == sheet and p.kr_id is None and p.objective_id is None:
            return p.message
    return "nothing here reads as key results or check-ins"


def understood(book: Book, tables: Sequence[Table], objectives: Sequence[Objective],
               key_results: Sequence[KeyResult], checkins: Sequence[CheckIn],
               problems: Sequence[Problem]) -> list[TabReading]:
    """One TabReading per tab of the workbook, in tab order."""
    by_sheet = {t.sheet: t for t in tables}
    out: list[TabReading] = []
    for grid in book.sheets:
        t = by_sheet.get(grid.title)
        if t is None:
            why = _why(grid.title, problems) if grid.complete else (
                f"nothing sheetsync reads in its first {grid.n_rows:,} rows (a big tab: the "
                "rest was not read)")
            out.append(TabReading(grid.title, "not read", why=why))
            continue
        rows = [r.number for r in t.rows]
        mine = [o for o in objectives if o.source and o.source.sheet == t.sheet]
        krs = [k for k in key_results if k.source and k.source.sheet == t.sheet]
        cis = [c for c in checkins if c.source and c.source.sheet == t.sheet]
        out.append(TabReading(
            sheet=t.sheet, read_as="key results" if t.kind == "okr" else "check-ins",
            layout=t.layout,
            header_rows=[r for r in (t.group_row, t.header_row) if r is not None],
            columns=_columns(t), block=t.block,
            blocks_left_out=[b.label for b in t.blocks if b.label != t.block],
            first_row=min(rows, default=None), last_row=max(rows, default=None),
            rows_read=len(rows), objectives=len(mine), key_results=len(krs), checkins=len(cis)))
    return out
