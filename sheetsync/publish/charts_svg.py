"""Scorecard and history → inline SVG charts (pace bars, score trend) for the HTML report; pure."""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Mapping, Sequence
from html import escape

from sheetsync.models import Cycle, ScoredObjective
from sheetsync.score.scoring import elapsed, grade
from sheetsync.write.chartspec import LINE_COLOURS, MAX_OBJECTIVE_LINES
from sheetsync.write.writeplan import GRADE_FILLS

GRADE_STROKES = {"red": "CC4125", "yellow": "BF9000", "green": "38761D"}
"""Darker edges for the pale grade fills, so a bar stays visible on white and in print."""
INK = "1F2933"
GRID = "D5DAE0"
MUTED = "6B7785"

WIDTH = 760
BAR_X = 250
BAR_W = 420
ROW_H = 28
BAR_H = 18
TOP = 30
LABEL_CHARS = 34
LINE_H = 14
AXIS_H = 26

PLOT_LEFT = 48
PLOT_W = 540
PLOT_TOP = 16
PLOT_H = 220
TREND_H = PLOT_TOP + PLOT_H + 40


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def wrap(text: str, width: int) -> list[str]:
    """A label as lines of at most WIDTH characters, broken between words (a word longer than
    a line is broken too): long titles are wrapped, never cut."""
    return textwrap.wrap(text, width, break_long_words=True) or [""]


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _scale(values: Sequence[float | None]) -> float:
    """Top of the score axis: 1.0, or more when a capped score goes over (scoring.cap > 1)."""
    top = max([1.0] + [v for v in values if v is not None])
    return math.ceil(top * 4) / 4  # the next quarter up, for tidy ticks


def _ticks(scale: float) -> list[float]:
    return [i / 4 for i in range(int(round(scale * 4)) + 1)]


def bar_width(score: float, scale: float) -> float:
    """Pixel width of a pace-chart bar: proportional to the score on a 0..scale axis."""
    return round(max(score, 0.0) / scale * BAR_W, 2)


