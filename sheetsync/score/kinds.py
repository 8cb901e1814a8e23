"""Scoring the kinds of SPEC §2b: thresholds (holds, breaches, status), zones, graded KRs; pure.

    score_any(kr, ...) -> KRScore      the kind's score and status, else scoring.score_kr
    kind_fields(kr, current, history)  breaches / holds / zone for the ScoredKeyResult
    person_problems(kr, score)         a person's Score far from the computed one (a warning)

The choices made where the SPEC is silent are in docs/scoring.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sheetsync.config import Config
from sheetsync.models import CheckIn, Comparison, Cycle, KeyResult, Kind, OKRType, Problem, Status
from sheetsync.read.krzones import runs_one_way, score_at, zone_points, zone_reached
from sheetsync.score.checkins import least_squares_at, projected_score, projected_value
from sheetsync.score.scoring import (
    EPS,
    KRScore,
    clamp_score,
    grade,
    kr_status,
    measure_problems,
    score_kr,
)

PERSON_GAP = 0.1
"""A person's Score this far from the computed one is a warning (SPEC §2b)."""


def is_zone(kr: KeyResult) -> bool:
    return kr.kind not in (Kind.boolean, Kind.milestone, Kind.threshold, Kind.graded) and (
        kr.commit is not None or kr.stretch is not None)


def points_of(kr: KeyResult) -> list[tuple[float, float]]:
    return zone_points(kr.baseline, kr.commit, kr.target, kr.stretch, kr.direction)


def holds(kr: KeyResult, value: float) -> bool:
    """Whether a value keeps the threshold; equality holds."""
    assert kr.target is not None
    if kr.comparison == Comparison.at_most:
        return value <= kr.target + EPS
    return value >= kr.target - EPS


def threshold_progress(kr: KeyResult, value: float) -> float:
    """(c − b)/(t − b) with a baseline on the failing side; else 1.0 holding, 0.0 not."""
    assert kr.target is not None
    b, t = kr.baseline, kr.target
    failing_side = b is not None and (b < t if kr.comparison != Comparison.at_most else b > t)
    if failing_side:
        assert b is not None
        return (value - b) / (t - b)
    return 1.0 if holds(kr, value) else 0.0


def _problem(kr: KeyResult, field: str, label: str, message: str) -> Problem:
    src = kr.source
    cell = (src.cells.get(field) or src.cells.get("key_result")) if src else None
    return Problem(severity="error", workbook=src.workbook if src else None,
                   sheet=src.sheet if src else None, cell=cell, column=label, message=message,
                   kr_id=kr.id)


def zone_problems(kr: KeyResult) -> list[Problem]:
    """Points that do not run one way: a problem on the first cell out of line."""
    pts = points_of(kr)
    if runs_one_way(pts):
        return []
    given = [(f, x) for f, x in (("commit", kr.commit), ("target", kr.target),
                                 ("stretch", kr.stretch)) if x is not None]
    if len(pts) > len(given):
        given.insert(0, ("baseline", pts[0][0]))
    first, last = given[0][1], given[-1][1]
    up = (kr.target > pts[0][0] if given[0][0] == "baseline" and kr.target is not None
          and kr.target != pts[0][0] else last >= first)
    side = "above" if up else "below"
    for (f0, x0), (f1, x1) in zip(given, given[1:], strict=False):
        if (x1 <= x0) if up else (x1 >= x0):
            return [_problem(kr, f1, f1.capitalize(),
                             f"{f1} {x1:g} is not {side} the {f0} {x0:g}: baseline, commit, target "
                             "and stretch must run one way")]
    return []


def threshold_status(kr: KeyResult, *, holding: bool | None, confidence: float | None,
                     okr_type: OKRType, cycle: Cycle, as_of: dt.date, config: Config) -> Status:
    """SPEC §2b: never Done before the cycle ends; holding is On track (confidence may lower
    it), not holding Off track (At risk if learning); after the end Done, or Missed / Off track."""
    if holding is None:
        return Status.not_started
    if as_of > cycle.end:
        if holding:
            return Status.done
        return Status.missed if okr_type == OKRType.committed else Status.off_track
    if not holding:
        return Status.at_risk if okr_type == OKRType.learning else Status.off_track
    st = config.status
    if confidence is not None and confidence < st.off_track_confidence - EPS:
        return Status.off_track
    if confidence is not None and confidence < st.at_risk_confidence - EPS:
        return Status.at_risk
    return Status.on_track


