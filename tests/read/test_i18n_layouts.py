"""The workbooks sheetsync had never seen (tests/read/okr_fixtures_i18n.py): headers in seven
languages and Chinese, two-row and block headers, a person's own numbers, several owners, tables
that are not OKRs, and text targets that are not targets."""

from __future__ import annotations

import datetime as dt

import okr_fixtures_i18n as fx
import pytest

from sheetsync.config import Config
from sheetsync.grid import Book
from sheetsync.models import ParsedOKRs, Problem
from sheetsync.read.cycle import cycle_from_book, resolve_cycle
from sheetsync.read.find import find_tables
from sheetsync.read.parse import parse_tables
from sheetsync.read.table import Table


def read(b: Book, as_of: dt.date = dt.date(2026, 5, 10), config: Config | None = None
         ) -> tuple[list[Table], ParsedOKRs]:
    cfg = config or Config()
    tables, problems = find_tables(b, cfg)
    cycle, _ = resolve_cycle(cfg, cycle_from_book(tables, b, cfg), b.name, as_of)
    parsed = parse_tables(tables, b, cfg, cycle)
    parsed.problems[:0] = problems
    return tables, parsed


def errors(parsed: ParsedOKRs) -> list[Problem]:
    return [p for p in parsed.problems if p.severity == "error"]


# --- headers in the team's language ------------------------------------------------------------

@pytest.mark.parametrize("language", [pytest.param(lang, id=f"a KR table in {lang} reads in full")
                                      for lang in fx.LANGUAGES])
def test_a_kr_table_in_the_teams_language(language: str) -> None:
    tables, parsed = read(fx.in_language(language))
    assert [t.layout for t in tables] == ["flat"]
    assert errors(parsed) == []
    assert [o.title for o in parsed.objectives] == [f"O-A ({language})", f"O-B ({language})"]
    got = [(k.objective_id, k.title, k.owner, k.baseline, k.target, k.current)
           for k in parsed.key_results]
    assert got == [(("O1" if o == "O-A" else "O2"), kr, owner, b, t, c)
                   for o, kr, owner, b, t, c in fx.LANGUAGE_VALUES]
    assert [k.confidence for k in parsed.key_results] == [0.9, 0.6, 0.3, 0.9], \
        "confidence words in the language, no warning per row"
    assert parsed.cycle is not None and parsed.cycle.name == "2026-Q4", "the cycle column"


def test_a_public_sector_plan_with_years_in_its_headers() -> None:
    tables, parsed = read(fx.spanish_public_plan())
    (t,) = tables
    assert (t.header_row, t.columns["baseline"], t.columns["target"], t.columns["current"]) == (
        3, 4, 5, 6), "Línea base 2025, Meta 2026, and Avance a la fecha holding amounts"
    assert [(k.objective_id, k.baseline, k.target, k.current, k.person_status)
            for k in parsed.key_results] == [
        ("O1", 120, 150, 130, "En curso"), ("O1", 45000, 60000, 52000, "En riesgo"),
        ("O2", 0.35, 0.8, 0.55, "En curso")]
    assert errors(parsed) == []


# --- two-row headers --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("as_of", "block", "baseline", "target", "current", "cells"),
    [pytest.param(dt.date(2026, 2, 1), "Q1", 10, 20, 15, ("C3", "E3", "D3"),
                  id="in February the Q1 block is read"),
     pytest.param(dt.date(2026, 5, 10), "Q2", 20, 30, 25, ("H3", "J3", "I3"),
                  id="in May the Q2 block is read"),
     pytest.param(dt.date(2026, 11, 1), "Q4", 40, 50, None, ("R3", "T3", "S3"),
                  id="in November the Q4 block is read, not reported yet")],
)
def test_a_block_per_quarter_is_read_for_the_runs_cycle(
        as_of: dt.date, block: str, baseline: float, target: float, current: float | None,
        cells: tuple[str, str, str]) -> None:
    tables, parsed = read(fx.quarter_blocks(), as_of)
    (t,) = tables
    assert (t.group_row, t.header_row, t.block) == (1, 2, block)
    assert t.headers[3] == "Q1 / Baseline" and t.headers[1] == "Objetivo"
    assert [o.title for o in parsed.objectives] == ["Crecer ventas", "Mejorar soporte"]
    first = parsed.key_results[0]
    assert (first.title, first.baseline, first.target, first.current) == (
        "Clientes nuevos", baseline, target, current)
    assert [k.objective_id for k in parsed.key_results] == ["O1", "O1", "O2"], \
        "the objective merged over two KR rows"
    assert first.source is not None
    assert (first.source.cells["baseline"], first.source.cells["target"],
            first.source.cells["current"]) == cells
    others = ", ".join(q for q in ("Q1", "Q2", "Q3", "Q4") if q != block)
    (warning,) = [p for p in parsed.problems if "block of columns" in p.message]
    assert warning.message.startswith(
        f"sheet 'OKR 2026' has a block of columns per cycle; {block} is read (the block of "
        f"this run's cycle 2026-{block}) and {others} left out; to read another, run with "
        "--as-of a date in it, set [cycle] name, or name its columns in config:")


