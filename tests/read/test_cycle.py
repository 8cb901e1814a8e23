"""Which cycle a run covers: config, then the sheet, then the file name, then the calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from sheetsync.config import Config
from sheetsync.errors import ConfigError
from sheetsync.grid import Book, CellValue, Grid, MergedRange
from sheetsync.models import Cycle
from sheetsync.read.cycle import (
    cycle_from_book,
    cycle_from_name,
    parse_cycle,
    quarter_of,
    resolve_cycle,
)
from sheetsync.read.find import find_tables

D = dt.date


@pytest.mark.parametrize(
    ("text", "name", "start", "end"),
    [
        pytest.param("2026-Q4", "2026-Q4", D(2026, 10, 1), D(2026, 12, 31), id="2026-Q4"),
        pytest.param("Q4 2026", "2026-Q4", D(2026, 10, 1), D(2026, 12, 31), id="Q4 2026"),
        pytest.param("Q3 2025", "2025-Q3", D(2025, 7, 1), D(2025, 9, 30), id="Q3 2025"),
        pytest.param("q1'27", "2027-Q1", D(2027, 1, 1), D(2027, 3, 31), id="a two-digit year"),
        pytest.param("FY26 Q1", "FY26-Q1", D(2026, 1, 1), D(2026, 3, 31),
                     id="a fiscal quarter is a calendar quarter by default"),
        pytest.param("Q2 FY2026", "FY26-Q2", D(2026, 4, 1), D(2026, 6, 30),
                     id="a fiscal quarter written the other way"),
        pytest.param("H2 2025", "2025-H2", D(2025, 7, 1), D(2025, 12, 31), id="a half year"),
        pytest.param("01/07/2025 - 30/09/2025", "2025-Q3", D(2025, 7, 1), D(2025, 9, 30),
                     id="a day-first date range that is a quarter"),
        pytest.param("2025-08-01 to 2025-08-31", "2025-08-01..2025-08-31", D(2025, 8, 1),
                     D(2025, 8, 31), id="a date range that is not a quarter"),
        pytest.param("Q4 2026 OKRs - Sales", "2026-Q4", D(2026, 10, 1), D(2026, 12, 31),
                     id="inside a title"),
    ],
)
def test_cycle_texts(text: str, name: str, start: dt.date, end: dt.date) -> None:
    assert parse_cycle(text) == Cycle(name=name, start=start, end=end)


@pytest.mark.parametrize(
    "text",
    [pytest.param("Q1", id="a quarter without a year"),
     pytest.param("Sprint 1", id="a sprint"),
     pytest.param("2026", id="a bare year outside a cycle column"),
     pytest.param("abcq32015x", id="letters around a quarter-like run")],
)
def test_texts_that_are_no_cycle(text: str) -> None:
    assert parse_cycle(text) is None


def test_a_fiscal_year_can_start_in_another_month() -> None:
    c = parse_cycle("FY26 Q1", fiscal_start_month=4)
    assert c is not None and (c.start, c.end) == (D(2025, 4, 1), D(2025, 6, 30))


def test_a_bare_year_in_a_cycle_column_is_the_year() -> None:
    assert parse_cycle("2026", whole_years=True) == Cycle(name="2026", start=D(2026, 1, 1),
                                                          end=D(2026, 12, 31))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("2025-Q3.xlsx", "2025-Q3", id="a bare quarter file name"),
        pytest.param("/data/OKRs Q3 2025.xlsx", "2025-Q3", id="a quarter in a path"),
        pytest.param("okrs_2026_q1.csv", "2026-Q1", id="underscores"),
        pytest.param("okrs.xlsx", None, id="no cycle"),
        pytest.param("1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms", None,
                     id="a spreadsheet id"),
    ],
)
def test_cycle_from_file_names(name: str, expected: str | None) -> None:
    c = cycle_from_name(name)
    assert (c.name if c else None) == expected


@pytest.mark.parametrize(
    ("day", "name"),
    [pytest.param(D(2026, 11, 15), "2026-Q4", id="November is Q4"),
     pytest.param(D(2026, 1, 1), "2026-Q1", id="the first day of a year"),
     pytest.param(D(2026, 6, 30), "2026-Q2", id="the last day of Q2")],
)
def test_quarter_of(day: dt.date, name: str) -> None:
    q = quarter_of(day)
    assert q.name == name and q.start <= day <= q.end


def _book(*grids: Grid) -> Book:
    return Book("plan.xlsx", list(grids))


def test_cycle_from_a_cycle_column_takes_the_latest() -> None:
    grid = Grid("OKRs", [["Session", "Key Result", "Target"], ["Q3 2026", "A", 1],
                         ["Q4 2026", "B", 1], ["Q4 2026", "C", 1]])
    book = _book(grid)
    tables, _ = find_tables(book, Config())
    c = cycle_from_book(tables, book, Config())
    assert c is not None and c.name == "2026-Q4"


def test_cycle_from_a_title_cell_above_the_header() -> None:
    rows: list[list[CellValue]] = [["OBJECTIVES", None, None, "01/10/2025 - 31/12/2025"], [],
                                   ["Key Result", "Target"], ["A", 1]]
    book = _book(Grid("OKRs", rows, [MergedRange(1, 4, 1, 5)]))
    tables, _ = find_tables(book, Config())
    c = cycle_from_book(tables, book, Config())
    assert c is not None and (c.name, c.start, c.end) == ("2025-Q4", D(2025, 10, 1),
                                                          D(2025, 12, 31))


@pytest.mark.parametrize(("where", "book_name", "rows"), [
    pytest.param("config", "plan.xlsx", [["Key Result", "Target"], ["A", 1]],
                 id="the config's cycle name follows the fiscal start month"),
    pytest.param("column", "plan.xlsx", [["Cycle", "Key Result", "Target"], ["FY26 Q1", "A", 1]],
                 id="a cycle column follows the fiscal start month"),
    pytest.param("title", "plan.xlsx", [["OKRs FY26 Q1"], ["Key Result", "Target"], ["A", 1]],
                 id="a title cell follows the fiscal start month"),
    pytest.param("file", "OKRs FY26 Q1.xlsx", [["Key Result", "Target"], ["A", 1]],
                 id="a file name follows the fiscal start month"),
])
def test_fiscal_start_month_from_config_applies_to_every_cycle_source(
        where: str, book_name: str, rows: list[list[CellValue]]) -> None:
    config = Config.model_validate({"cycle": {"fiscal_start_month": 7} | (
        {"name": "FY26 Q1"} if where == "config" else {})})
    book = Book(book_name, [Grid("OKRs", rows)])
    tables, _ = find_tables(book, config)
    cycle, _rule = resolve_cycle(config, cycle_from_book(tables, book, config), book_name,
                                 D(2026, 1, 1))
    assert (cycle.start, cycle.end) == (D(2025, 7, 1), D(2025, 9, 30))


def test_no_cycle_in_the_book() -> None:
    book = _book(Grid("OKRs", [["Key Result", "Target"], ["Ship Q3 2025 plan", 1]]))
    tables, _ = find_tables(book, Config())
    assert cycle_from_book(tables, book, Config()) is None, "KR titles are not scanned"


SHEET = Cycle(name="2025-Q3", start=D(2025, 7, 1), end=D(2025, 9, 30))


@pytest.mark.parametrize(
    ("config", "book_cycle", "source", "name", "rule"),
    [
        pytest.param({"cycle": {"name": "Autumn", "start": "2026-09-01", "end": "2026-11-30"}},
                     SHEET, "2024-Q1.xlsx", "Autumn", "config", id="config dates win"),
        pytest.param({"cycle": {"name": "Q1 2027"}}, SHEET, "x.xlsx", "Q1 2027", "config",
                     id="a config name that says its dates"),
        pytest.param({}, SHEET, "2024-Q1.xlsx", "2025-Q3", "sheet", id="then the sheet"),
        pytest.param({}, None, "OKRs 2024-Q1.xlsx", "2024-Q1", "file name",
                     id="then the file name"),
        pytest.param({}, None, "okrs.xlsx", "2026-Q4", "calendar quarter of as-of",
                     id="else the quarter of as-of"),
    ],
)
def test_resolve_cycle_order(config: dict[str, object], book_cycle: Cycle | None, source: str,
                             name: str, rule: str) -> None:
    cycle, why = resolve_cycle(Config.model_validate(config), book_cycle, source, D(2026, 11, 15))
    assert (cycle.name, why) == (name, rule)


def test_config_dates_without_a_name_are_named() -> None:
    cfg = Config.model_validate({"cycle": {"start": "2026-10-01", "end": "2026-12-31"}})
    cycle, _ = resolve_cycle(cfg, None, "x.xlsx", D(2026, 11, 15))
    assert cycle.name == "2026-Q4"


def test_a_config_name_without_dates_is_a_config_error() -> None:
    cfg = Config.model_validate({"cycle": {"name": "Spring push"}})
    with pytest.raises(ConfigError, match="cycle.name: 'Spring push' does not say its dates"):
        resolve_cycle(cfg, None, "x.xlsx", D(2026, 11, 15))


def test_tabs_named_by_quarter_give_the_cycle_and_other_quarters_are_left_out() -> None:
    from sheetsync.read.parse import parse_tables

    def tab(title: str, kr: str) -> Grid:
        return Grid(title, [["Objective", "Key Result", "Target", "Current"], ["Grow", kr, 10, 5]])

    book = Book("okrs.xlsx", [tab("Q3 2026", "Old KR"), tab("Q4 2026", "New KR"),
                              tab("Notes", "Kept KR")])
    config = Config()
    tables, _ = find_tables(book, config)
    cycle, rule = resolve_cycle(config, cycle_from_book(tables, book, config), book.name,
                                D(2026, 8, 1))
    assert (cycle.name, rule) == ("2026-Q4", "sheet")
    parsed = parse_tables(tables, book, config, cycle)
    assert [k.title for k in parsed.key_results] == ["New KR", "Kept KR"]
    (left_out,) = [p for p in parsed.problems if "left out" in p.message]
    assert (left_out.sheet, left_out.cell) == ("Q3 2026", None)
    assert left_out.message == ("sheet 'Q3 2026' covers 2026-Q3 and this run covers 2026-Q4, so "
                                'it is left out; to score it, run with [cycle] name = "2026-Q3" '
                                "in config")
    q3 = Config.model_validate({"cycle": {"name": "2026-Q3"}})
    cycle3, _ = resolve_cycle(q3, None, book.name, D(2026, 8, 1))
    again = parse_tables(tables, book, q3, cycle3)
    assert [k.title for k in again.key_results] == ["Old KR", "Kept KR"]
    # Ids come from every tab, read or left out, so the Notes tab's KR keeps its id.
    assert again.key_results[1].id == parsed.key_results[1].id
    assert again.key_results[0].id != parsed.key_results[0].id
