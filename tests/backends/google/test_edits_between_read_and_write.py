"""People editing a Google sheet between sheetsync's read and its write (SPEC §7): every written
cell lands on the row of the KR it was computed for, no person's cell is written, and the score
history keeps every row of two overlapping runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from google_support import Api, open_backend

from sheetsync import pipeline
from sheetsync.backends.google.backend import GSheetsBackend
from sheetsync.config import Config
from sheetsync.grid import Book, CellValue
from sheetsync.testing import SheetsEmulator
from sheetsync.write.history_tab import read_history

pytest_plugins = ["google_fixtures"]

FIRST, SECOND = dt.date(2026, 10, 20), dt.date(2026, 12, 10)
HEADER = ["Objective", "Key Result", "Baseline", "Target", "Current", "Notes"]
ROWS: list[list[Any]] = [
    ["Grow", "Sign 10 logos", 0, 10, 9, "ask Ann"],
    ["Grow", "Raise NPS", 30, 50, 31, "survey in Nov"],
    ["Ship", "Launch v2 beta", 0, 100, 60, "needs QA"],
    ["Ship", "Cut p95 latency", 900, 300, 850, "blocked"],
]
NOTES = {r[1]: r[5] for r in ROWS}

Edit = Callable[[Api, str, int], None]


def _batch(api: Api, sid: str, *requests: dict[str, Any]) -> None:
    api.ok("POST", f"{sid}:batchUpdate", {"requests": list(requests)})


def _dim(sheet: int, dimension: str, start: int, end: int) -> dict[str, Any]:
    return {"sheetId": sheet, "dimension": dimension, "startIndex": start, "endIndex": end}


EDITS: list[Any] = [
    pytest.param(lambda api, sid, sh: _batch(api, sid, {"insertDimension": {
        "range": _dim(sh, "ROWS", 2, 3)}}), id="a row inserted between two KRs"),
    pytest.param(lambda api, sid, sh: _batch(api, sid, {"deleteDimension": {
        "range": _dim(sh, "ROWS", 1, 2)}}), id="the first KR's row deleted"),
    pytest.param(lambda api, sid, sh: _batch(api, sid, {"sortRange": {
        "range": {"sheetId": sh, "startRowIndex": 1, "endRowIndex": 5},
        "sortSpecs": [{"dimensionIndex": 4, "sortOrder": "DESCENDING"}]}}),
        id="the KR rows sorted by Current, largest first"),
    pytest.param(lambda api, sid, sh: _batch(api, sid, {"moveDimension": {
        "source": _dim(sh, "ROWS", 4, 5), "destinationIndex": 1}}),
        id="the last KR's row moved to the top"),
    pytest.param(lambda api, sid, sh: _batch(api, sid, {"insertDimension": {
        "range": _dim(sh, "COLUMNS", 5, 6)}}), id="a column inserted before Notes"),
    pytest.param(lambda api, sid, sh: _batch(api, sid, {"moveDimension": {
        "source": _dim(sh, "COLUMNS", 5, 6), "destinationIndex": 0}}),
        id="the Notes column moved to the front"),
    pytest.param(lambda api, sid, sh: _batch(api, sid, {"updateSheetProperties": {
        "properties": {"sheetId": sh, "title": "Q4 OKRs"}, "fields": "title"}}),
        id="the OKR tab renamed"),
]


def _book(backend: GSheetsBackend) -> Book:
    try:
        return backend.read()
    finally:
        backend.close()


def _sheet_id(emulator: SheetsEmulator, sid: str) -> int:
    sheet = emulator.spreadsheets[sid].sheets[0]
    return sheet.sheet_id


def _check_every_row(book: Book) -> None:
    """Each KR row shows the status and score its own inputs give, and keeps its Notes."""
    result = pipeline.score_book(book, Config(), SECOND)
    tabs = [g for g in book.sheets if g.title not in ("OKR Summary", "Score history")]
    assert len(tabs) == 1, f"no stray tab: {[g.title for g in tabs]}"
    okr = tabs[0]
    headers = [str(v) for v in okr.rows[0]]
    notes_col = headers.index("Notes") + 1
    status_col, score_col = okr.owned_columns["status"], okr.owned_columns["score"]
    checked = 0
    for kr in result.scorecard.key_results:
        assert kr.source is not None
        row = kr.source.row
        assert okr.value(row, status_col) == kr.status.value, (kr.title, row)
        written: CellValue = okr.value(row, score_col)
        assert isinstance(written, float) and abs(written - kr.score) < 1e-4, (kr.title, row)
        assert okr.value(row, notes_col) == NOTES[kr.title], "a person's Notes cell was written"
        checked += 1
    assert checked >= 3


@pytest.mark.parametrize("edit", EDITS)
def test_a_persons_edit_between_read_and_write_never_moves_a_status(
        emulator: SheetsEmulator, sa_key: Path, api: Api, edit: Edit) -> None:
    sid = emulator.create_spreadsheet({"title": "OKRs", "sheets": [
        {"title": "OKRs", "rows": [HEADER, *ROWS]}]})
    pipeline.run(open_backend(sid, sa_key), Config(), FIRST, until="apply")
    backend = open_backend(sid, sa_key)
    read = backend.read
    edited: list[bool] = []

    def read_then_someone_edits() -> Book:
        book = read()
        if not edited:
            edited.append(True)
            edit(api, sid, _sheet_id(emulator, sid))
        return book

    backend.read = read_then_someone_edits  # type: ignore[method-assign]
    result = pipeline.run(backend, Config(), SECOND, until="apply")
    assert result.applied and edited
    _check_every_row(_book(open_backend(sid, sa_key)))


def test_two_overlapping_runs_keep_every_history_row(
        emulator: SheetsEmulator, sa_key: Path) -> None:
    sid = emulator.create_spreadsheet({"title": "OKRs", "sheets": [
        {"title": "OKRs", "rows": [HEADER, *ROWS]}]})
    pipeline.run(open_backend(sid, sa_key), Config(), FIRST, until="apply")
    days = [FIRST + dt.timedelta(days=7), FIRST + dt.timedelta(days=14)]
    # Both runs read before either writes; the first one's write lands between the second's
    # read and its write.
    late = open_backend(sid, sa_key)
    late_read = late.read()
    early = pipeline.run(open_backend(sid, sa_key), Config(), days[0], until="apply")
    assert early.applied
    stale = pipeline.score_book(late_read, Config(), days[1])
    from sheetsync.write.plan import build_plan

    plan = build_plan(stale.scorecard, stale.tables, stale.book, Config())
    late.apply(plan)  # straight from the stale read: the history is appended, not rewritten
    history = read_history(_book(open_backend(sid, sa_key)).sheet("Score history"))
    assert sorted({p.as_of for p in history}) == [FIRST, *days]
    assert len(history) == 3 * len(ROWS)


def test_a_summary_tab_renamed_by_a_person_is_still_the_one_written(
        emulator: SheetsEmulator, sa_key: Path, api: Api) -> None:
    sid = emulator.create_spreadsheet({"title": "OKRs", "sheets": [
        {"title": "OKRs", "rows": [HEADER, *ROWS]}]})
    pipeline.run(open_backend(sid, sa_key), Config(), FIRST, until="apply")
    summary = emulator.spreadsheets[sid].by_title("OKR Summary")
    assert summary is not None
    _batch(api, sid, {"updateSheetProperties": {
        "properties": {"sheetId": summary.sheet_id, "title": "Q4 summary"}, "fields": "title"}})
    pipeline.run(open_backend(sid, sa_key), Config(), SECOND, until="apply")
    book = _book(open_backend(sid, sa_key))
    assert book.sheet("OKR Summary") is None, "no second summary tab"
    renamed = book.sheet("Q4 summary")
    assert renamed is not None and book.owned_tabs["summary"] == "Q4 summary"
    assert [r for r in renamed.rows if r and r[0] == "As of"][0][1] == (
        SECOND - dt.date(1899, 12, 30)).days
