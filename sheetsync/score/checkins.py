"""Check-in rollup (SPEC §3): a KR's check-ins → current value, delta, staleness, projection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sheetsync.config import Config
from sheetsync.models import CheckIn, Cycle, KeyResult
from sheetsync.score.scoring import YES_NO, clamp_score, effective_baseline, progress_of


@dataclass
class CheckinRollup:
    """What a KR's check-ins say, before scoring."""

    latest: CheckIn | None
    count: int
    delta: float | None
    stale: bool


def by_kr(checkins: Iterable[CheckIn]) -> dict[str, list[CheckIn]]:
    """Check-ins per KR id, oldest first; on the same date the later one in the input is later."""
    out: dict[str, list[CheckIn]] = {}
    for c in checkins:
        out.setdefault(c.kr_id, []).append(c)
    for items in out.values():
        items.sort(key=lambda c: c.date)  # stable: keeps input order within a date
    return out


def roll_up(history: list[CheckIn], as_of: dt.date, config: Config) -> CheckinRollup:
    """Latest check-in, count, change since the previous one and staleness at as_of.

    `history` is one KR's check-ins, oldest first (as by_kr gives them)."""
    latest = history[-1] if history else None
    delta = history[-1].value - history[-2].value if len(history) >= 2 else None
    # A check-in dated after as_of counts as fresh: negative age is within any window.
    stale = latest is None or (as_of - latest.date).days > config.checkin.stale_after_days
    return CheckinRollup(latest, len(history), delta, stale)


def least_squares_at(points: list[tuple[float, float]], x: float) -> float:
    """Value at x of the least-squares line through the points (their mean if all x are equal)."""
    n = len(points)
    mx = sum(p[0] for p in points) / n
    my = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mx) ** 2 for p in points)
    if sxx == 0:
        return my
    sxy = sum((p[0] - mx) * (p[1] - my) for p in points)
    return my + sxy / sxx * (x - mx)


def projected_value(kr: KeyResult, history: list[CheckIn], cycle: Cycle) -> float | None:
    """Where the trend of the check-ins reaches by cycle.end, in the KR's units.

    The line goes through (cycle.start, baseline) and every check-in (date, value); a blank
    baseline counts as the same start value scoring uses. None without a check-in."""
    if not history:
        return None
    b = effective_baseline(kr)
    points = [(float((c.date - cycle.start).days), c.value) for c in history]
    if b is not None:
        points.insert(0, (0.0, b))
    return least_squares_at(points, float((cycle.end - cycle.start).days))


def projected_score(
    kr: KeyResult, history: list[CheckIn], cycle: Cycle, config: Config
) -> float | None:
    """The score the KR is heading for at cycle.end, clamped to [0, cap].

    A yes/no KR has no trend to draw: its projection is the score of its latest check-in."""
    if not history:
        return None
    if kr.kind in YES_NO:
        value: float | None = history[-1].value
    else:
        value = projected_value(kr, history, cycle)
    progress = progress_of(kr, value) if value is not None else None
    return clamp_score(progress, config) if progress is not None else None
