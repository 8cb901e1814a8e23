"""Tabs of objectives only (an ID and an Objective column, no key results): read when the
workbook has no KR table, scored from the objectives aligned to them, given Score and Status."""

from __future__ import annotations

import datetime as dt

import pytest

from sheetsync.config import Config
from sheetsync.grid import Book, CellValue, Grid
from sheetsync.pipeline import score_book
from sheetsync.read.find import find_tables
from sheetsync.write.plan import build_plan

AS_OF = dt.date(2026, 11, 15)
COMPANY: list[list[CellValue]] = [
    ["Company OKRs FY26"],
    ["OKR ID", "Objective", "Owner", "Level"],
    ["C1", "Win the mid-market", "CEO", "company"],
    ["C2", "Customers love us", "COO", "company"],
]


@pytest.mark.parametrize(("header", "found"), [
    pytest.param(["OKR ID", "Objective"], True, id="an OKR ID and an Objective column read"),
    pytest.param(["ID", "Objective", "Owner"], True, id="a plain ID names the objectives"),
    pytest.param(["Objective", "Owner"], False, id="objectives without ids are not read"),
    pytest.param(["ID", "Notes"], False, id="ids without objectives are not read"),
])
def test_which_headers_make_a_tab_of_objectives(header: list[CellValue], found: bool) -> None:
    book = Book("c.xlsx", [Grid("Company", [header, ["C1", "Win", "x"]])])
    tables, problems = find_tables(book, Config())
    assert bool(tables) is found
    if found:
        assert tables[0].layout == "objectives"
        assert [r.values["objective_id"] for r in tables[0].rows] == ["C1"]
        assert not [p for p in problems if p.severity == "error"]
    else:
        assert any("no OKR table found" in p.message for p in problems)


def test_a_tab_of_objectives_is_ignored_next_to_a_kr_table() -> None:
    book = Book("c.xlsx", [Grid("Company", COMPANY),
                           Grid("OKRs", [["Objective", "Key Result", "Target", "Current"],
                                         ["Grow", "Revenue", 10, 5]])])
    tables, _ = find_tables(book, Config())
    assert [(t.sheet, t.layout) for t in tables] == [("OKRs", "flat")]


def test_objectives_read_with_their_cells_and_get_only_score_and_status_columns() -> None:
    book = Book("c.xlsx", [Grid("Company", COMPANY)])
    result = score_book(book, Config(), AS_OF)
    sc = result.scorecard
    assert [(o.id, o.title, o.owner, o.level.value if o.level else None) for o in
            sc.objectives] == [("C1", "Win the mid-market", "CEO", "company"),
                               ("C2", "Customers love us", "COO", "company")]
    assert sc.objectives[0].source is not None
    assert sc.objectives[0].source.cells["objective"] == "B3"
    assert [p.message for p in sc.problems] == [
        "no key results and no aligned objectives: nothing to score"] * 2
    plan = build_plan(sc, result.tables, book, Config())
    headers = [(c.cell, c.new) for c in plan.changes if c.row == 2]
    assert headers == [("E2", "Score"), ("F2", "Status")]
    assert [(c.cell, c.new) for c in plan.changes if c.row == 3] == [("F3", "Not started")]
