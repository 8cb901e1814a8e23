"""A Google sync is one read and at most one write (with the same read again right before a
write, to see people's edits meanwhile): the flat template, synced twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from google_support import open_backend

from sheetsync import pipeline
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.config import load_config
from sheetsync.testing import SheetsEmulator
from sheetsync.testing.seeding import seed_book

pytest_plugins = ["google_fixtures"]

ROOT = Path(__file__).resolve().parents[3]
AS_OF = dt.date(2026, 11, 15)


def test_the_flat_template_syncs_in_one_read_a_second_look_and_one_write_then_one_read(
        emulator: SheetsEmulator, sa_key: Path) -> None:
    with XlsxBackend(ROOT / "templates" / "flat.xlsx") as x:
        sid = seed_book(emulator, x.read())
    config = load_config(ROOT / "templates" / "flat.toml")
    emulator.clear_requests()
    first = pipeline.run(open_backend(sid, sa_key), config, AS_OF, until="apply")
    assert first.applied
    assert [r["endpoint"] for r in emulator.requests()] == [
        "spreadsheets.get", "spreadsheets.get", "spreadsheets.batchUpdate"]
    emulator.clear_requests()
    again = pipeline.run(open_backend(sid, sa_key), config, AS_OF, until="apply")
    assert not again.applied and again.plan is not None and again.plan.is_empty
    assert [r["endpoint"] for r in emulator.requests()] == ["spreadsheets.get"]
