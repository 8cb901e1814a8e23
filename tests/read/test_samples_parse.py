"""The real OKR workbooks and CSVs in ../shared/okr-samples: each one gives key results or a
precise reason why not, and none raises."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from sheetsync.backends.csvfile import CsvBackend
from sheetsync.config import Config
from sheetsync.grid import Book, Grid, MergedRange
from sheetsync.models import Direction, Kind, ParsedOKRs, Problem
from sheetsync.read.cycle import cycle_from_book, resolve_cycle
from sheetsync.read.find import find_tables
from sheetsync.read.parse import parse_tables
from sheetsync.read.table import Table

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "okr-samples"
FILES = sorted(p for p in SAMPLES.glob("*") if p.suffix in (".xlsx", ".csv")) \
    if SAMPLES.is_dir() else []
AS_OF = dt.date(2026, 5, 1)

pytestmark = pytest.mark.samples


def load(path: Path) -> Book:
    """A Book as a backend gives it: cached formula values, merged ranges, every sheet."""
    if path.suffix == ".csv":
        return CsvBackend(path).read()
    wb = openpyxl.load_workbook(path, data_only=True)
    grids = [
        Grid(ws.title, [list(r) for r in ws.iter_rows(values_only=True)],
             [MergedRange(m.min_row, m.min_col, m.max_row, m.max_col)
              for m in ws.merged_cells.ranges])
        for ws in wb.worksheets
    ]
    return Book(path.name, grids)


def read(name: str) -> tuple[list[Table], ParsedOKRs, str]:
    if not (SAMPLES / name).is_file():
        pytest.skip(f"real OKR samples not present at {SAMPLES}")
    book = load(SAMPLES / name)
    cfg = Config()
    tables, problems = find_tables(book, cfg)
    cycle, rule = resolve_cycle(cfg, cycle_from_book(tables, book, cfg), book.name, AS_OF)
    parsed = parse_tables(tables, book, cfg, cycle)
    parsed.problems[:0] = problems
    return tables, parsed, rule


def _precise(p: Problem) -> bool:
    return bool(p.message) and (p.sheet is not None or "Key Result" in p.message)


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in FILES] or [
    pytest.param(None, marks=pytest.mark.skip(reason=f"no samples at {SAMPLES}"), id="none")])
def test_every_sample_gives_key_results_or_a_precise_reason(path: Path) -> None:
    tables, parsed, _ = read(path.name)
    if not parsed.key_results and tables and all(t.layout == "objectives" for t in tables):
        # A tab of objectives only: each objective read with its cells, scored from alignment.
        assert parsed.objectives
        assert all(o.source and o.source.cells.get("objective") for o in parsed.objectives)
    elif not parsed.key_results:
        assert parsed.problems, "no KR and no problem saying why"
        assert all(_precise(p) for p in parsed.problems), [str(p) for p in parsed.problems]
    for kr in parsed.key_results:
        assert kr.source is not None and kr.source.cells.get("key_result")
    assert len({k.id for k in parsed.key_results}) == len(parsed.key_results)


GTMHUB = [("O1.KR1", "Find 5 contractors", 0.0, 5.0), ("O1.KR2", "Increase retention rate by 5%",
          20.0, 21.0), ("O2.KR1", "Conduct 10 interviews", 0.0, 10.0),
          ("O2.KR2", "Hire 3 sales reps", 0.0, 3.0), ("O3.KR1", "Address 4 security issues",
          0.0, 4.0), ("O3.KR2", "Research 3 firewall vendors", 0.0, 3.0)]


@pytest.mark.parametrize(
    "name",
    [pytest.param("Nathraichean__Excel-To-Account-Using-API-Gtmhub__Users_OKRs_Data.xlsx",
                  id="Gtmhub headers in camelCase"),
     pytest.param("philipKovachev99__GtmhubTask__Users_OKRs_Data.xlsx",
                  id="the same data with a misspelt Intial value and a Type with a space")],
)
def test_gtmhub_workbooks_read_the_same_whatever_the_header_spelling(name: str) -> None:
    _, parsed, rule = read(name)
    assert [(k.id, k.title, k.baseline, k.target) for k in parsed.key_results] == GTMHUB
    assert all(k.direction == Direction.increase for k in parsed.key_results)
    assert parsed.cycle is not None and (parsed.cycle.name, rule) == ("2021-Q4", "sheet")
    assert [o.title for o in parsed.objectives] == ["Rock the US market", "Grow the team",
                                                    "Secure the fortress"]
    assert [p.sheet for p in parsed.problems] == ["Tasks"], "the Tasks tab has no KR column"


def test_merged_objectives_of_the_scale_template() -> None:
    tables, parsed, _ = read("sshumaker__sshumaker-scale.github.io__okr-template.xlsx")
    (t,) = tables
    assert (t.header_row, t.layout) == (2, "merged")
    assert t.owned == {}, "the hand-kept Status and Score are the team's own"
    assert (t.columns["person_status"], t.columns["person_score"]) == (4, 5)
    assert [k.person_score for k in parsed.key_results][:2] == [0.8, 0.4]
    assert [(k.objective_id, k.source.row if k.source else 0) for k in parsed.key_results] == [
        ("O1", 3), ("O1", 4), ("O1", 5)]
    assert [o.id for o in parsed.objectives] == ["O1", "O2"]


def test_persian_kr_list_keeps_its_codes() -> None:
    _, parsed, _ = read("abbasKakoolvand__OKR_analyze__okr.xlsx")
    assert [k.id for k in parsed.key_results] == [f"kr{i}" for i in range(1, 19)]
    assert "\u200c" in parsed.key_results[1].title, "zero-width non-joiners are kept inside"


def test_kpi_scorecard_title_rows_and_qualified_headers() -> None:
    tables, parsed, _ = read("goel-devansh__OKR-Dashboard__SALES_Dashboard_FY26.xlsx")
    assert [(t.sheet, t.header_row) for t in tables] == [("Annual KPIs", 3)]
    nps = parsed.key_results[0]
    assert (nps.title, nps.baseline, nps.target, nps.current) == ("NPS Score", -30, 19, -22)
    assert any(p.sheet == "Quarterly ARR" and "ARR Target" in p.message for p in parsed.problems)


def test_transposed_sprint_tabs_read_the_latest_sprint() -> None:
    tables, parsed, rule = read("JarbasFerro__Smarketing2026__OKR.xlsx")
    assert [(t.sheet, t.layout, t.header_row) for t in tables] == [
        ("Sprint 1", "transposed", 4), ("Sprint 2", "transposed", 4),
        ("Sprint 3", "transposed", 4)]
    assert parsed.cycle is not None and (parsed.cycle.name, rule) == ("2026-Q1", "sheet")
    assert [o.title for o in parsed.objectives] == [
        "Successfully launch and manage the plan", "Create a strong system for tracking progress",
        "Showcase Early Success to Build Momentum", "Gather Feedback to Improve Our Process"]
    assert len(parsed.key_results) == 12
    attendance = next(k for k in parsed.key_results if k.id == "Sprint3.O2.KR2")
    assert (attendance.kind, attendance.target) == (Kind.percent, 0.9)
    assert attendance.source is not None and attendance.source.cells["key_result"] == "C7"
    survey = next(k for k in parsed.key_results if k.id == "Sprint3.O4.KR1")
    assert survey.kind == Kind.milestone, "'(3-4 questions)' is a range, not a target"
    left_out = [(p.sheet, p.cell) for p in parsed.problems if "left out" in p.message]
    assert left_out == [("Sprint 1", "D1"), ("Sprint 2", "D1")]


def test_transposed_sprint_tab_of_an_earlier_quarter_by_config() -> None:
    name = "JarbasFerro__Smarketing2026__OKR.xlsx"
    if not (SAMPLES / name).is_file():
        pytest.skip(f"real OKR samples not present at {SAMPLES}")
    book = load(SAMPLES / name)
    cfg = Config.model_validate({"cycle": {"name": "2025-Q3"}})
    tables, _ = find_tables(book, cfg)
    cycle, _ = resolve_cycle(cfg, None, book.name, AS_OF)
    parsed = parse_tables(tables, book, cfg, cycle)
    assert [o.id for o in parsed.objectives] == ["O1", "O2", "O3"]
    assert [k.source.cells["key_result"] for k in parsed.key_results if k.source] == [
        "B6", "B7", "C6", "C7", "D6", "D7", "D8"], "Sprint 1 is ragged: B8 and C8 are blank"
    circles = parsed.key_results[0]
    assert (circles.kind, circles.target) == (Kind.number, 3)


def test_targets_in_the_kr_text_of_the_monkey_baa_okrs() -> None:
    _, parsed, _ = read("Jo92I__MonkeyBaa_StreamlitDashboard__OKR.xlsx")
    got = [(k.kind, k.target) for k in parsed.key_results]
    assert got == [(Kind.number, 4.5), (Kind.percent, 0.8), (Kind.number, 4.5),
                   (Kind.percent, 0.85), (Kind.number, None), (Kind.percent, 0.5),
                   (Kind.percent, 1.0), (Kind.number, None), (Kind.number, None)]
    placeholders = [p.cell for p in parsed.problems if "placeholder" in p.message]
    assert placeholders == ["D6", "D9", "D10"], "[X]%, [4.5]/5 and [3] are drafts"
    assert parsed.key_results[0].unit == "/5"


def test_targets_in_the_kr_text_of_the_scale_template() -> None:
    _, parsed, _ = read("sshumaker__sshumaker-scale.github.io__okr-template.xlsx")
    assert [(k.target, k.direction) for k in parsed.key_results] == [
        (None, None), (0.75, Direction.increase), (3, Direction.increase)]
    # '10%' is a change, not a target: with nothing to measure, the team's own Score (0.8, a
    # person's column since it is not in sheetsync's record) grades it (SPEC §2b, §7).
    lift = parsed.key_results[0]
    assert (lift.kind, lift.person_score, lift.current) == (Kind.graded, 0.8, 0.8)
    assert not [p for p in parsed.problems if p.cell == "B3" and p.severity == "error"]


SOLBUG = {"sheets": {"okr": ["Template1"]},
          "columns": {"key_result": "Công việc", "target": "Kết quả dự kiến"}}


def test_vietnamese_form_reads_with_the_task_column_mapped() -> None:
    name = "solbug__okrs__okrs.xlsx"
    _, unmapped, _ = read(name)
    (hint,) = [p for p in unmapped.problems if p.sheet == "Template1"]
    assert "is a form: 'Mục tiêu 1:' (B9)" in hint.message and "row 12" in hint.message
    book = load(SAMPLES / name)
    cfg = Config.model_validate(SOLBUG)
    tables, problems = find_tables(book, cfg)
    assert [(t.sheet, t.layout, t.header_row) for t in tables] == [("Template1", "form", 12)]
    parsed = parse_tables(tables, book, cfg, resolve_cycle(cfg, None, name, AS_OF)[0])
    assert [(o.title, o.source.cells["objective"] if o.source else None)
            for o in parsed.objectives] == [("accc", "C9"), ("Mục tiêu 2", "B19")]
    (task,) = parsed.key_results
    assert (task.title, task.kind, task.source.row if task.source else 0) == (
        "abc", Kind.milestone, 13), "B17 '….' is a placeholder; the signature block is not read"
    assert problems == []


def test_quoted_line_csv_is_read_into_columns() -> None:
    tables, parsed, _ = read("Metricor__OKR-HealthScan__okrs.csv")
    assert [t.layout for t in tables] == ["objectives"]
    assert tables[0].headers == {1: "OKR_ID", 2: "Objective", 3: "Owner", 4: "Status",
                                 5: "Last_Updated", 6: "Comments"}
    assert [(o.id, o.title, o.owner) for o in parsed.objectives] == [
        ("O1", "Improve release predictability", "Emily"), ("O2", "Reduce user churn", "James")]
    assert parsed.problems == []


def test_text_percentages_in_a_public_sector_plan() -> None:
    _, parsed, _ = read("hpgerald__tra-corporate-plan-7__kpis.csv")
    first = parsed.key_results[0]
    assert (first.id, first.kind) == ("kpa1-001", Kind.percent)
    assert first.baseline == pytest.approx(0.095), "'9.5%' as text"
    assert first.objective_id == "so1"
    assert len(parsed.key_results) == 258
