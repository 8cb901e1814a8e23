"""The grading section of the summary tab: present once the cycle is over, absent before."""

from __future__ import annotations

import datetime as dt

from rhythm_books import CYCLE_END, MONDAY, rhythm_book

from sheetsync.config import Config
from sheetsync.pipeline import score_book
from sheetsync.write.plan import build_plan

Q4 = Config.model_validate({"cycle": {"name": "2026-Q4"}})


def _rows(as_of: dt.date) -> list[list[object]]:
    r = score_book(rhythm_book(), Q4, as_of)
    plan = build_plan(r.scorecard, r.tables, r.book, Q4)
    assert plan.summary is not None
    return [list(row) for row in plan.summary.rows]


def _first_column(as_of: dt.date) -> list[object]:
    return [row[0] if row else None for row in _rows(as_of)]


def test_the_summary_of_a_cycle_past_its_end_has_the_grading() -> None:
    col = _first_column(CYCLE_END + dt.timedelta(days=1))
    at = col.index("Grading of 2026-Q4 (final scores)")
    assert col[at + 1: at + 4] == ["Committed key results hit", "Committed key results missed",
                                   "ID"]
    assert "Aspirational scores" in col[at:]
    flags = _rows(CYCLE_END + dt.timedelta(days=1))[col.index("Owner or team") + 1]
    assert flags[:3] == ["owner", "Ann Lee", "over-reach"]


def test_the_summary_of_a_running_cycle_has_no_grading() -> None:
    assert not any(isinstance(v, str) and v.startswith("Grading") for v in _first_column(MONDAY))
