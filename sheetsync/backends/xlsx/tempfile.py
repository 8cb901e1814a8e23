"""Part of saving an xlsx: the temp file beside the workbook, removed when the run is stopped by
SIGTERM or SIGINT while writing it, and leftovers of killed runs swept by a later sync."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from sheetsync.errors import Interrupted

STALE_AFTER = 15 * 60
"""Seconds after which a temp file of the workbook is a leftover of a killed run. Runs of one
workbook exclude each other through the lock, so any older temp file is one nobody writes; the
margin covers a run on another machine over a network mount that has no working lock."""

_SUFFIX = ".tmp"
_TOKEN = "abcdefghijklmnopqrstuvwxyz0123456789_"
_STOPPING = (signal.SIGTERM, signal.SIGINT)
_Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers


def temp_prefix(real: Path) -> str:
    return f".~sheetsync-{real.name}."


def temp_names(real: Path) -> Iterator[str]:
    """Fresh temp file names beside `real`, in mkstemp's pattern (8 random [a-z0-9_])."""
    while True:
        token = "".join(secrets.choice(_TOKEN) for _ in range(8))
        yield str(real.parent / f"{temp_prefix(real)}{token}{_SUFFIX}")


def create_temp(name: str) -> int:
    """Create NAME exclusively (owner read/write only) and return its descriptor.

    The caller knows the name before the file exists, so a stop signal that lands just after the
    file is created still finds its name for the cleanup."""
    return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                   0o600)


def _is_ours(real: Path, name: str) -> bool:
    # mkstemp's random part is 8 characters of [a-z0-9_]: this matches this workbook's temp
    # files only, not those of "okrs.xlsx.old.xlsx" beside "okrs.xlsx".
    return re.fullmatch(re.escape(temp_prefix(real)) + r"[a-z0-9_]{8}" + re.escape(_SUFFIX),
                        name) is not None


def remove_stale_temps(real: Path, older_than: float = STALE_AFTER) -> list[Path]:
    """Delete this workbook's temp files last modified more than `older_than` seconds ago
    (left by a run killed with SIGKILL or by a power cut); the paths removed."""
    try:
        names = os.listdir(real.parent)
    except OSError:
        return []
    now = time.time()
    removed = []
    for name in names:
        if not _is_ours(real, name):
            continue
        path = real.parent / name
        with contextlib.suppress(OSError):
            st = path.lstat()
            # Only plain files: a link or folder of that name was not made by sheetsync.
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > older_than:
                path.unlink()
                removed.append(path)
    return removed


class StopGuard:
    """While writing: SIGTERM/SIGINT raise Interrupted, so the writer's cleanup removes the temp
    file and the run ends with one line. Once disarmed (the swap is under way) a signal is held
    and sent again on exit, so a finished swap is never reported as not done.

    Installed only in the main thread (Python delivers signals there); a signal the process
    ignores stays ignored."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.armed = False
        self.held: int | None = None
        self.stopped: Interrupted | None = None
        """What the handler raised: code it interrupted (zipfile's, closing a half-written
        entry) may raise a second error of its own, which must not hide the signal."""
        self._previous: dict[int, _Handler] = {}

    def __enter__(self) -> StopGuard:
        if threading.current_thread() is not threading.main_thread():
            return self
        for sig in _STOPPING:
            old = signal.getsignal(sig)
            if old is None or old == signal.SIG_IGN:
                continue
            self._previous[sig] = old
            signal.signal(sig, self._handle)
        self.armed = True
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.armed:
            self.armed = False
            self.stopped = Interrupted(
                f"{self.path}: stopped by {signal.Signals(signum).name} while writing the new "
                "file; the workbook is unchanged", signum)
            raise self.stopped
        self.held = signum

    def disarm(self) -> None:
        self.armed = False

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.armed = False
        for sig, old in self._previous.items():
            signal.signal(sig, old)
        # Only after a finished write: a run already stopping need not hear it twice.
        if self.held is not None and kind is None:
            signal.raise_signal(self.held)
