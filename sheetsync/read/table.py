"""Grid → Table types and header finding: the header row, columns mapped by their spellings, rows.

The layouts (form, transposed, objectives-only) build on these types; read/find.py picks the
layout of each tab and returns the tables (find_tables). The column aliases live in headers.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from sheetsync.config import Config
from sheetsync.grid import CellValue, Grid
from sheetsync.read.headers import TableKind, map_headers, match, normalize
from sheetsync.read.twoheader import Block, blocks_of, two_row
from sheetsync.read.values import BadValue, clean_text, is_blank, looks_like_serial_date, parse_date


@dataclass
class Row:
    """One data row of a table: its 1-based sheet row and its values by field name.

    Values of merged cells are filled in from the merge's top-left cell (an objective merged
    vertically over its KR rows reads on every KR row)."""

    number: int
    values: dict[str, CellValue]
    weeks: dict[int, CellValue] = field(default_factory=dict)
    """1-based column → value, for the weekly check-in columns of the table."""
    cols: dict[str, int] = field(default_factory=dict)
    """field name → 1-based column, for a row whose cells are not under the table's columns
    (a transposed table, where each objective has its own column)."""
    owners: list[CellValue] = field(default_factory=list)
    """Every owner cell of the row, left to right, when the table has several owner columns."""


@dataclass
class WeekColumn:
    """A weekly check-in column: header W1..W13 (week number) or a real date."""

    col: int
    header: str
    week: int | None = None
    date: dt.date | None = None


@dataclass
class Table:
    sheet: str
    kind: Literal["okr", "checkin"]
    header_row: int
    columns: dict[str, int]
    """field name (config.FIELDS or config.CHECKIN_FIELDS) → 1-based column."""
    headers: dict[int, str]
    """1-based column → header text as written, for every non-blank header cell."""
    owned: dict[str, int]
    """status-column role (config.StatusColumns keys) → 1-based column sheetsync's record names
    as its own on this tab (SPEC §7); only these are ever written."""
    rows: list[Row]
    weeks: list[WeekColumn] = field(default_factory=list)
    last_col: int = 0
    """Rightmost non-blank header column; new status columns go after it."""
    layout: str = "flat"
    """'flat' (objective repeated per KR row), 'grouped' (objective rows then KR rows), 'merged',
    'form' (an objective label, then its task table) or 'transposed' (objectives as columns)."""
    named: dict[str, int] = field(default_factory=dict)
    """role → column of a header that reads like one of sheetsync's status columns but is not in
    its record: a person's column, or one an earlier release made (write/ownership.py decides)."""
    group_row: int | None = None
    """The group row above a two-row header (`Q1` over `Target | Actual`), read with it."""
    blocks: list[Block] = field(default_factory=list)
    """A block of columns per cycle under a two-row header; `columns` holds the chosen one's."""
    block: str | None = None
    """The label of the block read (read/blocks.py picks the run's cycle)."""
    owner_cols: list[int] = field(default_factory=list)
    """Every owner column (`Eng Owner`, `PM Owner`), left to right, when there are several."""
    language: str | None = None
    """The language of the header's spellings (aliases.toml), e.g. 'es'; None when unknown."""


CHECKIN_NEEDS = ("kr", "date", "value")
_OKR_ONLY = ("objective", "target", "baseline")
WEEK_HEADER = re.compile(r"(?:w|wk|week|kw|cw)(\d{1,2})")
TRANSPOSED = re.compile(r"(key\s*results?|kr)\s*#?\s*\d+", re.I)
# "Objective 1: Grow revenue" written in the Key Result column starts a group of KRs.
_OBJECTIVE_LABEL = re.compile(
    r"(?:(?:objective|obj\.?|goal|objetivo|objectif|ziel|obiettivo|doelstelling|目标|目標)"
    r"\s*#?\d*|o\d+)\s*[:.)\-–：]\s*\S", re.I)


