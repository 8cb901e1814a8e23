"""`sheetsync next-cycle`: the next cycle's tab, carried KRs, baselines, refusal, next-day sync."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from okr_workbooks import one_error_line, sheetsync
from rhythm_books import CHECKINS, CYCLE_END, rhythm_book, write_rhythm_xlsx

from sheetsync import pipeline
from sheetsync.backends.memory import MemoryBackend
from sheetsync.config import Config

DONE = [*CHECKINS, ["O1.1", dt.date(2026, 12, 1), 40, 0.9, "target reached", "Maya Chen"]]
"""O1.1 reached its target: it is Done and is not carried."""


def test_only_unfinished_krs_are_carried_with_their_final_values_as_baselines() -> None:
    backend = MemoryBackend(rhythm_book(DONE))
    plan, cycle = pipeline.next_cycle(backend, Config(), CYCLE_END)
    assert cycle.name == "2027-Q1"
    new = backend.book.sheet("OKRs 2027-Q1")
    assert new is not None
    assert [s.title for s in backend.book.sheets][:2] == ["OKRs", "OKRs 2027-Q1"]
    rows = [r[:8] for r in new.rows[1:] if any(v is not None for v in r)]
    assert rows == [
        ["O1.2", "Delight customers", "committed", "Cut churn from 5 to 3", "Maya Chen", 4.8, 3,
         None],
        ["O2.1", "Grow revenue", "aspirational", "Grow ARR from 100 to 200", "Ben Ode", 130.0,
         200, None],
        ["O2.2", "Grow revenue", "aspirational", "Sign 10 partners", "Ann Lee", 0, 10, None],
    ]
    assert backend.book.sheet("OKRs") == rhythm_book(DONE).sheet("OKRs")


def test_the_tab_is_written_in_the_xlsx_with_the_old_styles_and_syncs_cleanly_next_day(
        tmp_path: Path) -> None:
    book = write_rhythm_xlsx(tmp_path / "team.xlsx", DONE)
    old = openpyxl.load_workbook(book)["OKRs"]
    before = [[c.value for c in row] for row in old.iter_rows()]
    proc = sheetsync("next-cycle", str(book), "--as-of", CYCLE_END.isoformat())
    assert proc.returncode == 0, proc.stderr
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[:2] == ["OKRs", "OKRs 2027-Q1"]
    assert [[c.value for c in row] for row in wb["OKRs"].iter_rows()] == before
    new = wb["OKRs 2027-Q1"]
    assert new["A1"].font.b and new["A1"].fill.fgColor.rgb == "FFD9EAD3"
    assert new.column_dimensions["D"].width == 40
    assert [new.cell(r, 6).value for r in range(2, 5)] == [4.8, 130, 0]
    assert new["A5"].value is None

    day_after = (CYCLE_END + dt.timedelta(days=1)).isoformat()
    sync = sheetsync("sync", str(book), "--as-of", day_after)
    assert sync.returncode == 0, sync.stderr
    assert "error" not in sync.stdout
    score = sheetsync("score", str(book), "--as-of", day_after, "--json")
    card = json.loads(score.stdout)
    assert card["cycle"]["name"] == "2027-Q1"
    assert [k["id"] for k in card["key_results"]] == ["O1.2", "O2.1", "O2.2"]
    again = sheetsync("sync", str(book), "--as-of", day_after)
    assert "up to date, nothing to write" in again.stdout


def test_it_refuses_when_the_tab_exists(tmp_path: Path) -> None:
    book = write_rhythm_xlsx(tmp_path / "team.xlsx")
    assert sheetsync("next-cycle", str(book), "--as-of", CYCLE_END.isoformat()).returncode == 0
    data = book.read_bytes()
    proc = sheetsync("next-cycle", str(book), "--as-of", CYCLE_END.isoformat(),
                     "--cycle", "2027-Q1")
    assert proc.returncode == 1
    assert one_error_line(proc.stderr) == (
        "error: team.xlsx: the workbook's newest cycle 2027-Q1 starts on 2027-01-01, after "
        "2026-12-31: its tab is already there; next-cycle writes nothing")
    assert book.read_bytes() == data


def test_dry_run_lists_the_copy_and_writes_nothing(tmp_path: Path) -> None:
    book = write_rhythm_xlsx(tmp_path / "team.xlsx")
    data = book.read_bytes()
    proc = sheetsync("next-cycle", str(book), "--as-of", CYCLE_END.isoformat(), "--dry-run")
    assert proc.returncode == 0
    assert "OKRs 2027-Q1: new tab, a copy of OKRs" in proc.stdout
    assert "OKRs 2027-Q1!F2: 20 → 30.0" in proc.stdout
    assert book.read_bytes() == data


@pytest.mark.parametrize(("name", "line"), [
    pytest.param("next year", "error: --cycle: 'next year' does not say its dates; write it "
                 "like 2027-Q1 or Q1 2027", id="a cycle name without dates is bad usage"),
])
def test_bad_cycle_name(tmp_path: Path, name: str, line: str) -> None:
    book = write_rhythm_xlsx(tmp_path / "team.xlsx")
    proc = sheetsync("next-cycle", str(book), "--as-of", CYCLE_END.isoformat(), "--cycle", name)
    assert proc.returncode == 2
    assert one_error_line(proc.stderr) == line


@pytest.mark.parametrize(("sheet", "title"), [
    pytest.param("OKRs", "OKRs 2027-Q1", id="a plain tab name gets the cycle after it"),
    pytest.param("OKRs 2026-Q4", "OKRs 2027-Q1", id="the cycle after a name is replaced"),
    pytest.param("Q4 2026", "2027-Q1", id="a tab named after its cycle gets the new name"),
])
def test_new_tab_title(sheet: str, title: str) -> None:
    from sheetsync.models import Cycle
    from sheetsync.write.next_cycle import new_tab_title

    q4 = Cycle(name="2026-Q4", start=dt.date(2026, 10, 1), end=CYCLE_END)
    q1 = Cycle(name="2027-Q1", start=dt.date(2027, 1, 1), end=dt.date(2027, 3, 31))
    assert new_tab_title(sheet, q4, q1, Config()) == title
