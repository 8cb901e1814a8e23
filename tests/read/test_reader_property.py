"""Random grids through tables → parse → score → plan: nothing escapes, problems name real cells,
and a plan writes only into sheetsync's own status columns."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheetsync import pipeline
from sheetsync.a1 import parse_cell
from sheetsync.config import Config, CycleConfig
from sheetsync.grid import EXCEL_ERRORS, Book, CellError, CellValue, Grid, MergedRange
from sheetsync.models import Problem
from sheetsync.read.headers import CHECKIN_ALIASES, OKR_ALIASES, OKR_WEAK
from sheetsync.read.table import Table
from sheetsync.write.plan import build_plan
from sheetsync.write.writeplan import WritePlan

AS_OF = dt.date(2026, 11, 15)

# Headers as people write them, sheetsync's own status headers, and every alias the detector
# knows (those are stored normalized, which still matches), so tables are often found.
HEADER_WORDS = sorted(
    {"Objective", "Key Result", "Owner", "Baseline", "Target", "Current", "Confidence", "Type",
     "Weight", "ID", "Objective ID", "Due", "Team", "Kind", "Unit", "Aligns to", "Cycle",
     "Direction", "Notes", "KR", "Date", "Value", "Author", "Progress", "Score", "Status",
     "Last check-in", "Projected", "Problems", "W1", "W2", "W13", "Week 5", "Target FY26",
     "Key Results (KRs)", "الهدف", "מטרה", "目标", ""}
    | {name for names in OKR_ALIASES.values() for name in names}
    | {name for names in CHECKIN_ALIASES.values() for name in names}
    | {name for names in OKR_WEAK.values() for name in names}
)

# Text that the value parsers treat specially: numbers, percents, money, booleans, dates.
TRICKY_TEXT = ["45%", "$800K", "1.2M", "1,234.5", "1.234,5", "  7\u00a0", "yes", "no", "done",
               "✓", "✗", "high", "low", "medium", "2026-11-01", "01/02/2026", "13/13/2026",
               "tbd", "n/a", "-", "=SUM(A1:A3)", "+1", "@owner", "W3", "2026-Q4", "Q4 2026",
               "committed", "aspirational", "learning", "increase", "decrease", "O1", "O1.KR2",
               "Objective 1: Grow", "KR 1", "1e309", "NaN", "-inf", "0x1F", "∞", "٣٤٥",
               "increase ARR from 20% to 30%", "reduce churn from 10 to 3", "to $800K",
               "_x000D_", "\u202eRTL override", "שלום עולם", "مرحبا بالعالم"]

finite_floats = st.floats(allow_nan=False, allow_infinity=False)
odd_floats = st.sampled_from([math.inf, -math.inf, math.nan, 1e308, -1e308, 5e-324, -0.0,
                              0.1 + 0.2, 2.0 ** 53 + 1])

cell_values: st.SearchStrategy[CellValue] = st.one_of(
    st.none(),
    st.none(),
    st.text(max_size=30),
    st.sampled_from(TRICKY_TEXT),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(2000, 12000)),
    st.integers(-(10 ** 30), 10 ** 30),
    st.integers(-5, 200),
    finite_floats,
    odd_floats,
    st.booleans(),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.dates(dt.date(2026, 9, 1), dt.date(2027, 2, 1)),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1)),
    st.builds(CellError, st.sampled_from(sorted(EXCEL_ERRORS) + ["#WEIRD!", ""])),
)


OKR_EXTRA = ["ID", "Objective ID", "Owner", "Baseline", "Target", "Current", "Confidence",
             "Type", "Weight", "Due", "Kind", "Aligns to", "Status", "Score", "Progress", "W1",
             "W2", "Problems", "Cycle", "Level", "Team"]
CHECKIN_EXTRA = ["Confidence", "Note", "Author"]


def _shaped_header(needed: list[str], extra: list[str]) -> st.SearchStrategy[list[str]]:
    """A header that names a table's required columns plus some others, in any order."""
    return st.lists(st.sampled_from(extra), max_size=8, unique=True).flatmap(
        lambda more: st.permutations(needed + more))


