"""Benchmark: a multi-source run over many team workbooks, and the Sheets quota arithmetic.

Run: python benchmarks/bench_company.py [--teams 200] [--keep DIR] [--google-only]

1. Files: TEAMS team workbooks (6 KRs each, aligned to a company workbook) synced by one
   `sheetsync sync` (the multi-source run) against the same workbooks synced one process each,
   in the same command; prints both times and their ratio.
2. Google: the same TEAMS seeded as spreadsheets into the local Sheets API emulator and synced by
   run_many() with the shared limiter at google.requests_per_minute = 55 on a simulated clock
   (real HTTP, real gspread; only the waiting is simulated). Prints the requests made, the reads
   per sheet, the most in any 60-second window, and the simulated minutes the run takes, for a
   first sync and a no-op.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

AS_OF = "2026-11-15"


def team_workbook(path: Path, team: int) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "OKRs"
    ws.append(["Objective ID", "Objective", "Aligns to", "Key Result", "Owner", "Baseline",
               "Target", "Current"])
    for o in (1, 2):
        for k in range(3):
            ws.append([f"O{o}", f"Team goal {'AB'[o - 1]}", f"C{(team + o) % 3 + 1}",
                       f"Metric {k}", f"Owner {team}", 0, 100, (team * 7 + k * 13) % 110])
    wb.save(path)


def company_workbook(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Company"
    ws.append(["Objective ID", "Objective", "Level", "Key Result", "Target", "Current"])
    for c in (1, 2, 3):
        ws.append([f"C{c}", f"Company goal {'XYZ'[c - 1]}", "company", f"Company metric {c}",
                   10, c * 2])
    wb.save(path)


def build(folder: Path, teams: int) -> Path:
    (folder / "teams").mkdir(parents=True)
    lines = []
    for t in range(teams):
        team_workbook(folder / "teams" / f"team{t:03d}.xlsx", t)
        lines.append(f'[[sources]]\nteam = "Team {t:03d}"\nsource = "teams/team{t:03d}.xlsx"\n')
    company_workbook(folder / "company.xlsx")
    config = folder / "sheetsync.toml"
    config.write_text("\n".join(lines) + '\n[company]\nsource = "company.xlsx"\n',
                      encoding="utf-8")
    return config


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def files(folder: Path, teams: int) -> None:
    config = build(folder / "many", teams)
    many = timed([sys.executable, "-m", "sheetsync", "sync", "--config", str(config),
                  "--as-of", AS_OF])
    one = build(folder / "one", teams)
    t0 = time.perf_counter()
    for path in sorted((one.parent / "teams").glob("*.xlsx")):
        subprocess.run([sys.executable, "-m", "sheetsync", "sync", str(path), "--as-of", AS_OF],
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    separate = time.perf_counter() - t0
    print(f"files: {teams} team workbooks + company")
    print(f"  one multi-source sync      {many:7.2f} s")
    print(f"  {teams} separate syncs       {separate:7.2f} s")
    print(f"  ratio multi / separate     {many / separate:7.2f}")


class SimulatedClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.stamps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def google(folder: Path, teams: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from sheetsync.backends.google.ratelimit import WINDOW, RateLimiter
    from sheetsync.backends.xlsx.backend import XlsxBackend
    from sheetsync.company.run import run_many
    from sheetsync.config import CompanyConfig, Config, GoogleConfig, SourceEntry
    from sheetsync.testing import running_emulator, seed_book, write_service_account

    folder = folder / "google"
    folder.mkdir()
    with running_emulator(seed=3) as emu:
        import os

        os.environ["SHEETSYNC_SHEETS_ENDPOINT"] = emu.url
        key = folder / "sa.json"
        write_service_account(emu, key)
        entries = []
        for t in range(teams):
            path = folder / f"team{t:03d}.xlsx"
            team_workbook(path, t)
            with XlsxBackend(path) as x:
                sid = seed_book(emu, x.read(), title=f"Team {t:03d}")
            entries.append(SourceEntry(team=f"Team {t:03d}", source=sid))
        company_workbook(folder / "company.xlsx")
        config = Config(sources=entries,
                        company=CompanyConfig(source=str(folder / "company.xlsx")),
                        google=GoogleConfig(credentials=key, requests_per_minute=55))
        print(f"google: {teams} team spreadsheets in the emulator, 55 requests a minute")
        for label in ("first sync", "no-op sync"):
            clock = SimulatedClock()
            limiter = RateLimiter(55, clock=clock, sleep=clock.sleep)
            acquire = limiter.acquire

            def counted(acquire=acquire, clock=clock) -> float:  # type: ignore[no-untyped-def]
                waited = acquire()
                clock.stamps.append(clock.now)
                return waited

            limiter.acquire = counted  # type: ignore[method-assign]
            emu.clear_requests()
            t0 = time.perf_counter()
            result = run_many(config, dt.date.fromisoformat(AS_OF), until="apply",
                              limiter=limiter)
            real = time.perf_counter() - t0
            calls = emu.requests()
            writes = sum(1 for c in calls if c["method"] != "GET")
            stamps = clock.stamps
            busiest = max(sum(1 for t in stamps if s <= t < s + WINDOW) for s in stamps)
            reads = len(calls) - writes
            print(f"  {label}: {len(calls)} requests ({reads} reads, {writes} "
                  f"writes), {reads / teams:.2f} reads per sheet, at most {busiest} in any "
                  f"minute, {clock.now / 60:.1f} simulated minutes for {teams} sheets "
                  f"(real {real:.1f} s), {result.failed} failed")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--teams", type=int, default=200)
    ap.add_argument("--keep", type=Path, help="build in this folder and keep it")
    ap.add_argument("--google-only", action="store_true", help="skip the file timings")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="sheetsync-company-"))
    try:
        if not args.google_only:
            files(folder, args.teams)
        google(folder, args.teams)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
