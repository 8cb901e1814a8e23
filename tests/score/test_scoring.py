"""Scoring one key result (SPEC §2, §4): progress, score, cap, grade, Invalid, status rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sheetsync.config import Config
from sheetsync.models import Cycle, KeyResult, OKRType, SourceRef, Status
from sheetsync.score.scoring import (
    MSG_TARGET_IS_BASELINE,
    elapsed,
    expected_pace,
    grade,
    kr_status,
    score_kr,
)

START = dt.date(2026, 1, 1)
CYCLE = Cycle(name="test", start=START, end=START + dt.timedelta(days=90))
MID = START + dt.timedelta(days=45)  # exactly half of the cycle gone
AFTER = CYCLE.end + dt.timedelta(days=1)


def config(**scoring: Any) -> Config:
    return Config.model_validate({"scoring": scoring})


def key_result(**kw: Any) -> KeyResult:
    fields: dict[str, Any] = {"id": "O1.KR1", "objective_id": "O1", "title": "Grow signups"}
    fields.update(kw)
    return KeyResult(**fields)


SCORE_CASES = [
    # (KR fields, current, cap, progress, score)
    ({"baseline": 0, "target": 100}, 50, 1.0, 0.5, 0.5),
    ({"baseline": 10, "target": 3}, 5, 1.0, 5 / 7, 5 / 7),
    ({"baseline": 0, "target": 100}, 150, 1.0, 1.5, 1.0),
    ({"baseline": 0, "target": 100}, 150, 1.2, 1.5, 1.2),
    ({"baseline": 0, "target": 100}, 110, 1.2, 1.1, 1.1),
    ({"baseline": 50, "target": 100}, 40, 1.0, -0.2, 0.0),
    ({"baseline": 10, "target": 3}, 12, 1.0, -2 / 7, 0.0),
    ({"baseline": 10, "target": 3}, 2, 1.2, 8 / 7, 8 / 7),
    ({"baseline": None, "target": 40}, 10, 1.0, 0.25, 0.25),
    ({"kind": "percent", "baseline": 0.2, "target": 0.45}, 0.3, 1.0, 0.4, 0.4),
    ({"kind": "currency", "baseline": 500_000, "target": 800_000}, 650_000, 1.0, 0.5, 0.5),
    ({"kind": "boolean"}, 1.0, 1.0, 1.0, 1.0),
    ({"kind": "boolean"}, 0.0, 1.0, 0.0, 0.0),
    ({"kind": "milestone", "baseline": 0, "target": 0}, 1.0, 1.2, 1.0, 1.0),
]
SCORE_IDS = [
    "increase metric 0 to 100 at 50 scores 0.5",
    "decrease metric 10 to 3 at 5 scores 5/7",
    "increase metric past its target is capped at 1.0",
    "cap 1.2 lets over-achievement show up to 1.2",
    "cap 1.2 keeps 110 of 100 at 1.1",
    "going backwards reports negative progress and scores 0",
    "decrease metric that got worse scores 0",
    "decrease metric beyond its target with cap 1.2 scores 8/7",
    "blank baseline on a rising metric counts from 0",
    "percent metric 20% to 45% at 30% scores 0.4",
    "currency metric halfway scores 0.5",
    "boolean done scores 1",
    "boolean not done scores 0",
    "milestone done ignores baseline and target and is never above 1",
]


@pytest.mark.parametrize(
    ("fields", "current", "cap", "progress", "score"), SCORE_CASES, ids=SCORE_IDS
)
def test_progress_and_score(
    fields: dict[str, Any], current: float, cap: float, progress: float, score: float
) -> None:
    result = score_kr(
        key_result(**fields),
        current=current,
        confidence=None,
        has_checkin=False,
        okr_type=OKRType.committed,
        cycle=CYCLE,
        as_of=MID,
        config=config(cap=cap),
    )
    assert result.progress == pytest.approx(progress, abs=1e-6)
    assert result.score == pytest.approx(score, abs=1e-6)
    assert result.status != Status.invalid
    assert result.problems == []


INVALID_CASES = [
    ({"baseline": 5, "target": 5}, {"target": "H7"}, "H7", MSG_TARGET_IS_BASELINE),
    ({"baseline": 5, "target": 5}, {}, None, MSG_TARGET_IS_BASELINE),
    ({"baseline": None, "target": 0}, {"target": "H7"}, "H7", "target is 0"),
    ({"baseline": 5, "target": None}, {"target": "H7"}, "H7", "no target"),
    ({"baseline": None, "target": 3, "direction": "decrease"}, {"baseline": "G7"}, "G7", "no base"),
]
INVALID_IDS = [
    "target equal to baseline is an error on the target cell",
    "target equal to baseline with no target cell names no cell",
    "target 0 with a blank baseline has nothing to measure",
    "numeric KR with no target cannot be scored",
    "decreasing KR with a blank baseline cannot be scored",
]


@pytest.mark.parametrize(("fields", "cells", "cell", "message"), INVALID_CASES, ids=INVALID_IDS)
def test_unmeasurable_kr_is_invalid_and_scored_as_missing(
    fields: dict[str, Any], cells: dict[str, str], cell: str | None, message: str
) -> None:
    kr = key_result(source=SourceRef(workbook="w.xlsx", sheet="OKRs", row=7, cells=cells), **fields)
    result = score_kr(
        kr,
        current=8,
        confidence=0.9,
        has_checkin=True,
        okr_type=OKRType.committed,
        cycle=CYCLE,
        as_of=MID,
        config=config(),
    )
    assert (result.status, result.score, result.progress, result.grade) == (
        Status.invalid,
        0.0,
        None,
        None,
    )
    [problem] = result.problems
    assert problem.severity == "error"
    assert problem.kr_id == "O1.KR1"
    assert (problem.workbook, problem.sheet, problem.cell) == ("w.xlsx", "OKRs", cell)
    assert problem.message.startswith(message)


def test_kr_blocked_by_an_earlier_error_is_invalid_without_a_new_problem() -> None:
    result = score_kr(
        key_result(baseline=0, target=10),
        current=10,
        confidence=None,
        has_checkin=False,
        okr_type=OKRType.committed,
        cycle=CYCLE,
        as_of=MID,
        config=config(),
        blocked=True,
    )
    assert (result.status, result.score, result.progress, result.problems) == (
        Status.invalid,
        0.0,
        None,
        [],
    )


@pytest.mark.parametrize("kind", ["number", "boolean"], ids=["numeric", "boolean"])
def test_no_current_value_and_no_checkin_is_not_started_at_zero(kind: str) -> None:
    result = score_kr(
        key_result(kind=kind, baseline=0, target=10),
        current=None,
        confidence=None,
        has_checkin=False,
        okr_type=OKRType.committed,
        cycle=CYCLE,
        as_of=MID,
        config=config(),
    )
    assert (result.status, result.score, result.progress) == (Status.not_started, 0.0, None)


GRADE_CASES = [
    (0.0, "red"),
    (0.399999, "red"),
    (0.4, "yellow"),
    (0.699999, "yellow"),
    (0.7, "green"),
    (1.0, "green"),
    (1.2, "green"),
]


@pytest.mark.parametrize(
    ("score", "colour"), GRADE_CASES, ids=[f"score {s} is {c}" for s, c in GRADE_CASES]
)
def test_grade(score: float, colour: str) -> None:
    assert grade(score) == colour


ELAPSED_CASES = [
    (START - dt.timedelta(days=3), 0.0),
    (START, 0.0),
    (MID, 0.5),
    (START + dt.timedelta(days=9), 0.1),
    (CYCLE.end, 1.0),
    (AFTER + dt.timedelta(days=30), 1.0),
]
ELAPSED_IDS = [
    "before the cycle nothing has elapsed",
    "on the first day nothing has elapsed",
    "day 45 of 90 is half",
    "day 9 of 90 is a tenth",
    "on the last day all has elapsed",
    "long after the end it stays at 1",
]


@pytest.mark.parametrize(("as_of", "share"), ELAPSED_CASES, ids=ELAPSED_IDS)
def test_elapsed(as_of: dt.date, share: float) -> None:
    assert elapsed(CYCLE, as_of) == pytest.approx(share, abs=1e-6)


@pytest.mark.parametrize(
    ("okr_type", "pace", "expected"),
    [
        ("committed", 0.7, 0.5),
        ("aspirational", 0.7, 0.35),
        ("learning", 0.7, 0.35),
        ("aspirational", 0.6, 0.3),
    ],
    ids=[
        "committed expects the elapsed share",
        "aspirational expects 0.7 of it",
        "learning expects the aspirational pace",
        "aspirational pace comes from config",
    ],
)
def test_expected_pace(okr_type: str, pace: float, expected: float) -> None:
    cfg = config(aspirational_pace=pace)
    assert expected_pace(OKRType(okr_type), 0.5, cfg) == pytest.approx(expected, abs=1e-6)


# (type, score, started, confidence, as_of, status); at MID committed expects 0.5,
# aspirational and learning 0.35.
STATUS_CASES = [
    ("committed", 1.0, True, None, MID, Status.done),
    ("committed", 1.0, True, 0.1, MID, Status.done),
    ("committed", 0.0, False, None, MID, Status.not_started),
    ("committed", 0.5, True, None, MID, Status.on_track),
    ("committed", 0.40, True, None, MID, Status.on_track),
    ("committed", 0.39, True, None, MID, Status.at_risk),
    ("committed", 0.25, True, None, MID, Status.at_risk),
    ("committed", 0.24, True, None, MID, Status.off_track),
    ("committed", 0.5, True, 0.7, MID, Status.on_track),
    ("committed", 0.5, True, 0.69, MID, Status.at_risk),
    ("committed", 0.5, True, 0.4, MID, Status.at_risk),
    ("committed", 0.5, True, 0.39, MID, Status.off_track),
    ("committed", 0.0, True, None, START, Status.on_track),
    ("aspirational", 0.25, True, None, MID, Status.on_track),
    ("aspirational", 0.24, True, None, MID, Status.at_risk),
    ("aspirational", 0.10, True, None, MID, Status.at_risk),
    ("aspirational", 0.09, True, None, MID, Status.off_track),
    ("learning", 0.0, True, None, MID, Status.at_risk),
    ("learning", 0.0, True, 0.3, MID, Status.off_track),
    ("learning", 0.3, True, 0.5, MID, Status.at_risk),
    ("committed", 0.9, True, None, AFTER, Status.missed),
    ("committed", 0.0, False, None, AFTER, Status.missed),
    ("committed", 1.0, True, None, AFTER, Status.done),
    ("committed", 0.9, True, None, CYCLE.end, Status.on_track),
    ("aspirational", 0.5, True, None, AFTER, Status.at_risk),
    ("aspirational", 0.6, True, None, AFTER, Status.on_track),
    ("aspirational", 0.0, False, None, AFTER, Status.not_started),
    ("learning", 0.0, True, None, AFTER, Status.at_risk),
]
STATUS_IDS = [
    "score 1.0 is Done",
    "Done beats low confidence",
    "no value and no check-in is Not started",
    "committed on pace is On track",
    "committed gap exactly 0.10 is still On track",
    "committed gap 0.11 is At risk",
    "committed gap exactly 0.25 is At risk, not Off track",
    "committed gap 0.26 is Off track",
    "confidence exactly 0.7 is On track",
    "confidence 0.69 is At risk",
    "confidence exactly 0.4 is At risk, not Off track",
    "confidence 0.39 is Off track",
    "nothing is expected on the first day",
    "aspirational gap exactly 0.10 is On track",
    "aspirational gap 0.11 is At risk",
    "aspirational gap exactly 0.25 is At risk",
    "aspirational gap 0.26 is Off track",
    "learning far behind pace is only At risk",
    "learning with low confidence is Off track",
    "learning with shaky confidence is At risk",
    "committed below 1.0 after the cycle end is Missed",
    "committed never started after the cycle end is Missed",
    "committed done after the cycle end is Done",
    "on the last day of the cycle nothing is Missed yet",
    "aspirational after the end is judged against 0.7",
    "aspirational at 0.6 after the end is On track",
    "aspirational never started after the end is Not started",
    "learning after the end is never Missed",
]


@pytest.mark.parametrize(
    ("okr_type", "score", "started", "confidence", "as_of", "status"), STATUS_CASES, ids=STATUS_IDS
)
def test_status_rules(
    okr_type: str,
    score: float,
    started: bool,
    confidence: float | None,
    as_of: dt.date,
    status: Status,
) -> None:
    got = kr_status(
        score=score,
        started=started,
        confidence=confidence,
        okr_type=OKRType(okr_type),
        cycle=CYCLE,
        as_of=as_of,
        config=config(),
    )
    assert got == status


@pytest.mark.parametrize(
    ("thresholds", "score", "status"),
    [
        ({"off_track_gap": 0.4}, 0.2, Status.at_risk),
        ({"at_risk_gap": 0.0}, 0.45, Status.at_risk),
        ({"at_risk_confidence": 0.9}, 0.5, Status.at_risk),
    ],
    ids=[
        "a wider off-track gap keeps a 0.3 gap At risk",
        "a zero at-risk gap flags any shortfall",
        "a stricter at-risk confidence flags 0.8",
    ],
)
def test_status_thresholds_come_from_config(
    thresholds: dict[str, float], score: float, status: Status
) -> None:
    got = kr_status(
        score=score,
        started=True,
        confidence=0.8,
        okr_type=OKRType.committed,
        cycle=CYCLE,
        as_of=MID,
        config=Config.model_validate({"status": thresholds}),
    )
    assert got == status


def test_status_from_a_computed_score_on_the_boundary() -> None:
    # 0.35 expected - 0.1 scored is 0.24999999999999997 in floating point: still At risk.
    result = score_kr(
        key_result(baseline=0, target=10),
        current=1,
        confidence=None,
        has_checkin=True,
        okr_type=OKRType.aspirational,
        cycle=CYCLE,
        as_of=MID,
        config=config(),
    )
    assert result.score == pytest.approx(0.1, abs=1e-6)
    assert result.status == Status.at_risk
    assert result.grade == "red"
