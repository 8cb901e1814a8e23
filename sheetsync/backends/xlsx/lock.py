"""Who else is using a workbook file: sheetsync's own advisory lock, Excel's owner file."""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path
from types import TracebackType

from sheetsync.errors import LockedError

DEFAULT_TIMEOUT = 10.0
"""Seconds to wait for another sheetsync run on the same workbook before giving up."""


def lock_path(workbook: Path) -> Path:
    """The lock file of the real workbook: a symlink and its target share one lock."""
    real = Path(os.path.realpath(workbook))
    return real.with_name(f".~sheetsync-{real.name}.lock")


class WorkbookLock:
    """An exclusive flock on `.~sheetsync-<name>.lock` beside the real workbook (symlinks
    resolved), and one on the workbook file itself (so two hard links of one file share it too),
    held across a sync.

    The lock file is removed on release while still locked; a waiter that then locks the removed
    file notices (its inode no longer matches the path) and tries again."""

    def __init__(self, workbook: Path, timeout: float = DEFAULT_TIMEOUT, poll: float = 0.05):
        self.workbook = workbook
        self.path = lock_path(workbook)
        self.timeout = timeout
        self.poll = poll
        self._fd: int | None = None
        self._file_fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None or sys.platform == "win32":
            return
        import fcntl

        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                    # A folder nobody may write to cannot see a concurrent sync either; reading
                    # goes ahead unlocked and a write fails later with a clear message.
                    return
                raise LockedError(f"{self.workbook}: cannot create the lock file {self.path} "
                                  f"({exc.strerror})") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    return  # the filesystem has no locks (some network mounts): go on unlocked
                if time.monotonic() >= deadline:
                    raise LockedError(
                        f"{self.workbook}: another sheetsync run is using this workbook "
                        f"(waited {self.timeout:g}s for {self.path.name}); try again when it has "
                        "finished") from None
                time.sleep(self.poll)
                continue
            if self._same_file(fd):
                self._fd = fd
                self._lock_inode(fcntl, deadline)
                return
            os.close(fd)

    def _lock_inode(self, fcntl: object, deadline: float) -> None:
        """Lock the workbook's own inode: another name for the same file (a hard link) has
        another lock file but the same inode. A workbook replaced meanwhile is locked again."""
        flock = fcntl.flock  # type: ignore[attr-defined]
        ex_nb = fcntl.LOCK_EX | fcntl.LOCK_NB  # type: ignore[attr-defined]
        while True:
            try:
                fd = os.open(self.workbook, os.O_RDONLY)
            except OSError:
                return  # no such file yet, or unreadable: the reader reports it
            try:
                flock(fd, ex_nb)
            except OSError as exc:
                os.close(fd)
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    return
                if time.monotonic() >= deadline:
                    self.release()
                    raise LockedError(
                        f"{self.workbook}: another sheetsync run is using this workbook under "
                        f"another name (waited {self.timeout:g}s); try again when it has "
                        "finished") from None
                time.sleep(self.poll)
                continue
            try:
                same = os.stat(self.workbook).st_ino == os.fstat(fd).st_ino
            except OSError:
                same = False
            if same:
                self._file_fd = fd
                return
            os.close(fd)

    def _same_file(self, fd: int) -> bool:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return False
        held = os.fstat(fd)
        return (st.st_dev, st.st_ino) == (held.st_dev, held.st_ino)

    def release(self) -> None:
        if self._file_fd is not None:
            os.close(self._file_fd)
            self._file_fd = None
        if self._fd is None:
            return
        try:
            self.path.unlink()
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> WorkbookLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def owner_file(workbook: Path) -> Path:
    """Excel's `~$<name>` owner file, present while Excel has the workbook open."""
    return workbook.with_name("~$" + workbook.name)


def excel_owner(workbook: Path) -> str | None:
    """Who has the workbook open in Excel: a user name, "" when unreadable, None when nobody."""
    owner = owner_file(workbook)
    try:
        data = owner.read_bytes()[:512]
    except FileNotFoundError:
        return None
    except OSError:
        return ""
    return _owner_name(data)


def _owner_name(data: bytes) -> str:
    # Layout: a length byte and the name in the ANSI code page (padded to 54 bytes), then a
    # 2-byte length and the same name in UTF-16LE. Prefer the Unicode copy.
    if len(data) >= 56:
        n = int.from_bytes(data[54:56], "little")
        if 0 < n <= 54 and len(data) >= 56 + 2 * n:
            name = data[56: 56 + 2 * n].decode("utf-16-le", "replace").strip("\x00 ")
            if name.isprintable() and name:
                return name
    if data and 0 < data[0] <= 53 and len(data) > data[0]:
        name = data[1: 1 + data[0]].decode("cp1252", "replace").strip("\x00 ")
        if name.isprintable():
            return name
    return ""


def libreoffice_owner(workbook: Path) -> str | None:
    """Who has the workbook open in LibreOffice (its `.~lock.<name>#` file), like excel_owner."""
    try:
        text = workbook.with_name(f".~lock.{workbook.name}#").read_text("utf-8", "replace")
    except FileNotFoundError:
        return None
    except OSError:
        return ""
    # "<name set in LibreOffice>,<login>,<host>,<time>,<profile url>;": the first may be empty.
    fields = text.split(",")
    for i in (0, 1):
        if len(fields) > i and fields[i].strip() and fields[i].strip().isprintable():
            return fields[i].strip()
    return ""


def check_not_open(workbook: Path) -> None:
    """LockedError while Excel or LibreOffice holds the workbook open: saving there would
    overwrite what sheetsync writes."""
    for app, owner, leftover in (
            ("Excel", excel_owner(workbook), owner_file(workbook).name),
            ("LibreOffice", libreoffice_owner(workbook), f".~lock.{workbook.name}#")):
        if owner is None:
            continue
        who = f"by {owner}" if owner else "(owner unknown)"
        raise LockedError(
            f"{workbook}: is open in {app} {who}; close it and try again (if {app} is not "
            f"running, delete the leftover {leftover})")
