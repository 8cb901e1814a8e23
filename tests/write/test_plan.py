"""build_plan: only sheetsync's own cells, created at the right, and nothing when up to date."""

from __future__ import annotations

import datetime as dt

import pytest

from sheetsync.backends.memory import MemoryBackend
from sheetsync.config import Config
from sheetsync.grid import Book, Grid
from sheetsync.models import (
    Cycle,
    Scorecard,
    ScoredKeyResult,
    ScoredObjective,
    SourceRef,
    Status,
)
from sheetsync.read.find import find_tables
from sheetsync.read.table import Row, Table
from sheetsync.write.cellcompare import date_to_serial, same_value
from sheetsync.write.plan import build_plan

AS_OF = dt.date(2026, 11, 15)
CYCLE = Cycle(name="2026-Q4", start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))


def _book() -> Book:
    grid = Grid(
        "OKRs",
        [
            ["Objective", "Key Result", "Target", "Confidence", None, "Notes"],
            ["Grow", "Sign 10 logos", 10, "high", None, "keep me"],
            ["Grow", "Raise NPS from 30 to 50", 50, None],
        ],
    )
    return Book("okrs.xlsx", [grid])


def _table(book: Book) -> Table:
    return Table(
        sheet="OKRs",
        kind="okr",
        header_row=1,
        columns={"objective": 1, "key_result": 2, "target": 3, "confidence": 4},
        headers={1: "Objective", 2: "Key Result", 3: "Target", 4: "Confidence", 6: "Notes"},
        owned={},
        rows=[Row(2, {}), Row(3, {})],
        last_col=6,
        named={"confidence": 4},
    )


def _scorecard(problem: str | None = None, confidence: float = 0.9) -> Scorecard:
    src = lambda row: SourceRef(workbook="okrs.xlsx", sheet="OKRs", row=row)  # noqa: E731
    krs = [
        ScoredKeyResult(
            id="O1.KR1",
            objective_id="O1",
            title="Sign 10 logos",
            target=10,
            current=4,
            baseline=0,
            progress=0.4,
            score=0.4,
            status=Status.at_risk,
            confidence=confidence,
            last_checkin=dt.date(2026, 11, 10),
            checkins=2,
            projected=0.8123456,
            source=src(2),
        ),
        ScoredKeyResult(
            id="O1.KR2",
            objective_id="O1",
            title="Raise NPS from 30 to 50",
            target=50,
            baseline=30,
            score=0.0,
            status=Status.invalid if problem else Status.not_started,
            problems=[problem] if problem else [],
            source=src(3),
        ),
    ]
    obj = ScoredObjective(
        id="O1", title="Grow", score=0.2, status=Status.at_risk, kr_count=2, source=src(2)
    )
    return Scorecard(as_of=AS_OF, cycle=CYCLE, objectives=[obj], key_results=krs)


def test_first_sync_creates_status_columns_right_of_all_used_cells() -> None:
    book = _book()
    plan = build_plan(_scorecard(), [_table(book)], book, Config())
    headers = {c.col: c.new for c in plan.changes if c.row == 1}
    # Column F (Notes) is used, so new columns start at G; Confidence already exists in D.
    assert headers == {7: "Progress", 8: "Score", 9: "Status", 10: "Last check-in", 11: "Projected"}
    cells = {c.cell: c.new for c in plan.changes}
    assert cells["I2"] == "At risk"
    assert cells["H2"] == 0.4
    assert cells["K2"] == 0.8123
    assert cells["J2"] == dt.date(2026, 11, 10)
    assert cells["I3"] == "Not started"
    assert "D2" not in cells, "'high' already means 0.9: the user's text stays"
    assert all(c.col >= 4 for c in plan.changes)
    assert plan.summary is not None and plan.summary.title == "OKR Summary"


def test_second_sync_on_the_same_input_writes_nothing() -> None:
    book = _book()
    backend = MemoryBackend(book)
    plan = build_plan(_scorecard(), [_table(book)], backend.read(), Config())
    backend.apply(plan)
    reread = backend.read()
    tables, _ = find_tables(reread, Config())
    assert tables[0].owned.keys() >= {"progress", "score", "status"}
    assert "confidence" not in tables[0].owned, "the Confidence column is the person's"
    again = build_plan(_scorecard(), tables, reread, Config())
    assert again.is_empty, again.lines()
    assert backend.book.sheet("OKRs").value(2, 6) == "keep me"  # type: ignore[union-attr]


def test_a_newer_check_in_confidence_never_overwrites_a_persons_confidence_column() -> None:
    book = _book()
    plan = build_plan(_scorecard(confidence=0.5), [_table(book)], book, Config())
    assert not [c for c in plan.changes if c.col == 4], "column D is the person's"
    assert not [c for c in plan.changes if c.new == "Confidence (sheetsync)"]


def test_an_invalid_row_gets_a_problems_column() -> None:
    book = _book()
    plan = build_plan(_scorecard(problem="target equals baseline"), [_table(book)], book, Config())
    headers = {c.new: c.col for c in plan.changes if c.row == 1}
    assert "Problems" in headers
    col = headers["Problems"]
    assert {(c.row, c.col): c.new for c in plan.changes}[(3, col)] == "target equals baseline"


def test_disabled_columns_are_not_created() -> None:
    book = _book()
    cfg = Config.model_validate({"output": {"columns": {"projected": "", "progress": ""}}})
    plan = build_plan(_scorecard(), [_table(book)], book, cfg)
    assert {c.new for c in plan.changes if c.row == 1} == {"Score", "Status", "Last check-in"}


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        (date_to_serial(dt.date(2026, 11, 10)), dt.date(2026, 11, 10), True),
        (dt.datetime(2026, 11, 10), dt.date(2026, 11, 10), True),
        (0.8124, 0.8123, False),
        (0.8123, 0.81230000001, True),
        ("", None, True),
        (None, "On track", False),
        ("On track", "On Track", False),
        (1, True, False),
    ],
    ids=[
        "a Sheets date serial equals the date",
        "a midnight datetime equals the date",
        "a float that differs in the 4th decimal",
        "float noise below the 4th decimal",
        "an empty string is a blank",
        "a blank is not a status",
        "status text is exact",
        "a number is not a boolean",
    ],
)
def test_same_value(old: object, new: object, same: bool) -> None:
    assert same_value(old, new) is same  # type: ignore[arg-type]
