"""Which cycle a run covers: from config, a cycle cell or column, the file name, or the calendar.

Texts read as cycles: "2026-Q4", "2026 Q4", "Q4 2026", "Q4'26", "FY26 Q1" / "Q1 FY26", "2026-H1",
"H2 2025", and date ranges such as "01/07/2025 - 30/09/2025" (the config's date order). A cycle
column also accepts a bare year ("2026", "FY2026"). Rules are in docs/layouts.md.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath

from sheetsync.a1 import cell_name
from sheetsync.config import Config
from sheetsync.errors import ConfigError
from sheetsync.grid import Book
from sheetsync.models import Cycle, Problem
from sheetsync.read.table import Table
from sheetsync.read.values import BadValue, Parsing, clean_text, parse_date

_B, _E = r"(?<![a-z0-9])", r"(?![a-z0-9])"
_FISCAL = [re.compile(_B + r"fy\s*'?(\d{4}|\d{2})\s*[-/ ]?\s*q([1-4])" + _E),
           re.compile(_B + r"q([1-4])\s*[-/ ]?\s*fy\s*'?(\d{4}|\d{2})" + _E)]
_YEAR_QUARTER = re.compile(_B + r"(\d{4})\s*[-/ ]?\s*q([1-4])" + _E)
_QUARTER_YEAR = re.compile(_B + r"q([1-4])\s*(?:[-/ ,]\s*|')?\s*(\d{4}|\d{2})" + _E)
_YEAR_HALF = re.compile(_B + r"(\d{4})\s*[-/ ]?\s*h([12])" + _E)
_HALF_YEAR = re.compile(_B + r"h([12])\s*[-/ ]?\s*(\d{4})" + _E)
_YEAR = re.compile(r"(?:(fy)\s*'?)?(\d{4})|(fy)\s*'?(\d{2})")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?!\d)")


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _span(start: dt.date, months: int) -> dt.date:
    """The last day of a span of `months` months beginning at `start` (the first of a month)."""
    return _month_start(start.year, start.month + months) - dt.timedelta(days=1)


def quarter_of(date: dt.date) -> Cycle:
    """The calendar quarter that contains a date, named like 2026-Q4."""
    q = (date.month - 1) // 3 + 1
    start = dt.date(date.year, 3 * q - 2, 1)
    return Cycle(name=f"{date.year}-Q{q}", start=start, end=_span(start, 3))


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def _fiscal(year: int, months: int, index: int, fiscal_start_month: int) -> tuple[dt.date, dt.date]:
    """Fiscal year YEAR is named after the calendar year it ends in (FY26 ends in 2026); with the
    default start month 1 it is the calendar year."""
    first = year if fiscal_start_month == 1 else year - 1
    start = _month_start(first, fiscal_start_month + months * (index - 1))
    return start, _span(start, months)


def _name(start: dt.date, end: dt.date) -> str:
    q = quarter_of(start)
    if q.start == start and q.end == end:
        return q.name
    return f"{start.isoformat()}..{end.isoformat()}"


def _range(text: str, parsing: Parsing) -> Cycle | None:
    found = _DATE.findall(text)
    if len(found) != 2:
        return None
    try:
        start, end = parse_date(found[0], parsing), parse_date(found[1], parsing)
    except BadValue:
        return None
    if end <= start:
        return None
    return Cycle(name=_name(start, end), start=start, end=end)


def parse_cycle(text: str, parsing: Parsing = None, *, whole_years: bool = False,
                fiscal_start_month: int = 1) -> Cycle | None:
    """A cycle named anywhere in a short text, or None. `whole_years` also reads '2026' / 'FY26'
    alone as a year (for a cycle column, where a bare year can only mean that)."""
    low = re.sub(r"[\s_]+", " ", text.casefold()).strip()
    if (found := _range(low, parsing)) is not None:
        return found
    for i, pattern in enumerate(_FISCAL):
        if m := pattern.search(low):
            fy, q = (m[1], m[2]) if i == 0 else (m[2], m[1])
            start, end = _fiscal(_year(fy), 3, int(q), fiscal_start_month)
            return Cycle(name=f"FY{_year(fy) % 100:02d}-Q{q}", start=start, end=end)
    if (m := _YEAR_QUARTER.search(low)) or (m := _QUARTER_YEAR.search(low)):
        year, q = (m[1], m[2]) if m.re is _YEAR_QUARTER else (m[2], m[1])
        return quarter_of(dt.date(_year(year), 3 * int(q) - 2, 1))
    if (m := _YEAR_HALF.search(low)) or (m := _HALF_YEAR.search(low)):
        year, h = (m[1], m[2]) if m.re is _YEAR_HALF else (m[2], m[1])
        start = dt.date(int(year), 6 * int(h) - 5, 1)
        return Cycle(name=f"{year}-H{h}", start=start, end=_span(start, 6))
    if whole_years and (m := _YEAR.fullmatch(low)):
        fy, year = bool(m[1] or m[3]), _year(m[2] or m[4])
        if 1990 <= year <= 2199:
            start, end = _fiscal(year, 12, 1, fiscal_start_month if fy else 1)
            return Cycle(name=f"FY{year % 100:02d}" if fy else str(year), start=start, end=end)
    return None


def cycle_from_name(text: str, fiscal_start_month: int = 1) -> Cycle | None:
    """A cycle in a file name ('2025-Q3.xlsx', 'OKRs Q3 2025.xlsx'); None when it names none."""
    stem = PurePath(text.rstrip("/")).name
    stem = re.sub(r"\.(xlsx|xlsm|xls|csv|ods)$", "", stem, flags=re.I)
    return parse_cycle(stem, fiscal_start_month=fiscal_start_month) if stem else None


def overlaps(a: Cycle, b: Cycle) -> bool:
    return a.start <= b.end and b.start <= a.end


def _title_cycles(table: Table, book: Book, config: Config) -> list[Cycle]:
    """Cycles written in the title rows above a table's header ('Q4 2026 OKRs')."""
    grid = book.sheet(table.sheet)
    if grid is None:
        return []
    found: list[Cycle] = []
    fiscal = config.cycle.fiscal_start_month
    for row in grid.rows[: table.header_row - 1]:
        for value in row:
            text = clean_text(value) if isinstance(value, str) else None
            if text and len(text) <= 60 and (
                    c := parse_cycle(text, config, fiscal_start_month=fiscal)) is not None:
                found.append(c)
    return found


