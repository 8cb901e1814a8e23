"""The Score history tab: one row per KR per new as-of, never rewriting earlier rows, on every
backend; a repeated as-of adds nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from google_support import open_backend, write_calls

from sheetsync import pipeline
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.config import Config, load_config
from sheetsync.testing import SheetsEmulator, seed_book
from sheetsync.write.history_tab import read_history

pytest_plugins = ["google_fixtures"]

ROOT = Path(__file__).resolve().parents[2]
DATES = [dt.date(2026, 10, 8) + dt.timedelta(days=7 * n) for n in range(7)]


def _config() -> Config:
    return load_config(ROOT / "templates" / "flat.toml")


def _sync_seven_then_repeat(open_source: object) -> list[object]:
    """Seven syncs on seven dates, then an eighth on a repeated date; the plans of all eight."""
    plans = []
    for day in [*DATES, DATES[3]]:
        result = pipeline.run(open_source(), _config(), day, until="apply")  # type: ignore[operator]
        plans.append(result.plan)
    return plans


def _check(points: list, n_krs: int) -> None:  # type: ignore[type-arg]
    per_kr = Counter(p.kr_id for p in points)
    assert len(per_kr) == n_krs
    assert set(per_kr.values()) == {7}, "seven history rows per KR"
    assert sorted({p.as_of for p in points}) == DATES


def test_seven_syncs_give_seven_rows_per_kr_in_an_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "okrs.xlsx"
    shutil.copy(ROOT / "templates" / "flat.xlsx", path)
    first_rows: list[list[object]] = []

    def source() -> XlsxBackend:
        return XlsxBackend(path)

    for i, day in enumerate([*DATES, DATES[3]]):
        with source() as backend:
            plan = pipeline.run(backend, _config(), day, until="apply").plan
        assert plan is not None
        if i == 0:
            first_rows = [[c.value for c in r] for r in
                          openpyxl.load_workbook(path)["Score history"].iter_rows()]
        if i == 7:
            assert plan.history is None, "a repeated as-of adds no history row"
    ws = openpyxl.load_workbook(path)["Score history"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[: len(first_rows)] == first_rows, "earlier rows are never rewritten"
    with source() as backend:
        points = read_history(backend.read().sheet("Score history"))
    _check(points, 10)
    co11 = {p.as_of: p.score for p in points if p.kr_id == "CO1.1"}
    # NPS 32 -> 50: check-ins 34 (Oct 9), 39 (Oct 30), 42 (Nov 13).
    assert co11[dt.date(2026, 10, 8)] == 0.0
    assert co11[dt.date(2026, 10, 15)] == pytest.approx(2 / 18, abs=1e-4)
    assert co11[dt.date(2026, 11, 19)] == pytest.approx(10 / 18, abs=1e-4)


def test_seven_syncs_give_seven_rows_per_kr_in_google_sheets(
    emulator: SheetsEmulator, sa_key: Path
) -> None:
    with XlsxBackend(ROOT / "templates" / "flat.xlsx") as xlsx:
        book = xlsx.read()
    sid = seed_book(emulator, book)
    plans = _sync_seven_then_repeat(lambda: open_backend(sid, sa_key))
    assert plans[-1].history is None  # type: ignore[attr-defined]
    emulator.clear_requests()
    pipeline.run(open_backend(sid, sa_key), _config(), DATES[3], until="apply")
    assert write_calls(emulator) == [], "a repeated as-of makes no write call"
    points = read_history(open_backend(sid, sa_key).read().sheet("Score history"))
    _check(points, 10)
