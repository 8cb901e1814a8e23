"""Form tabs (an 'Objective 1:' label, then its task table) and right-to-left text."""

from __future__ import annotations

import datetime as dt

from sheetsync.config import Config
from sheetsync.grid import Book, CellValue, Grid, MergedRange
from sheetsync.models import Cycle, Kind, ParsedOKRs, Problem
from sheetsync.read.find import find_tables
from sheetsync.read.parse import parse_tables

CYCLE = Cycle(name="2026-Q4", start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))
TASKS = Config.model_validate({"columns": {"key_result": "Task", "target": "Expected result"}})
HEADER: list[CellValue] = ["No", "Task", "Period", "Expected result", "Method"]


def form() -> Grid:
    rows: list[list[CellValue]] = [
        ["PERSONAL OBJECTIVES"],                                     # 1
        [None, "Name:", "Ann"],                                      # 2
        [],                                                          # 3
        [None, "Objective 1:", "Grow the partner channel"],          # 4
        [None, "Tasks to reach objective 1:"],                       # 5
        HEADER,                                                      # 6
        [1, "Sign 3 resellers", "Oct-Dec", None, "contracts"],       # 7
        [],                                                          # 8: merged from row 7
        [2, "Train the reseller staff", None, "done"],               # 9
        [3, "…."],                                                   # 10: a placeholder
        [],                                                          # 11: the table ends
        [None, "Objective 2: "],                                     # 12
        HEADER,                                                      # 13
        [1, "Publish the partner guide"],                            # 14
        [],                                                          # 15
        [None, None, None, "Date …"],                                # 16: signature block
        [None, "Prepared by"],                                       # 17
    ]
    return Grid("Plan", rows, [MergedRange(7, 1, 8, 1), MergedRange(7, 2, 8, 2)])


def parse(grid: Grid, config: Config) -> tuple[ParsedOKRs, list[Problem]]:
    book = Book("form.xlsx", [grid])
    tables, problems = find_tables(book, config)
    return parse_tables(tables, book, config, CYCLE), problems


def test_each_objective_label_starts_an_objective_and_its_task_rows_are_key_results() -> None:
    parsed, problems = parse(form(), TASKS)
    assert problems == []
    assert [(o.id, o.title, o.source.cells.get("objective") if o.source else None)
            for o in parsed.objectives] == [("O1", "Grow the partner channel", "C4"),
                                            ("O2", "Objective 2", "B12")]
    got = [(k.id, k.title, k.source.row if k.source else 0, k.kind, k.target)
           for k in parsed.key_results]
    assert got == [("O1.KR1", "Sign 3 resellers", 7, Kind.number, 3),
                   ("O1.KR2", "Train the reseller staff", 9, Kind.milestone, 1.0),
                   ("O2.KR1", "Publish the partner guide", 14, Kind.milestone, 1.0)], (
        "row 8 is row 7's merge, row 10 a placeholder, rows 16-17 the signature block")


def test_a_form_without_a_task_column_mapping_says_what_to_map() -> None:
    _, problems = parse(form(), Config())
    form_problems = [p for p in problems if p.sheet == "Plan"]
    assert [str(p) for p in form_problems] == [
        "Plan: sheet 'Plan' is a form: 'Objective 1:' (B4) starts an objective and its task "
        "table has the header on row 6 (No, Task, Period, Expected result, Method); name the "
        'task column in config: [columns] key_result = "..."']


def test_right_to_left_titles_and_owners_read_through_unchanged() -> None:
    objective = "افزایش رضایت مشتری\u200cها"
    kr_fa = "ارتقای سطح اتوماسیون به سطح ۵"
    kr_he = "להגדיל את ההכנסות מ-20% ל-30%"
    owner_he, owner_ar = "דנה כהן", "ليلى أحمد"
    grid = Grid("OKRs", [["Objective", "Key Result", "Owner", "Target"],
                         [objective, kr_fa, owner_ar, None],
                         [objective, kr_he, owner_he, 0.3]])
    parsed, _ = parse(grid, Config())
    (o,) = parsed.objectives
    assert o.title == objective and "\u200c" in o.title
    fa, he = parsed.key_results
    assert (fa.title, fa.owner, fa.target) == (kr_fa, owner_ar, 5), "Persian digits in the text"
    assert (he.title, he.owner, he.target) == (kr_he, owner_he, 0.3)


def test_a_form_gets_the_summary_and_history_tabs_and_no_status_columns() -> None:
    from sheetsync.pipeline import score_book
    from sheetsync.write.plan import build_plan

    book = Book("form.xlsx", [form()])
    result = score_book(book, TASKS, dt.date(2026, 11, 15))
    assert result.scorecard.key_results, "the form's tasks are scored"
    plan = build_plan(result.scorecard, result.tables, book, TASKS)
    assert plan.changes == []
    assert [t.title for t in plan.tabs] == ["OKR Summary", "Score history"]
