"""A read-only backend for .csv files: one sheet named after the file, every value as text.

Reads UTF-8 with or without a byte-order mark, UTF-16 (Excel's "Unicode Text"), else
Windows-1252; finds the delimiter (; , or
tab) from the header line; and reads files where each whole line is wrapped in quotes (a CSV
written twice), which a strict parser returns as one column. Numbers stay text: the values
parser reads them with the config's decimal mark.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sheetsync.backends.base import Backend
from sheetsync.errors import SourceError
from sheetsync.grid import Book, CellValue, Grid
from sheetsync.write.writeplan import WritePlan

DELIMITERS = (",", ";", "\t")


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), UTF-16 (Excel's "Unicode Text", with a BOM or without one but
    with a zero byte beside every ASCII one), else Windows-1252, Excel's CSV on Windows."""
    utf16 = _utf16(data)
    if utf16 is not None:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            raise SourceError(f"not valid {utf16.upper()} text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _utf16(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:400]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    return None


def _fields(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first non-blank line into the most fields (',' on a tie);
    a line wrapped whole in quotes is looked into."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if len(_fields(first, ",")) == 1 and first.strip().startswith('"'):
        inner = _fields(first, ",")
        first = inner[0] if inner else first
    return max(DELIMITERS, key=lambda d: (len(_fields(first, d)), d == ","))


def parse_csv(text: str) -> list[list[CellValue]]:
    """Rows of text cells (blank cells None); trailing blank lines dropped."""
    delimiter = sniff_delimiter(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    # Each line quoted whole: the real fields are inside the one field of every row.
    if rows and len(rows[0]) == 1 and len(_fields(rows[0][0], delimiter)) > 1:
        rows = [_fields(r[0], delimiter) if len(r) == 1 else r for r in rows]
    out: list[list[CellValue]] = [[v if v.strip() else None for v in r] for r in rows]
    while out and not any(v is not None for v in out[-1]):
        out.pop()
    return out


class CsvBackend(Backend):
    """One .csv file as a workbook with one sheet; sheetsync never writes to it."""

    writable = False

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = str(path)

    def read(self) -> Book:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            raise SourceError(f"{self.path}: file not found") from None
        except OSError as e:
            raise SourceError(f"{self.path}: cannot read: {e.strerror or e}") from None
        try:
            rows = parse_csv(decode(data))
        except SourceError as e:
            raise SourceError(f"{self.path}: not a readable CSV file: {e}") from None
        except csv.Error as e:
            raise SourceError(f"{self.path}: not a readable CSV file: {e}") from None
        return Book(self.name, [Grid(self.path.stem, rows)])

    def apply(self, plan: WritePlan) -> None:
        if plan.is_empty:
            return
        raise SourceError(
            f"{self.path}: CSV is a read-only source; sheetsync does not write status columns "
            "to it (use `sheetsync export` to save the scores, or sync an .xlsx copy)"
        )
