"""Grid → Table: header detection, column aliases, owned columns, layouts, check-in tabs, weeks."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sheetsync.config import Config
from sheetsync.grid import Book, CellValue, Grid, MergedRange
from sheetsync.read.find import find_tables
from sheetsync.read.headers import (
    CHECKIN_ALIASES,
    OKR_ALIASES,
    OKR_WEAK,
    TableKind,
    match,
    normalize,
)
from sheetsync.read.table import Table


def book(*grids: Grid) -> Book:
    return Book("okrs.xlsx", list(grids))


def one_table(grid: Grid, config: Config | None = None) -> Table:
    tables, problems = find_tables(book(grid), config or Config())
    assert len(tables) == 1, problems
    return tables[0]


FLAT: list[list[CellValue]] = [
    ["Objective", "Key Result", "Owner", "Baseline", "Target", "Current"],
    ["Grow revenue", "Sign 10 logos", "Ann", 0, 10, 4],
    ["Grow revenue", "Raise NPS", "Bob", 30, 50, 35],
    ["Ship v2", "Launch beta", "Cy", None, "done", "not done"],
]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        *[pytest.param(h, "objective", id=f"{h!r} is the objective") for h in
          ("Objective", "Objectives", "Goal", "O", "OBJECTIVE ")],
        *[pytest.param(h, "key_result", id=f"{h!r} is the key result") for h in
          ("Key Result", "Key Results", "KR", "KR title", "keyResultName",
           "Key Results (KRs)", "key_result")],
        *[pytest.param(h, "owner", id=f"{h!r} is the owner") for h in
          ("Owner", "Responsible", "DRI", "Eng Owner", "PM_Owner")],
        *[pytest.param(h, "baseline", id=f"{h!r} is the baseline") for h in
          ("Baseline", "Start", "Start value", "Initial value", "initialValue",
           "Intial value", "From", "Baseline (Q1)")],
        *[pytest.param(h, "target", id=f"{h!r} is the target") for h in
          ("Target", "Goal value", "Target value", "targetValue", "To", "Expected",
           "Target FY26", "ARR Target")],
        *[pytest.param(h, "current", id=f"{h!r} is the current value") for h in
          ("Current", "Actual", "Current value", "Achievement", "Value",
           "Achievement Till Date")],
        pytest.param("Confidence", "confidence", id="confidence"),
        pytest.param("Type ", "type", id="a trailing space on Type"),
        *[pytest.param(h, "kind", id=f"{h!r} is the kind") for h in
          ("Kind", "Metric type", "Unit type")],
        pytest.param("Weight (%)", "weight", id="weight with a unit"),
        *[pytest.param(h, "id", id=f"{h!r} is the KR id") for h in ("ID", "KR ID", "Key")],
        pytest.param("Objective ID", "objective_id", id="objective id"),
        *[pytest.param(h, "parent", id=f"{h!r} is the parent") for h in
          ("Parent", "Aligns to", "Parent objective")],
        pytest.param("Team", "team", id="team"),
        pytest.param("Level", "level", id="level"),
        *[pytest.param(h, "due", id=f"{h!r} is the due date") for h in
          ("Due", "Deadline", "Target date")],
        pytest.param("Unit", "unit", id="unit"),
        *[pytest.param(h, "cycle", id=f"{h!r} is the cycle") for h in
          ("Cycle", "Quarter", "Session", "Period")],
        pytest.param("Direction", "direction", id="direction"),
        *[pytest.param(h, "note", id=f"{h!r} is a note") for h in ("Note", "Comment")],
    ],
)
def test_okr_header_aliases(header: str, field: str) -> None:
    found = match(header, "okr")
    assert found is not None and found[0] == field


@pytest.mark.parametrize(
    "header",
    [pytest.param("Priority", id="priority means nothing to sheetsync"),
     pytest.param("Target date status", id="a target word qualified by status"),
     pytest.param("links", id="links")],
)
def test_headers_that_name_no_field(header: str) -> None:
    found = match(header, "okr")
    assert found is None or found[0] != "target"


def test_flat_table_under_a_merged_title_row() -> None:
    rows: list[list[CellValue]] = [["Q4 2026 OKRs"], [], *FLAT]
    t = one_table(Grid("OKRs", rows, [MergedRange(1, 1, 1, 6)]))
    assert t.header_row == 3
    assert t.columns == {"objective": 1, "key_result": 2, "owner": 3, "baseline": 4,
                         "target": 5, "current": 6}
    assert [r.number for r in t.rows] == [4, 5, 6]
    assert t.rows[1].values["key_result"] == "Raise NPS"
    assert t.layout == "flat"
    assert t.last_col == 6 and t.headers[2] == "Key Result"


@pytest.mark.parametrize(("recorded", "owned", "inputs"), [
    ({}, {}, {"person_progress": 4, "person_score": 5, "person_status": 6, "confidence": 7}),
    ({"progress": 4, "score": 5, "status": 6}, {"progress": 4, "score": 5, "status": 6},
     {"confidence": 7}),
], ids=["without a record every status-like column is a person's input",
        "the record alone makes a column sheetsync's, and it is then never read"])
def test_only_recorded_columns_are_owned(recorded: dict[str, int], owned: dict[str, int],
                                         inputs: dict[str, int]) -> None:
    rows: list[list[CellValue]] = [
        ["Objective", "Key Result", "Target", "Progress", "Score", "Status", "Confidence"],
        ["Grow", "Sign 10 logos", 10, 0.4, 0.4, "At risk", "high"],
    ]
    t = one_table(Grid("OKRs", rows, owned_columns=recorded))
    assert t.owned == owned
    assert {f: c for f, c in t.columns.items() if f in inputs} == inputs
    assert "current" not in t.columns


def test_renamed_status_columns_follow_the_config() -> None:
    cfg = Config.model_validate({"output": {"columns": {"status": "State", "score": ""}}})
    rows: list[list[CellValue]] = [["Key Result", "Target", "State", "Score"], ["A", 1, "x", 1]]
    t = one_table(Grid("OKRs", rows), cfg)
    assert t.owned == {}
    assert t.named == {"status": 3}, "State reads like sheetsync's Status column: decided later"


def test_config_overrides_win_over_aliases() -> None:
    cfg = Config.model_validate({"columns": {"key_result": "Initiative", "target": "Goal %"}})
    rows: list[list[CellValue]] = [["Initiative", "Target", "Goal %"], ["Ship", 3, 5]]
    t = one_table(Grid("Plan", rows), cfg)
    assert t.columns == {"key_result": 1, "target": 3}


def test_an_override_missing_from_the_header_is_a_warning() -> None:
    cfg = Config.model_validate({"columns": {"owner": "Lead person"}})
    tables, problems = find_tables(book(Grid("OKRs", FLAT)), cfg)
    assert len(tables) == 1
    assert [p.message for p in problems] == [
        "column 'Lead person' for owner (config [columns]) is not in the header on row 1 of "
        "sheet 'OKRs'"]


def test_first_owner_column_wins() -> None:
    rows: list[list[CellValue]] = [["Key Result", "Eng Owner", "PM Owner"], ["A", "Ann", "Bob"]]
    assert one_table(Grid("OKRs", rows)).columns["owner"] == 2


def test_grouped_layout_objective_rows_then_kr_rows() -> None:
    rows: list[list[CellValue]] = [
        ["Objective", "Key Result", "Target"],
        ["Grow revenue", None, None],
        [None, "Sign 10 logos", 10],
        [None, "Raise NPS", 50],
        [],
        ["Ship v2", None, None],
        [None, "Launch beta", "done"],
    ]
    t = one_table(Grid("OKRs", rows))
    assert t.layout == "grouped"
    assert [r.number for r in t.rows] == [2, 3, 4, 6, 7], "blank row 5 is skipped"


def test_grouped_layout_with_the_objective_in_the_first_cell() -> None:
    rows: list[list[CellValue]] = [
        ["#", "Key Result", "Target"],
        ["Grow revenue", None, None],
        [1, "Sign 10 logos", 10],
    ]
    t = one_table(Grid("OKRs", rows))
    assert t.layout == "grouped"
    assert t.rows[0].values["objective"] == "Grow revenue"
    assert t.rows[0].values["key_result"] is None


def test_a_row_merged_across_from_the_kr_cell_is_an_objective_row() -> None:
    rows: list[list[CellValue]] = [
        ["Key Result", "Owner", "Target"],
        ["Grow revenue", None, None],
        ["Sign 10 logos", "Ann", 10],
    ]
    t = one_table(Grid("OKRs", rows, [MergedRange(2, 1, 2, 3)]))
    assert t.layout == "grouped"
    assert (t.rows[0].values["objective"], t.rows[0].values["key_result"]) == ("Grow revenue",
                                                                              None)


def test_an_objective_label_in_the_kr_column_starts_a_group() -> None:
    rows: list[list[CellValue]] = [
        ["Key Result", "Target"],
        ["Objective 1: Grow revenue", None],
        ["Sign 10 logos", 10],
    ]
    t = one_table(Grid("OKRs", rows))
    assert t.rows[0].values["objective"] == "Objective 1: Grow revenue"
    assert t.rows[1].values["key_result"] == "Sign 10 logos"


def test_merged_objective_is_filled_on_every_kr_row() -> None:
    rows: list[list[CellValue]] = [
        [None],
        ["Objective", "Key Result", "Score"],
        ["Modernize ML", "Lift engagement 10%", 0.8],
        [None, "Plumb legacy signals", 0.4],
        [None, "Feedback from 3 customers", None],
        ["Delight stakeholders", None, None],
        [None, None, None],
    ]
    merged = [MergedRange(1, 1, 1, 27), MergedRange(3, 1, 5, 1), MergedRange(6, 1, 7, 1)]
    t = one_table(Grid("OKRs", rows, merged))
    assert t.layout == "merged" and t.header_row == 2
    assert [r.values["objective"] for r in t.rows] == [
        "Modernize ML", "Modernize ML", "Modernize ML", "Delight stakeholders"]
    assert [r.number for r in t.rows] == [3, 4, 5, 6], "row 7 only holds the merge's fill"


def test_a_repeated_header_row_is_not_data() -> None:
    rows: list[list[CellValue]] = [["Key Result", "Target"], ["A", 1], ["Key Result", "Target"],
                                   ["B", 2]]
    assert [r.number for r in one_table(Grid("OKRs", rows)).rows] == [2, 4]


@pytest.mark.parametrize(
    ("header", "week", "date"),
    [
        pytest.param("W1", 1, None, id="W1"),
        pytest.param("Week 12", 12, None, id="Week 12"),
        pytest.param("wk3", 3, None, id="wk3"),
        pytest.param(dt.date(2026, 10, 9), None, dt.date(2026, 10, 9), id="a date cell"),
        pytest.param("2026-10-16", None, dt.date(2026, 10, 16), id="ISO text"),
        pytest.param("23/10/2026", None, dt.date(2026, 10, 23), id="day-first text"),
        pytest.param((dt.date(2026, 10, 30) - dt.date(1899, 12, 30)).days, None,
                     dt.date(2026, 10, 30), id="a serial number counted from 1899-12-30"),
    ],
)
def test_week_columns(header: CellValue, week: int | None, date: dt.date | None) -> None:
    rows: list[list[CellValue]] = [["Key Result", "Target", header], ["A", 10, 4]]
    t = one_table(Grid("OKRs", rows))
    assert [(w.col, w.week, w.date) for w in t.weeks] == [(3, week, date)]
    assert t.rows[0].weeks == {3: 4}


def test_a_plain_number_header_is_no_week() -> None:
    rows: list[list[CellValue]] = [["Key Result", "Target", 2026], ["A", 10, 4]]
    assert one_table(Grid("OKRs", rows)).weeks == []


@pytest.mark.parametrize(
    "header",
    [pytest.param(["KR", "Date", "Value"], id="KR, Date, Value"),
     pytest.param(["KR ID", "Week", "Progress value", "Confidence", "Note", "Author"],
                  id="KR ID, Week, Progress value and the optional fields"),
     pytest.param(["Key Result", "Check-in date", "Actual"],
                  id="Key Result, Check-in date, Actual")],
)
def test_checkin_tabs(header: list[CellValue]) -> None:
    grid = Grid("Check-ins", [header, ["O1.KR1", "2026-10-05", 3]])
    tables, _ = find_tables(book(Grid("OKRs", FLAT), grid), Config())
    assert [(t.sheet, t.kind) for t in tables] == [("OKRs", "okr"), ("Check-ins", "checkin")]
    assert {"kr", "date", "value"} <= set(tables[1].columns)
    assert tables[1].owned == {}


def test_a_dated_table_with_a_target_is_a_kr_table() -> None:
    rows: list[list[CellValue]] = [["Key Result", "Date", "Value", "Target"], ["A", None, 1, 2]]
    assert one_table(Grid("OKRs", rows)).kind == "okr"


def test_several_okr_tabs_are_all_read_and_own_tabs_skipped() -> None:
    cfg = Config.model_validate({"sheets": {"skip": ["Archive"]}})
    grids = [Grid("Q3", FLAT), Grid("Q4", FLAT), Grid("OKR Summary", FLAT),
             Grid("Score history", FLAT), Grid("Archive", FLAT)]
    tables, problems = find_tables(book(*grids), cfg)
    assert [t.sheet for t in tables] == ["Q3", "Q4"]
    assert problems == []


def test_named_tabs_only_and_a_missing_one_is_an_error() -> None:
    cfg = Config.model_validate({"sheets": {"okr": ["q4 ", "Q5"]}})
    tables, problems = find_tables(book(Grid("Q3", FLAT), Grid("Q4", FLAT)), cfg)
    assert [t.sheet for t in tables] == ["Q4"], "names match ignoring case and outer spaces"
    assert [(p.severity, p.sheet, p.message) for p in problems] == [
        ("error", "Q5", "sheet 'Q5' named in config [sheets] okr is not in the workbook "
                        "(its sheets: Q3, Q4)")]


def test_a_named_tab_without_a_kr_header_is_an_error_naming_it() -> None:
    cfg = Config.model_validate({"sheets": {"okr": ["Notes"]}})
    _, problems = find_tables(book(Grid("Notes", [["hello"]])), cfg)
    assert problems[0].severity == "error"
    assert problems[0].message.startswith(
        "no header with a Key Result column found in sheet 'Notes' (first 30 rows)")


def test_okr_like_tab_without_key_result_column_gets_a_precise_warning() -> None:
    rows: list[list[CellValue]] = [["Sales KPIs"], [], ["Measure name", "Target FY26",
                                                         "Achievement Till Date"], ["NPS", 19, -22]]
    _, problems = find_tables(book(Grid("Annual", rows)), Config())
    warning, error = problems
    assert warning.severity == "warning" and warning.sheet == "Annual"
    assert warning.message == (
        "no header with a Key Result column found in sheet 'Annual' (first 30 rows); map the "
        'columns in config: [columns] key_result = "..." (the header on row 3 reads: '
        "Measure name, Target FY26, Achievement Till Date); or add 'Annual' to [sheets] skip")
    assert error.severity == "error" and error.message.startswith("no OKR table found")


def test_a_transposed_tab_reads_objective_columns_and_kr_rows() -> None:
    rows: list[list[CellValue]] = [["OBJECTIVES & KEY RESULTS"], [None, "Grow", "Ship"],
                                   ["KEY RESULT 1", "Sign 10", "Beta"]]
    tables, problems = find_tables(book(Grid("Sprint 1", rows)), Config())
    (t,) = tables
    assert (t.layout, t.header_row, t.owned, problems) == ("transposed", 2, {}, [])
    assert [(r.number, r.values, r.cols) for r in t.rows] == [
        (2, {"objective": "Grow", "key_result": None}, {"objective": 2}),
        (3, {"key_result": "Sign 10"}, {"key_result": 2}),
        (2, {"objective": "Ship", "key_result": None}, {"objective": 3}),
        (3, {"key_result": "Beta"}, {"key_result": 3})]


def test_a_transposed_tab_without_objective_titles_is_explained() -> None:
    rows: list[list[CellValue]] = [["OBJECTIVES & KEY RESULTS"], [],
                                   ["KEY RESULT 1", "Sign 10", "Beta"]]
    _, problems = find_tables(book(Grid("Sprint 1", rows)), Config())
    assert problems[0].cell == "A3"
    assert "has key results as rows (A3: 'KEY RESULT 1')" in problems[0].message


def test_header_search_stops_at_the_configured_row() -> None:
    rows: list[list[CellValue]] = [[None] for _ in range(5)]
    rows += [["Key Result", "Target"], ["A", 1]]
    cfg = Config.model_validate({"sheets": {"header_search_rows": 5}})
    tables, problems = find_tables(book(Grid("OKRs", rows)), cfg)
    assert tables == []
    assert "first 5 rows" in problems[-1].message
    assert one_table(Grid("OKRs", rows)).header_row == 6


@pytest.mark.parametrize(
    ("aliases", "kind"),
    [pytest.param(OKR_ALIASES, "okr", id="every KR table alias names its own field"),
     pytest.param(OKR_WEAK, "okr", id="every weaker alias names its own field"),
     pytest.param(CHECKIN_ALIASES, "checkin", id="every check-in alias names its own field")],
)
def test_no_alias_is_shadowed(aliases: dict[str, frozenset[str]], kind: TableKind) -> None:
    for field, names in aliases.items():
        for name in names:
            found = match(name, kind)
            assert found is not None and found[0] == field, name


def _documented(section: str) -> dict[str, frozenset[str]]:
    text = (Path(__file__).resolve().parents[2] / "docs" / "layouts.md").read_text("utf-8")
    lines = text.split(section, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    out: dict[str, frozenset[str]] = {}
    for line in lines[start:]:
        if not line.startswith("|"):
            break  # the first table after the section only
        if m := re.fullmatch(r"\| `(\w+)` \| (.*) \|", line):
            out[m[1]] = frozenset(normalize(n) for n in m[2].split(", "))
    return out


@pytest.mark.parametrize(
    ("section", "aliases"),
    [pytest.param("### KR table columns", OKR_ALIASES, id="KR table aliases"),
     pytest.param("Weaker names, used only", OKR_WEAK, id="weaker aliases"),
     pytest.param("### Check-in tab columns", CHECKIN_ALIASES, id="check-in aliases")],
)
def test_docs_list_exactly_the_aliases(section: str, aliases: dict[str, frozenset[str]]) -> None:
    assert _documented(section) == aliases


def test_named_checkin_tabs_with_overrides_and_a_bad_one() -> None:
    cfg = Config.model_validate({
        "sheets": {"checkins": ["Log", "Diary"]},
        "checkin_columns": {"kr": "Ref", "date": "When", "value": "Reading"},
    })
    log = Grid("Log", [["Ref", "When", "Reading", "Target"], ["O1.KR1", "2026-10-05", 3, 9]])
    diary = Grid("Diary", [["Dear diary"]])
    tables, problems = find_tables(book(Grid("OKRs", FLAT), log, diary), cfg)
    assert [(t.sheet, t.kind, t.columns) for t in tables] == [
        ("OKRs", "okr", tables[0].columns), ("Log", "checkin", {"kr": 1, "date": 2, "value": 3})]
    assert [(p.severity, p.sheet) for p in problems] == [("error", "Diary")]
    assert problems[0].message.startswith("no check-in header found in sheet 'Diary'")
