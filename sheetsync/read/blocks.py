"""A block of columns per cycle (`Q1` over `Baseline | Real | Target`, then `Q2` …): the run's one.

    choose_block(table, book, config, cycle) -> Problem | None

find.py reads such a table with its first block's columns; once the run's cycle is known, parse.py
calls choose_block, which points the table's columns at the block whose label names that cycle
(`Q2`, `T2`, `2026-Q2`, `2º trimestre`, `第二季度`) and reads its rows again, so every value and
every written cell names the chosen block's cells. The other blocks are left out with a warning
that says how to read another one.
"""

from __future__ import annotations

import re

from sheetsync.a1 import cell_name
from sheetsync.config import Config
from sheetsync.grid import Book
from sheetsync.models import Cycle, Problem
from sheetsync.read.cycle import overlaps, parse_cycle
from sheetsync.read.table import Header, Table, table_rows
from sheetsync.read.twoheader import SEP, Block

_CHINESE = {"一": 1, "二": 2, "三": 3, "四": 4}
_QUARTER = re.compile(
    r"^(?:.*?\b)?(?:q|t|k|quarter|trimestre|quartal|kwartaal)\s*([1-4])\b"
    r"|^([1-4])\s*(?:st|nd|rd|th|er|e|º|°|o|ª|\.)?\s*(?:q|t|quarter|trimestre|quartal|kwartaal)\b"
    r"|第?([一二三四1-4])\s*季", re.I)
_HALF = re.compile(r"^(?:.*?\b)?(?:h|s|half|semestre|halbjahr)\s*([12])\b"
                   r"|^([12])\s*(?:st|nd|er|e|º|°|o|ª|\.)?\s*(?:h|half|semestre|halbjahr)\b", re.I)


def _index(label: str, pattern: re.Pattern[str]) -> int | None:
    m = pattern.search(label.strip())
    if m is None:
        return None
    digit = next(g for g in m.groups() if g)
    return _CHINESE.get(digit) or int(digit)


def names_cycle(label: str, cycle: Cycle, config: Config) -> bool:
    """Whether a block's label names the run's cycle: `Q2 2026` by its dates, a bare `Q2` or
    `T2` by its place in the (fiscal) year."""
    found = parse_cycle(label, config, whole_years=True)
    if found is not None:
        return overlaps(found, cycle) and found.start <= cycle.start <= found.end
    months = (cycle.start.month - config.cycle.fiscal_start_month) % 12
    if (q := _index(label, _QUARTER)) is not None:
        return q == months // 3 + 1
    if (h := _index(label, _HALF)) is not None:
        return h == months // 6 + 1
    return False


def choose_block(t: Table, book: Book, config: Config, cycle: Cycle) -> Problem | None:
    """Point the table at the block of the run's cycle (else its first) and say so once."""
    grid = book.sheet(t.sheet)
    if len(t.blocks) < 2 or grid is None:
        return None
    named = {t.columns[f] for f in config.columns if f in t.columns}
    picked = next((b for b in t.blocks if any(b.first <= c <= b.last for c in named)), None)
    chosen = picked or next((b for b in t.blocks if names_cycle(b.label, cycle, config)), None)
    matched = chosen is not None
    block: Block = chosen or t.blocks[0]
    old = {c for b in t.blocks for c in b.columns.values()}
    columns = {f: c for f, c in t.columns.items() if c not in old}
    columns.update({f: c for f, c in block.columns.items() if f not in config.columns})
    columns.update({f: c for f, c in t.columns.items() if f in config.columns})
    h = Header(t.header_row, "okr", t.headers, columns, t.owned, [], t.weeks, t.group_row,
               t.blocks, t.owner_cols)
    t.rows, t.layout = table_rows(grid, h)
    t.columns, t.block = columns, block.label
    if picked is not None:
        return None  # the config names this block's columns: nothing to say
    others = ", ".join(b.label for b in t.blocks if b is not block)
    why = (f"the block of this run's cycle {cycle.name}" if matched else
           f"no block names this run's cycle {cycle.name}, so the first one is read")
    field = next(iter(block.columns))
    sub = t.headers.get(block.columns[field], "").split(SEP)[-1]
    return Problem(
        severity="warning", workbook=book.name, sheet=t.sheet,
        cell=cell_name(t.group_row or t.header_row, block.first),
        message=(f"sheet '{t.sheet}' has a block of columns per cycle; {block.label} is read "
                 f"({why}) and {others} left out; to read another, run with --as-of a date in "
                 f'it, set [cycle] name, or name its columns in config: [columns] {field} = '
                 f'"{others.split(", ")[0]}{SEP}{sub}"'))
