"""Scorecards + score history → one self-contained HTML page of tables and SVG charts; pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from sheetsync.models import Kind, Scorecard, ScoredKeyResult
from sheetsync.publish.charts_svg import pace_chart, trend_chart
from sheetsync.score.history import HistoryPoint, objective_scores_by_date, overall_by_date
from sheetsync.score.scoring import grade
from sheetsync.write.kinds_summary import kind_text
from sheetsync.write.summary_changes import changes
from sheetsync.write.summary_tables import headline, owner_rows
from sheetsync.write.writeplan import GRADE_FILLS, STATUS_FILLS

CURRENCY_SYMBOLS = ("$", "€", "£", "¥")

# default-src 'none' makes the browser refuse any fetch at all, so the page provably opens offline.
CSP = "default-src 'none'; style-src 'unsafe-inline'"

CSS = """
body { font-family: "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif;
       color: #1F2933; margin: 24px; font-size: 14px; line-height: 1.4; }
main { max-width: 1100px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 2px solid #1F2933; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 24px 0 6px; }
h4 { font-size: 14px; margin: 16px 0 4px; }
table { border-collapse: collapse; margin: 4px 0 12px; }
th, td { border: 1px solid #C9D1D9; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #EEF1F4; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.status, td.date { white-space: nowrap; }
p.headline { font-size: 16px; font-weight: 600; margin: 4px 0 8px; }
td.text { min-width: 16em; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 8px 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.badge { padding: 1px 8px; border-radius: 3px; font-weight: 600; }
.muted { color: #6B7785; }
tr.sev-error td:first-child { color: #A61C00; font-weight: 600; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 4px 0 12px;
            font-family: inherit; }
nav ul { margin: 4px 0; }
@media print { body { margin: 0; } section.source { break-before: page; } }
""" + "".join(
    f".grade-{g} {{ background: #{fill}; }}\n" for g, fill in GRADE_FILLS.items()
) + "".join(
    f".status-{s.lower().replace(' ', '-')} {{ background: #{fill}; }}\n"
    for s, fill in STATUS_FILLS.items()
)


@dataclass(frozen=True)
class Cell:
    """A table cell: its text (escaped on output), an optional grade colour and a kind."""

    text: str
    grade: str | None = None
    kind: str = ""
    """"num" (right-aligned), "status" or "date" (kept on one line), or "" for plain text."""
    fill: str | None = None
    """RRGGBB background: a status cell's colour, by its status."""


def status_class(status: str) -> str:
    """'On track' → 'status-on-track': the class (and colour) of a status cell."""
    return "status-" + status.lower().replace(" ", "-")


def _status_cell(status: str) -> Cell:
    return Cell(status, kind="status", fill=STATUS_FILLS.get(status))


def render_html(
    scorecards: Sequence[tuple[str, Scorecard]], history: Sequence[HistoryPoint] | None = None,
    *, per_source: Sequence[Sequence[HistoryPoint]] | None = None,
) -> str:
    """The whole report: one section per (source name, scorecard), in the order given.

    `history` holds the score history of every source of the run; each section keeps the points
    of its own objectives. `per_source` instead gives each section its own points, for sources
    whose objective ids repeat (team workbooks that all have an O1). No script, no external
    reference: the page opens offline."""
    points = list(history or [])
    title = "OKR report"
    if scorecards:
        first = scorecards[0][1]
        title = f"OKR report: {first.cycle.name}, as of {first.as_of.isoformat()}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{CSS}</style></head><body><main>",
        f"<h1>{_e(title)}</h1>",
    ]
    if len(scorecards) > 1:
        out.append("<nav><ul>")
        for i, (name, _) in enumerate(scorecards, 1):
            out.append(f'<li><a href="#source-{i}">{_e(name)}</a></li>')
        out.append("</ul></nav>")
    if not scorecards:
        out.append('<p class="muted">No sources.</p>')
    for i, (name, sc) in enumerate(scorecards, 1):
        out.append(_section(i, name, sc, list(per_source[i - 1]) if per_source else points))
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def _section(index: int, name: str, sc: Scorecard, points: list[HistoryPoint]) -> str:
    s = sc.summary
    out = [f'<section class="source" id="source-{index}">', f"<h2>{_e(name)}</h2>",
           f'<p class="headline">{_e(headline(sc))}</p>', _facts(sc)]
    if sc.objectives:
        out.append("<h3>Scores against the expected pace</h3>")
        out.append(pace_chart(sc.objectives, s.expected))
    trend = _trend(sc, points)
    if trend:
        out.append("<h3>Trend</h3>")
        out.append(trend)
    out.append("<h3>Objectives</h3>")
    out.append(_table(
        "objectives",
        ["ID", "Title", "Owner", "Type", "KRs", "Score", "Status", "Aligned score"],
        [[Cell(o.id), Cell(o.title, kind="text"), Cell(o.owner or ""), Cell(o.type.value),
          Cell(str(o.kr_count), kind="num"), _score_cell(o.score),
          _status_cell(o.status.value), _score_cell(o.aligned_score)]
         for o in sc.objectives],
    ))
    out.append(_key_results(sc))
    out.extend(_owners(sc))
    out.extend(_changes(sc, points))
    if s.by_team:
        out.append("<h3>By team</h3>")
        out.append(_table(
            "by-team", ["Team", "Objectives", "KRs", "Score"],
            [[Cell(g.name), Cell(str(g.objectives), kind="num"),
              Cell(str(g.key_results), kind="num"), _score_cell(g.score)] for g in s.by_team],
        ))
    if s.status_counts:
        out.append("<h3>Key results by status</h3>")
        counts = [[_status_cell(k), Cell(str(v), kind="num")] for k, v in s.status_counts.items()]
        out.append(_table("status-counts", ["Status", "Key results"], counts))
    out.extend(_stale(sc))
    if sc.as_of > sc.cycle.end and sc.key_results:
        from sheetsync.publish.grading_html import grading_html
        from sheetsync.score.grading import grade_cycle

        out.append(grading_html(grade_cycle(sc, history=points)))
    out.extend(_problems(sc))
    out.append("</section>")
    return "\n".join(out)


def _facts(sc: Scorecard) -> str:
    c, s = sc.cycle, sc.summary
    return "".join([
        '<dl class="facts">',
        f"<dt>Cycle</dt><dd>{_e(c.name)} ({c.start.isoformat()} to {c.end.isoformat()})</dd>",
        f"<dt>As of</dt><dd>{sc.as_of.isoformat()}</dd>",
        f'<dt>Overall score</dt><dd class="overall">{_badge(s.overall_score)}</dd>',
        f"<dt>Expected pace</dt><dd>{_score(s.expected)}</dd>",
        f"<dt>Objectives / key results</dt><dd>{len(sc.objectives)} / {len(sc.key_results)}</dd>",
        "</dl>",
    ])


def _owners(sc: Scorecard) -> list[str]:
    rows = owner_rows(sc)
    if not rows:
        return []
    return ["<h3>By owner (key results)</h3>", _table(
        "by-owner", ["Owner", "KRs", "On track", "At risk", "Off track", "Stale", "Score"],
        [[Cell(r.name), *(Cell(str(n), kind="num") for n in (
            r.krs, r.on_track, r.at_risk, r.off_track, r.stale)), _score_cell(r.score)]
         for r in rows])]


def _changes(sc: Scorecard, points: list[HistoryPoint]) -> list[str]:
    day, found = changes(sc, points)
    title = (f"What changed since the last sync ({day.isoformat()})" if day is not None
             else "What changed (first sync: the check-ins of the last week)")
    if not found:
        return [f"<h3>{_e(title)}</h3>", '<p class="muted">Nothing.</p>']

    def shown(v: object, what: str) -> Cell:
        if isinstance(v, dt.date):
            return Cell(v.isoformat(), kind="date")
        if isinstance(v, float):
            return Cell(_score(v) if what == "Score" else _number(v), kind="num")
        if isinstance(v, str) and v in STATUS_FILLS:
            return _status_cell(v)
        return Cell("" if v is None else str(v))

    rows = [[Cell(c.kr_id), Cell(c.what), shown(c.before, c.what), shown(c.now, c.what),
             Cell(c.note or "", kind="text")] for c in found]
    return [f"<h3>{_e(title)}</h3>",
            _table("changes", ["KR", "Change", "Before", "Now", "Note"], rows)]


def _stale(sc: Scorecard) -> list[str]:
    stale = [kr for kr in sc.key_results if kr.stale]
    if not stale:
        return ["<h3>Stale key results (0)</h3>", '<p class="muted">None.</p>']
    rows = [[Cell(k.id), Cell(k.title, kind="text"), Cell(k.owner or ""),
             Cell(k.last_checkin.isoformat() if k.last_checkin else "never", kind="date")]
            for k in stale]
    return [f"<h3>Stale key results ({len(stale)})</h3>",
            _table("stale", ["ID", "Title", "Owner", "Last check-in"], rows)]


def _problems(sc: Scorecard) -> list[str]:
    if not sc.problems:
        return ["<h3>Problems (0)</h3>", '<p class="muted">None.</p>']
    rows = [f'<tr class="sev-{_e(p.severity)}"><td>{_e(p.severity)}</td><td>{_e(p.where)}'
            f"</td><td>{_e(p.message)}</td></tr>" for p in sc.problems]
    return [f"<h3>Problems ({len(sc.problems)})</h3>",
            '<table class="problems"><thead><tr><th>Severity</th><th>Where</th>'
            f'<th>Message</th></tr></thead><tbody>{"".join(rows)}</tbody></table>']


def _trend(sc: Scorecard, points: list[HistoryPoint]) -> str:
    if not points:
        return ""
    by_date = objective_scores_by_date(points, sc)
    by_objective: dict[str, list[tuple[dt.date, float]]] = {}
    for o in sc.objectives:
        series = [(day, scores[o.id]) for day, scores in by_date.items() if o.id in scores]
        if series:
            by_objective[o.id] = series
    return trend_chart(overall_by_date(points, sc), by_objective, sc.cycle)


KR_HEADERS = ["ID", "Title", "Owner", "Baseline", "Target", "Current", "Progress", "Score",
              "Status", "Confidence", "Last check-in", "Projected", "Kind",
              "Threshold / zone", "Person's score", "Latest note"]


def _key_results(sc: Scorecard) -> str:
    """One KR table under a heading per objective, then KRs whose objective is unknown."""
    groups: list[tuple[str, list[ScoredKeyResult]]] = []
    known: set[str] = set()
    for o in sc.objectives:
        known.add(o.id)
        groups.append((f"{o.id} · {o.title}", [k for k in sc.key_results
                                               if k.objective_id == o.id]))
    orphans = [k for k in sc.key_results if k.objective_id not in known]
    if orphans:
        groups.append(("Key results without a known objective", orphans))
    notes: dict[str, str] = {}
    for c in sorted(sc.checkins, key=lambda c: c.date):
        if c.note:
            notes[c.kr_id] = f"{c.date.isoformat()}: {c.note}"
    out = ["<h3>Key results</h3>"]
    for heading, krs in groups:
        out.append(f"<h4>{_e(heading)}</h4>")
        if not krs:
            out.append('<p class="muted">No key results.</p>')
            continue
        out.append(_table("key-results", KR_HEADERS, [_kr_row(k, notes) for k in krs]))
    return "\n".join(out)


def _kr_row(k: ScoredKeyResult, notes: dict[str, str]) -> list[Cell]:
    """A KR's cells, its latest check-in note (with its date) last."""
    return [
        Cell(k.id), Cell(k.title, kind="text"), Cell(k.owner or ""),
        Cell(_value(k, k.baseline), kind="num"), Cell(_value(k, k.target), kind="num"),
        Cell(_value(k, k.current), kind="num"), Cell(_percent(k.progress), kind="num"),
        _score_cell(k.score), _status_cell(k.status.value),
        Cell(_percent(k.confidence), kind="num"),
        Cell(k.last_checkin.isoformat() if k.last_checkin else "", kind="date"),
        Cell(_score(k.projected), kind="num"), Cell(k.kind.value), Cell(kind_text(k)),
        Cell(_score(k.person_score), kind="num"), Cell(notes.get(k.id, ""), kind="text"),
    ]


def _table(cls: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(_td(c) for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _td(c: Cell) -> str:
    classes = [n for n in (c.kind, f"grade-{c.grade}" if c.grade else "") if n]
    if c.kind == "status" and c.fill:
        classes.append(status_class(c.text))
    attrs = f' class="{" ".join(classes)}"' if classes else ""
    # The inline colour as well as the class: some mail clients drop <style> blocks.
    fill = c.fill or (GRADE_FILLS[c.grade] if c.grade else None)
    if fill:
        attrs += f' style="background:#{fill}"'
    return f"<td{attrs}>{_e(c.text)}</td>"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _grade(score: float | None) -> str | None:
    return None if score is None else grade(score)


def _score(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


def _score_cell(x: float | None) -> Cell:
    return Cell(_score(x), _grade(x), "num")


def _badge(x: float | None) -> str:
    if x is None:
        return '<span class="muted">no score</span>'
    g = grade(x)
    return (f'<span class="badge grade-{g}" style="background:#{GRADE_FILLS[g]}">'
            f"{x:.2f}</span>")


def _percent(x: float | None) -> str:
    return "" if x is None else f"{x * 100:.0f}%"


def _number(x: float) -> str:
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _value(k: ScoredKeyResult, x: float | None) -> str:
    """A baseline/target/current value as the sheet's owner would write it."""
    if x is None:
        return ""
    if k.kind in (Kind.boolean, Kind.milestone):
        return "done" if x >= 1 else "not done"
    if k.kind == Kind.percent or (k.unit == "%" and k.kind == Kind.threshold):
        return _number(round(x * 100, 2)) + "%"
    text = _number(x)
    unit = (k.unit or "").strip()
    if not unit:
        return text
    return f"{unit}{text}" if unit in CURRENCY_SYMBOLS else f"{text} {unit}"
