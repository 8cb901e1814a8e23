"""One contract, every backend: the same workbook scores and syncs identically through memory,
.xlsx and Google Sheets (the local emulator over real HTTP), and a second sync writes nothing."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from google_support import open_backend, write_calls

from sheetsync import pipeline
from sheetsync.backends.base import Backend
from sheetsync.backends.memory import MemoryBackend
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.config import Config, load_config
from sheetsync.grid import Book
from sheetsync.testing import SheetsEmulator, seed_book
from sheetsync.write.cellcompare import same_value

pytest_plugins = ["google_fixtures"]

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 15)


def _bad_workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "OKRs"
    ws.append(["Objective", "Key Result", "Owner", "Baseline", "Target", "Current"])
    ws.append(["Grow", "Sign 10 logos", "Ann", 0, 10, 4])
    ws.append(["Grow", "Raise NPS from 30 to 50", "Bob", 30, "tbd", 35])
    ws.append(["Grow", "Cut churn from 5% to 3%", "Cy", 0.05, 0.03, "#DIV/0!"])
    wb.save(path)


WORKBOOKS: dict[str, Callable[[Path], None]] = {
    "flat": lambda p: shutil.copy(ROOT / "templates" / "flat.xlsx", p),
    "grouped": lambda p: shutil.copy(ROOT / "templates" / "grouped.xlsx", p),
    "bad": _bad_workbook,
}
CONFIGS = {"flat": "flat.toml", "grouped": "grouped.toml", "bad": "flat.toml"}


def _values(book: Book) -> dict[tuple[str, int, int], object]:
    return {(g.title, r, c): v for g in book.sheets for r, row in enumerate(g.rows, 1)
            for c, v in enumerate(row, 1) if v not in (None, "")}


def _diff(a: dict[tuple[str, int, int], object], b: dict[tuple[str, int, int], object]
          ) -> list[object]:
    """Cells that differ between two backends' books (Sheets date serials equal dates)."""
    keys = sorted(a.keys() | b.keys())
    return [(k, a.get(k), b.get(k)) for k in keys
            if not same_value(b.get(k), a.get(k))]  # type: ignore[arg-type]


def _run_all(tmp_path: Path, name: str, emulator: SheetsEmulator, sa_key: Path
             ) -> dict[str, tuple[pipeline.RunResult, Callable[[], Backend]]]:
    path = tmp_path / "okrs.xlsx"
    WORKBOOKS[name](path)
    config: Config = load_config(ROOT / "templates" / CONFIGS[name])
    with XlsxBackend(path) as x:
        original = x.read()
    memory = MemoryBackend(copy.deepcopy(original))
    sid = seed_book(emulator, original)
    opens: dict[str, Callable[[], Backend]] = {
        "memory": lambda: memory,
        "xlsx": lambda: XlsxBackend(path),
        "google": lambda: open_backend(sid, sa_key),
    }
    out = {}
    for backend_name, opener in opens.items():
        backend = opener()
        try:
            out[backend_name] = (pipeline.run(backend, config, AS_OF, until="apply"), opener)
        finally:
            if backend_name != "memory":
                backend.close()
    return out


@pytest.mark.parametrize("name", list(WORKBOOKS), ids=[
    "flat workbook with a check-in tab", "grouped workbook with weekly columns",
    "workbook with a tbd target and a #DIV/0! current"])
def test_every_backend_scores_and_writes_the_same(
    tmp_path: Path, name: str, emulator: SheetsEmulator, sa_key: Path
) -> None:
    runs = _run_all(tmp_path, name, emulator, sa_key)
    ref = runs["memory"][0].scorecard.model_dump(mode="json", exclude={"problems"})
    ref_problems = [(p.severity, p.sheet, p.cell, p.message)
                    for p in runs["memory"][0].scorecard.problems]
    for result, _ in runs.values():
        got = result.scorecard.model_dump(mode="json", exclude={"problems"})
        for kr in (*got["key_results"], *ref["key_results"]):
            kr["source"]["workbook"] = None
        for o in (*got["objectives"], *ref["objectives"]):
            o["source"]["workbook"] = None
        for c in (*got["checkins"], *ref["checkins"]):
            c["source"]["workbook"] = None
        assert got == ref
        assert [(p.severity, p.sheet, p.cell, p.message)
                for p in result.scorecard.problems] == ref_problems
    if name == "bad":
        statuses = {k.id: k.status.value for k in runs["xlsx"][0].scorecard.key_results}
        assert list(statuses.values()) == ["On track", "Invalid", "Invalid"]
    written = {}
    for backend_name, (_, opener) in runs.items():
        backend = opener()
        written[backend_name] = _values(backend.read())
        if backend_name != "memory":
            backend.close()
    assert _diff(written["memory"], written["xlsx"]) == []
    assert _diff(written["memory"], written["google"]) == []


def test_a_second_sync_writes_nothing_on_any_backend(
    tmp_path: Path, emulator: SheetsEmulator, sa_key: Path
) -> None:
    runs = _run_all(tmp_path, "flat", emulator, sa_key)
    path = tmp_path / "okrs.xlsx"
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    emulator.clear_requests()
    config = load_config(ROOT / "templates" / "flat.toml")
    for _, opener in runs.values():
        backend = opener()
        try:
            again = pipeline.run(backend, config, AS_OF, until="apply")
        finally:
            if not isinstance(backend, MemoryBackend):
                backend.close()
        assert again.plan is not None and again.plan.is_empty, again.plan.lines()
        assert not again.applied
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert write_calls(emulator) == []
