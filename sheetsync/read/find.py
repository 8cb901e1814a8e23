"""Grid → Tables: per tab, the layout that reads it (flat, grouped, merged, form, transposed,
objectives only), and the problems of tabs that look like OKRs but cannot be mapped.

    find_tables(book: Book, config: Config) -> tuple[list[Table], list[Problem]]

returns one Table per OKR tab and per check-in tab (tab order). docs/layouts.md lists the layouts.
"""

from __future__ import annotations

import re
from typing import Literal

from sheetsync.a1 import cell_name
from sheetsync.config import Config
from sheetsync.grid import Book, Grid
from sheetsync.models import Problem
from sheetsync.read.closest import closest_tab
from sheetsync.read.codecolumns import (
    numbers_under_objective,
    progress_as_current,
    titles_beside_codes,
)
from sheetsync.read.cycle import tab_cycle
from sheetsync.read.evidence import MEASURES, repeats, weak_kr_column
from sheetsync.read.form import form_hint, form_rows
from sheetsync.read.headers import TableKind, language_of
from sheetsync.read.objectives_table import objectives_table
from sheetsync.read.table import TRANSPOSED, Header, Table, find_header, table_rows
from sheetsync.read.transposed import transposed_table
from sheetsync.read.twoheader import SEP
from sheetsync.read.values import clean_text


def _table(grid: Grid, h: Header) -> Table:
    if h.kind == "okr":
        titles_beside_codes(grid, h)
        numbers_under_objective(grid, h)
        progress_as_current(grid, h)
    form = form_rows(grid, h.row, h.columns) if (
        h.kind == "okr" and "objective" not in h.columns) else None
    rows, layout = (form, "form") if form is not None else table_rows(grid, h)
    return Table(
        sheet=grid.title, kind=h.kind, header_row=h.row, columns=dict(h.columns),
        headers=dict(h.texts), owned=dict(h.owned), rows=rows, weeks=list(h.weeks),
        last_col=max(h.texts, default=0), layout=layout, named=dict(h.named),
        group_row=h.upper,
        blocks=list(h.blocks), block=h.blocks[0].label if h.blocks else None,
        owner_cols=list(h.owner_cols),
        language=language_of([h.texts[c].split(SEP)[-1] for c in h.columns.values()
                              if c in h.texts]),
    )


def _problem(severity: Literal["error", "warning"], message: str, book: Book,
             sheet: str | None = None, cell: str | None = None) -> Problem:
    return Problem(severity=severity, message=message, workbook=book.name, sheet=sheet, cell=cell)


def _no_kr_message(grid: Grid, okrish: Header | None, config: Config) -> str:
    n = config.sheets.header_search_rows
    msg = (f"no header with a Key Result column found in sheet '{grid.title}' (first {n} rows); "
           'map the columns in config: [columns] key_result = "..."')
    if okrish is not None and okrish.texts:
        seen = list(okrish.texts.values())
        shown = ", ".join(seen[:8]) + (", ..." if len(seen) > 8 else "")
        msg += f" (the header on row {okrish.row} reads: {shown})"
    return msg


def _transposed(grid: Grid, config: Config) -> tuple[str, str] | None:
    """(cell, text) of a 'KEY RESULT 1' row label: objectives run across the columns."""
    for row in range(1, min(grid.n_rows, config.sheets.header_search_rows) + 1):
        text = clean_text(grid.value(row, 1))
        if text and TRANSPOSED.fullmatch(text):
            return cell_name(row, 1), text
    return None


def _resolve(names: list[str], book: Book) -> tuple[set[str], list[str]]:
    """Titles a config list names (exact, else ignoring case and outer spaces), and the missing."""
    found: set[str] = set()
    missing: list[str] = []
    for name in names:
        if name in book.titles:
            found.add(name)
            continue
        loose = [t for t in book.titles if t.strip().casefold() == name.strip().casefold()]
        if loose:
            found.add(loose[0])
        else:
            missing.append(name)
    return found, missing