def title_cycle(table: Table, book: Book, config: Config) -> tuple[Cycle, str] | None:
    """The latest cycle written in the title rows above a table's header, and its cell."""
    grid = book.sheet(table.sheet)
    found: list[tuple[Cycle, str]] = []
    for r, row in enumerate(grid.rows[: table.header_row - 1] if grid else [], 1):
        for c, value in enumerate(row, 1):
            text = clean_text(value) if isinstance(value, str) else None
            if text and len(text) <= 60 and (cycle := parse_cycle(text, config)) is not None:
                found.append((cycle, cell_name(r, c)))
    return max(found, key=lambda f: (f[0].start, f[0].end)) if found else None


def tab_cycle(title: str, config: Config) -> Cycle | None:
    """The cycle a tab's name gives ('Q4 2026', '2026-Q3', 'FY26 Q1'), for one tab per quarter."""
    return parse_cycle(title, config, fiscal_start_month=config.cycle.fiscal_start_month)


def cycle_from_book(tables: list[Table], book: Book, config: Config) -> Cycle | None:
    """The cycle the workbook names: in a Cycle/Quarter/Session column, else in a title cell
    above a table's header, else in the KR tab's name. With several (one tab per quarter), the
    latest one."""
    found: list[Cycle] = []
    for table in sorted(tables, key=lambda t: t.kind != "okr"):
        col_field = "cycle" if table.kind == "okr" else None
        if col_field and col_field in table.columns:
            for row in table.rows:
                text = clean_text(row.values.get(col_field))
                if text and (c := parse_cycle(
                        text, config, whole_years=True,
                        fiscal_start_month=config.cycle.fiscal_start_month)) is not None:
                    found.append(c)
        else:
            titled = _title_cycles(table, book, config)
            if not titled and table.kind == "okr" and (
                    named := tab_cycle(table.sheet, config)) is not None:
                titled = [named]
            found.extend(titled)
    if not found:
        return None
    return max(found, key=lambda c: (c.start, c.end))


def resolve_cycle(config: Config, book_cycle: Cycle | None, source_name: str, as_of: dt.date
                  ) -> tuple[Cycle, str]:
    """The run's cycle and the rule that gave it: "config", "sheet", "file name", or
    "calendar quarter of as-of" — tried in that order."""
    c = config.cycle
    if c.start is not None and c.end is not None:
        return Cycle(name=c.name or _name(c.start, c.end), start=c.start, end=c.end), "config"
    if c.name:
        named = parse_cycle(c.name, config, whole_years=True,
                            fiscal_start_month=c.fiscal_start_month)
        if named is None:
            raise ConfigError(
                f"cycle.name: {c.name!r} does not say its dates; write it like 2026-Q4 or "
                "Q4 2026, or give cycle.start and cycle.end"
            )
        return Cycle(name=c.name, start=named.start, end=named.end), "config"
    if book_cycle is not None:
        return book_cycle, "sheet"
    if (from_name := cycle_from_name(source_name, c.fiscal_start_month)) is not None:
        return from_name, "file name"
    return quarter_of(as_of), "calendar quarter of as-of"


def other_cycle(t: Table, book: Book, config: Config, cycle: Cycle) -> Problem | None:
    """A warning when a tab names a cycle other than the run's: the tab is left out.

    Such workbooks keep one tab per quarter or sprint; its key results belong to that cycle. A
    transposed tab says its cycle in its title rows; any KR tab may say it in its tab name
    ('Q3 2026')."""
    found: tuple[Cycle, str | None] | None = (
        title_cycle(t, book, config) if t.layout == "transposed" else None)
    if found is None and (named := tab_cycle(t.sheet, config)) is not None:
        found = (named, None)
    if found is None:
        return carried_over(t, book, config, cycle)
    if overlaps(found[0], cycle):
        return None
    own, cell = found
    return Problem(
        severity="warning", workbook=book.name, sheet=t.sheet, cell=cell,
        message=(f"sheet '{t.sheet}' covers {own.name} and this run covers {cycle.name}, so it "
                 f'is left out; to score it, run with [cycle] name = "{own.name}" in config'))


def carried_over(t: Table, book: Book, config: Config, cycle: Cycle) -> Problem | None:
    """A warning when a tab naming no cycle has a copy for the run's cycle beside it ('OKRs' and
    'OKRs 2027-Q1', as `sheetsync next-cycle` writes): the old tab is the cycle before, left out."""
    for grid in book.sheets:
        rest = grid.title[len(t.sheet):] if grid.title.startswith(t.sheet + " ") else ""
        if rest and (named := tab_cycle(rest, config)) is not None and overlaps(named, cycle):
            return Problem(
                severity="warning", workbook=book.name, sheet=t.sheet,
                message=(f"sheet '{t.sheet}' is the cycle before {named.name} (its next cycle is "
                         f"on '{grid.title}'), so it is left out"))
    return None
