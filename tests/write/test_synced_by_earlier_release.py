"""A workbook synced by the release before the ownership record (the code at commit
c690339, run from git): its status columns are recognised once, recorded, and from then on are
sheetsync's, while the columns people made stay theirs."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from okr_workbooks import write_okrs

from sheetsync import pipeline
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.config import Config
from sheetsync.grid import Book

EARLIER_RELEASE = "c6903392ade21191e8928402129b664e29919265"
ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 15)


def _earlier_release(tmp: Path) -> Path:
    """The sheetsync package as it was at EARLIER_RELEASE, unpacked into TMP."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    run = subprocess.run([git, "-C", str(ROOT), "archive", EARLIER_RELEASE, "sheetsync"],
                         capture_output=True, timeout=60)
    if run.returncode != 0:
        pytest.skip(f"the earlier release is not in this checkout's history: {run.stderr!r}")
    with tarfile.open(fileobj=io.BytesIO(run.stdout)) as tar:
        tar.extractall(tmp, filter="data")
    return tmp


def _sync_with_earlier_release(code: Path, path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(code)}
    r = subprocess.run([sys.executable, "-m", "sheetsync", "sync", str(path), "--as-of",
                        AS_OF.isoformat()], capture_output=True, text=True, env=env, timeout=300,
                       cwd=code)
    assert r.returncode in (0, 1), r.stderr


def _read(path: Path) -> Book:
    with XlsxBackend(path) as b:
        return b.read()


def test_a_workbook_synced_by_the_earlier_release_is_recognised_once(tmp_path: Path) -> None:
    code = _earlier_release(tmp_path / "earlier")
    path = write_okrs(tmp_path / "okrs.xlsx", 8)
    _sync_with_earlier_release(code, path)
    legacy = _read(path)
    grid = legacy.sheet("OKRs")
    assert grid is not None and grid.owned_columns == {}, "the earlier release kept no record"
    headers = [str(v) for v in grid.rows[0]]
    assert "Status" in headers and "Score" in headers

    plan = pipeline.run(str(path), Config(), AS_OF, until="plan").plan
    assert plan is not None
    recognised = {c.role for c in plan.claims if c.why == "made by an earlier release"}
    assert recognised >= {"progress", "score", "status", "last_checkin", "projected"}
    assert not [c for c in plan.changes if c.row == 1], "no second set of status columns"
    assert {(t.role, t.why) for t in plan.tab_claims} == {
        ("summary", "made by an earlier release"), ("history", "made by an earlier release")}

    pipeline.run(str(path), Config(), AS_OF, until="apply")
    synced = _read(path)
    okrs = synced.sheet("OKRs")
    assert okrs is not None
    assert okrs.owned_columns["status"] == headers.index("Status") + 1
    assert okrs.rows == grid.rows, "recognising the columns wrote no cell"
    assert set(synced.owned_tabs) == {"summary", "history"}
    again = pipeline.run(str(path), Config(), AS_OF, until="plan").plan
    assert again is not None and again.is_empty, again.lines()
