"""Backends read a Book and apply a WritePlan; open_backend() picks one for a SOURCE string."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sheetsync.backends.base import Backend
from sheetsync.config import Config
from sheetsync.errors import SourceError, UsageError

if TYPE_CHECKING:
    from sheetsync.backends.google.ratelimit import RateLimiter

__all__ = ["Backend", "open_backend", "is_google_source"]


def is_google_source(source: str) -> bool:
    """A Google Sheets URL or a bare spreadsheet id (not an existing local path)."""
    from sheetsync.backends.google.backend import spreadsheet_id

    if "docs.google.com" in source:
        return True
    if Path(source).suffix or Path(source).exists():
        return False
    return spreadsheet_id(source) is not None


def open_backend(source: str, config: Config, *, limiter: RateLimiter | None = None) -> Backend:
    """The backend for an .xlsx/.xlsm path, a .csv path, or a Google Sheets URL or id.

    Google backends draw on LIMITER, by default the process's one for
    `google.requests_per_minute`."""
    if is_google_source(source):
        from sheetsync.backends.google.backend import GSheetsBackend

        return GSheetsBackend(source, config.google, limiter=limiter)
    path = Path(source).expanduser()
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from sheetsync.backends.xlsx.backend import XlsxBackend
        from sheetsync.read.sieve import sieve

        return XlsxBackend(path, sieve=sieve(config))
    if suffix == ".csv":
        from sheetsync.backends.csvfile import CsvBackend

        return CsvBackend(path)
    if suffix in (".xls", ".xlsb", ".ods", ".numbers"):
        raise SourceError(
            f"{path}: {suffix} workbooks are not supported; save it as .xlsx "
            "(Excel: File > Save As > Excel Workbook) and run again"
        )
    if not path.exists():
        raise UsageError(
            f"{source}: no such file, and not a Google Sheets URL or spreadsheet id"
        )
    raise SourceError(f"{path}: not an .xlsx workbook, a .csv file or a Google Sheets URL")
