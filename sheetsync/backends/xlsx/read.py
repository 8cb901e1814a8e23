"""Package → Book for the xlsx backend: cached values, merged ranges and visibility, streamed."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, overload

from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from sheetsync.a1 import col_index
from sheetsync.backends.xlsx.package import (
    MAIN_NS,
    Package,
    SheetRef,
    check_prolog,
    drawing_charts,
    parse_xml,
)
from sheetsync.backends.xlsx.styles import StyleBook
from sheetsync.errors import SourceError
from sheetsync.grid import Book, CellError, CellValue, Grid, MergedRange

if TYPE_CHECKING:
    from sheetsync.backends.xlsx.peek import Peek

_NS = "{" + MAIN_NS + "}"
_ROW, _C, _V, _F, _IS, _T, _R, _SI = (
    _NS + t for t in ("row", "c", "v", "f", "is", "t", "r", "si"))
_MERGE = _NS + "mergeCell"
_PROLOG_LIMIT = 1 << 16
MAX_ROW, MAX_COL = 1_048_576, 16_384
"""Excel's grid; a reference beyond it is damage (and would make the Grid's lists explode)."""
_DIGITS = "0123456789"
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Excel writes characters XML cannot hold (and `_x` itself) as _xHHHH_; undo that."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _text_of(el: ET.Element) -> str:
    """A shared or inline string's plain text: its <t> or its rich-text runs, no phonetic runs."""
    parts = []
    for child in el:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            t = child.find(_T)
            if t is not None:
                parts.append(t.text or "")
    return unescape("".join(parts))


def _iterparse(stream: IO[bytes], what: str) -> Iterator[list[ET.Element]]:
    """Elements as they close, a chunk's worth at a time. The C parser is several times faster
    than defusedxml's Python one; it is safe here because a part that declares a DTD (the only
    way to define entities) is refused before parsing starts."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("end",))
    try:
        chunk = stream.read(_PROLOG_LIMIT)
        check_prolog(chunk, what)
        while chunk:
            parser.feed(chunk)
            yield [event[1] for event in parser.read_events()]  # type: ignore[misc]
            chunk = stream.read(1 << 17)
        parser.close()
        yield [event[1] for event in parser.read_events()]  # type: ignore[misc]
    except ET.ParseError as exc:
        raise SourceError(f"{what}: damaged XML ({exc})") from exc
    except (OSError, EOFError, zlib.error, zipfile.BadZipFile, RuntimeError) as exc:
        raise SourceError(f"{what}: damaged part ({exc})") from exc


class LazyStrings(Sequence[str]):
    """The shared strings, parsed only as far as the highest index asked for: the first rows
    of a big tab (read/sieve.py) name few of them, and usually the first ones."""

    def __init__(self, pkg: Package) -> None:
        self._items: list[str] = []
        self._batches: Iterator[list[ET.Element]] | None = None
        self._stream: IO[bytes] | None = None
        if pkg.shared_strings_part is not None:
            self._stream = pkg.open(pkg.shared_strings_part)
            self._batches = _iterparse(self._stream, f"{pkg.path}: {pkg.shared_strings_part}")

    def _more(self) -> bool:
        if self._batches is None:
            return False
        batch = next(self._batches, None)
        if batch is None:
            self.close()
            return False
        for el in batch:
            if el.tag == _SI:
                self._items.append(_text_of(el))
                el.clear()
        return True

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...

    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            raise TypeError("LazyStrings takes an index")
        while i >= len(self._items) and self._more():
            pass
        return self._items[i]

    def __len__(self) -> int:
        while self._more():
            pass
        return len(self._items)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
        self._stream = self._batches = None


def read_shared_strings(pkg: Package) -> list[str]:
    if pkg.shared_strings_part is None:
        return []
    out: list[str] = []
    with pkg.open(pkg.shared_strings_part) as stream:
        for batch in _iterparse(stream, f"{pkg.path}: {pkg.shared_strings_part}"):
            for el in batch:
                if el.tag == _SI:
                    out.append(_text_of(el))
                    el.clear()
    return out


class CellReader:
    """Turns one <c> element into a CellValue: the cached value, never the formula."""

    def __init__(self, strings: Sequence[str], styles: StyleBook, date1904: bool) -> None:
        self.strings = strings
        # Style ids as they appear in s="..", so a cell's style is checked without int().
        self.date_styles = frozenset(str(i) for i in styles.date_xfs - styles.timedelta_xfs)
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        self.has_formulas = False
        """Set once a cell holding a formula is seen (the writer then asks Excel to recalculate)."""

    def value(self, c: ET.Element) -> CellValue:
        t = c.get("t")
        if t == "inlineStr":
            inline = c.find(_IS)
            return None if inline is None else _text_of(inline)
        v = c.find(_V)
        raw = None if v is None else v.text
        if raw is None:
            return None
        if t is None or t == "n":
            return self._number(raw, c.get("s"))
        if t == "s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError):
                return None
        if t == "str":
            return unescape(raw)
        if t == "b":
            return raw.strip() in ("1", "true")
        if t == "e":
            return CellError(raw.strip())
        if t == "d":
            return _iso_date(raw)
        return raw

    def _number(self, raw: str, style: str | None) -> CellValue:
        try:
            num: int | float = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
        except ValueError:
            return raw
        if style in self.date_styles:
            return self._date(num)
        return num

    def _date(self, serial: int | float) -> CellValue:
        # Serials below 1 are times of day with no date; a bare time is no use to a plan.
        if serial < 1:
            return serial
        try:
            when = from_excel(serial, self.epoch)
        except (OverflowError, ValueError):
            return serial
        if not isinstance(when, dt.datetime):
            return serial
        return when.date() if when.time() == dt.time() else when


def _iso_date(raw: str) -> CellValue:
    try:
        when = dt.datetime.fromisoformat(raw.strip().rstrip("Z"))
    except ValueError:
        return raw
    return when.date() if when.time() == dt.time() else when


def _split_ref(ref: str, cache: dict[str, int]) -> tuple[int, int]:
    letters = ref.rstrip(_DIGITS)
    col = cache.get(letters)
    if col is None:
        col = cache[letters] = col_index(letters.replace("$", ""))
    return int(ref[len(letters):]), col


def _column(letters: str, cache: dict[str, int], what: str) -> int:
    """The column of a cell reference's letters, checked: damaged ones are refused."""
    bare = letters.replace("$", "")
    col = col_index(bare) if bare.isascii() and bare.isalpha() and len(bare) <= 3 else 0
    if not 1 <= col <= MAX_COL:
        raise SourceError(f"{what}: damaged sheet (a cell reference names no column Excel has: "
                          f"{letters[:20]!r})")
    cache[letters] = col
    return col