def pace_chart(objectives: Sequence[ScoredObjective], expected: float | None) -> str:
    """A horizontal bar per objective (its score, in its grade colour) against a vertical
    marker at the expected pace. An objective without a score gets a label, not a bar."""
    scale = _scale([o.score for o in objectives] + [expected])
    labels = [wrap(f"{o.id} {o.title}", LABEL_CHARS) for o in objectives]
    row_h = max([ROW_H, *(LINE_H * len(lines) + 6 for lines in labels)])
    height = TOP + row_h * max(len(objectives), 1) + AXIS_H
    bottom = height - AXIS_H
    parts = [
        f'<svg class="chart pace" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="Objective scores against the expected pace">',
        "<title>Objective scores against the expected pace</title>",
    ]
    for t in _ticks(scale):
        x = BAR_X + t / scale * BAR_W
        parts.append(f'<line class="grid" x1="{x:.2f}" y1="{TOP - 6}" x2="{x:.2f}" '
                     f'y2="{bottom}" stroke="#{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{x:.2f}" y="{bottom + 16}" font-size="11" fill="#{MUTED}" '
                     f'text-anchor="middle">{t:.2f}</text>')
    for i, o in enumerate(objectives):
        y = TOP + i * row_h + (row_h - BAR_H) / 2
        mid = y + BAR_H / 2 + 4
        first = mid - LINE_H * (len(labels[i]) - 1) / 2
        spans = "".join(f'<tspan x="{BAR_X - 8}" y="{first + j * LINE_H:.1f}">{_e(line)}</tspan>'
                        for j, line in enumerate(labels[i]))
        parts.append(f'<text class="label" font-size="12" fill="#{INK}" '
                     f'text-anchor="end">{spans}</text>')
        if o.score is None:
            parts.append(f'<text x="{BAR_X + 4}" y="{mid:.1f}" font-size="11" '
                         f'fill="#{MUTED}">no score</text>')
            continue
        g = grade(o.score)
        w = bar_width(o.score, scale)
        parts.append(
            f'<rect class="bar grade-{g}" data-objective="{_e(o.id)}" data-score="{o.score:.4f}" '
            f'x="{BAR_X}" y="{y:.1f}" width="{w}" height="{BAR_H}" fill="#{GRADE_FILLS[g]}" '
            f'stroke="#{GRADE_STROKES[g]}" stroke-width="1">'
            f"<title>{_e(o.id)}: {o.score:.2f}</title></rect>"
        )
        parts.append(f'<text x="{BAR_X + w + 6:.2f}" y="{mid:.1f}" font-size="11" '
                     f'fill="#{INK}">{o.score:.2f}</text>')
    if expected is not None:
        x = BAR_X + max(expected, 0.0) / scale * BAR_W
        parts.append(f'<line class="expected" x1="{x:.2f}" y1="{TOP - 8}" x2="{x:.2f}" '
                     f'y2="{bottom}" stroke="#{INK}" stroke-width="2" stroke-dasharray="5 3"/>')
        parts.append(f'<text x="{x:.2f}" y="{TOP - 12}" font-size="11" fill="#{INK}" '
                     f'text-anchor="middle">expected {expected:.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def trend_chart(
    overall: Sequence[tuple[dt.date, float]],
    by_objective: Mapping[str, Sequence[tuple[dt.date, float]]],
    cycle: Cycle | None = None,
) -> str:
    """A line of the overall score over time (one marker per date), a thinner line per objective
    (when there are few enough), and the expected pace as a dashed line; "" under two dates."""
    dates = sorted({d for d, _ in overall})
    if len(dates) < 2:
        return ""
    lines = dict(by_objective) if len(by_objective) <= MAX_OBJECTIVE_LINES else {}
    values = [v for _, v in overall] + [v for pts in lines.values() for _, v in pts]
    scale = _scale(values)
    d0, span = dates[0], (dates[-1] - dates[0]).days

    def xy(day: dt.date, value: float) -> tuple[float, float]:
        x = PLOT_LEFT + (day - d0).days / span * PLOT_W
        y = PLOT_TOP + PLOT_H - max(value, 0.0) / scale * PLOT_H
        return round(x, 2), round(y, 2)

    def polyline(points: Sequence[tuple[dt.date, float]]) -> str:
        return " ".join("{},{}".format(*xy(d, v)) for d, v in sorted(points))

    parts = [
        f'<svg class="chart trend" width="{WIDTH}" '
        f'height="{TREND_H}" viewBox="0 0 {WIDTH} {TREND_H}" role="img" '
        f'aria-label="Overall score over time">',
        "<title>Overall score over time</title>",
    ]
    for t in _ticks(scale):
        _, y = xy(d0, t)
        parts.append(f'<line class="grid" x1="{PLOT_LEFT}" y1="{y}" x2="{PLOT_LEFT + PLOT_W}" '
                     f'y2="{y}" stroke="#{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{PLOT_LEFT - 6}" y="{y + 4}" font-size="11" fill="#{MUTED}" '
                     f'text-anchor="end">{t:.2f}</text>')
    for day in _date_labels(dates):
        x, _ = xy(day, 0.0)
        parts.append(f'<text x="{x}" y="{PLOT_TOP + PLOT_H + 18}" font-size="11" '
                     f'fill="#{MUTED}" text-anchor="middle">{day.isoformat()}</text>')
    if cycle is not None:
        pace = [(d, elapsed(cycle, d)) for d in _pace_dates(dates, cycle)]
        parts.append(f'<polyline class="expected" points="{polyline(pace)}" fill="none" '
                     f'stroke="#{MUTED}" stroke-width="1.5" stroke-dasharray="5 3"/>')
    legend: list[tuple[str, str, str]] = [(INK, "Overall", "")]
    if cycle is not None:
        legend.append((MUTED, "Expected pace", "5 3"))
    for i, (oid, pts) in enumerate(lines.items()):
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        legend.append((colour, oid, ""))
        if len(pts) >= 2:
            parts.append(f'<polyline class="line objective" data-objective="{_e(oid)}" '
                         f'points="{polyline(pts)}" fill="none" stroke="#{colour}" '
                         f'stroke-width="1.5"/>')
    parts.append(f'<polyline class="line overall" points="{polyline(overall)}" fill="none" '
                 f'stroke="#{INK}" stroke-width="3"/>')
    for day, value in sorted(overall):
        x, y = xy(day, value)
        g = grade(value)
        parts.append(f'<circle class="point overall grade-{g}" data-date="{day.isoformat()}" '
                     f'data-score="{value:.4f}" cx="{x}" cy="{y}" r="5" '
                     f'fill="#{GRADE_FILLS[g]}" stroke="#{INK}" stroke-width="2">'
                     f"<title>{day.isoformat()}: {value:.2f}</title></circle>")
    parts.extend(_legend(legend))
    parts.append("</svg>")
    return "".join(parts)


def _date_labels(dates: Sequence[dt.date], most: int = 6) -> list[dt.date]:
    """At most `most` evenly spread dates, first and last included, so labels never collide."""
    if len(dates) <= most:
        return list(dates)
    step = (len(dates) - 1) / (most - 1)
    return [dates[round(i * step)] for i in range(most)]


def _pace_dates(dates: Sequence[dt.date], cycle: Cycle) -> list[dt.date]:
    # The pace is linear inside the cycle and flat outside, so these points draw it exactly.
    inside = [d for d in (cycle.start, cycle.end) if dates[0] < d < dates[-1]]
    return sorted({dates[0], dates[-1], *inside})


def _legend(items: Sequence[tuple[str, str, str]]) -> list[str]:
    x = PLOT_LEFT + PLOT_W + 24
    out = []
    for i, (colour, label, dash) in enumerate(items):
        y = PLOT_TOP + 8 + i * 20
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x}" y1="{y}" x2="{x + 22}" y2="{y}" stroke="#{colour}" '
                   f'stroke-width="3"{dash_attr}/>')
        out.append(f'<text x="{x + 28}" y="{y + 4}" font-size="11" fill="#{INK}">'
                   f"{_e(_clip(label, 18))}</text>")
    return out
