"""Table → models + Problems: ids, kinds, cell-precise problems, check-ins and week columns."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.config import Config
from sheetsync.grid import Book, CellError, CellValue, Grid, MergedRange
from sheetsync.models import Cycle, Direction, Kind, OKRType, ParsedOKRs, Problem
from sheetsync.read.find import find_tables
from sheetsync.read.parse import parse_tables

CYCLE = Cycle(name="2026-Q4", start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))
HEADER: list[CellValue] = ["Objective", "Key Result", "Owner", "Baseline", "Target", "Current"]


def parse(*grids: Grid, config: Config | None = None) -> ParsedOKRs:
    cfg = config or Config()
    book = Book("okrs.xlsx", list(grids))
    tables, _ = find_tables(book, cfg)
    return parse_tables(tables, book, cfg, CYCLE)


def okrs(*rows: list[CellValue], header: list[CellValue] | None = None) -> Grid:
    return Grid("OKRs", [header or HEADER, *rows])


def problems_at(parsed: ParsedOKRs) -> list[tuple[str, str | None, str | None]]:
    return [(p.severity, p.cell, p.message) for p in parsed.problems]


def test_flat_layout_ids_sources_and_values() -> None:
    parsed = parse(okrs(
        ["Grow revenue", "Sign 10 logos", "Ann", 0, 10, 4],
        ["Grow revenue", "Raise NPS", "Bob", 30, 50, 35],
        ["Ship v2", "Launch beta", "Cy", None, "done", "not done"],
    ))
    assert [(o.id, o.title) for o in parsed.objectives] == [("O1", "Grow revenue"),
                                                            ("O2", "Ship v2")]
    assert [(k.id, k.objective_id) for k in parsed.key_results] == [
        ("O1.KR1", "O1"), ("O1.KR2", "O1"), ("O2.KR1", "O2")]
    nps = parsed.key_results[1]
    assert (nps.baseline, nps.target, nps.current, nps.owner) == (30, 50, 35, "Bob")
    assert nps.source is not None and nps.source.row == 3 and nps.source.workbook == "okrs.xlsx"
    assert nps.source.cells == {"objective": "A3", "key_result": "B3", "owner": "C3",
                                "baseline": "D3", "target": "E3", "current": "F3"}
    beta = parsed.key_results[2]
    assert (beta.kind, beta.target, beta.current) == (Kind.milestone, 1.0, 0.0)
    assert parsed.objectives[1].owner == "Cy", "one KR owner becomes the objective's owner"
    assert parsed.objectives[0].owner is None, "two KR owners: the objective has none"
    assert parsed.problems == []


def test_ids_are_stable_across_re_reads() -> None:
    grid = okrs(["A", "a1", None, 0, 1, None], ["B", "b1", None, 0, 1, None],
                ["A", "a2", None, 0, 1, None])
    first, second = parse(grid), parse(grid)
    assert [k.id for k in first.key_results] == ["O1.KR1", "O2.KR1", "O1.KR2"]
    assert first.model_dump() == second.model_dump()


def test_ids_from_id_columns_and_duplicates_made_unique() -> None:
    header: list[CellValue] = ["Objective ID", "Objective", "KR ID", "Key Result", "Target"]
    parsed = parse(okrs(["OBJ-7", "Grow", "G-1", "Sign", 10], ["OBJ-7", "Grow", "G-1", "Raise", 5],
                        ["OBJ-8", "Ship", None, "Launch", 1], header=header))
    assert [o.id for o in parsed.objectives] == ["OBJ-7", "OBJ-8"]
    assert [k.id for k in parsed.key_results] == ["G-1", "G-1-r3", "OBJ-8.KR1"]
    assert problems_at(parsed) == [
        ("warning", "C3", "key result id 'G-1' is already used; this key result reads as "
                          "'G-1-r3'")]


def test_several_okr_tabs_get_prefixed_ids() -> None:
    rows: list[list[CellValue]] = [["Grow", "Sign", None, 0, 10, None]]
    parsed = parse(Grid("Q3", [HEADER, *rows]), Grid("Q4 2026", [HEADER, *rows]),
                   Grid("Q 4 2026", [HEADER, *rows]))
    assert [k.id for k in parsed.key_results] == ["O1.KR1", "Q42026.O1.KR1", "S3.O1.KR1"]
    assert len({o.id for o in parsed.objectives}) == 3


@pytest.mark.parametrize(
    ("row", "cell", "column", "message", "blocks"),
    [
        pytest.param(["G", "K", None, 0, "tbd", 3], "E2", "Target", "'tbd' is not a number", True,
                     id="a target that is not a number blocks scoring"),
        pytest.param(["G", "K", None, "n/a", 10, 3], "D2", "Baseline", "'n/a' is not a number",
                     True, id="an unreadable baseline blocks scoring"),
        pytest.param(["G", "K", None, 0, CellError("#DIV/0!"), 3], "E2", "Target",
                     "the formula in this cell gives #DIV/0!; fix it to read the value", True,
                     id="a formula error in the target blocks scoring"),
        pytest.param(["G", "K", None, 0, 10, "#REF!"], "F2", "Current",
                     "the formula in this cell gives #REF!; fix it to read the value", True,
                     id="a formula error in the current value blocks scoring"),
        pytest.param(["G", "K", None, 0, None, 3], "E2", "Target",
                     "no target: the key result cannot be scored without one", True,
                     id="a blank target blocks scoring"),
        pytest.param(["G", "K", None, 0, 10, "soon"], "F2", "Current", "'soon' is not a number",
                     False, id="an unreadable current value is only a warning"),
    ],
)
def test_cell_problems(row: list[CellValue], cell: str, column: str, message: str,
                       blocks: bool) -> None:
    parsed = parse(okrs(row))
    assert len(parsed.key_results) == 1, "the KR is still created"
    kr = parsed.key_results[0]
    (p,) = parsed.problems
    assert (p.sheet, p.cell, p.column, p.message) == ("OKRs", cell, column, message)
    assert p.kr_id == (kr.id if blocks else None)
    assert p.severity == ("error" if blocks else "warning")
    assert str(p) == f"OKRs!{cell} ({column}): {message}"


def test_a_missing_target_column_says_how_to_map_one() -> None:
    parsed = parse(okrs(["G", "K"], header=["Objective", "Key Result"]))
    (p,) = parsed.problems
    assert (p.cell, p.kr_id) == ("B2", "O1.KR1")
    assert p.message == ("no target: sheet 'OKRs' has no Target column; map one in config: "
                         '[columns] target = "..."')


def test_optional_cells_that_cannot_be_read_are_warnings_and_a_bad_row_stops_nothing() -> None:
    header: list[CellValue] = ["Objective", "Key Result", "Target", "Weight", "Confidence", "Due"]
    parsed = parse(okrs(["G", "K1", 10, 0, "Unknown", "someday"], ["G", "K2", 5, 2, "70%",
                                                                  "2026-12-01"], header=header))
    k1, k2 = parsed.key_results
    assert (k1.weight, k1.confidence, k1.due) == (1.0, None, None)
    assert (k2.weight, k2.confidence, k2.due) == (2.0, 0.7, dt.date(2026, 12, 1))
    assert [(p.severity, p.cell, p.kr_id) for p in parsed.problems] == [
        ("warning", "D2", None), ("warning", "E2", None), ("warning", "F2", None)]


@pytest.mark.parametrize(
    ("baseline", "target", "current", "extra", "kind", "values"),
    [
        pytest.param("20%", "45%", "30%", {}, Kind.percent, (0.2, 0.45, 0.3),
                     id="values written as percentages make a percent KR"),
        pytest.param(20, 45, 30, {"Kind": "percent"}, Kind.percent, (0.2, 0.45, 0.3),
                     id="bare points in a percent KR mean percent"),
        pytest.param(0.2, 0.45, None, {"Unit": "%"}, Kind.percent, (0.2, 0.45, None),
                     id="a % unit makes a percent KR and fractions stay"),
        pytest.param("$100K", "$800K", "$250K", {}, Kind.currency, (1e5, 8e5, 2.5e5),
                     id="a currency sign makes a currency KR"),
        pytest.param(None, "yes", "no", {}, Kind.boolean, (None, 1.0, 0.0),
                     id="a yes/no target makes a boolean KR"),
        pytest.param(None, "Done", "done", {}, Kind.milestone, (None, 1.0, 1.0),
                     id="a done target makes a milestone"),
        pytest.param(0, 10, 4, {}, Kind.number, (0, 10, 4), id="plain numbers"),
        pytest.param(None, 10, None, {}, Kind.number, (None, 10, None),
                     id="a blank baseline stays blank for scoring to count from 0"),
    ],
)
def test_kind_inference_and_values(baseline: CellValue, target: CellValue, current: CellValue,
                                   extra: dict[str, CellValue], kind: Kind,
                                   values: tuple[float | None, ...]) -> None:
    header = [*HEADER, *extra]
    parsed = parse(okrs(["G", "K", None, baseline, target, current, *extra.values()],
                        header=header))
    kr = parsed.key_results[0]
    assert kr.kind == kind
    assert (kr.baseline, kr.target, kr.current) == pytest.approx(values)
    assert parsed.problems == []


def test_a_direction_in_the_type_column_is_the_krs_direction() -> None:
    header: list[CellValue] = ["Session", "objective", "keyResultName", "owner", "initialValue",
                               "targetValue", "type"]
    parsed = parse(okrs(["Q4 2026", "Rock", "Find 5 contractors", "a@x", 0.0, 5.0,
                         "should increase to"], header=header))
    kr, obj = parsed.key_results[0], parsed.objectives[0]
    assert kr.direction == Direction.increase and kr.target == 5.0 and kr.baseline == 0.0
    assert obj.type == OKRType.aspirational
    assert parsed.problems == []


def test_objective_fields_type_level_team_parent_and_the_default_type() -> None:
    header: list[CellValue] = ["Objective", "Key Result", "Target", "Type", "Level", "Team",
                               "Aligns to"]
    cfg = Config.model_validate({"scoring": {"default_type": "committed"}})
    parsed = parse(okrs(["Grow", "K1", 1, "moonshot", "Team", "Sales", "CO-1"],
                        ["Grow", "K2", 1, "committed", None, None, None],
                        ["Ship", "K3", 1, None, "weird", None, None], header=header), config=cfg)
    grow, ship = parsed.objectives
    assert (grow.type, grow.level, grow.team, grow.parent_id) == (
        OKRType.aspirational, "team", "Sales", "CO-1"), "the first row that has a value wins"
    assert ship.type == OKRType.committed, "default type from the config"
    assert problems_at(parsed) == [
        ("warning", "E4", "'weird' is not a level (company, team or individual)")]
    assert parsed.problems[0].objective_id == ship.id


def test_grouped_layout_objective_rows_hold_the_objective_owner() -> None:
    parsed = parse(okrs(
        ["Grow revenue", None, "Dana", None, None, None],
        [None, "Sign 10 logos", "Ann", 0, 10, 4],
        [None, "Raise NPS", "Bob", 30, 50, None],
        ["Ship v2", None, None, None, None, None],
        [None, "Launch beta", "Cy", 0, 1, None],
    ))
    assert [(o.id, o.title, o.owner) for o in parsed.objectives] == [
        ("O1", "Grow revenue", "Dana"), ("O2", "Ship v2", "Cy")]
    assert [(k.id, k.owner) for k in parsed.key_results] == [
        ("O1.KR1", "Ann"), ("O1.KR2", "Bob"), ("O2.KR1", "Cy")]
    src = parsed.objectives[0].source
    assert src is not None and src.row == 2 and src.cells["objective"] == "A2"


def test_merged_layout_and_an_objective_without_krs() -> None:
    grid = Grid("OKRs", [
        [None], ["Objective", "Key Result", "Target"],
        ["Modernize ML", "Lift engagement", 10], [None, "Plumb signals", 3],
        ["Delight stakeholders", None, None], [None, None, None],
    ], [MergedRange(1, 1, 1, 10), MergedRange(3, 1, 4, 1), MergedRange(5, 1, 6, 1)])
    parsed = parse(grid)
    assert [o.title for o in parsed.objectives] == ["Modernize ML", "Delight stakeholders"]
    assert [(k.id, k.source.row if k.source else 0) for k in parsed.key_results] == [
        ("O1.KR1", 3), ("O1.KR2", 4)]


def test_objective_in_the_first_cell_without_an_objective_column() -> None:
    parsed = parse(okrs(["Grow revenue"], [1, "Sign 10 logos", 10], header=["#", "KR", "Target"]))
    (obj,) = parsed.objectives
    assert obj.title == "Grow revenue" and obj.source and obj.source.cells["objective"] == "A2"
    assert parsed.key_results[0].objective_id == obj.id


def test_no_objective_column_groups_krs_under_the_sheet() -> None:
    parsed = parse(Grid("Sheet1", [["KR_code", "Key Results", "Target"], ["kr1", "Do A", 1],
                                   ["kr2", "Do B", 2]]))
    assert [(o.id, o.title) for o in parsed.objectives] == [("O1", "Sheet1")]
    assert [k.id for k in parsed.key_results] == ["kr1", "kr2"]
    assert [p.message for p in parsed.problems] == [
        "sheet 'Sheet1' has no Objective column, so its key results are grouped under one "
        "objective named 'Sheet1'; map one in config: [columns] objective = \"...\""]


def test_rows_of_other_cycles_are_left_out() -> None:
    header: list[CellValue] = ["Quarter", "Objective", "Key Result", "Target"]
    parsed = parse(okrs(["Q3 2026", "Old", "Done last quarter", 1],
                        ["Q4 2026", "Grow", "Sign 10", 10],
                        ["2026-Q4", "Grow", "Raise NPS", 50], header=header))
    assert [k.title for k in parsed.key_results] == ["Sign 10", "Raise NPS"]
    assert problems_at(parsed) == [
        ("warning", "A1", "1 row(s) belong to other cycles (2026-Q3) and are left out; this run "
                          "covers 2026-Q4")]


CHECKIN_HEADER: list[CellValue] = ["KR", "Date", "Value", "Confidence", "Note", "Author"]


def test_checkin_tab_rows_become_checkins_and_bad_ones_problems() -> None:
    kr_tab = okrs(["Grow", "Sign 10 logos", "Ann", 0, 10, None],
                  ["Grow", "Raise NPS", "Bob", 30, 50, None],
                  ["Ship", "Raise NPS", "Bob", 30, 50, None])
    checkins = Grid("Check-ins", [
        CHECKIN_HEADER,
        ["O1.KR1", "2026-10-05", 3, "high", "first", "Ann"],
        ["o1.kr1", dt.date(2026, 10, 12), "4", None, None, None],
        ["sign 10 LOGOS", "W3", 5, "70%", None, None],
        ["O9.KR9", "2026-10-05", 1, None, None, None],
        ["Raise NPS", "2026-10-05", 33, None, None, None],
        ["O1.KR1", "2026-10-19", "lots", None, None, None],
        ["O1.KR1", "2026-09-20", 1, None, None, None],
        ["O1.KR1", "soon", 1, None, None, None],
        ["O1.KR1", "2026-10-26", None, None, None, None],
    ])
    parsed = parse(kr_tab, checkins)
    assert [(c.kr_id, c.date, c.value, c.confidence) for c in parsed.checkins] == [
        ("O1.KR1", dt.date(2026, 10, 5), 3.0, 0.9),
        ("O1.KR1", dt.date(2026, 10, 12), 4.0, None),
        ("O1.KR1", dt.date(2026, 10, 21), 5.0, 0.7),
    ]
    first = parsed.checkins[0]
    assert (first.note, first.author) == ("first", "Ann")
    assert first.source is not None and first.source.cells["value"] == "C2"
    assert problems_at(parsed) == [
        ("error", "A5", "unknown key result 'O9.KR9': no KR has this id or title"),
        ("error", "A6", "'Raise NPS' matches 2 key results (O1.KR2, O2.KR1); use the KR id"),
        ("error", "C7", "'lots' is not a number"),
        ("warning", "B8", "check-in dated 2026-09-20 is outside the cycle 2026-Q4 "
                          "(2026-10-01 – 2026-12-31); it is not counted"),
        ("error", "B9", "'soon' is not a date (use YYYY-MM-DD or a date cell)"),
    ]
    assert all(p.sheet == "Check-ins" and p.kr_id is None for p in parsed.problems)


def test_checkins_of_a_percent_kr_use_its_scale() -> None:
    header = [*HEADER, "Kind"]
    kr_tab = okrs(["G", "Coverage", None, 20, 45, None, "percent"], header=header)
    checkins = Grid("Log", [CHECKIN_HEADER, ["O1.KR1", "2026-10-05", 0.5, None, None, None],
                            ["O1.KR1", "2026-10-06", "31%", None, None, None]])
    parsed = parse(kr_tab, checkins)
    assert [c.value for c in parsed.checkins] == pytest.approx([0.005, 0.31])


def test_week_columns_on_kr_rows_are_checkins() -> None:
    header = [*HEADER, "W1", "W2", "W14", "Week 5"]
    parsed = parse(okrs(["G", "Sign 10", None, 0, 10, None, 2, 3, 9, "x"], header=header))
    assert [(c.date, c.value) for c in parsed.checkins] == [
        (dt.date(2026, 10, 7), 2.0), (dt.date(2026, 10, 14), 3.0), (dt.date(2026, 12, 31), 9.0)]
    assert parsed.checkins[0].source and parsed.checkins[0].source.cells == {"kr": "B2",
                                                                             "value": "G2"}
    assert problems_at(parsed) == [("error", "J2", "'x' is not a number")]
    assert parsed.problems[0].column == "Week 5"


def test_dated_week_columns_outside_the_cycle_warn_once_at_the_header() -> None:
    header = [*HEADER, dt.date(2026, 9, 25), dt.date(2026, 10, 9)]
    parsed = parse(okrs(["G", "A", None, 0, 10, None, 1, 2], ["G", "B", None, 0, 10, None, 1, 2],
                        header=header))
    assert [(c.kr_id, c.date) for c in parsed.checkins] == [
        ("O1.KR1", dt.date(2026, 10, 9)), ("O1.KR2", dt.date(2026, 10, 9))]
    assert problems_at(parsed) == [
        ("warning", "G1", "check-in dated 2026-09-25 is outside the cycle 2026-Q4 "
                          "(2026-10-01 – 2026-12-31); it is not counted")]


def test_a_row_with_values_but_no_key_result_is_skipped_with_a_warning() -> None:
    parsed = parse(okrs(["G", "K", None, 0, 10, None], [None, None, None, None, 5, None]))
    assert len(parsed.key_results) == 1
    assert problems_at(parsed) == [
        ("warning", "B3", "this row has values but no key result title; it is skipped")]


def test_every_problem_names_the_workbook() -> None:
    parsed = parse(okrs(["G", "K", None, "x", "y", "z"]))
    assert parsed.problems and all(isinstance(p, Problem) and p.workbook == "okrs.xlsx"
                                   for p in parsed.problems)


_CELL = st.one_of(st.none(), st.integers(-5, 100), st.floats(allow_nan=False, width=32),
                  st.sampled_from(["Objective", "Key Result", "Target", "KR", "Date", "Value",
                                   "W1", "Grow", "tbd", "45%", "done", "#REF!", "Q4 2026", ""]),
                  st.dates(dt.date(2026, 9, 1), dt.date(2027, 1, 31)))


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(_CELL, max_size=6), max_size=8),
       header=st.permutations(["Objective", "Key Result", "Target", "Current", "W1", "Cycle"]))
def test_no_grid_makes_parsing_raise(rows: list[list[CellValue]], header: list[str]) -> None:
    parsed = parse(Grid("OKRs", [list(header), *rows]), Grid("Log", [["KR", "Date", "Value"],
                                                                     *rows]))
    assert all(p.message for p in parsed.problems)
    assert len({k.id for k in parsed.key_results}) == len(parsed.key_results)
