"""Benchmark: sync of a 10,000-KR / 50,000-check-in workbook against a bare openpyxl load + save.

Run: python benchmarks/bench_sync.py [--krs 10000] [--checkins 50000] [--runs 1] [--keep DIR]

Each step is its own process on its own copy, all in the same command: a bare openpyxl
load + save (the baseline), a first `sheetsync sync`, a second, no-op `sheetsync sync`, and a
sync of the small starter workbook (templates/flat.xlsx). Prints wall time and peak memory
(max RSS) of each and the ratios the project targets (issue 16): first sync <= 0.5, no-op sync
<= 0.1 and peak memory <= 1.0 of the baseline. With --runs N the steps are repeated N times
and each figure is given as a range (the machine is shared: one run proves little).
SHEETSYNC_XLSX_READER=stream in the environment measures the streaming reader instead of
python-calamine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

AS_OF = "2026-11-15"
BARE = "import sys, openpyxl; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[1])"


def generate(path: Path, n_krs: int, n_checkins: int, seed: int = 7) -> None:
    """A flat OKR tab (5 KRs per objective) and a check-in tab, written in write-only mode."""
    rnd = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("OKRs")
    ws.append(["ID", "Objective", "Key Result", "Owner", "Team", "Type", "Baseline", "Target",
               "Current", "Confidence"])
    teams = ["Sales", "Product", "Support", "Platform", "Marketing"]
    for i in range(n_krs):
        o = i // 5 + 1
        base = rnd.randint(0, 100)
        target = base + rnd.randint(10, 200) * rnd.choice((1, -1))
        ws.append([f"K{i + 1}", f"Objective number {o} for the team", f"Move metric {i} from "
                   f"{base} to {target}", f"Owner {o % 300}", teams[o % 5],
                   rnd.choice(["committed", "aspirational"]), base, target, None,
                   rnd.choice([0.3, 0.6, 0.9])])
    ci = wb.create_sheet("Check-ins")
    ci.append(["KR", "Date", "Value", "Confidence", "Note", "Author"])
    start = dt.date(2026, 10, 1)
    for _ in range(n_checkins):
        k = rnd.randrange(n_krs)
        ci.append([f"K{k + 1}", start + dt.timedelta(days=rnd.randrange(45)),
                   rnd.randint(0, 300), rnd.choice([0.3, 0.6, 0.9]), "weekly update",
                   f"Owner {k % 300}"])
    wb.save(path)


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MiB, exit code) of one child process."""
    t0 = time.perf_counter()
    # stderr goes to a file: a pipe read only after the child exits would fill up and block it.
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        rc = os.waitstatus_to_exitcode(status)
        if rc not in (0, 1):
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed ({rc}): {err.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, rc


ROOT = Path(__file__).resolve().parents[1]
GOALS = {"first": 0.5, "noop": 0.1, "rss": 1.0}


def one_run(src: Path, work: Path, run: int) -> dict[str, float]:
    bare_copy, sync_copy = work / f"bare{run}.xlsx", work / f"sync{run}.xlsx"
    small = work / f"small{run}.xlsx"
    shutil.copy(src, bare_copy)
    shutil.copy(src, sync_copy)
    shutil.copy(ROOT / "templates" / "flat.xlsx", small)
    sync_cmd = [sys.executable, "-m", "sheetsync", "sync", str(sync_copy), "--as-of", AS_OF]
    bare = measure([sys.executable, "-c", BARE, str(bare_copy)])
    first = measure(sync_cmd)
    mtime = sync_copy.stat().st_mtime_ns
    second = measure(sync_cmd)
    small_sync = measure([sys.executable, "-m", "sheetsync", "sync", str(small), "--as-of",
                          AS_OF])
    if sync_copy.stat().st_mtime_ns != mtime:
        raise SystemExit("the no-op sync rewrote the workbook")
    for name, (secs, rss, _) in (("bare openpyxl load + save", bare),
                                 ("sheetsync sync (first)", first),
                                 ("sheetsync sync (no-op)", second),
                                 ("sheetsync sync (small workbook)", small_sync)):
        print(f"  run {run}: {name:<32} {secs:7.2f} s   peak RSS {rss:7.0f} MiB")
    return {"first": first[0] / bare[0], "noop": second[0] / bare[0],
            "rss": max(first[1], second[1]) / bare[1], "small": small_sync[0]}


def span(values: list[float]) -> str:
    lo, hi = min(values), max(values)
    return f"{lo:.2f}" if f"{lo:.2f}" == f"{hi:.2f}" else f"{lo:.2f}-{hi:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--krs", type=int, default=10_000)
    ap.add_argument("--checkins", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="sheetsync-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / "okrs.xlsx"
    t0 = time.perf_counter()
    generate(src, args.krs, args.checkins)
    reader = os.environ.get("SHEETSYNC_XLSX_READER") or "calamine"
    print(f"workbook: {args.krs} KRs, {args.checkins} check-ins, "
          f"{src.stat().st_size / 1e6:.1f} MB (generated in {time.perf_counter() - t0:.1f} s); "
          f"reader: {reader}")
    runs = [one_run(src, work, i + 1) for i in range(args.runs)]
    figures = {k: [r[k] for r in runs] for k in ("first", "noop", "rss", "small")}
    print(f"(a) first sync / bare load+save   = {span(figures['first'])}  "
          f"(goal <= {GOALS['first']})")
    print(f"(b) no-op sync / bare load+save   = {span(figures['noop'])}  "
          f"(goal <= {GOALS['noop']}; file untouched)")
    print(f"(c) peak RSS sync / bare          = {span(figures['rss'])}  "
          f"(goal <= {GOALS['rss']})")
    print(f"(d) small workbook sync           = {span(figures['small'])} s")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
