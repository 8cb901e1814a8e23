"""A small scored company (built in code) and its score history, for the HTML report tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html.parser import HTMLParser

from sheetsync.config import Config
from sheetsync.models import (
    CheckIn,
    Cycle,
    KeyResult,
    Kind,
    Level,
    Objective,
    OKRType,
    ParsedOKRs,
    Problem,
    Scorecard,
)
from sheetsync.score.history import HistoryPoint
from sheetsync.score.rollup import build_scorecard

CYCLE = Cycle(name="2026-Q4", start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))
AS_OF = dt.date(2026, 11, 15)
HOSTILE_TITLE = "Grow <script>alert(\"x\")</script> & 'win'"
HOSTILE_MESSAGE = 'bad value <img src="http://evil.example/x.png"> in row 7'
HISTORY_DATES = [
    dt.date(2026, 10, 18),
    dt.date(2026, 10, 25),
    dt.date(2026, 11, 1),
    dt.date(2026, 11, 8),
    dt.date(2026, 11, 15),
]


def _checkin(kr_id: str, day: dt.date, value: float, confidence: float = 0.8) -> CheckIn:
    return CheckIn(kr_id=kr_id, date=day, value=value, confidence=confidence)


def sample_parsed() -> ParsedOKRs:
    """One company objective with two aligned team objectives, one more team objective, and a
    grade of each colour: O1 green, O2 yellow, O3 red."""
    objectives = [
        Objective(id="C1", title="Customers love us", owner="CEO", level=Level.company),
        Objective(
            id="O1",
            title=HOSTILE_TITLE,
            owner="Ann & Bo",
            team="R&D",
            type=OKRType.committed,
            level=Level.team,
        ),
        Objective(
            id="O2",
            title="Cut support load",
            owner="Bob",
            team="Support",
            parent_id="C1",
            level=Level.team,
        ),
        Objective(
            id="O3",
            title="Ship the mobile app",
            owner="Cy",
            team="Mobile",
            parent_id="C1",
            level=Level.team,
        ),
    ]
    krs = [
        KeyResult(
            id="O1.KR1",
            objective_id="O1",
            title="Signups <b>per</b> week",
            owner="Ann",
            baseline=0,
            target=100,
            unit="users",
        ),
        KeyResult(
            id="O1.KR2",
            objective_id="O1",
            title="Churn",
            owner="Bo",
            kind=Kind.percent,
            baseline=0.10,
            target=0.02,
        ),
        KeyResult(
            id="O2.KR1",
            objective_id="O2",
            title="Tickets per customer",
            owner="Bob",
            baseline=10,
            target=0,
            weight=2,
        ),
        KeyResult(
            id="O2.KR2",
            objective_id="O2",
            title="Self-serve answers",
            owner="Bob",
            baseline=0,
            target=50,
            current=20,
        ),
        KeyResult(
            id="O3.KR1",
            objective_id="O3",
            title="App in the store",
            owner="Cy",
            kind=Kind.milestone,
            baseline=0,
            target=1,
        ),
        KeyResult(
            id="O3.KR2",
            objective_id="O3",
            title="Beta testers",
            owner="Cy",
            baseline=0,
            target=200,
            unit="$",
        ),
    ]
    checkins = [
        _checkin("O1.KR1", dt.date(2026, 10, 20), 40),
        _checkin("O1.KR1", dt.date(2026, 11, 10), 90),
        _checkin("O1.KR2", dt.date(2026, 11, 12), 0.036),
        _checkin("O2.KR1", dt.date(2026, 11, 9), 4),
        _checkin("O3.KR1", dt.date(2026, 11, 14), 0),
        _checkin("O3.KR2", dt.date(2026, 10, 15), 50, confidence=0.3),  # stale by as-of
    ]
    problems = [
        Problem(
            severity="warning", sheet="OKRs", cell="H7", column="Target", message=HOSTILE_MESSAGE
        )
    ]
    return ParsedOKRs(
        cycle=CYCLE, objectives=objectives, key_results=krs, checkins=checkins, problems=problems
    )


def sample_scorecard() -> Scorecard:
    return build_scorecard(sample_parsed(), CYCLE, AS_OF, Config())


def sample_history(sc: Scorecard, dates: Iterable[dt.date] = HISTORY_DATES) -> list[HistoryPoint]:
    """Each KR climbing linearly to its score on the last date, as weekly syncs would have seen."""
    days = sorted(dates)
    out: list[HistoryPoint] = []
    for i, day in enumerate(days, 1):
        share = i / len(days)
        for kr in sc.key_results:
            score = None if kr.score is None else kr.score * share
            out.append(
                HistoryPoint(
                    as_of=day,
                    kr_id=kr.id,
                    objective_id=kr.objective_id,
                    value=kr.current,
                    score=score,
                    status=kr.status.value,
                    confidence=kr.confidence,
                )
            )
    return out


class Page(HTMLParser):
    """The parts of a rendered page the tests look at: tables, chart elements, every tag."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.tables: list[tuple[str, list[list[tuple[str, str]]]]] = []
        """(table class, rows of (cell text, cell class)); header rows included."""
        self.texts: list[str] = []
        self._cell: list[str] | None = None
        self._cell_class = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "table":
            self.tables.append((a.get("class", ""), []))
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell, self._cell_class = [], a.get("class", "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1][1][-1].append(("".join(self._cell), self._cell_class))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def elements(self, tag: str, cls: str) -> list[dict[str, str]]:
        """Attributes of every `tag` whose class list holds all the words of `cls`."""
        want = set(cls.split())
        return [a for t, a in self.tags if t == tag and want <= set(a.get("class", "").split())]

    def table_rows(self, cls: str) -> list[list[tuple[str, str]]]:
        """Body rows (header row dropped) of every table of that class, in page order."""
        return [row for c, rows in self.tables if c == cls for row in rows[1:]]
