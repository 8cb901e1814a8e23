"""A read-only backend for .csv files: one sheet named after the file, every value as text.

Reads UTF-8 with or without a byte-order mark, else Windows-1252; finds the delimiter (; , or
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
    """UTF-8 (a BOM is dropped), else Windows-1252, the usual encoding of Excel's CSV on Windows."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


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
