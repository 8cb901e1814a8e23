"""Parsing with targets written in the key result text: cells win, the text fills the gaps, and
every target read from the text is named on its cell."""

from __future__ import annotations

import datetime as dt

import pytest

from sheetsync.config import Config
from sheetsync.grid import Book, CellValue, Grid
from sheetsync.models import Cycle, Direction, Kind, ParsedOKRs, Status
from sheetsync.read.find import find_tables
from sheetsync.read.parse import parse_tables
from sheetsync.score.rollup import build_scorecard

CYCLE = Cycle(name="2026-Q4", start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))


def parse(header: list[CellValue], *rows: list[CellValue]) -> ParsedOKRs:
    cfg = Config()
    book = Book("okrs.xlsx", [Grid("OKRs", [header, *rows])])
    tables, _ = find_tables(book, cfg)
    return parse_tables(tables, book, cfg, CYCLE)


CASES = [
    (["Objective", "Key Result"], ["G", "Increase NPS from 20% to 30%"],
     (Kind.percent, 0.2, 0.3, Direction.increase, "%"),
     "OKRs!B2 (Key Result): target 30% (baseline 20%) read from the key result text ('from 20% "
     "to 30%'), as the sheet has no Target column; write it in a Target column to set it there",
     "no Target column: the text gives baseline and target"),
    (["Objective", "Key Result", "Target"], ["G", "Grow ARR to $800K", None],
     (Kind.currency, None, 800_000, Direction.increase, "$"),
     "OKRs!B2 (Key Result): target $800,000 read from the key result text ('to $800K'), as the "
     "Target cell is blank; write it in a Target column to set it there",
     "a blank Target cell: the text gives the target"),
    (["Objective", "Key Result", "Baseline"], ["G", "Cut p95 latency from 800ms to 300 ms", 700],
     (Kind.number, 700, 300, Direction.decrease, "ms"),
     "OKRs!B2 (Key Result): target 300 ms (baseline 800 ms) read from the key result text "
     "('from 800ms to 300 ms'), as the sheet has no Target column; write it in a Target column "
     "to set it there", "a Baseline cell wins over the baseline in the text"),
]


@pytest.mark.parametrize(("header", "row", "read", "note"), [pytest.param(*c[:4], id=c[4])
                                                             for c in CASES])
def test_a_target_in_the_text_fills_a_missing_target_and_says_so(
        header: list[CellValue], row: list[CellValue],
        read: tuple[Kind, float | None, float, Direction, str], note: str) -> None:
    parsed = parse(header, row)
    (kr,) = parsed.key_results
    assert (kr.kind, kr.baseline, kr.target, kr.direction, kr.unit) == read
    assert kr.source is not None and kr.source.cells["target"] == "B2"
    assert [str(p) for p in parsed.problems] == [note]
    assert parsed.problems[0].severity == "warning" and parsed.problems[0].kr_id is None


def test_a_target_cell_wins_over_the_text() -> None:
    parsed = parse(["Objective", "Key Result", "Target"], ["G", "Grow ARR to $800K", 900_000])
    (kr,) = parsed.key_results
    assert (kr.target, kr.kind) == (900_000, Kind.number)
    assert parsed.problems == []


def test_a_percent_current_cell_uses_the_scale_of_a_text_target() -> None:
    parsed = parse(["Objective", "Key Result", "Current"], ["G", "Raise NPS from 20 to 45%", 30])
    (kr,) = parsed.key_results
    assert (kr.baseline, kr.target, kr.current) == (0.2, 0.45, 0.3)


def test_text_without_a_target_adds_the_reason_to_the_no_target_error() -> None:
    parsed = parse(["Objective", "Key Result"], ["G", "Reach [X]% rate of returning youth"])
    (p,) = parsed.problems
    assert (p.severity, p.cell, p.kr_id) == ("error", "B2", "O1.KR1")
    assert p.message.endswith("; the key result text gives none: '[X]%' in the text is a "
                              "placeholder")


def test_a_text_target_without_a_current_value_is_not_started_and_scores_zero() -> None:
    parsed = parse(["Objective", "Key Result"], ["G", "Hit 1,000 signups"])
    card = build_scorecard(parsed, CYCLE, dt.date(2026, 11, 15), Config())
    (kr,) = card.key_results
    assert (kr.target, kr.unit, kr.score, kr.status) == (1000, "signups", 0.0, Status.not_started)


def test_a_decreasing_text_target_without_a_baseline_is_invalid_on_the_kr_cell() -> None:
    from sheetsync.pipeline import score_book

    book = Book("o.xlsx", [Grid("OKRs", [["Objective", "Key Result", "Current"],
                                         ["Support", "Cut open tickets to 40", 55]])])
    sc = score_book(book, Config(), dt.date(2026, 11, 15)).scorecard
    (error,) = [p for p in sc.problems if p.severity == "error"]
    assert str(error) == ("OKRs!B2 (Key Result): no baseline: a decreasing key result needs a "
                          "start value")
    assert sc.key_results[0].status.value == "Invalid"
