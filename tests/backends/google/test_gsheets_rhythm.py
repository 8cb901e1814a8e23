"""The rhythm of a cycle on Google Sheets (emulator): next-cycle's duplicateSheet and value
writes, a digest that reads only and links to the tab's gid."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from google_support import open_backend, write_calls
from rhythm_books import CHECKINS, CYCLE_END, MONDAY, rhythm_book

from sheetsync import pipeline
from sheetsync.config import Config
from sheetsync.publish.digest import DigestSource, build_digest
from sheetsync.testing import SheetsEmulator, seed_book

pytest_plugins = ["google_fixtures"]

DONE = [*CHECKINS, ["O1.1", dt.date(2026, 12, 1), 40, 0.9, "target reached", "Maya Chen"]]


def test_next_cycle_duplicates_the_tab_beside_it_and_writes_its_values(
        emulator: SheetsEmulator, sa_key: Path) -> None:
    sid = seed_book(emulator, rhythm_book(DONE))
    backend = open_backend(sid, sa_key)
    plan, cycle = pipeline.next_cycle(backend, Config(), CYCLE_END)
    assert cycle.name == "2027-Q1"
    (call,) = write_calls(emulator)
    kinds = call["summary"]["requests"]
    assert kinds[0] == "duplicateSheet" and set(kinds[1:]) == {"updateCells"}
    assert plan.copies[0].title == "OKRs 2027-Q1"
    book = open_backend(sid, sa_key).read()
    assert [g.title for g in book.sheets][:2] == ["OKRs", "OKRs 2027-Q1"]
    new = book.sheet("OKRs 2027-Q1")
    assert new is not None
    assert [r[0] for r in new.rows[1:] if r and r[0]] == ["O1.2", "O2.1", "O2.2"]
    assert [r[5] for r in new.rows[1:4]] == [4.8, 130, 0]
    old, seeded = book.sheet("OKRs"), rhythm_book(DONE).sheet("OKRs")
    assert old is not None and seeded is not None
    assert [r[:7] for r in old.rows] == [r[:7] for r in seeded.rows]  # trailing blanks trimmed

    day_after = CYCLE_END + dt.timedelta(days=1)
    synced = pipeline.run(open_backend(sid, sa_key), Config(), day_after, until="apply")
    assert synced.cycle.name == "2027-Q1" and not synced.scorecard.has_errors
    again = pipeline.run(open_backend(sid, sa_key), Config(), day_after, until="plan")
    assert again.plan is not None and again.plan.is_empty


def test_a_digest_reads_only_and_links_to_the_cell_with_the_tabs_gid(
        emulator: SheetsEmulator, sa_key: Path) -> None:
    sid = seed_book(emulator, rhythm_book())
    backend = open_backend(sid, sa_key)
    result = pipeline.run(backend, Config(), MONDAY)
    gids = backend.sheet_ids()
    messages = build_digest([DigestSource(sid, result.scorecard, result.book,
                                          sheet_ids=gids)], Config())
    maya = next(m for m in messages if m.key == "owner:Maya Chen")
    (item,) = maya.sections[0].items
    assert item.link == (f"https://docs.google.com/spreadsheets/d/{sid}/edit"
                         f"#gid={gids['OKRs']}&range=H3")
    assert write_calls(emulator) == []
