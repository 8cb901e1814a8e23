"""The .xlsx/.xlsm backend: read a Book from the package, apply a WritePlan by patching it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sheetsync.backends.base import Backend
from sheetsync.backends.xlsx import fingerprint
from sheetsync.backends.xlsx.lock import DEFAULT_TIMEOUT, WorkbookLock, check_not_open
from sheetsync.backends.xlsx.owned_names import read_owned, read_owned_tabs
from sheetsync.backends.xlsx.package import Package
from sheetsync.backends.xlsx.save import check_writable, save_atomically
from sheetsync.errors import SourceError
from sheetsync.grid import Book
from sheetsync.write.fingerprint import Fingerprint
from sheetsync.write.writeplan import WritePlan

if TYPE_CHECKING:
    from sheetsync.read.sieve import Sieve

_Stamp = tuple[int, int, int, int]


def _stamp(st: os.stat_result) -> _Stamp:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class XlsxBackend(Backend):
    """One workbook file, locked against other sheetsync runs from __init__ until close().

    read() streams the sheet XML itself (cached values, merged ranges, visibility); apply()
    rewrites only the parts the plan touches and swaps the new file in atomically, so everything
    Excel stores that sheetsync does not own (comments, validations, charts, macros...) survives."""

    book_is_a_copy = True
    """apply() patches the file and checks it by its stamp, never by the Book read."""

    def __init__(self, path: Path | str, *, lock_timeout: float = DEFAULT_TIMEOUT,
                 sieve: Sieve | None = None) -> None:
        self.path = Path(path)
        self.sieve = sieve
        """With a Sieve, a big tab whose first rows hold nothing sheetsync reads is read no
        further (read/sieve.py); open_backend() gives one."""
        self.name = str(path)
        if not self.path.exists():
            raise SourceError(f"{self.path}: no such file")
        if self.path.is_dir():
            raise SourceError(f"{self.path}: is a folder, not an .xlsx workbook")
        self._lock = WorkbookLock(self.path, timeout=lock_timeout)
        self._lock.acquire()
        self._pkg: Package | None = None
        self._stamp: _Stamp | None = None
        self._has_formulas = False

    def _open(self) -> Package:
        if self._pkg is None:
            pkg = Package(self.path)
            self._stamp = _stamp(os.fstat(pkg.zip.fp.fileno()))  # type: ignore[union-attr]
            self._pkg = pkg
        return self._pkg

    def read(self) -> Book:
        from sheetsync.backends.xlsx.fastread import read_book  # not for a no-op sync
        from sheetsync.backends.xlsx.peek import Peek

        self._drop_package()
        pkg = self._open()
        owned_tabs = read_owned_tabs(pkg.workbook_xml)
        peek = Peek(pkg, self.sieve, owned_tabs.values()) if self.sieve is not None else None
        try:
            book, self._has_formulas = read_book(pkg, self.book_name, peek)
        finally:
            if peek is not None:
                peek.close()
        book.owned_tabs = owned_tabs
        for title, roles in read_owned(pkg.workbook_xml).items():
            grid = book.sheet(title)
            if grid is not None:
                grid.owned_columns = roles
        return book

    def changed_since_read(self) -> Book | None:
        """The workbook read again (still under this run's lock) when it was saved by someone
        else since read(); None when it is the file that was read."""
        if self._stamp is None:
            return None
        try:
            now = _stamp(os.stat(self.path))
        except FileNotFoundError:
            return None  # apply() reports the vanished file
        return None if now == self._stamp else self.read()

    @property
    def book_name(self) -> str:
        return self.path.name

    def last_sync(self, key: str) -> Fingerprint | None:
        """Checked from the zip's directory and workbook.xml alone, before any sheet is read."""
        self._drop_package()
        return fingerprint.last_sync(self._open(), key)

    def check_writable(self) -> None:
        """SourceError/LockedError now if apply() could not write (read-only, open in Excel)."""
        check_writable(self.path)
        check_not_open(self.path)

    def apply(self, plan: WritePlan) -> None:
        if plan.is_empty:
            return
        from sheetsync.backends.xlsx.write import build_parts  # openpyxl: not for a no-op sync

        self.check_writable()
        pkg = self._open()
        try:
            current = _stamp(os.stat(self.path))
        except FileNotFoundError:
            raise SourceError(f"{self.path}: vanished before it could be written; nothing was "
                              "written") from None
        if current != self._stamp:
            raise SourceError(f"{self.path}: changed on disk since it was read (saved elsewhere?); "
                              "nothing was written, run the sync again")
        recalc = self._has_formulas or pkg.calc_chain_part is not None
        try:
            parts = build_parts(pkg, plan, recalc=recalc)
        except (ValueError, IndexError) as exc:
            # The patcher parses attributes the reader never needs (column and row styles);
            # a damaged one is a damaged file, reported as such rather than as a crash.
            raise SourceError(f"{self.path}: cannot be updated, a part of it is damaged ({exc}); "
                              "nothing was written") from None
        fingerprint.record(pkg, parts, self.pending_fingerprint)
        save_atomically(pkg, parts)
        self._drop_package()

    def _drop_package(self) -> None:
        if self._pkg is not None:
            self._pkg.close()
            self._pkg = None

    def close(self) -> None:
        self._drop_package()
        self._lock.release()

    def __enter__(self) -> XlsxBackend:
        return self