@st.composite
def grids(draw: st.DrawFn, title: str) -> Grid:
    """A sheet: a few loose rows, often a header row of known words, then ragged data rows."""
    n_cols = draw(st.integers(0, 9))
    rows: list[list[CellValue]] = []
    for _ in range(draw(st.integers(0, 3))):
        rows.append(draw(st.lists(cell_values, max_size=n_cols)))
    if n_cols and draw(st.booleans()):
        header: list[str] = draw(st.one_of(
            st.lists(st.sampled_from(HEADER_WORDS), min_size=1, max_size=n_cols),
            _shaped_header(["Objective", "Key Result"], OKR_EXTRA),
            _shaped_header(["Key Result"], OKR_EXTRA),
            _shaped_header(["KR", "Date", "Value"], CHECKIN_EXTRA)))
        n_cols = max(n_cols, len(header))
        rows.append(list[CellValue](header))
    for _ in range(draw(st.integers(0, 10))):
        rows.append(draw(st.lists(cell_values, max_size=n_cols + 1)))
    merged = []
    for _ in range(draw(st.integers(0, 3))):
        r1, c1 = draw(st.integers(1, len(rows) + 2)), draw(st.integers(1, n_cols + 2))
        merged.append(MergedRange(r1, c1, r1 + draw(st.integers(0, 4)),
                                  c1 + draw(st.integers(0, 3))))
    return Grid(title, rows, merged, hidden=draw(st.booleans()))


TITLES = ["OKRs", "Check-ins", "Q4 2026", "Team OKRs", "أهداف", "Notes", "OKR Summary", "2026-Q3"]


@st.composite
def books(draw: st.DrawFn) -> Book:
    titles = draw(st.lists(st.sampled_from(TITLES), min_size=1, max_size=3, unique=True))
    return Book("random.xlsx", [draw(grids(t)) for t in titles])


configs = st.sampled_from([
    Config(),
    Config(cycle=CycleConfig(name="2026-Q4", start=dt.date(2026, 10, 1),
                             end=dt.date(2026, 12, 31))),
])


def _bad_problem(p: Problem, book: Book) -> str | None:
    """Why a problem does not point at a real place, or None when it does."""
    if p.sheet is None:
        return None if p.cell is None else f"a cell {p.cell} without a sheet"
    if p.sheet not in book.titles:
        return f"sheet {p.sheet!r} is not in the book"
    if p.cell is None:
        return None
    try:
        row, col = parse_cell(p.cell)
    except ValueError:
        return f"{p.cell!r} is not a cell name"
    return None if row >= 1 and col >= 1 else f"{p.cell!r} is outside the sheet"


@dataclass
class _Columns:
    """Where one OKR table may be written: its status columns and the rows of its table."""

    cols: set[int]
    rows: set[int]
    header_row: int


def _writable(tables: list[Table], plan: WritePlan, config: Config) -> dict[str, _Columns]:
    suffix = config.output.columns.taken_suffix
    names = {n for v in config.output.columns.enabled().values() for n in (v, v + suffix)}
    out: dict[str, _Columns] = {}
    for t in tables:
        if t.kind != "okr":
            continue
        # A status column the plan adds: its header cell at the header row gets a status name.
        added = {c.col for c in plan.changes if c.sheet == t.sheet and c.row == t.header_row
                 and c.new in names and c.col > t.last_col and c.col not in t.headers}
        out[t.sheet] = _Columns(set(t.owned.values()) | added,
                                {t.header_row} | {r.number for r in t.rows}, t.header_row)
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])
@given(book=books(), config=configs)
def test_any_grid_scores_and_plans_without_escaping_and_stays_in_its_columns(
        book: Book, config: Config) -> None:
    result = pipeline.score_book(book, config, AS_OF)
    plan = build_plan(result.scorecard, result.tables, result.book, config)

    bad = [(str(p), why) for p in result.scorecard.problems
           if (why := _bad_problem(p, book)) is not None]
    assert not bad, bad

    writable = _writable(result.tables, plan, config)
    for change in plan.changes:
        assert change.sheet != config.output.summary_tab, str(change)
        where = writable.get(change.sheet)
        assert where is not None, f"{change} is on a sheet with no OKR table"
        assert change.col in where.cols, f"{change} is not in a status column"
        assert change.row in where.rows, f"{change} is not a row of the table"
        if change.row == where.header_row and change.col not in \
                {t.owned.get(r) for t in result.tables for r in t.owned}:
            assert change.old in (None, ""), f"{change} would overwrite a header"
    for table in result.tables:
        assert table.sheet in book.titles
