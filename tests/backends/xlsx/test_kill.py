"""Syncs killed with SIGKILL at random moments: the workbook is always the old file or the new one,
never a damaged one, and what a killed run leaves behind is only what docs/cron.md describes.

SHEETSYNC_KILL_RUNS sets the number of killed runs (default 40, about half a minute);
SHEETSYNC_KILL_SEED the seed of the random delays."""

from __future__ import annotations

import os
import random
import re
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from okr_workbooks import AS_OF, Background, input_cells, sheetsync, write_okrs

RUNS = int(os.environ.get("SHEETSYNC_KILL_RUNS", "40"))
SEED = int(os.environ.get("SHEETSYNC_KILL_SEED", "20261115"))
N_KRS = 2000
"""Enough key results that a sync takes about a second and its file takes a while to write."""

LOCK = ".~sheetsync-okrs.xlsx.lock"
TEMP = re.compile(r"^\.~sheetsync-okrs\.xlsx\.[^/]+\.tmp$")


def _leftovers(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name != "okrs.xlsx"}


def _timed_reference_sync(path: Path) -> tuple[float, float, float]:
    """One uninterrupted sync, watched: its duration, and when the temp file was first and last
    seen (the window in which the new file is being written), all from the start."""
    folder = path.parent
    started = time.monotonic()
    run = Background("sync", str(path), "--as-of", AS_OF)
    first = last = None
    while run.proc.poll() is None:
        now = time.monotonic() - started
        if any(TEMP.match(name) for name in os.listdir(folder)):
            first = now if first is None else first
            last = now
        time.sleep(0.002)
    duration = time.monotonic() - started
    result = run.wait()
    assert result.returncode == 0, result.stderr
    if first is None or last is None:
        return duration, 0.0, duration
    return duration, first, last


def _wait_for_temp_file(folder: Path, run: Background, limit: float, old: set[str]) -> float:
    """Seconds until a new temp file appears (or the run ends, or `limit` passes); `old` are
    the files killed runs left before."""
    started = time.monotonic()
    while run.proc.poll() is None and time.monotonic() - started < limit:
        if any(TEMP.match(name) and name not in old for name in os.listdir(folder)):
            break
        time.sleep(0.0005)
    return time.monotonic() - started


def _classify(path: Path, old: bytes, new: bytes) -> str:
    data = path.read_bytes()
    if data == old:
        return "old"
    if data == new:
        return "new"
    try:
        input_cells(path)
    except Exception as exc:  # any failure to open is what this test exists to catch
        return f"damaged ({type(exc).__name__}: {exc})"
    return "a third version (opens, but is neither the old nor the new file)"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_sync_killed_at_any_moment_leaves_the_old_or_the_new_workbook(tmp_path: Path) -> None:
    source = write_okrs(tmp_path / "original.xlsx", N_KRS)
    old = source.read_bytes()
    cells = input_cells(source)
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "okrs.xlsx"

    path.write_bytes(old)
    duration, write_from, write_to = _timed_reference_sync(path)
    new = path.read_bytes()
    assert new != old and input_cells(path) == cells
    assert _leftovers(folder) == set()

    rng = random.Random(SEED)
    tally: Counter[str] = Counter()
    bad: list[str] = []
    for run in range(RUNS):
        path.write_bytes(old)
        before = _leftovers(folder)
        # Half the kills at any moment of the run; half while the new file is being written
        # (from when its temp file appears, up to as long as writing took in the reference
        # run), where a damaged workbook would come from.
        sync = Background("sync", str(path), "--as-of", AS_OF)
        if run % 2:
            delay = rng.uniform(0.0, duration * 1.05)
            time.sleep(delay)
        else:
            delay = _wait_for_temp_file(folder, sync, duration * 3, before)
            extra = rng.uniform(0.0, write_to - write_from + 0.005)
            time.sleep(extra)
            delay += extra
        finished = sync.proc.poll() is not None
        if not finished:
            sync.proc.send_signal(signal.SIGKILL)
        code = sync.wait().returncode
        state = _classify(path, old, new)
        added = _leftovers(folder) - before
        temps = {n for n in added if TEMP.match(n)}
        if state not in ("old", "new"):
            bad.append(f"run {run} (delay {delay:.3f}s): {state}")
        if added - temps - {LOCK}:
            bad.append(f"run {run}: unexpected files left: {sorted(added - temps - {LOCK})}")
        if temps and state != "old":
            bad.append(f"run {run}: a temp file was left but the workbook is not the old one")
        if finished:
            tally["finished before the kill"] += 1
            if code != 0 or state != "new":
                bad.append(f"run {run}: finished with {code} leaving the {state} file")
        elif temps:
            tally["killed while writing the new file"] += 1
        elif state == "new":
            tally["killed after the swap"] += 1
        else:
            tally["killed before writing"] += 1
    print(f"\n{RUNS} killed syncs (seed {SEED}, reference sync {duration:.2f}s, writing "
          f"{write_from:.2f}-{write_to:.2f}s): " + ", ".join(f"{n} {k}" for k, n in
                                                           sorted(tally.items())))
    assert not bad, "\n".join(bad)
    assert sum(tally.values()) == RUNS

    # What the killed runs left (a lock file, temp files) blocks nothing: a plain sync works.
    path.write_bytes(old)
    r = sheetsync("sync", str(path), "--as-of", AS_OF)
    assert r.returncode == 0, r.stderr
    assert path.read_bytes() == new
    assert LOCK not in _leftovers(folder)
    assert all(TEMP.match(n) for n in _leftovers(folder))
