"""Package → Book with python-calamine (Rust) for plain sheets, the streaming reader for others."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

from sheetsync.backends.xlsx.package import Package, SheetRef, check_prolog
from sheetsync.backends.xlsx.peek import FORMULA, Peek
from sheetsync.backends.xlsx.read import CellReader, cell_reader, chart_titles, read_grid
from sheetsync.backends.xlsx.read import read_book as stream_book
from sheetsync.errors import SourceError
from sheetsync.grid import Book, CellValue, Grid, MergedRange

# What calamine cannot give as the streaming reader does: a formula's error value (it reads as
# blank), and whether a cell holds a formula at all (peek.FORMULA; the writer then asks Excel
# to recalculate).
_ERROR_CELL = re.compile(rb"""\st\s*=\s*["']e["']""")
_PLAIN_ROOT = re.compile(rb"<worksheet[\s>]")
# A row or cell reference near or past the edge of Excel's grid (a row number of 7 digits or
# more, a column past XFD): calamine may accept it silently or abort the process, where the
# streaming reader refuses the file with a line saying what is damaged.
_EDGE_OF_GRID = re.compile(
    rb"""\sr\s*=\s*["'](?:[A-Za-z$]*\d{7,}|[$]?(?:[A-Za-z]{4,}|[YZyz][A-Za-z]{2}"""
    rb"""|[Xx][G-Zg-z][A-Za-z]|[Xx][Ff][E-Ze-z])\$?\d)""")
_MAX_EXACT_INT = 2 ** 53
_MIDNIGHT = dt.time()


class NotPlain(Exception):
    """This sheet needs the streaming reader (error cells, a prefixed namespace, damage)."""


def scan(pkg: Package, part: str, what: str) -> bool:
    """Whether the part holds a formula; NotPlain when it holds an error cell, a reference at the
    edge of the grid, or is not a plain SpreadsheetML worksheet. Streams the part (a few ms per
    MB) and refuses DTDs like the streaming reader does."""
    formulas = False
    for i, window in enumerate(pkg.windows(part, first=1 << 16)):
        if i == 0:
            check_prolog(window, what)
            if _PLAIN_ROOT.search(window) is None:
                raise NotPlain(part)
        if _ERROR_CELL.search(window) or _EDGE_OF_GRID.search(window):
            raise NotPlain(part)
        formulas = formulas or FORMULA.search(window) is not None
    return formulas


def _value(v: Any) -> CellValue:
    """One calamine value as the streaming reader gives it."""
    if isinstance(v, float):
        return int(v) if v.is_integer() and -_MAX_EXACT_INT < v < _MAX_EXACT_INT else v
    if isinstance(v, str):
        return v or None
    if isinstance(v, dt.datetime):
        return v.date() if v.time() == _MIDNIGHT else v
    if isinstance(v, dt.time):
        # A bare time of day is a serial below 1 to the streaming reader.
        return (v.hour * 3600 + v.minute * 60 + v.second + v.microsecond / 1e6) / 86400
    if isinstance(v, dt.timedelta):
        return v.total_seconds() / 86400
    if isinstance(v, bool | int | dt.date):
        return v
    return None


def rows_of(raw: list[list[Any]], texts: dict[str, str] | None = None
            ) -> list[list[CellValue]]:
    """Calamine's padded rectangle as ragged rows with no trailing blanks or empty rows.

    Equal texts become one string object (`texts` is shared across a book), as the shared
    strings of the streaming reader are: a check-in tab repeats its ids, notes and authors."""
    texts = {} if texts is None else texts
    rows: list[list[CellValue]] = []
    last = 0
    for cells in raw:
        n = len(cells)
        while n and (cells[n - 1] == "" or cells[n - 1] is None):
            n -= 1
        if not n:
            rows.append([])
            continue
        rows.append([texts.setdefault(v, v) if type(v) is str and v else _value(v)
                     for v in cells[:n]])
        last = len(rows)
    del rows[last:]
    return rows


def calamine_grid(book: Any, pkg: Package, ref: SheetRef, texts: dict[str, str]) -> Grid:
    """One plain worksheet read by calamine (leading empty rows and columns kept)."""
    sheet = book.get_sheet_by_name(ref.name)
    grid = Grid(ref.name, hidden=ref.hidden)
    grid.rows = rows_of(sheet.to_python(skip_empty_area=False), texts)
    for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or ():
        grid.merged.append(MergedRange(r1 + 1, c1 + 1, r2 + 1, c2 + 1))
    grid.charts = chart_titles(pkg, ref.part) if ref.part else ()
    return grid


def read_book(pkg: Package, name: str, peek: Peek | None = None) -> tuple[Book, bool]:
    """Every sheet in tab order, and whether any cell holds a formula: calamine for the plain
    worksheets, the streaming reader (read.read_book) for sheets calamine would read
    differently, or for all of them when calamine is missing, cannot open the file, or
    SHEETSYNC_XLSX_READER=stream asks for it. With PEEK, a big sheet whose first rows hold
    nothing sheetsync reads is those rows only (Grid.complete False)."""
    if os.environ.get("SHEETSYNC_XLSX_READER", "").strip().lower() == "stream":
        return stream_book(pkg, name, peek)
    try:
        import python_calamine
    except ImportError:
        return stream_book(pkg, name, peek)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(pkg.path))
    except Exception:  # noqa: BLE001 - any failure: the streaming reader says what is wrong
        return stream_book(pkg, name, peek)
    reader: CellReader | None = None
    texts: dict[str, str] = {}
    formulas = False
    book = Book(name)
    try:
        for ref in pkg.sheets:
            if ref.kind != "worksheet" or ref.part is None:
                book.sheets.append(Grid(ref.name, hidden=ref.hidden))
                continue
            if peek is not None and (partial := peek.grid(ref)) is not None:
                book.sheets.append(partial)
                formulas = formulas or peek.formulas(ref)
                continue
            try:
                formulas |= scan(pkg, ref.part, f"{pkg.path}: {ref.part}")
                book.sheets.append(calamine_grid(workbook, pkg, ref, texts))
                continue
            except NotPlain:
                pass
            except SourceError:
                raise
            except Exception:  # noqa: BLE001 - calamine's own failure: read it the slow way
                pass
            reader = reader or cell_reader(pkg)
            book.sheets.append(read_grid(pkg, ref, reader))
    finally:
        workbook.close()
    return book, formulas or (reader is not None and reader.has_formulas)