@dataclass
class Header:
    row: int
    kind: TableKind
    texts: dict[int, str]
    columns: dict[str, int]
    owned: dict[str, int]
    missing: list[str]
    weeks: list[WeekColumn]
    named: dict[str, int] = field(default_factory=dict)
    upper: int | None = None
    blocks: list[Block] = field(default_factory=list)
    owner_cols: list[int] = field(default_factory=list)

    @property
    def score(self) -> int:
        return len(self.columns) + len(self.owned) + min(len(self.weeks), 1)


def week_column(col: int, value: CellValue, parsing: Config) -> WeekColumn | None:
    """A check-in column header: W1/Week 1/wk1, or a date (cell, ISO text or serial number)."""
    text = clean_text(value) or ""
    m = WEEK_HEADER.fullmatch(normalize(text)) if isinstance(value, str) else None
    if m and 1 <= int(m[1]) <= 53:
        return WeekColumn(col, text, week=int(m[1]))
    if isinstance(value, dt.date) or looks_like_serial_date(value):
        return WeekColumn(col, text, date=parse_date(value))
    if isinstance(value, str) and re.fullmatch(r"[\d/.\-]{6,10}", text):
        try:
            return WeekColumn(col, text, date=parse_date(text, parsing))
        except BadValue:
            return None
    return None


def header_at(grid: Grid, row: int, config: Config) -> list[Header]:
    cells = grid.rows[row - 1]
    texts = {c: t for c, v in enumerate(cells, 1) if (t := clean_text(v)) is not None}
    strings = {c: t for c, t in texts.items() if isinstance(cells[c - 1], str)}
    two = two_row(grid, row, strings)
    labels = strings
    if two is not None:
        texts = {c: two.names.get(c, t) for c, t in {**texts, **two.names}.items()}
        strings, labels = two.subs, two.names
    cols, owned, missing = map_headers(strings, "okr", config.columns, grid.owned_columns,
                                       labels)
    blocks = blocks_of(two, "okr") if two is not None else []
    for b in blocks[:1]:
        cols.update({f: c for f, c in b.columns.items() if f not in config.columns})
    used = set(cols.values()) | set(owned.values())
    weeks = [w for c in sorted(texts) if c not in used
             and (w := week_column(c, grid.value(row, c), config)) is not None]
    named = sheetsync_named(strings, config, owned)
    owners = [c for c in sorted(strings) if c == cols.get("owner") or (
        c not in used and (hit := match(strings[c], "okr")) is not None and hit[0] == "owner")]
    upper = two.upper if two is not None else None
    out = [Header(row, "okr", texts, cols, owned, missing, weeks, named, upper=upper,
                  blocks=blocks, owner_cols=owners if len(owners) > 1 and "owner" in cols
                  else [])]
    ci_cols, _, ci_missing = map_headers(strings, "checkin", config.checkin_columns, {}, labels)
    out.append(Header(row, "checkin", texts, ci_cols, {}, ci_missing, [], upper=upper))
    return out


def sheetsync_named(strings: dict[int, str], config: Config,
                    owned: dict[str, int]) -> dict[str, int]:
    """role → column of each header equal to one of sheetsync's status-column names (or that name
    with the taken suffix) outside its record: columns to decide about, never written as they
    are (SPEC §7)."""
    columns = config.output.columns
    named: dict[str, int] = {}
    mine = set(owned.values())
    for role, name in columns.enabled().items():
        if role in owned:
            continue
        spellings = {normalize(name), normalize(name + columns.taken_suffix)}
        for col in sorted(strings):
            if col not in mine and normalize(strings[col]) in spellings:
                named[role] = col
                break
    return named


def _qualifies(h: Header, okr: Header, kinds: set[TableKind], strict: bool) -> bool:
    if h.kind not in kinds:
        return False
    if h.kind == "okr":
        return "key_result" in h.columns
    has_all = all(f in h.columns for f in CHECKIN_NEEDS)
    # A header with a Target or an Objective is a KR table even when it has a Date column.
    return has_all and (strict or not any(f in okr.columns for f in _OKR_ONLY))


