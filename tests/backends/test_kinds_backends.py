"""Every kind of SPEC §2b through every backend: one workbook mixing thresholds, comparisons,
relative changes, zones and a person's grades, with check-ins, scores and syncs the same through
memory, .xlsx and Google Sheets (the local emulator), and the person's Grade cells stay theirs."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from google_support import open_backend
from kinds_books import HEADER, MID_NOVEMBER, config, mixed_book

from sheetsync import pipeline
from sheetsync.backends.base import Backend
from sheetsync.backends.memory import MemoryBackend
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.grid import Book
from sheetsync.models import Scorecard
from sheetsync.testing import SheetsEmulator, seed_book

pytest_plugins = ["google_fixtures"]

GRADE_COL = HEADER.index("Grade")

EXPECTED = [
    # (id, kind, score, status, breaches, zone)
    ("O1.KR1", "threshold", 1.0, "On track", 1, None),
    ("O1.KR2", "threshold", 0.5, "Off track", 2, None),
    ("O2.KR1", "number", 2 / 3, "On track", None, None),
    ("O2.KR2", "number", 0.75, "On track", None, None),
    ("O2.KR3", "percent", 0.6, "On track", None, None),
    ("O3.KR1", "number", 0.82, "On track", None, "target"),
    ("O3.KR2", "number", 0.3, "On track", None, "commit"),
    ("O3.KR3", "graded", 0.8, "On track", None, None),
    ("O3.KR4", "threshold", 1.0, "On track", 0, None),
]
OBJECTIVES = [("O1", 0.75, "Off track"), ("O2", (2 / 3 + 0.75 + 0.6) / 3, "On track"),
              ("O3", (0.82 + 0.3 + 0.8 + 1.0) / 4, "On track")]
SUMMARY_TEXTS = {"O1.KR1": "holds (breached 1 time)",
                 "O1.KR2": "does not hold (breached 2 times)",
                 "O3.KR1": "target reached", "O3.KR2": "commit reached", "O3.KR4": "holds"}


def _save_xlsx(book: Book, path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for grid in book.sheets:
        ws = wb.create_sheet(grid.title)
        for row in grid.rows:
            ws.append(list(row))
    wb.save(path)


def _openers(tmp_path: Path, emulator: SheetsEmulator, sa_key: Path
             ) -> dict[str, Callable[[], Backend]]:
    book = mixed_book()
    path = tmp_path / "okrs.xlsx"
    _save_xlsx(book, path)
    memory = MemoryBackend(copy.deepcopy(book))
    sid = seed_book(emulator, book)
    return {"memory": lambda: memory, "xlsx": lambda: XlsxBackend(path),
            "google": lambda: open_backend(sid, sa_key)}


def _sync(opener: Callable[[], Backend], as_of: dt.date = MID_NOVEMBER) -> pipeline.RunResult:
    backend = opener()
    try:
        return pipeline.run(backend, config(), as_of, until="apply")
    finally:
        if not isinstance(backend, MemoryBackend):
            backend.close()


def _read(opener: Callable[[], Backend]) -> Book:
    backend = opener()
    try:
        return backend.read()
    finally:
        if not isinstance(backend, MemoryBackend):
            backend.close()


def _shape(sc: Scorecard) -> dict[str, object]:
    data = sc.model_dump(mode="json", exclude={"problems"})
    for item in (*data["key_results"], *data["objectives"], *data["checkins"]):
        item["source"]["workbook"] = None
    return data


@pytest.fixture
def runs(tmp_path: Path, emulator: SheetsEmulator, sa_key: Path
         ) -> dict[str, tuple[pipeline.RunResult, Callable[[], Backend]]]:
    openers = _openers(tmp_path, emulator, sa_key)
    return {name: (_sync(opener), opener) for name, opener in openers.items()}


BACKENDS = ["memory", "xlsx", "google"]


@pytest.mark.parametrize("backend", BACKENDS, ids=[
    "the memory backend scores every kind as the spec says",
    "the xlsx backend scores every kind as the spec says",
    "the Google backend scores every kind as the spec says"])
def test_every_kind_scores_to_1e6_with_its_status_kind_and_breaches(
        runs: dict[str, tuple[pipeline.RunResult, Callable[[], Backend]]], backend: str) -> None:
    sc = runs[backend][0].scorecard
    got = [(k.id, k.kind.value, k.score, k.status.value, k.breaches,
            k.zone.value if k.zone else None) for k in sc.key_results]
    assert [g[:2] for g in got] == [e[:2] for e in EXPECTED]
    for g, e in zip(got, EXPECTED, strict=True):
        assert g[2] == pytest.approx(e[2], abs=1e-6), g[0]
        assert g[3:] == e[3:], g[0]
    objectives = [(o.id, o.score, o.status.value) for o in sc.objectives]
    for g, e in zip(objectives, OBJECTIVES, strict=True):
        assert (g[0], g[2]) == (e[0], e[2])
        assert g[1] == pytest.approx(e[1], abs=1e-6)
    assert not [p for p in sc.problems if p.severity == "error"]


def test_every_backend_gives_the_same_scorecard_and_problems(
        runs: dict[str, tuple[pipeline.RunResult, Callable[[], Backend]]]) -> None:
    ref = runs["memory"][0].scorecard
    for name in ("xlsx", "google"):
        sc = runs[name][0].scorecard
        assert _shape(sc) == _shape(ref), name
        assert [(p.severity, p.cell, p.message) for p in sc.problems] == [
            (p.severity, p.cell, p.message) for p in ref.problems], name


@pytest.mark.parametrize("backend", BACKENDS, ids=[
    "memory: a person's grades are read and never overwritten",
    "xlsx: a person's grades are read and never overwritten",
    "Google: a person's grades are read and never overwritten"])
def test_a_persons_grade_is_read_and_never_overwritten(
        runs: dict[str, tuple[pipeline.RunResult, Callable[[], Backend]]], backend: str) -> None:
    result, opener = runs[backend]
    grades = {k.id: k.person_score for k in result.scorecard.key_results
              if k.person_score is not None}
    assert grades == {"O3.KR3": pytest.approx(0.8), "O3.KR4": pytest.approx(0.9)}
    before = [row[GRADE_COL] for row in mixed_book().sheets[0].rows]
    after = _read(opener).sheet("OKRs")
    assert after is not None
    assert [row[GRADE_COL] if len(row) > GRADE_COL else None for row in after.rows] == before
    assert result.plan is not None
    assert not [c for c in result.plan.changes if c.sheet == "OKRs" and c.col == GRADE_COL + 1]


@pytest.mark.parametrize("backend", BACKENDS, ids=[
    "memory: the summary tab says which thresholds hold and which zone was reached",
    "xlsx: the summary tab says which thresholds hold and which zone was reached",
    "Google: the summary tab says which thresholds hold and which zone was reached"])
def test_the_summary_tab_shows_thresholds_zones_and_grades(
        runs: dict[str, tuple[pipeline.RunResult, Callable[[], Backend]]], backend: str) -> None:
    summary = _read(runs[backend][1]).sheet("OKR Summary")
    assert summary is not None
    rows = summary.rows
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Thresholds, zones and grades")
    header = rows[start + 1]
    col = header.index("Threshold / zone")
    person = header.index("Person's score")
    shown = {}
    for r in rows[start + 2:]:
        if not r or r[0] in (None, ""):
            break
        shown[r[0]] = (r[col] if len(r) > col else None, r[person] if len(r) > person else None)
    assert {k: v[0] for k, v in shown.items() if v[0]} == SUMMARY_TEXTS
    assert shown["O3.KR3"][1] == pytest.approx(0.8)
    assert shown["O3.KR4"][1] == pytest.approx(0.9)


@pytest.mark.parametrize("backend", BACKENDS, ids=[
    "memory: a second sync writes nothing", "xlsx: a second sync writes nothing",
    "Google: a second sync writes nothing"])
def test_a_second_sync_writes_nothing(
        runs: dict[str, tuple[pipeline.RunResult, Callable[[], Backend]]], backend: str) -> None:
    again = _sync(runs[backend][1])
    assert again.plan is not None and again.plan.is_empty
