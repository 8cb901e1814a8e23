"""Two syncs of one workbook at once, a sync that cannot get the lock, and a workbook open in
Excel or LibreOffice: one run waits or stops in one line, and the file is never damaged."""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from okr_workbooks import (
    AS_OF,
    Background,
    input_cells,
    one_error_line,
    sheetsync,
    sheetsync_together,
    write_okrs,
)

from sheetsync.backends.xlsx.lock import WorkbookLock, lock_path

N_KRS = 1500
"""Enough rows that a sync holds the lock for most of a second."""

UP_TO_DATE = "up to date, nothing to write"
BUSY = "another sheetsync run is using this workbook"


@dataclass
class Reference:
    """A medium OKR workbook before and after one uninterrupted sync, and its input cells."""

    old: bytes
    new: bytes
    cells: dict[str, list[tuple[Any, ...]]]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    folder = tmp_path_factory.mktemp("reference")
    path = write_okrs(folder / "okrs.xlsx", N_KRS)
    old, cells = path.read_bytes(), input_cells(path)
    r = sheetsync("sync", str(path), "--as-of", AS_OF)
    assert r.returncode == 0, r.stderr
    return Reference(old, path.read_bytes(), cells)


STAGGER = [0.0, 0.3]


@pytest.mark.parametrize("stagger", STAGGER, ids=[f"the second starts {s:g}s after the first"
                                                  for s in STAGGER])
def test_two_syncs_at_once_one_writes_and_the_other_waits(
        tmp_path: Path, workbooks: Reference, stagger: float) -> None:
    path = tmp_path / "okrs.xlsx"
    path.write_bytes(workbooks.old)
    first = Background("sync", str(path), "--as-of", AS_OF)
    time.sleep(stagger)
    second = Background("sync", str(path), "--as-of", AS_OF)
    runs = [first.wait(), second.wait()]

    for r in runs:
        assert r.returncode in (0, 1), r.stderr
        assert "Traceback" not in r.stderr
        if r.returncode == 1:
            assert BUSY in one_error_line(r.stderr)
    wrote = [r for r in runs if r.returncode == 0 and UP_TO_DATE not in r.stdout]
    assert len(wrote) == 1, [r.stdout[-200:] for r in runs]
    other = runs[1 - runs.index(wrote[0])]
    # The default wait (10 s) outlasts a sync this size: the other run waited, then found the
    # workbook already up to date.
    assert other.returncode == 0 and UP_TO_DATE in other.stdout
    assert path.read_bytes() == workbooks.new
    assert input_cells(path) == workbooks.cells
    assert [p.name for p in tmp_path.iterdir()] == ["okrs.xlsx"]


def test_a_sync_waits_for_the_lock_and_then_runs(tmp_path: Path, workbooks: Reference) -> None:
    path = tmp_path / "okrs.xlsx"
    path.write_bytes(workbooks.old)
    lock = WorkbookLock(path)
    lock.acquire()
    release = threading.Timer(1.5, lock.release)
    release.start()
    started = time.monotonic()
    try:
        r = sheetsync("sync", str(path), "--as-of", AS_OF)
    finally:
        release.join()
    assert r.returncode == 0, r.stderr
    assert time.monotonic() - started >= 1.5
    assert path.read_bytes() == workbooks.new
    assert not lock_path(path).exists()


# The child's lock wait, shortened from 10 s so the test does not sit idle.
SHORT_WAIT = """
from sheetsync.backends.xlsx.backend import XlsxBackend
XlsxBackend.__init__.__kwdefaults__["lock_timeout"] = 0.5
"""


@pytest.mark.parametrize("command", ["sync", "check"])
def test_a_run_that_cannot_get_the_lock_stops_in_one_line(tmp_path: Path, command: str) -> None:
    path = write_okrs(tmp_path / "okrs.xlsx")
    data = path.read_bytes()
    with WorkbookLock(path):
        r = sheetsync(command, str(path), "--as-of", AS_OF, prelude=SHORT_WAIT)
    assert r.returncode == 1 and r.stdout == ""
    assert one_error_line(r.stderr) == (
        f"error: {path}: {BUSY} (waited 0.5s for .~sheetsync-okrs.xlsx.lock); try again when "
        "it has finished")
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["okrs.xlsx"]


def excel_owner_file(user: str) -> bytes:
    """Excel's `~$` owner file: the user name in the ANSI code page (a length byte, padded to
    54 bytes), then its length and the name again in UTF-16."""
    ansi = user.encode("cp1252")
    return (bytes([len(ansi)]) + ansi.ljust(53, b" ") + len(user).to_bytes(2, "little")
            + user.encode("utf-16-le")).ljust(165, b" ")


OWNERS = [
    ("Excel has the workbook open", "~$okrs.xlsx", excel_owner_file("Ann Smith"),
     "is open in Excel by Ann Smith; close it and try again (if Excel is not running, delete "
     "the leftover ~$okrs.xlsx)"),
    ("LibreOffice has the workbook open", ".~lock.okrs.xlsx#",
     b",bob,laptop,22.11.2026 10:00,file:///home/bob/.config/libreoffice/4;",
     "is open in LibreOffice by bob; close it and try again (if LibreOffice is not running, "
     "delete the leftover .~lock.okrs.xlsx#)"),
]


@pytest.mark.parametrize("case, name, content, says", OWNERS, ids=[o[0] for o in OWNERS])
def test_a_workbook_open_in_an_office_app_is_read_but_not_written(
        tmp_path: Path, case: str, name: str, content: bytes, says: str) -> None:
    path = write_okrs(tmp_path / "okrs.xlsx")
    (tmp_path / name).write_bytes(content)
    data, mtime = path.read_bytes(), path.stat().st_mtime_ns
    check, dry, sync = sheetsync_together(("check", str(path), "--as-of", AS_OF),
                                          ("sync", "--dry-run", str(path), "--as-of", AS_OF),
                                          ("sync", str(path), "--as-of", AS_OF))
    assert check.returncode == 0 and "12 key results" in check.stdout, check.stderr
    assert dry.returncode == 0 and 'OKRs!I1: (blank) → "Progress"' in dry.stdout
    assert sync.returncode == 1 and sync.stdout == ""
    assert one_error_line(sync.stderr) == f"error: {path}: {says}"
    assert (path.read_bytes(), path.stat().st_mtime_ns) == (data, mtime)
    assert (tmp_path / name).read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["okrs.xlsx", name])

    (tmp_path / name).unlink()
    after = sheetsync("sync", str(path), "--as-of", AS_OF)
    assert after.returncode == 0, after.stderr
    assert path.read_bytes() != data


def test_a_copy_of_a_locked_workbook_is_not_blocked(tmp_path: Path) -> None:
    """The lock and the owner file belong to one file name: a copy beside it syncs."""
    path = write_okrs(tmp_path / "okrs.xlsx")
    (tmp_path / "~$okrs.xlsx").write_bytes(excel_owner_file("Ann Smith"))
    copy = tmp_path / "okrs-copy.xlsx"
    shutil.copy(path, copy)
    with WorkbookLock(path):
        r = sheetsync("sync", str(copy), "--as-of", AS_OF)
    assert r.returncode == 0, r.stderr