def _read_sheet(grid: Grid, kinds: set[TableKind], strict: bool, book: Book, config: Config
                ) -> tuple[Table | None, list[Problem]]:
    h, okrish = find_header(grid, kinds, strict, config)
    if h is not None:
        table = _table(grid, h)
        label = "[columns]" if h.kind == "okr" else "[checkin_columns]"
        names = config.columns if h.kind == "okr" else config.checkin_columns
        return table, [
            _problem("warning", f"column '{names[f]}' for {f} (config {label}) is not in the "
                     f"header on row {h.row} of sheet '{grid.title}'", book, grid.title)
            for f in h.missing
        ]
    if strict and kinds == {"checkin"}:
        return None, [_problem("error", (
            f"no check-in header found in sheet '{grid.title}' (first "
            f"{config.sheets.header_search_rows} rows): it needs a key result column (KR, KR ID "
            "or Key Result), a date column (Date, Week or Check-in date) and a value column "
            '(Value, Current or Actual); map them in config: [checkin_columns] kr = "..."'),
            book, grid.title)]
    if "okr" not in kinds:
        return None, []
    if (rotated := _transposed(grid, config)) is not None:
        if (rotated_table := transposed_table(grid, config)) is not None:
            return rotated_table, []
        return None, [_problem("warning", (
            f"sheet '{grid.title}' has key results as rows ({rotated[0]}: '{rotated[1]}') and "
            "objectives across the columns; sheetsync reads one key result per row under a "
            "header with a Key Result column"), book, grid.title, rotated[0])]
    if (hint := form_hint(grid, config)) is not None:
        return None, [_problem("error" if strict else "warning", hint, book, grid.title)]
    if strict or (okrish is not None and len(okrish.columns) >= 2):
        msg = _no_kr_message(grid, okrish, config)
        if not strict:
            msg += f"; or add '{grid.title}' to [sheets] skip"
        return None, [_problem("error" if strict else "warning", msg, book, grid.title)]
    return None, []


def find_tables(book: Book, config: Config) -> tuple[list[Table], list[Problem]]:
    """One Table per OKR tab and check-in tab, in tab order, and the problems of the others."""
    okr_named, okr_missing = _resolve(config.sheets.okr, book)
    ci_named, ci_missing = _resolve(config.sheets.checkins, book)
    problems = [
        _problem("error", f"sheet '{name}' named in config [sheets] {key} is not in the workbook "
                 f"(its sheets: {', '.join(book.titles) or 'none'})", book, name)
        for key, names in (("okr", okr_missing), ("checkins", ci_missing)) for name in names
    ]
    skip = {config.output.summary_tab, config.output.history_tab, *config.sheets.skip,
            *book.owned_tabs.values()}  # sheetsync's own tabs, by its record, whatever their name
    if config.company is not None:
        skip.add(config.company.summary_tab)
    tables: list[Table] = []
    for grid in book.sheets:
        strict = grid.title in okr_named or grid.title in ci_named
        if grid.title in skip and not strict:
            continue
        kinds: set[TableKind]
        if grid.title in okr_named:
            kinds = {"okr"}
        elif grid.title in ci_named:
            kinds = {"checkin"}
        else:
            kinds = set()
            if not config.sheets.okr:
                kinds.add("okr")
            if not config.sheets.checkins:
                kinds.add("checkin")
        table, found = _read_sheet(grid, kinds, strict, book, config)
        problems.extend(found)
        if table is not None:
            tables.append(table)
    tables, problems = _weak_beside_strong(tables, problems, okr_named, book, config)
    tables, problems = _read_once(tables, problems, okr_named, book, config)
    if not any(t.kind == "okr" for t in tables):
        tables, problems = _objectives_only(book, config, skip, tables, problems)
    if not any(t.kind == "okr" for t in tables):
        n = config.sheets.header_search_rows
        msg = ("no OKR table found: no sheet has a header row with a Key Result "
               f"column in its first {n} rows")
        if (near := closest_tab(book, config, skip)) is not None:
            msg += "; " + near.describe()
        else:
            msg += '; map the columns in config: [columns] key_result = "..."'
        problems.append(_problem("error", msg, book))
    return tables, problems


