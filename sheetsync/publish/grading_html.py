"""The grading section of the HTML report (SPEC §10): a cycle past its end, as HTML; pure."""

from __future__ import annotations

from html import escape

from sheetsync.score.grading import SWEET_SPOT, Grading
from sheetsync.score.scoring import grade


def _score(x: float | None) -> str:
    if x is None:
        return '<td class="num"></td>'
    return f'<td class="num grade-{grade(x)}">{x:.2f}</td>'


def grading_html(g: Grading) -> str:
    """Committed hit / missed, the aspirational distribution against 0.7, and the flags."""
    total = len(g.committed_hit) + len(g.committed_missed)
    out = [f'<h3>Grading of {escape(g.cycle.name)} (final scores)</h3>',
           '<dl class="facts grading">',
           f"<dt>Committed key results hit</dt><dd>{len(g.committed_hit)} of {total}</dd>",
           "<dt>Aspirational mean score</dt><dd>"
           + ("" if g.aspirational_mean is None else f"{g.aspirational_mean:.2f}")
           + f" (sweet spot {SWEET_SPOT})</dd>", "</dl>"]
    if g.committed_missed:
        rows = "".join(f"<tr><td>{escape(k.id)}</td><td>{escape(k.title)}</td>"
                       f"<td>{escape(k.owner or '')}</td>{_score(k.score)}</tr>"
                       for k in g.committed_missed)
        out.append("<h4>Committed key results missed</h4><table class=\"missed\"><thead><tr>"
                   "<th>ID</th><th>Title</th><th>Owner</th><th>Score</th></tr></thead>"
                   f"<tbody>{rows}</tbody></table>")
    bands = "".join(f'<tr><td>{escape(label)}</td><td class="num">{n}</td></tr>'
                    for label, n in g.bands)
    out.append("<h4>Aspirational scores</h4><table class=\"bands\"><thead><tr><th>Score</th>"
               f"<th>Key results</th></tr></thead><tbody>{bands}</tbody></table>")
    out.append("<h4>Flags</h4>")
    if not g.flagged:
        out.append('<p class="muted">No owner or team looks sandbagged or over-reached.</p>')
    else:
        rows = "".join(f"<tr><td>{escape(f.group)}</td><td>{escape(f.name)}</td>"
                       f"<td>{escape(f.flag or '')}</td><td>{escape(f.reason)}</td></tr>"
                       for f in g.flagged)
        out.append("<table class=\"flags\"><thead><tr><th>Owner or team</th><th>Name</th>"
                   f"<th>Flag</th><th>Why</th></tr></thead><tbody>{rows}</tbody></table>")
    return "\n".join(out)
