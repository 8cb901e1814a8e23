"""Scoring one key result (SPEC §2, §4): progress, score, grade and status from pace; pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from sheetsync.config import Config
from sheetsync.models import Cycle, Direction, KeyResult, Kind, OKRType, Problem, Status

Grade = Literal["red", "yellow", "green"]

# Comparisons at a threshold use this tolerance so that a value that is exactly on the
# threshold on paper (a gap of 0.25, a score of 1.0) is not pushed over it by float rounding.
EPS = 1e-9

YES_NO = (Kind.boolean, Kind.milestone)

MSG_TARGET_IS_BASELINE = "target equals baseline: nothing to measure"
MSG_TARGET_IS_ZERO = "target is 0 and a blank baseline counts from 0: nothing to measure"
MSG_NO_TARGET = "no target: nothing to measure against"
MSG_DECREASE_NO_BASELINE = "no baseline: a decreasing key result needs a start value"


@dataclass
class KRScore:
    """What scoring one key result gives; rollup copies it onto the ScoredKeyResult."""

    progress: float | None
    score: float
    status: Status
    grade: Grade | None
    problems: list[Problem] = field(default_factory=list)


def elapsed(cycle: Cycle, as_of: dt.date) -> float:
    """Share of the cycle gone by at as_of, in days, clamped to [0, 1]."""
    days = (cycle.end - cycle.start).days
    if days <= 0:
        # A one-day cycle: it is over once its only day has started.
        return 1.0 if as_of >= cycle.start else 0.0
    return min(max((as_of - cycle.start).days / days, 0.0), 1.0)


def expected_pace(okr_type: OKRType, elapsed_share: float, config: Config) -> float:
    """Score a KR should have by now: the elapsed share, scaled down unless committed."""
    if okr_type == OKRType.committed:
        return elapsed_share
    return config.scoring.aspirational_pace * elapsed_share


def grade(score: float) -> Grade:
    """The display colour of a score (Google's scale)."""
    if score < 0.4:
        return "red"
    if score < 0.7:
        return "yellow"
    return "green"


def clamp_score(progress: float, config: Config) -> float:
    return min(max(progress, 0.0), config.scoring.cap)


def effective_baseline(kr: KeyResult) -> float | None:
    """The start value progress is measured from.

    A blank baseline on a KR that goes up counts from 0 ("sign 10 customers"); a KR that goes
    down has no natural zero, so a blank baseline there cannot be measured (None)."""
    if kr.baseline is not None:
        return kr.baseline
    if kr.direction == Direction.decrease:
        return None
    return 0.0


def measure_problems(kr: KeyResult) -> list[Problem]:
    """Errors that make a numeric KR unscorable (empty for yes/no KRs and well-formed rows)."""
    if kr.kind in YES_NO:
        return []
    if kr.target is None:
        return [_problem(kr, "target", "Target", MSG_NO_TARGET)]
    b = effective_baseline(kr)
    if b is None:
        return [_problem(kr, "baseline", "Baseline", MSG_DECREASE_NO_BASELINE)]
    if kr.target == b:
        msg = MSG_TARGET_IS_BASELINE if kr.baseline is not None else MSG_TARGET_IS_ZERO
        return [_problem(kr, "target", "Target", msg)]
    return []


def progress_of(kr: KeyResult, value: float) -> float | None:
    """Unclamped progress of a value on this KR; None when the KR cannot be measured."""
    if kr.kind in YES_NO:
        return 1.0 if value >= 1.0 - EPS else 0.0
    b = effective_baseline(kr)
    if kr.target is None or b is None or kr.target == b:
        return None
    # One formula for both directions: (t - b) is negative for a decreasing metric.
    return (value - b) / (kr.target - b)


def kr_status(
    *,
    score: float,
    started: bool,
    confidence: float | None,
    okr_type: OKRType,
    cycle: Cycle,
    as_of: dt.date,
    config: Config,
) -> Status:
    """Status from pace for a scorable KR: the rules of SPEC §4 after Invalid, first match wins."""
    if score >= 1.0 - EPS:
        return Status.done
    if okr_type == OKRType.committed and as_of > cycle.end:
        return Status.missed
    if not started:
        return Status.not_started
    st = config.status
    gap = expected_pace(okr_type, elapsed(cycle, as_of), config) - score
    low = confidence is not None and confidence < st.off_track_confidence - EPS
    if low or (gap > st.off_track_gap + EPS and okr_type != OKRType.learning):
        return Status.off_track
    shaky = confidence is not None and confidence < st.at_risk_confidence - EPS
    # A learning OKR far behind pace lands here: never Off track on pace alone.
    if shaky or gap > st.at_risk_gap + EPS:
        return Status.at_risk
    return Status.on_track


def score_kr(
    kr: KeyResult,
    *,
    current: float | None,
    confidence: float | None,
    has_checkin: bool,
    okr_type: OKRType,
    cycle: Cycle,
    as_of: dt.date,
    config: Config,
    blocked: bool = False,
) -> KRScore:
    """Score one KR from its current value (after the check-in rollup).

    `blocked` means an error elsewhere (parsing) already prevents scoring: the KR is Invalid,
    scored as missing (0.0, no progress). Its own measurement errors do the same."""
    problems = [] if blocked else measure_problems(kr)
    if blocked or problems:
        return KRScore(None, 0.0, Status.invalid, None, problems)
    started = current is not None or has_checkin
    progress = progress_of(kr, current) if current is not None else None
    score = clamp_score(progress, config) if progress is not None else 0.0
    status = kr_status(
        score=score,
        started=started,
        confidence=confidence,
        okr_type=okr_type,
        cycle=cycle,
        as_of=as_of,
        config=config,
    )
    return KRScore(progress, score, status, grade(score))


def _problem(kr: KeyResult, field_name: str, label: str, message: str) -> Problem:
    src = kr.source
    cell = src.cells.get(field_name) if src else None
    if src is not None and cell is None and src.cells.get("key_result"):
        # The field has no cell (no such column, or a target read from the KR text): the
        # problem points at the key result itself, so it still names a cell.
        cell, label = src.cells["key_result"], "Key Result"
    return Problem(
        severity="error",
        workbook=src.workbook if src else None,
        sheet=src.sheet if src else None,
        cell=cell,
        column=label,
        message=message,
        kr_id=kr.id,
    )
