"""Every real workbook and CSV in ../shared/okr-samples goes through `sheetsync check` cleanly:
read into OKRs, or answered with a precise reason; never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES

FILES = sorted(p.name for p in SAMPLES.glob("*") if p.suffix in (".xlsx", ".csv")) \
    if SAMPLES.is_dir() else []


@pytest.mark.samples
@pytest.mark.parametrize("name", FILES or ["(samples absent)"])
def test_check_reads_the_sample_or_says_why(samples_dir: Path, name: str) -> None:
    path = samples_dir / name
    before = path.read_bytes()
    r = subprocess.run([sys.executable, "-m", "sheetsync", "check", str(path), "--as-of",
                        "2026-11-15"], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in r.stderr + r.stdout
    assert r.returncode in (0, 1), r.stderr
    if "key results" in r.stdout and " 0 key results" not in r.stdout:
        return  # read into OKRs
    # Otherwise there must be a reason that names a sheet (or the file) and says what to do.
    reasons = [line for line in (r.stdout + r.stderr).splitlines()
               if line.startswith(("error", "warning"))]
    assert reasons, r.stdout + r.stderr
    assert any("!" in line or name in line or "sheet" in line for line in reasons), reasons
    assert path.read_bytes() == before
