"""Commit / target / stretch zones (SPEC §2b) as points on a line: the score of a value, and back.

    zone_points(baseline, commit, target, stretch, direction) -> [(value, score), ...]

The score of a zone KR is linear between its points (baseline, 0), (commit, 0.3), (target, 0.7
with a stretch, else 1.0), (stretch, 1.0); before the first point the first segment is extended,
past the last point the last one (the caller clamps to [0, cap]). Pure: the read stage uses it to
turn a check-in written as `commit` into the value it stands for, the score stage to score.
"""

from __future__ import annotations

from sheetsync.models import Direction, Zone

COMMIT_SCORE = 0.3
TARGET_SCORE_WITH_STRETCH = 0.7
ZONE_WORDS: dict[str, Zone] = {
    "fail": Zone.fail, "failed": Zone.fail, "miss": Zone.fail, "missed": Zone.fail,
    "commit": Zone.commit, "committed": Zone.commit,
    "target": Zone.target, "on target": Zone.target, "hit target": Zone.target,
    "stretch": Zone.stretch, "stretch hit": Zone.stretch,
}
"""Words a current value or check-in may be written as (compared lower case, spaces squeezed)."""

Point = tuple[float, float]


def zone_word(text: str) -> Zone | None:
    """The zone a cell's text names ('commit', 'Stretch'), or None."""
    return ZONE_WORDS.get(" ".join(text.casefold().split()))


def word_score(zone: Zone, has_stretch: bool) -> float:
    """The score a zone word stands for: fail 0.0, commit 0.3, target 0.7 (1.0 with no stretch
    point, where the target is the top), stretch 1.0."""
    if zone == Zone.fail:
        return 0.0
    if zone == Zone.commit:
        return COMMIT_SCORE
    if zone == Zone.target and has_stretch:
        return TARGET_SCORE_WITH_STRETCH
    return 1.0


def zone_points(baseline: float | None, commit: float | None, target: float | None,
                stretch: float | None, direction: Direction | None) -> list[Point]:
    """The points that are given, in score order.

    A blank baseline counts from 0 when the KR goes up (as for any KR); when it goes down, or
    when the other points run downward and no direction is given, there is no baseline point."""
    given = [(x, s) for x, s in ((commit, COMMIT_SCORE),
                                 (target, TARGET_SCORE_WITH_STRETCH if stretch is not None
                                  else 1.0),
                                 (stretch, 1.0)) if x is not None]
    if baseline is None:
        down = direction == Direction.decrease or (
            direction is None and len(given) >= 2 and given[-1][0] < given[0][0])
        if not down:
            baseline = 0.0
    return ([(baseline, 0.0)] if baseline is not None else []) + given


def runs_one_way(points: list[Point]) -> bool:
    """Whether every point lies beyond the one before it, all in the same direction."""
    steps = [b[0] - a[0] for a, b in zip(points, points[1:], strict=False)]
    return bool(steps) and (all(s > 0 for s in steps) or all(s < 0 for s in steps))


def score_at(points: list[Point], value: float) -> float:
    """The unclamped score of a value on the line through the points (which run one way)."""
    (x0, _), (x_last, _) = points[0], points[-1]
    sign = 1.0 if x_last > x0 else -1.0
    u = sign * value
    for (xa, sa), (xb, sb) in zip(points, points[1:], strict=False):
        # The first segment whose end the value has not passed; the last one past the end.
        if u <= sign * xb or (xb, sb) == points[-1]:
            return sa + (value - xa) / (xb - xa) * (sb - sa)
    raise AssertionError("unreachable: the last segment always matches")


def value_at(points: list[Point], score: float) -> float:
    """The value that scores `score` on the line (the inverse of score_at)."""
    for x, s in points:
        if abs(s - score) < 1e-12:
            return x
    for (xa, sa), (xb, sb) in zip(points, points[1:], strict=False):
        if score <= sb or (xb, sb) == points[-1]:
            return xa + (score - sa) / (sb - sa) * (xb - xa)
    raise AssertionError("unreachable: the last segment always matches")


def zone_reached(points: list[Point], value: float, commit: float | None,
                 target: float | None, stretch: float | None) -> Zone:
    """The highest of commit / target / stretch that the value has reached (equality reaches)."""
    (x0, _), (x_last, _) = points[0], points[-1]
    sign = 1.0 if x_last > x0 else -1.0
    reached = Zone.fail
    for zone, x in ((Zone.commit, commit), (Zone.target, target), (Zone.stretch, stretch)):
        if x is not None and sign * value >= sign * x - 1e-9:
            reached = zone
    return reached