def test_group_labels_written_without_merging_are_groups_too() -> None:
    tables, parsed = read(fx.quarter_blocks(merged_groups=False))
    assert tables[0].block == "Q2"
    assert parsed.key_results[0].target == 30


def test_config_naming_a_blocks_column_picks_that_block_without_a_warning() -> None:
    cfg = Config.model_validate({"columns": {"target": "Q3 / Target"}})
    tables, parsed = read(fx.quarter_blocks(), dt.date(2026, 5, 10), cfg)
    assert tables[0].block == "Q3"
    assert parsed.key_results[0].target == 40
    assert not [p for p in parsed.problems if "block of columns" in p.message]


def test_a_block_per_month_reads_the_latest_reported_month_of_the_cycle() -> None:
    tables, parsed = read(fx.month_blocks(), dt.date(2026, 6, 20))
    assert tables[0].block == "May", "June is in the cycle but not reported yet"
    assert [(k.target, k.current) for k in parsed.key_results] == [(50, 48), (100, 90)]


def test_a_goal_column_of_numbers_beside_the_objective_is_the_target() -> None:
    tables, parsed = read(fx.goal_column_of_numbers())
    assert tables[0].columns["target"] == 3 and tables[0].columns["objective"] == 1
    assert [(k.target, k.current) for k in parsed.key_results] == [(100, 40), (0.5, 0.2)]


def test_objective_merged_down_through_two_header_rows_keeps_its_column() -> None:
    tables, parsed = read(fx.merged_objective_two_rows())
    (t,) = tables
    assert (t.group_row, t.header_row, t.layout) == (1, 2, "merged")
    assert t.columns == {"objective": 1, "key_result": 2, "owner": 3, "baseline": 4,
                         "target": 5, "current": 6, "person_progress": 7}
    assert t.headers[4] == "Plan / Baseline" and t.headers[1] == "Objective"
    assert [(k.objective_id, k.title, k.baseline, k.target, k.current)
            for k in parsed.key_results] == [("O1", "Sign new logos", 0, 10, 4),
                                              ("O1", "Raise NPS", 30, 50, 40),
                                              ("O2", "Beta customers", 0, 20, 20)]
    assert errors(parsed) == []


# --- a person's own numbers -------------------------------------------------------------------

def test_a_persons_progress_score_and_status_are_read_as_input() -> None:
    tables, parsed = read(fx.person_progress())
    assert tables[0].columns["person_progress"] == 4
    assert [(k.person_progress, k.person_score, k.person_status) for k in parsed.key_results] == [
        (1.0, 1.0, "Done"), (0.4, 0.4, "At risk"), (0.8, None, "On track")]
    assert errors(parsed) == [], "nothing to measure, but a person grades it: no 'no target'"


def test_several_owner_columns_become_the_krs_owners() -> None:
    _, parsed = read(fx.several_owners())
    assert [(k.owner, k.owners) for k in parsed.key_results] == [
        ("Ann", ["Ann", "Pat"]), ("Bob", ["Bob"]), ("Quinn", ["Quinn"])]


# --- tables that are not OKRs ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("build", "closest"),
    [pytest.param(fx.action_list,
                  "the tab that came closest is 'Actions' (header on row 1: ID, Objective, "
                  "Action, Status, Owner, Due date), not read as objectives: its rows are "
                  "'Action' rows, each under an objective; if it holds key results, map it in "
                  'config: [columns] key_result = "Action"',
                  id="an action list is no OKR table"),
     pytest.param(fx.kpi_scorecard,
                  "the tab that came closest is 'Scorecard' (header on row 1: ID, Indicator, "
                  "Objective, Goal, Actual, Unit), not read as objectives: its rows carry "
                  "numbers ('Actual'), as KPIs do; if it holds key results, map it in config: "
                  '[columns] key_result = "Indicator"; target = "Goal"',
                  id="a KPI scorecard is no OKR table")],
)
def test_tables_that_are_not_okrs(build: object, closest: str) -> None:
    assert callable(build)
    tables, parsed = read(build())
    assert tables == [] and parsed.objectives == [] and parsed.key_results == []
    last = parsed.problems[-1]
    assert last.severity == "error"
    assert last.message == ("no OKR table found: no sheet has a header row with a Key Result "
                            f"column in its first 30 rows; {closest}")


def test_an_action_export_numbered_as_actions_is_no_tab_of_objectives() -> None:
    tables, parsed = read(fx.action_export())
    assert tables == [] and parsed.objectives == []
    assert parsed.problems[-1].message.endswith(
        "the tab that came closest is 'Export' (header on row 1: ID, Objective, Status), not "
        "read as objectives: its ids ('ACT-1') number other things than objectives")


