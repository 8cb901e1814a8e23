"""Score history: one point per KR per as-of date, and the objective and overall trend; pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sheetsync.models import Scorecard


@dataclass(frozen=True)
class HistoryPoint:
    """One KR as a past sync saw it: a row of the `Score history` tab or the `scores` table."""

    as_of: dt.date
    kr_id: str
    objective_id: str
    value: float | None
    score: float | None
    status: str
    confidence: float | None


def objective_scores_by_date(
    points: Iterable[HistoryPoint], scorecard: Scorecard
) -> dict[dt.date, dict[str, float]]:
    """Date → objective id → score, rolled up the way the scorecard rolls up (SPEC §5).

    On each date an objective with KRs takes the weight-averaged score of the KRs recorded on
    that date (weights from the scorecard, 1 for a KR it no longer has; a KR without a score
    counts as 0.0, as in the live rollup). An objective without KRs takes the mean of its
    aligned children. Only KRs recorded on a date count, so a KR added mid-cycle does not pull
    earlier dates down. Points of objectives the scorecard does not know are ignored; for the
    same KR on the same date the last point wins.
    """
    known = {o.id for o in scorecard.objectives}
    weight = {k.id: k.weight for k in scorecard.key_results}
    has_krs = {k.objective_id for k in scorecard.key_results}
    children: dict[str, list[str]] = {}
    for o in scorecard.objectives:
        if o.parent_id in known and o.parent_id != o.id:
            children.setdefault(o.parent_id, []).append(o.id)

    latest: dict[dt.date, dict[str, HistoryPoint]] = {}
    for p in points:
        if p.objective_id in known:
            latest.setdefault(p.as_of, {})[p.kr_id] = p

    out: dict[dt.date, dict[str, float]] = {}
    for day in sorted(latest):
        sums: dict[str, tuple[float, float]] = {}
        for p in latest[day].values():
            w = weight.get(p.kr_id, 1.0)
            total, wsum = sums.get(p.objective_id, (0.0, 0.0))
            sums[p.objective_id] = (total + w * (p.score or 0.0), wsum + w)
        own = {oid: total / wsum for oid, (total, wsum) in sums.items() if wsum > 0}
        scores: dict[str, float] = {}
        for o in scorecard.objectives:
            s = _score(o.id, own, has_krs, children, set())
            if s is not None:
                scores[o.id] = s
        out[day] = scores
    return out


def overall_by_date(
    points: Iterable[HistoryPoint], scorecard: Scorecard
) -> list[tuple[dt.date, float]]:
    """(date, overall score) in date order: the mean of the top-level objectives' scores that
    date (top-level: no parent, or a parent the scorecard does not know), like the summary's
    overall score. A date on which no top-level objective has a score is left out."""
    known = {o.id for o in scorecard.objectives}
    top = [o.id for o in scorecard.objectives if o.parent_id not in known or o.parent_id == o.id]
    out: list[tuple[dt.date, float]] = []
    for day, scores in objective_scores_by_date(points, scorecard).items():
        values = [scores[oid] for oid in top if oid in scores]
        if values:
            out.append((day, sum(values) / len(values)))
    return out


def _score(
    oid: str,
    own: dict[str, float],
    has_krs: set[str],
    children: dict[str, list[str]],
    seen: set[str],
) -> float | None:
    if oid in has_krs:
        return own.get(oid)
    # A parent loop is an error in the scorecard already; cut it here instead of recursing forever.
    seen = seen | {oid}
    kids = [_score(c, own, has_krs, children, seen) for c in children.get(oid, []) if c not in seen]
    known = [s for s in kids if s is not None]
    return sum(known) / len(known) if known else None