def find_header(grid: Grid, kinds: set[TableKind], strict: bool, config: Config
                 ) -> tuple[Header | None, Header | None]:
    """The header row (first best in the search window) and the most OKR-like row seen."""
    best: Header | None = None
    okrish: Header | None = None
    for row in range(1, min(grid.n_rows, config.sheets.header_search_rows) + 1):
        okr, checkin = header_at(grid, row, config)
        if okrish is None or len(okr.columns) > len(okrish.columns):
            okrish = okr
        # A row that reads as a check-in header is one, even if it also has a KR column.
        candidates = [checkin] if _qualifies(checkin, okr, kinds, strict) else [okr]
        for h in candidates:
            if _qualifies(h, okr, kinds, strict) and (best is None or h.score > best.score):
                best = h
    return best, okrish


def vertical_fill(grid: Grid, header_row: int) -> dict[tuple[int, int], CellValue]:
    """(row, col) → top-left value, for the cells below the top of a merge in the same column."""
    fill: dict[tuple[int, int], CellValue] = {}
    for m in grid.merged:
        if m.max_row <= header_row or m.max_row == m.min_row:
            continue
        top = grid.value(m.min_row, m.min_col)
        for r in range(max(m.min_row + 1, header_row + 1), m.max_row + 1):
            fill[(r, m.min_col)] = top
    return fill


def _lead_text(grid: Grid, row: int, mapped: set[int]) -> str | None:
    """The leftmost non-blank cell of a row, when it is text outside the mapped columns."""
    cells = grid.rows[row - 1]
    for col, value in enumerate(cells, 1):
        if is_blank(value):
            continue
        if col in mapped or not isinstance(value, str):
            return None
        return clean_text(value)
    return None


def table_rows(grid: Grid, h: Header) -> tuple[list[Row], str]:
    fill = vertical_fill(grid, h.row)
    kr_field = "key_result" if h.kind == "okr" else "kr"
    kr_col = h.columns[kr_field]
    header_key = normalize(h.texts.get(kr_col, ""))
    no_fill = {"key_result", "id"} if h.kind == "okr" else set()
    mapped = set(h.columns.values()) | set(h.owned.values())
    # A row merged across from its Key Result cell is a title row: the objective of the KRs below.
    wide = {m.min_row for m in grid.merged
            if m.min_col == kr_col and m.max_col > m.min_col and m.min_row > h.row}
    rows: list[Row] = []
    objective_rows = orphan_krs = False
    for r in range(h.row + 1, grid.n_rows + 1):
        raw = {f: grid.value(r, c) for f, c in h.columns.items()}
        weeks = {w.col: grid.value(r, w.col) for w in h.weeks}
        kr_text = clean_text(raw[kr_field])
        if kr_text is not None and normalize(kr_text) == header_key:
            continue  # the header repeated further down (tables printed page by page)
        values = {f: (fill.get((r, h.columns[f]), v) if is_blank(v) and f not in no_fill else v)
                  for f, v in raw.items()}
        labelled = None  # an objective row recognised without an Objective column
        if h.kind == "okr" and kr_text is not None and (
                _OBJECTIVE_LABEL.match(kr_text) or (r in wide and "objective" not in h.columns)):
            labelled = kr_text
        elif h.kind == "okr" and kr_text is None and "objective" not in h.columns:
            labelled = _lead_text(grid, r, mapped)
        if labelled is not None:
            values["objective"], values["key_result"] = labelled, None
        elif all(is_blank(v) for v in raw.values()) and all(is_blank(v) for v in weeks.values()):
            continue
        if h.kind == "okr":
            if is_blank(values.get("key_result")) and not is_blank(values.get("objective")):
                objective_rows = True
            elif "objective" in h.columns and is_blank(raw.get("objective")):
                orphan_krs = True
        rows.append(Row(r, values, {c: v for c, v in weeks.items() if not is_blank(v)},
                        owners=[grid.value(r, c) for c in h.owner_cols]))
    obj_col = h.columns.get("objective")
    if obj_col and any(m.min_col == obj_col and m.max_row > m.min_row and m.max_row > h.row
                       for m in grid.merged):
        layout = "merged"
    elif objective_rows and (orphan_krs or "objective" not in h.columns):
        layout = "grouped"
    else:
        layout = "flat"
    return rows, layout
