"""A big tab whose first rows hold nothing sheetsync reads is read no further (read/sieve.py,
backends/xlsx/peek.py): a raw data tab costs its first rows, every tab that holds a table (or a
message about one) is still read whole, and the sync's scores, problems and plan are the same
as when every tab is read whole."""

from __future__ import annotations

import datetime as dt
import inspect
import shutil
from pathlib import Path
from typing import Any

import okr_fixtures_i18n as i18n
import openpyxl
import pytest
from tests_support_paths import samples

from sheetsync import pipeline
from sheetsync.backends import open_backend
from sheetsync.backends.xlsx import peek
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.config import Config, load_config
from sheetsync.errors import SheetsyncError
from sheetsync.grid import Book, Grid
from sheetsync.read.find import find_tables
from sheetsync.read.sieve import sieve
from sheetsync.read.understood import understood

ROOT = Path(__file__).resolve().parents[3]
AS_OF = dt.date(2026, 11, 15)


def _with_data_tab(tmp_path: Path, rows: int = 3000, formula: bool = False) -> Path:
    """An OKR tab of plain values (no formula anywhere) and a raw data tab after it."""
    book = tmp_path / "okrs.xlsx"
    wb = openpyxl.Workbook()
    okrs = wb.active
    assert okrs is not None
    okrs.title = "OKRs"
    okrs.append(["Objective", "Key Result", "Owner", "Baseline", "Target", "Current"])
    okrs.append(["Grow", "Sign 10 logos", "Ann", 0, 10, 4])
    okrs.append(["Grow", "Raise NPS", "Bo", 30, 50, 41])
    okrs.append(["Ship", "Launch v2", "Cy", 0, 100, 80])
    ws = wb.create_sheet("Raw data")
    ws.append(["Date", "Region", "Product", "Units", "Revenue", "Rep"])
    for i in range(rows):
        ws.append([f"2026-{1 + i % 12:02d}-01", "EMEA", f"P{i % 9}", i % 17, i * 1.5,
                   f"Rep {i % 5}"])
    if formula:
        ws.append(["total", None, None, None, f"=SUM(E2:E{rows + 1})"])
    wb.save(book)
    return book


def _result(path: Path, config: Config, sieved: bool) -> pipeline.RunResult:
    with XlsxBackend(path, sieve=sieve(config) if sieved else None) as backend:
        return pipeline.run(backend, config, AS_OF, until="plan")


def _same(a: pipeline.RunResult, b: pipeline.RunResult) -> None:
    assert a.scorecard.model_dump() == b.scorecard.model_dump()
    assert a.plan is not None and b.plan is not None and a.plan.lines() == b.plan.lines()


@pytest.fixture
def big_is_small(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tab of 3,000 rows counts as big (it is 0.2 MB of XML; the threshold is 2 MB)."""
    monkeypatch.setattr(peek, "PEEK_BYTES", 100_000)


def test_a_raw_data_tab_is_read_no_further_than_its_first_rows(tmp_path: Path,
                                                              big_is_small: None) -> None:
    path = _with_data_tab(tmp_path)
    config = Config()
    with open_backend(str(path), config) as backend:
        book = backend.read()
    data = book.sheet("Raw data")
    assert data is not None and not data.complete and data.n_rows == sieve(config).rows
    assert all(g.complete for g in book.sheets if g.title != "Raw data")
    _same(_result(path, config, True), _result(path, config, False))
    tables, problems = find_tables(book, config)
    tabs = {t.sheet: t for t in understood(book, tables, [], [], [], problems)}
    assert tabs["Raw data"].read_as == "not read"
    assert "first 1,000 rows" in (tabs["Raw data"].why or "")


def test_a_small_tab_is_read_whole_whatever_it_holds(tmp_path: Path,
                                                     big_is_small: None) -> None:
    path = _with_data_tab(tmp_path, rows=200)
    with open_backend(str(path), Config()) as backend:
        assert all(g.complete for g in backend.read().sheets)


@pytest.mark.parametrize("reader", ["calamine", "stream"])
@pytest.mark.parametrize("formula", [False, True], ids=["no formula", "a formula"])
def test_a_formula_in_a_tab_not_read_whole_is_still_seen(
        tmp_path: Path, formula: bool, reader: str, big_is_small: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A formula anywhere makes the writer ask Excel to recalculate on open (sheetsync's cells
    may feed it): a tab read only at its top is searched for one all the same, whichever reader
    reads the others."""
    monkeypatch.setenv("SHEETSYNC_XLSX_READER", reader)
    path = _with_data_tab(tmp_path, formula=formula)
    seen = []
    for sieved in (True, False):
        with XlsxBackend(path, sieve=sieve(Config()) if sieved else None) as backend:
            book = backend.read()
            data = book.sheet("Raw data")
            assert data is not None and data.complete is not sieved
            seen.append(backend._has_formulas)
    assert seen == [formula, formula]


def _peeks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every worksheet counts as big: each one is looked at first."""
    monkeypatch.setattr(peek, "PEEK_BYTES", -1)


def _workbooks() -> list[Path]:
    return sorted((ROOT / "templates").glob("*.xlsx"))


@pytest.mark.parametrize("path", _workbooks(), ids=lambda p: p.name)
def test_the_templates_sync_the_same_when_every_tab_is_looked_at_first(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, path: Path) -> None:
    _peeks(monkeypatch)
    toml = path.with_suffix(".toml")
    config = load_config(toml) if toml.exists() else Config()
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    _same(_result(copy, config, True), _result(copy, config, False))
    pipeline.run(str(copy), config, AS_OF, until="apply")  # its own summary and history tabs
    _same(_result(copy, config, True), _result(copy, config, False))


def test_every_sample_reads_the_same_when_every_tab_is_looked_at_first(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _peeks(monkeypatch)
    compared = 0
    for sample in sorted(samples().glob("*.xlsx")):
        path = tmp_path / sample.name
        shutil.copy(sample, path)
        try:
            whole = _result(path, Config(), False)
        except SheetsyncError as e:
            with pytest.raises(SheetsyncError) as again:
                _result(path, Config(), True)
            assert str(again.value) == str(e), path.name
            continue
        _same(_result(path, Config(), True), whole)
        compared += 1
    assert compared >= 5


def _fixture_books() -> list[Any]:
    return [pytest.param(fn, id=name) for name, fn in inspect.getmembers(i18n, inspect.isfunction)
            if name != "book" and not inspect.signature(fn).parameters
            and inspect.signature(fn).return_annotation in (Book, "Book")]


def _first_rows(grid: Grid, n: int) -> Grid:
    return Grid(grid.title, grid.rows[:n], list(grid.merged), grid.hidden, grid.charts,
                dict(grid.owned_columns))


@pytest.mark.parametrize("make", _fixture_books())
def test_a_tab_that_gives_a_table_or_a_message_is_always_needed(make: Any) -> None:
    """On every layout fixture: a tab that find_tables reads, or says something about, is one
    the sieve asks to read whole from its first rows alone."""
    book: Book = make()
    config = Config()
    tables, problems = find_tables(book, config)
    spoken = {t.sheet for t in tables} | {p.sheet for p in problems if p.sheet}
    s = sieve(config)
    for grid in book.sheets:
        if grid.title in spoken:
            assert s.needed(_first_rows(grid, s.first)), grid.title
