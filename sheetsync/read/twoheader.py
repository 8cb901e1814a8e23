"""Two-row headers: a group row (`Q1`, `Q2` … merged over sub-headers) read with the row below it.

    two_row(grid, row, texts) -> TwoRow | None

A header row whose row above holds group labels over its columns (merged across, or a period
label such as `Q1` followed by blank cells) is read as one header: the columns under a group are
named `Q1 / Target`, and a cell left blank under a label that is not a group (an `Objective`
merged down through both rows) takes the label. A title merged across the whole table is not a
group. Groups that repeat the same fields are blocks, one per cycle (read/blocks.py picks one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sheetsync.grid import Grid
from sheetsync.read.headers import TableKind, match
from sheetsync.read.values import clean_text

SEP = " / "
"""Between a group label and its sub-header: `Q1 / Target` (also how [columns] names it)."""

_PERIOD = re.compile(
    r"(?:(?:fy|cy)\s*'?\d{2,4}\s*[-/ ]?\s*)?"
    r"(?:[qhtsk][1-4]|[1-4]\s*[qt]|(?:quarter|trimestre|quartal|kwartaal|trimestre|semestre|"
    r"half)\s*[1-4]|[1-4]\s*(?:st|nd|rd|th|er|e|º|°|o|ª|\.)?\s*(?:quarter|trimestre|quartal|"
    r"kwartaal|semestre|half)|第?[一二三四1-4]\s*季度?|(?:19|20)\d{2}|"
    r"jan\w*|feb\w*|mar\w*|apr\w*|may\w*|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|"
    r"ene\w*|abr\w*|ago\w*|dic\w*|set\w*|out\w*|dez\w*|mai\w*|okt\w*|mär\w*|févr\w*|avr\w*|"
    r"juil\w*|août|déc\w*|mrt|mei|[1-9]\s*月|1[0-2]\s*月)"
    r"(?:\s*[-/ ]?\s*(?:fy|cy)?\s*'?\d{2,4})?", re.I)


def is_period(label: str) -> bool:
    """A group label that names a period: Q1, T2, 2026-Q3, Trimestre 1, 1er trimestre, H1, 2026."""
    return _PERIOD.fullmatch(label.strip()) is not None


@dataclass(frozen=True)
class Group:
    label: str
    first: int
    last: int
    """1-based columns the group spans, inclusive."""


@dataclass
class TwoRow:
    upper: int
    """The group row (1-based), the row above the header row."""
    names: dict[int, str]
    """column → the header as shown: `Q1 / Target`, or the label merged down from above."""
    subs: dict[int, str]
    """column → the text its field is recognised by: the sub-header, else the label above."""
    groups: list[Group] = field(default_factory=list)


def _spans(grid: Grid, upper: int, lower: dict[int, str]) -> list[Group]:
    """The groups of the row above: merged across, or a period label followed by blanks."""
    cells = grid.rows[upper - 1]
    labels = {c: t for c, v in enumerate(cells, 1) if (t := clean_text(v)) is not None}
    merged = {m.min_col: m.max_col for m in grid.merged
              if m.min_row == upper and m.max_col > m.min_col}
    groups: list[Group] = []
    last_col = max([*lower, *labels], default=0)
    for col in sorted(labels):
        label = labels[col]
        if col in merged:
            end = merged[col]
        elif is_period(label):
            end = min([c for c in labels if c > col], default=last_col + 1) - 1
        else:
            continue
        if sum(1 for c in lower if col <= c <= end) >= 2:
            groups.append(Group(label, col, end))
    return groups


def two_row(grid: Grid, row: int, lower: dict[int, str]) -> TwoRow | None:
    """The header of `row` read with the group row above it, or None when there is none."""
    if row < 2 or len(lower) < 2:
        return None
    upper = row - 1
    groups = _spans(grid, upper, lower)
    covered = [c for c in lower if any(g.first <= c <= g.last for g in groups)]
    if len(groups) == 1 and (len(covered) == len(lower) or (
            groups[0].first <= min(lower) and not is_period(groups[0].label))):
        groups = []  # a title merged across the table (or from its first column), not a group
    down = {m.min_col for m in grid.merged
            if m.min_row == upper and m.max_row >= row and m.min_col == m.max_col}
    above = {c: t for c, v in enumerate(grid.rows[upper - 1], 1)
             if (t := clean_text(v)) is not None and isinstance(v, str)}
    names: dict[int, str] = {}
    subs: dict[int, str] = {}
    for col in sorted(set(lower) | set(above)):
        group = next((g for g in groups if g.first <= col <= g.last), None)
        if col in lower and group is not None:
            names[col], subs[col] = f"{group.label}{SEP}{lower[col]}", lower[col]
        elif col in lower:
            names[col] = subs[col] = lower[col]
        elif col in above and group is None and (groups or col in down):
            names[col] = subs[col] = above[col]
    if not groups and names == lower:
        return None
    return TwoRow(upper, names, subs, groups)


BLOCK_FIELDS = frozenset({"baseline", "target", "current", "confidence", "weight", "due",
                          "note", "person_score", "person_progress", "person_status"})
"""Fields a block per cycle repeats; the others (objective, key result, owner) are shared."""


@dataclass(frozen=True)
class Block:
    """The columns of one group that repeats the fields of another: one cycle's numbers."""

    label: str
    first: int
    last: int
    columns: dict[str, int]


def blocks_of(two: TwoRow, kind: TableKind) -> list[Block]:
    """The groups that repeat fields of another group (two or more), else none."""
    found: list[Block] = []
    for g in two.groups:
        columns: dict[str, int] = {}
        for col in range(g.first, g.last + 1):
            hit = match(two.subs[col], kind) if col in two.subs else None
            if hit is not None and hit[0] in BLOCK_FIELDS and hit[0] not in columns:
                columns[hit[0]] = col
        if columns:
            found.append(Block(g.label, g.first, g.last, columns))
    shared = [b for b in found
              if any(set(b.columns) & set(o.columns) for o in found if o is not b)]
    return shared if len(shared) >= 2 else []
