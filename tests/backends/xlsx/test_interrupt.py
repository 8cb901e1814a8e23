"""Syncs stopped with SIGTERM or SIGINT while the new file is written: the temp file is removed,
the workbook is byte-identical, the run ends in one line; temp files of killed runs are swept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from okr_workbooks import AS_OF, Background, one_error_line, sheetsync, write_okrs

from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.backends.xlsx.tempfile import STALE_AFTER, remove_stale_temps, temp_prefix
from sheetsync.write.writeplan import CellChange, WritePlan

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

# Holds the run still after a few entries of the new zip are written, and says so through a
# marker file: the signal then lands mid-write every time, without guessing at timings.
PAUSE_MID_WRITE = """
import pathlib, sys, time
from sheetsync.backends.xlsx import save as xlsx_save
_copy, _calls = xlsx_save.copy_raw, []
_marker = pathlib.Path(sys.argv.pop())
def _pausing(src, info, dest):
    _calls.append(info)
    if len(_calls) == 3:
        _marker.touch()
        time.sleep(120)
    return _copy(src, info, dest)
xlsx_save.copy_raw = _pausing
from sheetsync.cli.commands import main
main()
"""


def _start_paused(path: Path, marker: Path) -> subprocess.Popen[bytes]:
    # A child started from a background job may inherit SIGINT ignored; a terminal would not.
    return subprocess.Popen(
        [sys.executable, "-c", PAUSE_MID_WRITE, "sync", str(path), "--as-of", AS_OF, str(marker)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


STOPS = [("SIGTERM", signal.SIGTERM, 143), ("SIGINT", signal.SIGINT, 130)]


@pytest.mark.parametrize("name, sig, code", STOPS,
                         ids=[f"{s[0]} while writing removes the temp file and exits {s[2]}"
                              for s in STOPS])
def test_a_stop_signal_while_writing_leaves_the_workbook_unchanged(
        tmp_path: Path, name: str, sig: int, code: int) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    path = write_okrs(folder / "okrs.xlsx")
    old = path.read_bytes()
    marker = tmp_path / "paused"
    proc = _start_paused(path, marker)
    deadline = time.monotonic() + 60
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists(), proc.communicate()[1].decode()
    temps = [n for n in os.listdir(folder) if n.startswith(temp_prefix(path))
             and n.endswith(".tmp")]
    assert len(temps) == 1
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code
    assert one_error_line(err.decode()) == (
        f"error: {path}: stopped by {name} while writing the new file; the workbook is unchanged")
    assert path.read_bytes() == old
    assert sorted(os.listdir(folder)) == ["okrs.xlsx"]
    assert sheetsync("sync", str(path), "--as-of", AS_OF).returncode == 0
    assert path.read_bytes() != old


def test_sigterm_as_soon_as_writing_starts_never_leaves_a_temp_file(tmp_path: Path) -> None:
    """Unpaused runs, stopped the moment their temp file appears: whichever side of the swap the
    signal lands on, the workbook is the old or the new file and no temp file is left."""
    source = write_okrs(tmp_path / "source.xlsx", 2000)
    old = source.read_bytes()
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "okrs.xlsx"
    path.write_bytes(old)
    assert sheetsync("sync", str(path), "--as-of", AS_OF).returncode == 0
    new = path.read_bytes()
    tally: Counter[str] = Counter()
    for _ in range(4):
        path.write_bytes(old)
        run = Background("sync", str(path), "--as-of", AS_OF)
        while run.proc.poll() is None:
            if any(n.startswith(temp_prefix(path)) and n.endswith(".tmp")
                   for n in os.listdir(folder)):
                run.proc.send_signal(signal.SIGTERM)
                break
            time.sleep(0.0005)
        result = run.wait()
        state = {old: "old", new: "new"}.get(path.read_bytes(), "neither")
        tally[f"exit {result.returncode}, {state} workbook"] += 1
        assert sorted(os.listdir(folder)) == ["okrs.xlsx"], (tally, result.stderr)
        assert (result.returncode, state) in ((143, "old"), (0, "new"), (-15, "new")), \
            (tally, result.returncode, state, result.stderr)
        if result.returncode == 143:
            assert "the workbook is unchanged" in one_error_line(result.stderr)
    print(f"\nSIGTERM at the first sight of the temp file: {dict(tally)}")


def _leftover(folder: Path, name: str, age: float) -> Path:
    p = folder / name
    p.write_bytes(b"PK half a zip")
    stamp = time.time() - age
    os.utime(p, (stamp, stamp))
    return p


SWEEP = [
    ("an old temp file of this workbook is removed", ".~sheetsync-okrs.xlsx.ab1_x9zq.tmp",
     STALE_AFTER + 60, False),
    ("a temp file written a minute ago is kept (a run may still own it)",
     ".~sheetsync-okrs.xlsx.k2m4n6p8.tmp", 60, True),
    ("an old temp file of another workbook is kept",
     ".~sheetsync-okrs.xlsx.old.xlsx.ab1_x9zq.tmp", STALE_AFTER + 60, True),
    ("an old file that only starts like a temp file is kept",
     ".~sheetsync-okrs.xlsx.notes.txt", STALE_AFTER + 60, True),
]


@pytest.mark.parametrize("case, name, age, kept", SWEEP, ids=[s[0] for s in SWEEP])
def test_the_next_sync_sweeps_temp_files_of_killed_runs(tmp_path: Path, case: str, name: str,
                                                         age: float, kept: bool) -> None:
    path = write_okrs(tmp_path / "okrs.xlsx")
    leftover = _leftover(tmp_path, name, age)
    with XlsxBackend(path) as backend:
        backend.read()
        backend.apply(WritePlan(str(path), [CellChange("OKRs", 2, 9, None, "On track")]))
    assert leftover.exists() == kept
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp") and n != name]


def test_a_link_named_like_a_temp_file_is_not_followed(tmp_path: Path) -> None:
    path = write_okrs(tmp_path / "okrs.xlsx")
    target = _leftover(tmp_path, "precious.txt", STALE_AFTER + 60)
    link = tmp_path / ".~sheetsync-okrs.xlsx.ab1_x9zq.tmp"
    link.symlink_to(target)
    os.utime(link, (time.time() - STALE_AFTER - 60,) * 2, follow_symlinks=False)
    assert remove_stale_temps(path) == []
    assert link.is_symlink() and target.read_bytes() == b"PK half a zip"


def test_a_killed_run_leaves_a_temp_file_the_next_writing_sync_removes(tmp_path: Path) -> None:
    path = write_okrs(tmp_path / "okrs.xlsx")
    marker = tmp_path / "paused"
    proc = _start_paused(path, marker)
    while not marker.exists() and proc.poll() is None:
        time.sleep(0.01)
    proc.kill()
    proc.wait()
    temps = [tmp_path / n for n in os.listdir(tmp_path) if n.startswith(temp_prefix(path))
             and n.endswith(".tmp")]
    assert len(temps) == 1
    stamp = time.time() - STALE_AFTER - 1
    os.utime(temps[0], (stamp, stamp))
    r = sheetsync("sync", str(path), "--as-of", AS_OF)
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(tmp_path)) == sorted(["okrs.xlsx", "paused"])