def score_any(kr: KeyResult, *, current: float | None, confidence: float | None,
              has_checkin: bool, okr_type: OKRType, cycle: Cycle, as_of: dt.date, config: Config,
              blocked: bool = False) -> KRScore:
    """Score a KR of any kind; the ordinary ones go to scoring.score_kr."""
    args: dict[str, Any] = dict(current=current, confidence=confidence, has_checkin=has_checkin,
                                okr_type=okr_type, cycle=cycle, as_of=as_of, config=config,
                                blocked=blocked)
    if kr.kind == Kind.threshold and not blocked:
        if kr.target is None:
            return score_kr(kr, **args)
        holding = holds(kr, current) if current is not None else None
        progress = threshold_progress(kr, current) if current is not None else None
        score = 0.0 if progress is None else min(max(progress, 0.0), 1.0)
        if holding:
            score = 1.0
        status = threshold_status(kr, holding=holding, confidence=confidence, okr_type=okr_type,
                                  cycle=cycle, as_of=as_of, config=config)
        return KRScore(progress, score, status, grade(score))
    if kr.kind == Kind.graded and not blocked:
        started = current is not None or has_checkin
        score = clamp_score(current, config) if current is not None else 0.0
        status = kr_status(score=score, started=started, confidence=confidence,
                           okr_type=okr_type, cycle=cycle, as_of=as_of, config=config)
        return KRScore(current, score, status, grade(score))
    if is_zone(kr) and not blocked:
        # Zone points alone draw the line ("using the points that are given"): no target needed.
        problems = (measure_problems(kr) if kr.target is not None else []) or zone_problems(kr)
        if problems:
            return KRScore(None, 0.0, Status.invalid, None, problems)
        progress = score_at(points_of(kr), current) if current is not None else None
        score = clamp_score(progress, config) if progress is not None else 0.0
        status = kr_status(score=score, started=current is not None or has_checkin,
                           confidence=confidence, okr_type=okr_type, cycle=cycle, as_of=as_of,
                           config=config)
        return KRScore(progress, score, status, grade(score))
    return score_kr(kr, **args)


def projected_of(kr: KeyResult, history: list[CheckIn], cycle: Cycle,
                 config: Config) -> float | None:
    """The score a KR heads for at cycle.end: a threshold's holds or not on the trend line, a
    graded KR's latest score, a zone KR's trend value on its zone line."""
    if not history or kr.kind not in (Kind.threshold, Kind.graded) and not is_zone(kr):
        return projected_score(kr, history, cycle, config)
    if kr.kind == Kind.graded:
        return clamp_score(history[-1].value, config)
    if kr.kind == Kind.threshold and kr.baseline is None:
        # A threshold kept from the start has no start value: the line is the check-ins' own.
        value: float | None = least_squares_at(
            [(float((c.date - cycle.start).days), c.value) for c in history],
            float((cycle.end - cycle.start).days))
    else:
        value = projected_value(kr, history, cycle)
    if value is None or (kr.target is None and not is_zone(kr)):
        return None
    if kr.kind == Kind.threshold:
        return min(max(threshold_progress(kr, value), 0.0), 1.0) if not holds(kr, value) else 1.0
    return clamp_score(score_at(points_of(kr), value), config)


def kind_fields(kr: KeyResult, current: float | None, history: list[CheckIn],
                invalid: bool) -> dict[str, Any]:
    """breaches and holds of a threshold KR, the zone a zone KR reached (None elsewhere)."""
    if invalid:
        return {}
    if kr.kind == Kind.threshold and kr.target is not None:
        return {"breaches": sum(1 for c in history if not holds(kr, c.value)),
                "holds": holds(kr, current) if current is not None else None}
    if is_zone(kr) and current is not None:
        return {"zone": zone_reached(points_of(kr), current, kr.commit, kr.target, kr.stretch)}
    return {}


def person_problems(kr: KeyResult, score: float | None, invalid: bool) -> list[Problem]:
    """A person's Score that differs from the computed one by more than 0.1: a warning."""
    if kr.person_score is None or kr.kind == Kind.graded or invalid or score is None:
        return []
    if abs(kr.person_score - score) <= PERSON_GAP + EPS:
        return []
    src = kr.source
    return [Problem(
        severity="warning", workbook=src.workbook if src else None,
        sheet=src.sheet if src else None,
        cell=(src.cells.get("person_score") or src.cells.get("key_result")) if src else None,
        column="Score",
        message=(f"the score written here ({kr.person_score:.2f}) differs from the computed "
                 f"score ({score:.2f}) by more than {PERSON_GAP:g}; both are shown in the "
                 "summary"),
    )]
