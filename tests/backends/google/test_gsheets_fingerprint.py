"""The sync fingerprint in Google Sheets: a sync records it as spreadsheet-level developer
metadata over the sheet as its write leaves it; the next sync with nothing to do finds it after
its one read and skips the parse, scoring and plan; any edit, of a person's cell or of
sheetsync's own, sends the sync down the full path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from google_support import Api, open_backend
from tests_support_paths import samples

from sheetsync import pipeline
from sheetsync.backends.google.backend import GSheetsBackend
from sheetsync.backends.google.fingerprint import KEY, read_back
from sheetsync.cli.text import unchanged_line
from sheetsync.config import Config, GoogleConfig, load_config
from sheetsync.errors import SheetsyncError
from sheetsync.grid import CellError
from sheetsync.testing import SheetsEmulator
from sheetsync.testing.seeding import spec_from_xlsx

pytest_plugins = ["google_fixtures"]

ROOT = Path(__file__).resolve().parents[3]
DAY, NEXT_DAY = dt.date(2026, 11, 15), dt.date(2026, 11, 16)
HEADER = ["Objective", "Key Result", "Baseline", "Target", "Current", "Notes"]
ROWS: list[list[Any]] = [
    ["Grow", "Sign 10 logos", 0, 10, 9, "ask Ann"],
    ["Grow", "Raise NPS", 30, 50, 31, "survey in Nov"],
    ["Ship", "Launch v2 beta", 0, 100, 60, "needs QA"],
]


def recorded(emu: SheetsEmulator, sid: str) -> list[str]:
    return [m.value or "" for m in emu.spreadsheets[sid].developer_metadata
            if m.on_spreadsheet and m.key == KEY]


def synced(emu: SheetsEmulator, key: Path, config: Config | None = None) -> str:
    sid = emu.create_spreadsheet({"title": "OKRs", "sheets": [
        {"title": "OKRs", "rows": [HEADER, *ROWS]}]})
    first = pipeline.run(open_backend(sid, key), config or Config(), DAY, until="apply",
                         skip_unchanged=True)
    assert first.applied and first.unchanged is None
    assert len(recorded(emu, sid)) == 1
    return sid


def again(emu: SheetsEmulator, sid: str, key: Path, config: Config | None = None,
          as_of: dt.date = DAY) -> pipeline.RunResult:
    emu.clear_requests()
    return pipeline.run(open_backend(sid, key), config or Config(), as_of, until="apply",
                        skip_unchanged=True)


def test_a_sync_with_nothing_to_do_is_one_read_and_no_parse(
        emulator: SheetsEmulator, sa_key: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sid = synced(emulator, sa_key)
    parsed: list[object] = []
    score_book = pipeline.score_book
    monkeypatch.setattr(pipeline, "score_book",
                        lambda *a, **k: parsed.append(a) or score_book(*a, **k))
    result = again(emulator, sid, sa_key)
    assert result.unchanged is not None and result.unchanged_after_read
    assert not result.applied and result.plan is not None and result.plan.is_empty
    assert parsed == []
    assert [r["endpoint"] for r in emulator.requests()] == ["spreadsheets.get"]
    line = unchanged_line(result.source, result.unchanged.warnings, read=True)
    assert "read once, not scored again" in line


def test_without_skip_unchanged_the_full_path_is_taken_and_writes_nothing(
        emulator: SheetsEmulator, sa_key: Path) -> None:
    sid = synced(emulator, sa_key)
    emulator.clear_requests()
    result = pipeline.run(open_backend(sid, sa_key), Config(), DAY, until="apply")
    assert result.unchanged is None and not result.applied
    assert [r["endpoint"] for r in emulator.requests()] == ["spreadsheets.get"]


def _batch(api: Api, sid: str, *requests: dict[str, Any]) -> None:
    api.ok("POST", f"{sid}:batchUpdate", {"requests": list(requests)})


def _cell(sheet: int, row: int, col: int, value: dict[str, Any]) -> dict[str, Any]:
    return {"updateCells": {"start": {"sheetId": sheet, "rowIndex": row, "columnIndex": col},
                            "rows": [{"values": [{"userEnteredValue": value}]}],
                            "fields": "userEnteredValue"}}


Edit = Callable[[Api, str, SheetsEmulator], None]


def _okr_id(emu: SheetsEmulator, sid: str) -> int:
    return emu.spreadsheets[sid].sheets[0].sheet_id


def _tab_id(emu: SheetsEmulator, sid: str, title: str) -> int:
    tab = emu.spreadsheets[sid].by_title(title)
    assert tab is not None
    return tab.sheet_id


EDITS: list[Any] = [
    pytest.param(lambda api, sid, emu: _batch(api, sid, _cell(_okr_id(emu, sid), 2, 4, {
        "numberValue": 40})), id="a Current value typed"),
    pytest.param(lambda api, sid, emu: _batch(api, sid, _cell(_okr_id(emu, sid), 1, 5, {
        "stringValue": "asked again"})), id="a person's note edited"),
    pytest.param(lambda api, sid, emu: _batch(api, sid, {"insertDimension": {"range": {
        "sheetId": _okr_id(emu, sid), "dimension": "ROWS", "startIndex": 2, "endIndex": 3}}}),
        id="an empty row inserted between two KRs"),
    pytest.param(lambda api, sid, emu: _batch(api, sid, {"updateSheetProperties": {
        "properties": {"sheetId": _okr_id(emu, sid), "title": "Q4"}, "fields": "title"}}),
        id="the OKR tab renamed"),
    pytest.param(lambda api, sid, emu: _batch(api, sid, _cell(
        _okr_id(emu, sid), 1, 8, {"stringValue": "Done"})), id="a status cell overwritten"),
    pytest.param(lambda api, sid, emu: _batch(api, sid, {"deleteSheet": {
        "sheetId": _tab_id(emu, sid, "OKR Summary")}}), id="the summary tab deleted"),
    pytest.param(lambda api, sid, emu: _batch(api, sid, _cell(
        _tab_id(emu, sid, "Score history"), 1, 3, {"numberValue": 0.99})),
        id="a score history cell edited"),
    pytest.param(lambda api, sid, emu: _batch(api, sid, {"addSheet": {"properties": {
        "title": "Notes"}}}), id="a tab added"),
    pytest.param(lambda api, sid, emu: _batch(api, sid, {"deleteDeveloperMetadata": {
        "dataFilter": {"developerMetadataLookup": {"metadataKey": KEY}}}}),
        id="the fingerprint deleted"),
]


@pytest.mark.parametrize("edit", EDITS)
def test_every_kind_of_edit_sends_the_next_sync_down_the_full_path(
        emulator: SheetsEmulator, sa_key: Path, api: Api, edit: Edit) -> None:
    sid = synced(emulator, sa_key)
    edit(api, sid, emulator)
    result = again(emulator, sid, sa_key)
    assert result.unchanged is None
    assert result.scorecard.key_results, "the full path parses and scores"


def test_unedited_it_is_found_which_the_edits_above_are_measured_against(
        emulator: SheetsEmulator, sa_key: Path) -> None:
    sid = synced(emulator, sa_key)
    assert again(emulator, sid, sa_key).unchanged is not None


def test_another_as_of_or_config_takes_the_full_path_and_records_a_new_one(
        emulator: SheetsEmulator, sa_key: Path) -> None:
    sid = synced(emulator, sa_key)
    before = recorded(emulator, sid)
    other = Config.model_validate({"output": {"summary_tab": "Summary"}})
    assert again(emulator, sid, sa_key, other).unchanged is None
    next_day = again(emulator, sid, sa_key, as_of=NEXT_DAY)
    assert next_day.unchanged is None and next_day.applied
    after = recorded(emulator, sid)
    assert len(after) == 1 and after != before
    assert again(emulator, sid, sa_key, as_of=NEXT_DAY).unchanged is not None


def test_a_sync_that_finds_errors_takes_the_fingerprint_out(
        emulator: SheetsEmulator, sa_key: Path, api: Api) -> None:
    sid = synced(emulator, sa_key)
    _batch(api, sid, _cell(_okr_id(emulator, sid), 1, 3, {"stringValue": "lots"}),
           _cell(_okr_id(emulator, sid), 1, 4, {"numberValue": 12}))
    result = again(emulator, sid, sa_key)
    assert result.applied and result.scorecard.has_errors
    assert recorded(emulator, sid) == []
    assert again(emulator, sid, sa_key).unchanged is None


def test_the_two_call_read_finds_it_too(emulator: SheetsEmulator, sa_key: Path) -> None:
    sid = synced(emulator, sa_key)
    emulator.clear_requests()
    backend = GSheetsBackend(sid, GoogleConfig(credentials=sa_key, one_read=False))
    result = pipeline.run(backend, Config(), DAY, until="apply", skip_unchanged=True)
    assert result.unchanged is not None
    assert [r["endpoint"] for r in emulator.requests()] == ["spreadsheets.get",
                                                             "values.batchGet"]


@pytest.mark.parametrize(("written", "read"), [
    pytest.param("On track", "On track", id="text"), pytest.param("", None, id="blank"),
    pytest.param(0.25, 0.25, id="a number"), pytest.param(True, True, id="a boolean"),
    pytest.param(dt.date(2026, 11, 15), 46341, id="a date as its serial"),
    pytest.param(CellError("#N/A"), "#N/A", id="an error value is written as its text"),
    pytest.param(float("nan"), "nan", id="a number Sheets cannot hold is written as text"),
])
def test_a_written_value_is_predicted_as_a_read_gives_it(written: Any, read: Any) -> None:
    assert read_back(written) == read


def _books() -> list[Path]:
    return sorted((ROOT / "templates").glob("*.xlsx"))


@pytest.mark.parametrize("path", _books(), ids=lambda p: p.name)
def test_the_templates_are_found_unchanged_after_their_first_sync(
        emulator: SheetsEmulator, sa_key: Path, path: Path) -> None:
    config = load_config(path.with_suffix(".toml")) if path.with_suffix(".toml").exists() \
        else Config()
    sid = emulator.create_spreadsheet(spec_from_xlsx(path))
    first = pipeline.run(open_backend(sid, sa_key), config, DAY, until="apply",
                         skip_unchanged=True)
    assert first.applied and not first.scorecard.has_errors
    assert again(emulator, sid, sa_key, config).unchanged is not None


def test_every_sample_synced_without_errors_is_found_unchanged_after(
        emulator: SheetsEmulator, sa_key: Path) -> None:
    """The prediction of what Sheets returns after the write holds on real workbooks: a sample
    whose first sync recorded a fingerprint is skipped by the next sync."""
    found = recorded_any = 0
    for path in sorted(samples().glob("*.xlsx")):
        sid = emulator.create_spreadsheet(spec_from_xlsx(path))
        try:
            first = pipeline.run(open_backend(sid, sa_key), Config(), DAY, until="apply",
                                 skip_unchanged=True)
        except SheetsyncError:
            continue  # no OKR table: nothing written, nothing recorded
        if not recorded(emulator, sid):
            assert first.scorecard.has_errors or not first.applied, path.name
            continue
        recorded_any += 1
        found += again(emulator, sid, sa_key).unchanged is not None
    assert recorded_any >= 1
    assert found == recorded_any


def test_the_digest_sees_what_a_read_can_tell_apart_and_nothing_else() -> None:
    from sheetsync.grid import Book, Grid
    from sheetsync.write.fingerprint import book_digest

    def book(rows: list[list[Any]], **grid: Any) -> str:
        return book_digest(Book("b", [Grid("OKRs", rows, **grid)]))

    base = book([["KR", 5, -0.0], [], [None, None]])
    assert base == book([["KR", 5.0, 0], [None]])  # int and float, -0 and 0, blanks
    assert base != book([["KR", 6, 0]])
    assert base != book([[None, "KR", 5, 0]])  # a cell moved
    assert base != book([["KR", 5, 0]], owned_columns={"status": 4})
    assert base != book([["KR", "5", 0]])  # text is not a number
    assert base != book_digest(Book("b", [Grid("Q4", [["KR", 5, 0]])]))