def _read_once(tables: list[Table], problems: list[Problem], named: set[str], book: Book,
               config: Config) -> tuple[list[Table], list[Problem]]:
    """A tab that repeats another tab's key results (a dashboard, a copy) is not read again.
    Tabs named after a cycle or numbered (Q3, Sprint 2: one per cycle, KRs carried over) are
    the cycle rule's, not this one's."""
    def undated(title: str) -> bool:
        return tab_cycle(title, config) is None and not re.search(r"\d", title)

    kept: list[Table] = []
    for t in tables:
        first = (repeats(t, [k for k in kept if undated(k.sheet)])
                 if t.sheet not in named and undated(t.sheet) else None)
        if first is None:
            kept.append(t)
            continue
        problems.append(_problem("warning", (
            f"sheet '{t.sheet}' repeats the key results of sheet '{first.sheet}', so it is not "
            f"read again; to read it, name it in config: [sheets] okr"), book, t.sheet))
    return kept, problems


def _weak_beside_strong(tables: list[Table], problems: list[Problem], named: set[str],
                        book: Book, config: Config) -> tuple[list[Table], list[Problem]]:
    """Beside a tab with a real Key Result column, a tab whose only KR column is a weak name
    (KPI, Metric) is a KPI tab, not more key results: it is left out with a warning. With no
    such tab, a weak one is read only when a column holds numbers (an action list is not)."""
    if not any(t.kind == "okr" and not weak_kr_column(t, config) for t in tables):
        return _weak_with_numbers(tables, problems, named, book, config)
    kept: list[Table] = []
    strong = [t.sheet for t in tables if t.kind == "okr" and not weak_kr_column(t, config)]
    for t in tables:
        if t.sheet in named or not weak_kr_column(t, config):
            kept.append(t)
            continue
        header = t.headers.get(t.columns["key_result"], "")
        names = ", ".join(f'"{n}"' for n in dict.fromkeys([*strong, t.sheet]))
        problems.append(_problem("warning", (
            f"sheet '{t.sheet}' looks like a KPI table, not key results (its '{header}' column "
            f"names metrics and sheet '{strong[0]}' has a Key Result column), so it is not "
            f"read; to read it as key results, name it in config: [sheets] okr = [{names}]"),
            book, t.sheet))
    return kept, problems


def _objectives_only(book: Book, config: Config, skip: set[str], tables: list[Table],
                     problems: list[Problem]) -> tuple[list[Table], list[Problem]]:
    """With no KR table anywhere, tabs of objectives only (ID + Objective columns) are read;
    the 'no Key Result column' warnings of those tabs are dropped."""
    wanted = _resolve(config.sheets.okr, book)[0]
    found = [t for g in book.sheets
             if (g.title in wanted or (not wanted and g.title not in skip))
             and (t := objectives_table(g, config)) is not None]
    if not found:
        return tables, problems
    titles = {t.sheet for t in found}
    order = {title: i for i, title in enumerate(book.titles)}
    kept = [p for p in problems if not (p.sheet in titles and "Key Result column" in p.message)]
    return sorted([*tables, *found], key=lambda t: order.get(t.sheet, 0)), kept


def _weak_with_numbers(tables: list[Table], problems: list[Problem], named: set[str],
                       book: Book, config: Config) -> tuple[list[Table], list[Problem]]:
    kept: list[Table] = []
    for t in tables:
        if t.sheet in named or not weak_kr_column(t, config) or any(
                f in t.columns for f in MEASURES):
            kept.append(t)
            continue
        header = t.headers.get(t.columns["key_result"], "")
        problems.append(_problem("warning", (
            f"sheet '{t.sheet}' is not read as key results: its '{header}' column may name "
            "actions or metrics and no column holds a target, baseline, current value or "
            f'progress; if it holds key results, map it in config: [columns] key_result = '
            f'"{header}"'), book, t.sheet))
    return kept, problems
