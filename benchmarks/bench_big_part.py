"""Benchmark: what a big part sheetsync does not touch adds to a sync.

Run: python benchmarks/bench_big_part.py [--mb 100] [--krs 2000] [--keep DIR]
Builds an OKR workbook, and the same workbook plus one big untouched part (a pivot-cache-like
XML part of --mb megabytes unpacked, in customXml so nothing reads it). Times a first
`sheetsync sync` of each, each in its own process on its own copy, twice: with untouched parts
copied still compressed (what sheetsync does), and with every part unpacked and packed again
(the former way, forced through `write_zip(raw=False)`). Prints the seconds and the ratio
with / without the big part for both.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from bench_sync import AS_OF, generate

REPACK = ("from sheetsync.backends import xlsx_save\n"
          "xlsx_save.write_zip.__kwdefaults__['raw'] = False\n"
          "from sheetsync.cli.commands import main\nmain()\n")


def add_big_part(src: Path, dest: Path, megabytes: int, seed: int = 11) -> None:
    """`src` plus customXml/item1.xml of about `megabytes` MB of numbers (packs about 5:1)."""
    rnd = random.Random(seed)
    shutil.copy(src, dest)
    with zipfile.ZipFile(dest, "a", zipfile.ZIP_DEFLATED) as z, \
            z.open("customXml/item1.xml", "w", force_zip64=True) as f:
        f.write(b'<?xml version="1.0"?><records>')
        written = 0
        while written < megabytes * 1_000_000:
            row = b"".join(b"<r><n v=\"%d\"/><n v=\"%d\"/><s v=\"%d\"/></r>" % (
                rnd.randrange(10**6), rnd.randrange(10**4), rnd.randrange(300))
                for _ in range(2000))
            f.write(row)
            written += len(row)
        f.write(b"</records>")


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr[-2000:]}")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--krs", type=int, default=2000)
    ap.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="sheetsync-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    small, big = work / "okrs.xlsx", work / "okrs-big-part.xlsx"
    generate(small, args.krs, args.krs * 5)
    add_big_part(small, big, args.mb)
    print(f"workbook {small.stat().st_size / 1e6:.1f} MB; with the big part "
          f"{big.stat().st_size / 1e6:.1f} MB ({args.mb} MB unpacked)")
    modes = {"copied still compressed": [sys.executable, "-m", "sheetsync"],
             "unpacked and packed again": [sys.executable, "-c", REPACK]}
    for mode, prefix in modes.items():
        seconds = {}
        for book in (small, big):
            copy = work / f"run-{book.name}"
            shutil.copy(book, copy)
            seconds[book] = timed([*prefix, "sync", str(copy), "--as-of", AS_OF])
            with zipfile.ZipFile(copy) as z:
                assert z.testzip() is None
        print(f"{mode:<26} without {seconds[small]:6.2f} s   with {seconds[big]:6.2f} s   "
              f"ratio {seconds[big] / seconds[small]:5.2f}")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