def _damaged_row(what: str, r: str | None) -> SourceError:
    return SourceError(f"{what}: damaged sheet (row number {(r or '')[:20]!r} is not one Excel "
                       f"has, 1 to {MAX_ROW:,})")


def read_grid(pkg: Package, ref: SheetRef, cells: CellReader,
              max_row: int | None = None) -> Grid:
    """One worksheet's values, row by row; rows and cells without an r attribute follow on.
    With MAX_ROW, reading stops at the first row past it (the tab's merges, which follow its
    rows, are then not read either)."""
    grid = Grid(ref.name, hidden=ref.hidden)
    if ref.part is None:
        return grid
    grid.charts = chart_titles(pkg, ref.part)
    rows = grid.rows
    cols: dict[str, int] = {}
    row_no = 0
    value_of = cells.value
    formulas = cells.has_formulas
    what = f"{pkg.path}: {ref.part}"
    with pkg.open(ref.part) as stream:
        for batch in _iterparse(stream, what):
            for el in batch:
                tag = el.tag
                if tag == _ROW:
                    r = el.get("r")
                    try:
                        row_no = int(r) if r else row_no + 1
                    except ValueError:
                        raise _damaged_row(what, r) from None
                    if not 1 <= row_no <= MAX_ROW:
                        raise _damaged_row(what, r)
                    if max_row is not None and row_no > max_row:
                        return grid
                    values: list[CellValue] = []
                    col = 0
                    for c in el:
                        if c.tag != _C:
                            continue
                        cr = c.get("r")
                        if cr:
                            letters = cr.rstrip(_DIGITS)
                            col = cols.get(letters) or _column(letters, cols, what)
                        else:
                            col += 1
                            if col > MAX_COL:
                                raise SourceError(f"{what}: damaged sheet (row {row_no} has "
                                                  f"more than {MAX_COL:,} cells)")
                        if not formulas and len(c) and c.find(_F) is not None:
                            formulas = cells.has_formulas = True
                        value = value_of(c)
                        if value is None or value == "":
                            continue  # an empty text cell is as blank as a missing one
                        if col > len(values):
                            values.extend([None] * (col - len(values)))
                        values[col - 1] = value
                    el.clear()
                    if values:
                        if row_no > len(rows):
                            rows.extend([] for _ in range(row_no - len(rows)))
                        rows[row_no - 1] = values
                elif tag == _MERGE:
                    merged = _merged_range(el.get("ref", ""))
                    if merged is not None:
                        grid.merged.append(merged)
    return grid


def _merged_range(ref: str) -> MergedRange | None:
    first, _, last = ref.replace("$", "").partition(":")
    cache: dict[str, int] = {}
    try:
        r1, c1 = _split_ref(first, cache)
        r2, c2 = _split_ref(last or first, cache)
    except ValueError:
        return None
    return MergedRange(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


def cell_reader(pkg: Package, strings: Sequence[str] | None = None) -> CellReader:
    """A CellReader with the package's shared strings (all read now, unless STRINGS gives
    them, e.g. a LazyStrings), date styles and date system."""
    styles = StyleBook(pkg.read(pkg.styles_part) if pkg.styles_part else None,
                       f"{pkg.path}: {pkg.styles_part}")
    return CellReader(read_shared_strings(pkg) if strings is None else strings, styles,
                      pkg.date1904)


def read_book(pkg: Package, name: str, peek: Peek | None = None) -> tuple[Book, bool]:
    """Every sheet in tab order (chart sheets and other non-worksheets come back empty), and
    whether any cell holds a formula. With PEEK, a big sheet whose first rows hold nothing
    sheetsync reads is those rows only (Grid.complete False)."""
    cells = cell_reader(pkg)
    formulas = False
    book = Book(name)
    for ref in pkg.sheets:
        if ref.kind != "worksheet":
            book.sheets.append(Grid(ref.name, hidden=ref.hidden))
        elif peek is not None and (partial := peek.grid(ref)) is not None:
            book.sheets.append(partial)
            formulas = formulas or peek.formulas(ref)
        else:
            book.sheets.append(read_grid(pkg, ref, cells))
    return book, formulas or cells.has_formulas


_CHART_NS = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_A_T = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"


def chart_titles(pkg: Package, sheet_part: str) -> tuple[str, ...]:
    """The titles of the charts in the sheet's drawing (its rich-text title runs joined)."""
    titles: list[str] = []
    for chart in drawing_charts(pkg, sheet_part)[1]:
        title = parse_xml(pkg.read(chart), f"{pkg.path}: {chart}").find(
            f"{_CHART_NS}chart/{_CHART_NS}title")
        titles.append("" if title is None else "".join(t.text or "" for t in title.iter(_A_T)))
    return tuple(titles)
