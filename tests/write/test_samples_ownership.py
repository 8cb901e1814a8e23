"""The real workbooks in the shared samples, synced twice: no cell a person wrote changes, a
workbook without an OKR table is not written at all, and the second sync writes nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from google_support import open_backend, write_calls
from tests_support_paths import CANDIDATES, samples

from sheetsync import pipeline
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.config import Config
from sheetsync.errors import SheetsyncError
from sheetsync.grid import Book
from sheetsync.testing import SheetsEmulator, seed_book
from sheetsync.write.cellcompare import normalize

pytest_plugins = ["google_fixtures"]

AS_OF = dt.date(2026, 11, 15)
MIT = "sshumaker__sshumaker-scale.github.io__okr-template.xlsx"


def _names() -> list[str]:
    for folder in CANDIDATES:
        if folder.is_dir():
            return sorted(p.name for p in folder.glob("*.xlsx"))
    return []


def _cells(book: Book, skip: set[str]) -> dict[tuple[str, int, int], object]:
    return {(g.title, r, c): normalize(v) for g in book.sheets if g.title not in skip
            for r, row in enumerate(g.rows, 1) for c, v in enumerate(row, 1)
            if normalize(v) is not None}


def _read(path: Path) -> Book:
    with XlsxBackend(path) as b:
        return b.read()


@pytest.mark.parametrize("name", _names() or ["(no samples)"])
def test_a_sample_synced_twice_keeps_every_persons_cell(tmp_path: Path, name: str) -> None:
    path = tmp_path / "book.xlsx"
    shutil.copy(samples() / name, path)
    path.chmod(0o644)
    before_bytes = path.read_bytes()
    before = _read(path)
    try:
        first = pipeline.run(str(path), Config(), AS_OF, until="apply")
    except SheetsyncError as e:
        assert path.read_bytes() == before_bytes, f"refused ({e}) but written"
        return
    assert first.plan is not None
    if not any(t.kind == "okr" for t in first.tables):
        assert path.read_bytes() == before_bytes, "no OKR table, yet the workbook was written"
        return
    after = _read(path)
    mine = set(after.owned_tabs.values())
    old, new = _cells(before, mine), _cells(after, mine)
    changed = {k: (v, new.get(k)) for k, v in old.items() if new.get(k) != v}
    assert changed == {}, "a person's cell changed"
    for sheet, _, col in set(new) - set(old):
        grid = after.sheet(sheet)
        assert grid is not None and col in grid.owned_columns.values(), (sheet, col)
    again = pipeline.run(str(path), Config(), AS_OF, until="plan")
    assert again.plan is not None and again.plan.is_empty, again.plan.lines()


def test_the_mit_template_in_google_sheets_keeps_its_grading(
        emulator: SheetsEmulator, sa_key: Path) -> None:
    book = _read(samples() / MIT)
    sid = seed_book(emulator, book)
    pipeline.run(open_backend(sid, sa_key), Config(), AS_OF, until="apply")
    after = open_backend(sid, sa_key).read()
    grid = after.sheet("OKRs")
    assert grid is not None
    assert [grid.value(r, 4) for r in (3, 4, 5)] == ["Completed", "On Track", "On Track"]
    assert [grid.value(r, 5) for r in (3, 4)] == [0.8, 0.4]
    assert {grid.value(2, c) for c in grid.owned_columns.values()} >= {
        "Score (sheetsync)", "Status (sheetsync)"}
    emulator.clear_requests()
    pipeline.run(open_backend(sid, sa_key), Config(), AS_OF, until="apply")
    assert write_calls(emulator) == [], "the second sync writes nothing"
