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
from sheetsync.grid import Book, Grid
from sheetsync.models import Cycle, Problem
from sheetsync.read.cycle import overlaps, parse_cycle
from sheetsync.read.table import Header, Table, table_rows
from sheetsync.read.twoheader import SEP, Block
from sheetsync.read.values import is_blank

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


_MONTHS = {
    "jan": 1, "ene": 1, "janv": 1, "feb": 2, "fév": 2, "fev": 2, "mar": 3, "mär": 3, "mrt": 3,
    "apr": 4, "abr": 4, "avr": 4, "may": 5, "mai": 5, "mei": 5, "mag": 5, "jun": 6, "juin": 6,
    "giu": 6, "jul": 7, "juil": 7, "lug": 7, "aug": 8, "ago": 8, "aoû": 8, "sep": 9, "set": 9,
    "oct": 10, "out": 10, "okt": 10, "ott": 10, "nov": 11, "dec": 12, "dic": 12, "dez": 12,
    "déc": 12,
}


def _month(label: str) -> int | None:
    text = label.strip().casefold()
    if m := re.fullmatch(r"(1[0-2]|[1-9])\s*月", text):
        return int(m[1])
    for size in (4, 3):
        if len(text) >= size and text[:size] in _MONTHS and not text[size:size + 1].isdigit():
            return _MONTHS[text[:size]]
    return None


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
    if (month := _month(label)) is not None:
        span = (cycle.end.year - cycle.start.year) * 12 + cycle.end.month - cycle.start.month
        return any((cycle.start.month - 1 + i) % 12 + 1 == month for i in range(span + 1))
    return False


def _reported(t: Table, grid: Grid, b: Block) -> bool:
    col = b.columns.get("current")
    return col is not None and any(not is_blank(grid.value(r.number, col)) for r in t.rows)


def choose_block(t: Table, book: Book, config: Config, cycle: Cycle) -> Problem | None:
    """Point the table at the block of the run's cycle (else its first) and say so once."""
    grid = book.sheet(t.sheet)
    if len(t.blocks) < 2 or grid is None:
        return None
    named = {t.columns[f] for f in config.columns if f in t.columns}
    picked = next((b for b in t.blocks if any(b.first <= c <= b.last for c in named)), None)
    # Several blocks in the cycle (a block per month): the latest one with a current value.
    inside = [b for b in t.blocks if names_cycle(b.label, cycle, config)]
    latest = next((b for b in reversed(inside) if _reported(t, grid, b)), None)
    chosen = picked or latest or next(iter(inside), None)
    matched = chosen is not None
    block: Block = chosen or t.blocks[0]
    old = {c for b in t.blocks for c in b.columns.values()}
    columns = {f: c for f, c in t.columns.items() if c not in old}
    columns.update({f: c for f, c in block.columns.items() if f not in config.columns})
    columns.update({f: c for f, c in t.columns.items() if f in config.columns})
    h = Header(t.header_row, "okr", t.headers, columns, t.owned, [], t.weeks, t.named,
               upper=t.group_row, blocks=t.blocks, owner_cols=t.owner_cols)
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
