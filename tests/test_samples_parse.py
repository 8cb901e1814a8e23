"""The real OKR workbooks and CSVs in ../shared/okr-samples: each one gives key results or a
precise reason why not, and none raises."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from sheetsync.backends.csvfile import CsvBackend
from sheetsync.config import Config
from sheetsync.cycle import cycle_from_book, resolve_cycle
from sheetsync.grid import Book, Grid, MergedRange
from sheetsync.models import Direction, Kind, ParsedOKRs, Problem
from sheetsync.parse import parse_tables
from sheetsync.table import Table, find_tables

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "okr-samples"
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
    _, parsed, _ = read(path.name)
    if not parsed.key_results:
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
    assert t.owned == {"status": 4, "score": 5}
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


def test_transposed_sprint_tabs_are_explained() -> None:
    _, parsed, _ = read("JarbasFerro__Smarketing2026__OKR.xlsx")
    transposed = [p for p in parsed.problems if "key results as rows" in p.message]
    assert [p.sheet for p in transposed] == ["Sprint 1", "Sprint 2", "Sprint 3"]


def test_quoted_line_csv_is_read_into_columns() -> None:
    tables, parsed, _ = read("Metricor__OKR-HealthScan__okrs.csv")
    assert tables == []
    warning = parsed.problems[0]
    assert warning.severity == "warning"
    assert "OKR_ID, Objective, Owner, Status, Last_Updated, Comments" in warning.message


def test_text_percentages_in_a_public_sector_plan() -> None:
    _, parsed, _ = read("hpgerald__tra-corporate-plan-7__kpis.csv")
    first = parsed.key_results[0]
    assert (first.id, first.kind) == ("kpa1-001", Kind.percent)
    assert first.baseline == pytest.approx(0.095), "'9.5%' as text"
    assert first.objective_id == "so1"
    assert len(parsed.key_results) == 258
