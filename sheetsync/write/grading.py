"""The grading section of the summary tab (SPEC §10): rows for a cycle past its end; pure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sheetsync.score.grading import SWEET_SPOT, Grading
from sheetsync.write.cellcompare import FLOAT_DIGITS

if TYPE_CHECKING:
    from sheetsync.write.summary import TabBuilder


def rounded(x: float | None) -> float | None:
    return None if x is None else round(x, FLOAT_DIGITS)


def add_grading(b: TabBuilder, g: Grading) -> None:
    """Grading rows appended to a summary tab: committed hit / missed, the aspirational
    distribution against 0.7, and the owners and teams flagged (with the reason)."""
    b.blank()
    b.row(f"Grading of {g.cycle.name} (final scores)", bold=True)
    total = len(g.committed_hit) + len(g.committed_missed)
    b.row("Committed key results hit", len(g.committed_hit), f"of {total}")
    if g.committed_missed:
        b.row("Committed key results missed", bold=True)
        b.row("ID", "Title", "Owner", "Score", bold=True)
        for kr in g.committed_missed:
            r = b.row(kr.id, kr.title, kr.owner, rounded(kr.score))
            b.fill(r, 4, kr.score)
    else:
        b.row("Committed key results missed", 0)
    r = b.row("Aspirational mean score", rounded(g.aspirational_mean),
              f"sweet spot {SWEET_SPOT}")
    b.fill(r, 2, g.aspirational_mean)
    b.row("Aspirational scores", "Key results", bold=True)
    for label, count in g.bands:
        b.row(label, count)
    b.row("Flags", bold=True)
    if not g.flagged:
        b.row("none", "no owner or team looks sandbagged or over-reached")
        return
    b.row("Owner or team", "Name", "Flag", "Why", bold=True)
    for grp in g.flagged:
        b.row(grp.group, grp.name, grp.flag, grp.reason)
