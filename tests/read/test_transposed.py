"""Transposed tabs (objectives as columns, key results as rows): read cell by cell, one tab per
cycle, and a sync that writes only the summary tab."""

from __future__ import annotations

import datetime as dt

import pytest

from sheetsync.config import Config, CycleConfig
from sheetsync.grid import Book, CellValue, Grid, MergedRange
from sheetsync.models import Kind, ParsedOKRs
from sheetsync.read.cycle import cycle_from_book, resolve_cycle
from sheetsync.read.find import find_tables
from sheetsync.read.parse import parse_tables
from sheetsync.score.rollup import build_scorecard
from sheetsync.write.plan import build_plan

AS_OF = dt.date(2026, 2, 15)


def sprint(title: str, dates: str, objectives: list[str], krs: list[list[CellValue]]) -> Grid:
    """A sprint tab laid out as teams write them: title and dates, objectives in row 4,
    descriptions in row 5, 'KEY RESULT n' rows from row 6."""
    rows: list[list[CellValue]] = [
        ["OBJECTIVES & KEY RESULTS", None, None, dates],
        ["What should we focus on?"],
        [],
        [None, *objectives],
        [None, *[f"Our goal is {o.lower()}." for o in objectives]],
    ]
    rows += [[f"KEY RESULT {i}", *kr] for i, kr in enumerate(krs, 1)]
    return Grid(title, rows, [MergedRange(1, 4, 1, 5), MergedRange(2, 1, 2, 5)])


Q1 = sprint("Sprint 3", "01/01/2026 - 31/03/2026", ["Launch the plan", "Track progress"], [
    ["Launch 100% of the planned actions by January 31st", "Hold the monthly reviews"],
    [None, "Achieve a 90% attendance rate"],
])
Q4 = sprint("Sprint 2", "01/10/2025 - 31/12/2025", ["Design the plan"], [
    ["Write the first version"],
])


def read(*grids: Grid, config: Config | None = None) -> tuple[ParsedOKRs, Book]:
    cfg = config or Config()
    book = Book("okr.xlsx", list(grids))
    tables, problems = find_tables(book, cfg)
    cycle, _ = resolve_cycle(cfg, cycle_from_book(tables, book, cfg), book.name, AS_OF)
    parsed = parse_tables(tables, book, cfg, cycle)
    parsed.problems[:0] = problems
    return parsed, book


def test_objective_columns_become_objectives_and_label_rows_key_results() -> None:
    parsed, _ = read(Q1)
    assert [(o.id, o.title, o.source.cells["objective"] if o.source else None)
            for o in parsed.objectives] == [("O1", "Launch the plan", "B4"),
                                            ("O2", "Track progress", "C4")]
    krs = [(k.id, k.objective_id, k.source.cells["key_result"] if k.source else None, k.kind,
            k.target) for k in parsed.key_results]
    assert krs == [("O1.KR1", "O1", "B6", Kind.percent, 1.0),
                   ("O2.KR1", "O2", "C6", Kind.milestone, 1.0),
                   ("O2.KR2", "O2", "C7", Kind.percent, 0.9)], "B7 is blank: no KR"
    notes = [(p.cell, p.severity) for p in parsed.problems if "read from the key" in p.message]
    assert notes == [("B6", "warning"), ("C7", "warning")]


def test_the_tab_of_the_runs_cycle_is_read_and_other_tabs_are_left_out_with_a_reason() -> None:
    parsed, _ = read(Q4, Q1)
    assert parsed.cycle is not None and parsed.cycle.name == "2026-Q1"
    assert {k.id for k in parsed.key_results} == {"Sprint3.O1.KR1", "Sprint3.O2.KR1",
                                                  "Sprint3.O2.KR2"}
    (left_out,) = [p for p in parsed.problems if "left out" in p.message]
    assert str(left_out) == (
        "Sprint 2!D1: sheet 'Sprint 2' covers 2025-Q4 and this run covers 2026-Q1, so it is left "
        'out; to score it, run with [cycle] name = "2025-Q4" in config')


def test_the_config_cycle_picks_an_earlier_tab_with_the_same_ids() -> None:
    parsed, _ = read(Q4, Q1, config=Config(cycle=CycleConfig(name="2025-Q4")))
    assert [(k.id, k.title) for k in parsed.key_results] == [("O1.KR1", "Write the first version")]


def test_a_sync_of_a_transposed_tab_writes_the_summary_tab_only() -> None:
    parsed, book = read(Q1)
    assert parsed.cycle is not None
    card = build_scorecard(parsed, parsed.cycle, AS_OF, Config())
    tables, _ = find_tables(book, Config())
    plan = build_plan(card, tables, book, Config())
    assert plan.changes == [], "no status columns beside objective columns"
    assert plan.summary is not None
    ids = {c for r in plan.summary.rows for c in r if isinstance(c, str)}
    assert {"O1", "O2"} <= ids, "the summary lists the objectives"


@pytest.mark.parametrize("rows", [
    pytest.param([["KEY RESULT 1", "Ship it"]], id="a KR label on the first row, no objectives"),
    pytest.param([[], [], ["KEY RESULT 1"]], id="labels with nothing beside them"),
])
def test_labels_without_objective_titles_are_still_explained(rows: list[list[CellValue]]) -> None:
    parsed, _ = read(Grid("Plan", rows))
    assert parsed.key_results == []
    assert any("key results as rows" in p.message and p.sheet == "Plan"
               for p in parsed.problems)
