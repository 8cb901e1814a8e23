"""What changed since the last sync, from the score history: status changes, score moves and the
check-ins (with their notes) that came in since; pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sheetsync.grid import CellValue
from sheetsync.models import Scorecard
from sheetsync.score.history import HistoryPoint
from sheetsync.write.summary_layout import TabBuilder, rounded

SCORE_MOVE = 0.05
"""A score that moved less than this since the last sync is not news."""
FIRST_SYNC_DAYS = 7
"""With no earlier sync to compare with, the check-ins of this many days count as new."""
MOST_ROWS = 100
"""Past this many changes the tab lists the first ones and a count (the history has them all)."""


@dataclass(frozen=True)
class Change:
    """One line of the section: a KR, what changed, before and now, and a note. A check-in has
    its date as `before` and its value as `now`."""

    kr_id: str
    what: str
    before: CellValue
    now: CellValue
    note: str | None = None


def last_sync(sc: Scorecard, history: Iterable[HistoryPoint]) -> tuple[dt.date | None,
                                                                      dict[str, HistoryPoint]]:
    """The latest history date before `sc.as_of` and each KR's point on it."""
    points = [p for p in history if p.as_of < sc.as_of]
    if not points:
        return None, {}
    day = max(p.as_of for p in points)
    return day, {p.kr_id: p for p in points if p.as_of == day}


def changes(sc: Scorecard, history: Iterable[HistoryPoint]) -> tuple[dt.date | None,
                                                                   list[Change]]:
    """The previous sync's date (None: this is the first) and the changes since, KR by KR."""
    day, before = last_sync(sc, history)
    since = day if day is not None else sc.as_of - dt.timedelta(days=FIRST_SYNC_DAYS)
    new_checkins: dict[str, list[Change]] = {}
    for c in sorted(sc.checkins, key=lambda c: c.date):
        if since < c.date <= sc.as_of:
            new_checkins.setdefault(c.kr_id, []).append(
                Change(c.kr_id, "Check-in", c.date, c.value, c.note))
    out: list[Change] = []
    for kr in sc.key_results:
        old = before.get(kr.id)
        if day is not None and old is None:
            out.append(Change(kr.id, "New key result", None, kr.status.value, kr.title))
        elif old is not None:
            if old.status != kr.status.value:
                out.append(Change(kr.id, "Status", old.status, kr.status.value))
            if (old.score is not None and kr.score is not None
                    and abs(kr.score - old.score) >= SCORE_MOVE):
                out.append(Change(kr.id, "Score", rounded(old.score), rounded(kr.score)))
        out.extend(new_checkins.get(kr.id, []))
    return day, out


def changes_table(b: TabBuilder, sc: Scorecard, history: Iterable[HistoryPoint]) -> None:
    """The section: a title naming the date compared with, then one row per change."""
    day, found = changes(sc, history)
    if day is None:
        title = f"What changed (first sync: check-ins of the last {FIRST_SYNC_DAYS} days)"
    else:
        title = f"What changed since the last sync ({day.isoformat()})"
    b.section(f"{title}: {len(found)}")
    if found:
        b.header("KR", "Change", "Before", "Now", "Note")
        for ch in found[:MOST_ROWS]:
            scores = (3, 4) if ch.what == "Score" else ()
            status = 4 if ch.what in ("Status", "New key result") else None
            dates = (3,) if isinstance(ch.before, dt.date) else ()
            r = b.line(ch.kr_id, ch.what, ch.before, ch.now, ch.note, scores=scores,
                       status=status, dates=dates)
            if ch.what == "Status":
                b.status_fill(r, 3, ch.before)
        if len(found) > MOST_ROWS:
            b.section(f"… and {len(found) - MOST_ROWS} more (the Score history tab has them all)")
    b.blank()