def test_a_plan_of_key_actions_with_no_numbers_is_no_okr_table() -> None:
    tables, parsed = read(fx.spanish_action_plan())
    assert tables == [] and parsed.key_results == []
    assert [p.message for p in parsed.problems if p.sheet == "Plan de acción"] == [
        "sheet 'Plan de acción' is not read as key results: its 'Acción clave' column may name "
        "actions or metrics and no column holds a target, baseline, current value or progress; "
        'if it holds key results, map it in config: [columns] key_result = "Acción clave"']
    assert parsed.problems[-1].message.startswith("no OKR table found")


def test_kpi_tabs_beside_a_kr_tab_are_not_read_as_more_key_results() -> None:
    tables, parsed = read(fx.kpi_tabs_beside_krs())
    assert [t.sheet for t in tables] == ["OKRs"]
    assert [o.id for o in parsed.objectives] == ["OKR1", "OKR2"]
    assert len(parsed.key_results) == 3
    left = [p for p in parsed.problems if p.sheet in ("KPIs", "KPI tracking")]
    assert [(p.severity, p.sheet) for p in left] == [("warning", "KPIs"),
                                                     ("warning", "KPI tracking")]
    assert left[0].message == (
        "sheet 'KPIs' looks like a KPI table, not key results (its 'KPI' column names metrics "
        "and sheet 'OKRs' has a Key Result column), so it is not read; to read it as key "
        'results, name it in config: [sheets] okr = ["OKRs", "KPIs"]')


def test_a_named_kpi_tab_is_read_as_key_results() -> None:
    cfg = Config.model_validate({"sheets": {"okr": ["OKRs", "KPIs"]}})
    tables, _ = read(fx.kpi_tabs_beside_krs(), config=cfg)
    assert [t.sheet for t in tables] == ["OKRs", "KPIs"]


def test_a_dashboard_that_repeats_the_key_results_is_not_read_twice() -> None:
    tables, parsed = read(fx.dashboard_copy())
    assert [t.sheet for t in tables] == ["OKRs"]
    assert len(parsed.key_results) == 3
    assert [p.message for p in parsed.problems if p.sheet == "Dashboard"] == [
        "sheet 'Dashboard' repeats the key results of sheet 'OKRs', so it is not read again; "
        "to read it, name it in config: [sheets] okr"]


def test_a_tracking_tab_that_lists_the_krs_by_id_is_not_read_as_more_krs() -> None:
    tables, parsed = read(fx.tracking_by_id())
    assert [t.sheet for t in tables] == ["OKRs"]
    assert [k.id for k in parsed.key_results] == ["KR1", "KR2"]


def test_titles_under_an_underscored_header_beside_an_id_column_stay_titles() -> None:
    tables, parsed = read(fx.underscore_title())
    assert tables[0].columns["objective"] == 2 and tables[0].columns["objective_id"] == 1
    assert [(o.id, o.title) for o in parsed.objectives] == [("O1", "Grow revenue"),
                                                            ("O2", "Ship v2")]
    assert [k.id for k in parsed.key_results] == ["O1.1", "O1.2", "O2.1"]


def test_codes_beside_titles_are_ids_and_the_text_is_the_title() -> None:
    tables, parsed = read(fx.codes_beside_titles())
    assert tables[0].columns["objective"] == 2 and tables[0].columns["objective_id"] == 1
    assert tables[0].columns["key_result"] == 4 and tables[0].columns["id"] == 3
    assert [(o.id, o.title) for o in parsed.objectives] == [("O1", "Grow revenue"),
                                                            ("O2", "Ship v2")]
    assert [(k.id, k.title, k.objective_id) for k in parsed.key_results] == [
        ("KR1", "Sign new logos", "O1"), ("KR2", "Raise NPS", "O1"),
        ("KR3", "Beta customers", "O2")]


def test_a_target_cell_written_in_words_gives_its_target_and_says_so() -> None:
    _, parsed = read(fx.worded_target_cells())
    assert [(k.baseline, k.target, k.current) for k in parsed.key_results] == [
        (None, 0.8, 0.55), (10, 20, 12), (None, None, 3)]
    assert [(p.severity, p.cell, p.message) for p in parsed.problems if p.cell] == [
        ("warning", "C2", "target 80% read from the words in the cell ('80%')"),
        ("warning", "C3", "target 20 (baseline 10) read from the words in the cell "
                          "('de 10 a 20')"),
        ("error", "C4", "'tbd' is not a number")]


# --- text targets -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "target", "baseline", "percent"),
    [pytest.param(*case, id=f"'{case[0]}'") for case in fx.TEXT_TARGETS],
)
def test_text_targets_are_honest(text: str, target: float | None, baseline: float | None,
                                 percent: bool) -> None:
    _, parsed = read(fx.text_targets())
    kr = next(k for k in parsed.key_results if k.title == text)
    if target is None:
        assert kr.target is None
        (why,) = [p for p in errors(parsed) if p.kr_id == kr.id]
        assert why.message.endswith("is a rank, rating or level, not a target")
    else:
        assert (kr.target, kr.baseline) == (pytest.approx(target), baseline)
        assert (kr.kind.value == "percent") == percent
