"""Where an export or report goes: never over a source, `-` is the stream, a device never replaced.

A regular file (or a new one) is written through a temporary sibling and a rename, so no reader
sees half a file. A character device or a named pipe (/dev/null, a terminal, a FIFO) is a stream:
written into, never replaced by a regular file, whoever runs the command. Anything else that is
not a regular file (a folder, a block device, a socket) is refused, and so is any output that is
the same file as one of the sources, however it is named (a symlink, a hard link, ./okrs.xlsx).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from sheetsync.errors import SheetsyncError, UsageError

STREAMS = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")
"""Targets that mean standard output; written to the stream, never opened as a path."""


def is_stream(target: str | Path) -> bool:
    return str(target) in STREAMS


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _same(a: Path, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def check_output(path: Path, sources: Iterable[str], option: str = "--to") -> None:
    """UsageError when `path` is one of the sources (by identity, not by name), or something
    that is neither a regular file nor a stream device."""
    for source in sources:
        if _same(path, source):
            raise UsageError(f"{option} {path}: is the source {source}; sheetsync never writes "
                             "over its input: give another file name")
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # nothing there yet (or not reachable: the write says why)
    if stat.S_ISREG(mode) or stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return
    raise UsageError(f"{option} {path}: is {_kind(mode)}; give a file name, or - for standard "
                     "output")


def write_output(path: Path, text: str, sources: Iterable[str] = (),
                 option: str = "--to") -> None:
    """`text` to `path` (see the module's rules); SheetsyncError in one line when it cannot."""
    if is_stream(path):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    check_output(path, sources, option)
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = 0
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        _write_into(path, text)
    else:
        _replace(path, text)


def _error(path: Path, exc: OSError) -> SheetsyncError:
    import errno

    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "no space left on the device"
    elif exc.errno == errno.ENAMETOOLONG:
        reason = "the name is too long for the file system"
    shown = str(path) if len(str(path)) <= 120 else f"{str(path)[:119]}… ({len(str(path))} chars)"
    return SheetsyncError(f"cannot write {shown}: {reason}")


def _write_into(path: Path, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise _error(path, exc) from None


def _blocking_file(path: Path) -> Path | None:
    """The nearest existing parent of `path` when it is a file, not a folder."""
    for parent in path.parents:
        with contextlib.suppress(OSError):
            if parent.exists():
                return None if parent.is_dir() else parent
    return None


def _replace(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name[:200]}.tmp")
    blocking = _blocking_file(path)
    if blocking is not None:
        raise SheetsyncError(f"cannot write {path}: {blocking} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        with contextlib.suppress(OSError):
            old = path.stat()
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # the folder itself may be what failed
            tmp.unlink(missing_ok=True)
        raise _error(path, exc) from None
