"""OKR workbooks built in code, and the CLI run as a child process, for the unattended-run tests
(hostile files, killed syncs, concurrent syncs)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl

AS_OF = "2026-11-15"
HEADER = ["ID", "Objective", "Key Result", "Owner", "Baseline", "Target", "Current", "Confidence"]
INPUT_COLS = len(HEADER)


def write_okrs(path: Path, n_krs: int = 12) -> Path:
    """An OKR tab of n_krs key results (four per objective) and a check-in tab; written in
    openpyxl's write-only mode so thousands of rows take a fraction of a second."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("OKRs")
    ws.append(HEADER)
    for i in range(n_krs):
        o = i // 4 + 1
        ws.append([f"O{o}.{i % 4 + 1}", f"Objective {'ABCDEFGH'[o % 8]}-{o}",
                   f"Raise metric {i} from 0 to {100 + i}", f"Owner {i % 23}", 0, 100 + i,
                   (i * 7) % (120 + i), 0.5 + (i % 5) / 10])
    ci = wb.create_sheet("Check-ins")
    ci.append(["KR", "Date", "Value", "Note"])
    for i in range(min(n_krs, 40)):
        ci.append([f"O{i // 4 + 1}.{i % 4 + 1}", dt.date(2026, 10, 1 + i % 28), i, "weekly"])
    wb.save(path)
    return path


def input_cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What people typed: every cell of the check-in tab and the input columns of the OKR tab,
    as openpyxl reads them (so the file must open)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {
            "OKRs": [tuple(r) for r in wb["OKRs"].iter_rows(max_col=INPUT_COLS, values_only=True)],
            "Check-ins": [tuple(r) for r in wb["Check-ins"].iter_rows(values_only=True)],
        }
    finally:
        wb.close()


def sheetsync(*args: str, cwd: Path | None = None, prelude: str = "",
              timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real entry point in a child process. `prelude` is Python run before the CLI, to
    change the library the way a test needs (a shorter lock wait, a file deleted mid-run)."""
    if prelude:
        code = prelude + "\nfrom sheetsync.cli import main\nmain()\n"
        argv = [sys.executable, "-c", code, *args]
    else:
        argv = [sys.executable, "-m", "sheetsync", *args]
    return subprocess.run(argv, capture_output=True, text=True, cwd=cwd, timeout=timeout)


def sheetsync_popen(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "sheetsync", *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def one_error_line(stderr: str) -> str:
    """The single `error: ...` line a failed run prints; fails the test on anything else."""
    lines = stderr.splitlines()
    assert "Traceback" not in stderr, stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    return lines[0]
