"""End-of-cycle grading (SPEC §10): frozen scores, committed hit/missed, bands, flags."""

from __future__ import annotations

import datetime as dt

import pytest
from rhythm_books import CHECKINS, CYCLE_END, OKR_ROWS, rhythm_book

from sheetsync.config import Config
from sheetsync.grid import CellValue, Grid
from sheetsync.models import Cycle
from sheetsync.pipeline import score_book
from sheetsync.score.grading import grade_cycle, next_cycle, previous_cycle, previous_scorecard
from sheetsync.score.history import HistoryPoint

AFTER = CYCLE_END + dt.timedelta(days=3)
Q4 = Config.model_validate({"cycle": {"name": "2026-Q4"}})
"""After its end the cycle comes from the config (or the sheet): as-of alone names the next."""


def _rows(*currents: float | None) -> list[list[CellValue]]:
    return [[*r[:7], c] for r, c in zip(OKR_ROWS, currents, strict=True)]


def test_a_checkin_after_the_cycle_end_does_not_change_the_final_score() -> None:
    late = [*CHECKINS, ["O1.1", CYCLE_END + dt.timedelta(days=2), 40, 0.9, "late", "Maya Chen"]]
    before = score_book(rhythm_book(), Q4, AFTER).scorecard
    after = score_book(rhythm_book(late), Q4, AFTER).scorecard
    assert [k.score for k in after.key_results] == [k.score for k in before.key_results]
    assert after.key_results[0].score == pytest.approx(0.5)
    assert after.key_results[0].status.value == "Missed"


def test_committed_krs_are_hit_or_missed_and_aspirational_ones_fall_in_bands() -> None:
    sc = score_book(rhythm_book([], _rows(40, 4, 180, 5)), Q4, AFTER).scorecard
    g = grade_cycle(sc)
    assert g.final
    assert [k.id for k in g.committed_hit] == ["O1.1"]
    assert [k.id for k in g.committed_missed] == ["O1.2"]
    assert dict(g.bands) == {"below 0.4": 0, "0.4 to 0.7": 1, "0.7 to 1.0": 1,
                             "1.0 and above": 0}
    assert g.aspirational_mean == pytest.approx((0.8 + 0.5) / 2)
    assert g.flagged == []


@pytest.mark.parametrize(
    ("currents", "flags"),
    [
        pytest.param((22, 4.9, 110, 1), {("owner", "Maya Chen"): "over-reach",
                                          ("owner", "Ben Ode"): "over-reach",
                                          ("owner", "Ann Lee"): "over-reach"},
                     id="every KR of an owner below 0.3 is over-reach"),
        pytest.param((22, 4, 110, 5), {("owner", "Ben Ode"): "over-reach"},
                     id="one KR at 0.3 or above clears the over-reach flag"),
        pytest.param((40, 3, 200, 10), {},
                     id="all aspirational KRs at 1.0 with no previous cycle is no sandbagging"),
    ],
)
def test_flags_per_owner(currents: tuple[float, ...], flags: dict[tuple[str, str], str]) -> None:
    sc = score_book(rhythm_book([], _rows(*currents)), Q4, AFTER).scorecard
    assert {(g.group, g.name): g.flag for g in grade_cycle(sc).flagged} == flags


def test_sandbagging_needs_every_aspirational_kr_at_one_this_cycle_and_the_previous() -> None:
    sc = score_book(rhythm_book([], _rows(40, 3, 200, 10)), Q4, AFTER).scorecard
    old = dt.date(2026, 9, 30)
    history = [HistoryPoint(old, "O2.1", "O2", 200, 1.0, "Done", None),
               HistoryPoint(old, "O2.2", "O2", 8, 0.8, "On track", None)]
    g = grade_cycle(sc, history=history)
    assert {(x.name, x.flag) for x in g.flagged} == {("Ben Ode", "sandbagging")}
    assert g.previous == "Score history"


def test_the_previous_cycle_is_read_from_the_tab_next_cycle_copied_from() -> None:
    book = rhythm_book([], _rows(40, 3, 200, 10))
    book.sheets[0].title = "OKRs"
    new = Grid("OKRs 2027-Q1", [row[:] for row in book.sheets[0].rows])
    book.sheets.insert(1, new)
    q1_end = dt.date(2027, 4, 2)
    sc = score_book(book, Config(), q1_end).scorecard
    assert sc.cycle.name == "2027-Q1"
    assert {p.sheet for p in sc.problems if "left out" in p.message} == {"OKRs"}
    prev = previous_scorecard(book, Config(), sc)
    assert prev is not None and prev.cycle.name == "2026-Q4"
    assert {kr.source.sheet for kr in prev.key_results if kr.source} == {"OKRs"}
    g = grade_cycle(sc, previous=prev)
    assert {(x.name, x.flag) for x in g.flagged} == {("Ben Ode", "sandbagging"),
                                                     ("Ann Lee", "sandbagging")}


@pytest.mark.parametrize(
    ("cycle", "after", "before"),
    [
        pytest.param(Cycle(name="2026-Q4", start=dt.date(2026, 10, 1), end=CYCLE_END),
                     "2027-Q1", "2026-Q3", id="a quarter is followed by the next quarter"),
        pytest.param(Cycle(name="s", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 14)),
                     "2026-01-15..2026-01-28", "2025-12-18..2025-12-31",
                     id="a two-week sprint by the next two weeks"),
    ],
)
def test_next_and_previous_cycles(cycle: Cycle, after: str, before: str) -> None:
    assert next_cycle(cycle).name == after
    assert previous_cycle(cycle).name == before
