"""pipeline.run(keep_rows=False): rows and check-ins let go once nothing reads them; same plan."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Literal

import pytest

from sheetsync.backends.memory import MemoryBackend
from sheetsync.config import Config
from sheetsync.grid import Book, Grid
from sheetsync.pipeline import release_rows, run
from sheetsync.read.table import Row, Table

AS_OF = dt.date(2026, 11, 15)
OKR_HEADER = ["ID", "Objective", "Key Result", "Owner", "Baseline", "Target", "Current"]
CHECKIN_HEADER = ["KR", "Date", "Value", "Note"]


def _book() -> Book:
    okrs = Grid("OKRs", rows=[list(OKR_HEADER),
                              ["K1", "Grow", "Reach 100 users", "Ana", 0, 100, None],
                              ["K2", "Grow", "Cut churn to 2", "Ben", 10, 2, None]])
    checkins = Grid("Check-ins", rows=[list(CHECKIN_HEADER),
                                       ["K1", dt.date(2026, 10, 9), 40, "first"],
                                       ["K2", dt.date(2026, 10, 16), 6, None],
                                       ["K1", dt.date(2026, 11, 6), 70, "second"]])
    return Book("okrs", [okrs, checkins])


@pytest.mark.parametrize("until", ["plan", "apply"],
                         ids=["a dry run plans the same cells", "a sync writes the same cells"])
def test_letting_rows_go_changes_no_score_and_no_cell(until: str) -> None:
    kept = run(CopyingBackend(_book()), Config(), AS_OF, until=until)  # type: ignore[arg-type]
    let_go = run(CopyingBackend(_book()), Config(), AS_OF, until=until,  # type: ignore[arg-type]
                 keep_rows=False)
    assert let_go.scorecard.model_dump(exclude={"checkins"}) == \
        kept.scorecard.model_dump(exclude={"checkins"})
    assert let_go.plan == kept.plan
    assert (len(let_go.scorecard.checkins), len(kept.scorecard.checkins)) == (0, 3)


class CopyingBackend(MemoryBackend):
    """A backend whose book is the caller's alone, as the .xlsx backend's is."""

    book_is_a_copy = True


@pytest.mark.parametrize(
    ("backend", "checkin_grid_rows"),
    [(CopyingBackend, 0), (MemoryBackend, 4)],
    ids=["a backend that hands over its book loses the check-in tab's rows",
         "a backend that looks at its book again keeps every Grid whole"],
)
def test_the_tables_are_emptied_and_the_okr_tab_kept(backend: type[MemoryBackend],
                                                     checkin_grid_rows: int) -> None:
    book = _book()
    okr_rows = copy.deepcopy(book.sheets[0].rows)
    result = run(backend(book), Config(), AS_OF, until="plan", keep_rows=False)
    assert [(t.kind, t.rows) for t in result.tables] == [("okr", []), ("checkin", [])]
    grid = result.book.sheet("Check-ins")
    assert grid is not None and len(grid.rows) == checkin_grid_rows
    okrs = result.book.sheet("OKRs")
    assert okrs is not None and okrs.rows == okr_rows


def test_without_the_flag_the_check_in_rows_stay() -> None:
    result = run(MemoryBackend(_book()), Config(), AS_OF, until="plan")
    grid = result.book.sheet("Check-ins")
    assert grid is not None and len(grid.rows) == 4
    assert [len(t.rows) for t in result.tables] == [2, 3]


def _table(sheet: str, kind: Literal["okr", "checkin"]) -> Table:
    return Table(sheet, kind, 1, {}, {}, {}, [Row(2, {"kr": "K1"})])


@pytest.mark.parametrize(
    ("checkins_only", "rows_left"),
    [(True, {"okr": 1, "checkin": 0}), (False, {"okr": 0, "checkin": 0})],
    ids=["once parsed only the check-in table loses its rows",
         "once planned every table has lost its rows"],
)
def test_a_tab_shared_by_an_okr_and_a_check_in_table_keeps_its_grid(
        checkins_only: bool, rows_left: dict[str, int]) -> None:
    both = Grid("Team", rows=[["ID", "KR"], ["K1", "x"]])
    book = Book("okrs", [both])
    tables = [_table("Team", "okr"), _table("Team", "checkin")]
    release_rows(tables, book, checkins_only=checkins_only)
    assert {t.kind: len(t.rows) for t in tables} == rows_left
    assert both.rows == [["ID", "KR"], ["K1", "x"]]
