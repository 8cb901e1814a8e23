"""Scorecards built in code for the exporter tests: two teams, awkward text, a later as_of."""

from __future__ import annotations

import datetime as dt

from sheetsync.models import (
    CheckIn,
    Cycle,
    Direction,
    Kind,
    Level,
    OKRType,
    Problem,
    Scorecard,
    ScoredKeyResult,
    ScoredObjective,
    SourceRef,
    Status,
)

Q3 = Cycle(name="2025-Q3", start=dt.date(2025, 7, 1), end=dt.date(2025, 9, 30))
Q4 = Cycle(name="2025-Q4", start=dt.date(2025, 10, 1), end=dt.date(2025, 12, 31))
HYPERLINK = '=HYPERLINK("http://example.invalid/x","click me")'


def _ref(row: int, sheet: str = "OKRs") -> SourceRef:
    return SourceRef(workbook="growth.xlsx", sheet=sheet, row=row)


def scorecard(
    as_of: dt.date = dt.date(2025, 8, 15), cycle: Cycle = Q3, gain: float = 0.0
) -> Scorecard:
    """A scorecard whose KR values move up by `gain` (a later check-in) and scores follow."""
    objectives = [
        ScoredObjective(id="O1", title="Grow revenue in the DACH market", owner="Ann",
                        team="Growth", level=Level.company, type=OKRType.committed,
                        score=0.3 + gain, status=Status.off_track, kr_count=2, grade="red",
                        source=_ref(2)),
        ScoredObjective(id="O2", title=HYPERLINK, owner="@bob", team="Platform",
                        level=Level.team, score=0.55 + gain, status=Status.at_risk,
                        aligned_score=0.2, kr_count=2, grade="yellow", source=_ref(6)),
        ScoredObjective(id="O3", title="Café-Umsatz „verdoppeln“", owner="Chloé", team="Growth",
                        parent_id="O1", score=None, status=Status.invalid, kr_count=1,
                        source=_ref(9)),
    ]  # fmt: skip
    key_results = [
        ScoredKeyResult(id="O1.KR1", objective_id="O1", title="NPS from -3 to 20", owner="Ann",
                        kind=Kind.number, baseline=-3.0, target=20.0, current=1.0 + 10 * gain,
                        direction=Direction.increase, progress=(4.0 + 10 * gain) / 23,
                        score=(4.0 + 10 * gain) / 23, status=Status.off_track, confidence=0.3,
                        last_checkin=dt.date(2025, 8, 1), checkins=2, delta=-1.5,
                        stale=True, projected=0.41, grade="red", source=_ref(3)),
        ScoredKeyResult(id="O1.KR2", objective_id="O1", title="-10% churn", owner="+Dan",
                        kind=Kind.percent, baseline=0.12, target=0.10, current=0.115,
                        direction=Direction.decrease, weight=2.0, progress=0.25 + gain,
                        score=0.25 + gain, status=Status.at_risk, confidence=0.65,
                        due=dt.date(2025, 9, 30), unit="%", source=_ref(4)),
        ScoredKeyResult(id="O2.KR1", objective_id="O2", title="Ship the billing API", owner="Bob",
                        kind=Kind.milestone, current=1.0, progress=1.0, score=1.0,
                        status=Status.done, checkins=1, last_checkin=dt.date(2025, 8, 10),
                        source=_ref(7)),
        ScoredKeyResult(id="O2.KR2", objective_id="O2", title="\tp95 latency under 300 ms",
                        kind=Kind.number, baseline=800.0, target=300.0, current=700.0 - 100 * gain,
                        progress=0.2 + gain / 5, score=0.2 + gain / 5, status=Status.off_track,
                        source=_ref(8)),
        ScoredKeyResult(id="O3.KR1", objective_id="O3", title="Umsatz 1,2 Mio. €",
                        kind=Kind.currency, baseline=5.0, target=5.0, status=Status.invalid,
                        problems=["target equals baseline: nothing to measure"], source=_ref(10)),
    ]  # fmt: skip
    checkins = [
        CheckIn(kr_id="O1.KR1", date=dt.date(2025, 7, 15), value=2.5, confidence=0.5,
                note="first read", author="Ann", source=_ref(2, "Check-ins")),
        CheckIn(kr_id="O1.KR1", date=dt.date(2025, 8, 1), value=1.0, confidence=0.3,
                note="=1+1 is not a formula", author="Ann", source=_ref(3, "Check-ins")),
        CheckIn(kr_id="O1.KR1", date=dt.date(2025, 8, 1), value=1.0, note="same day, later row",
                source=_ref(4, "Check-ins")),
        CheckIn(kr_id="O2.KR1", date=dt.date(2025, 8, 10), value=1.0, author="Bob",
                source=_ref(5, "Check-ins")),
    ]  # fmt: skip
    if gain:
        checkins.append(
            CheckIn(kr_id="O1.KR1", date=as_of, value=1.0 + 10 * gain, source=_ref(6, "Check-ins"))
        )
    problems = [
        Problem(severity="error", sheet="OKRs", cell="F10", column="Target",
                message="target equals baseline: nothing to measure", workbook="growth.xlsx",
                kr_id="O3.KR1"),
        Problem(severity="warning", sheet="OKRs", cell="B9", column="Objective",
                message="-objective text contains no number? fine", objective_id="O3"),
    ]  # fmt: skip
    return Scorecard(
        as_of=as_of,
        cycle=cycle,
        objectives=objectives,
        key_results=key_results,
        checkins=checkins,
        problems=problems,
    )


def other_team(as_of: dt.date = dt.date(2025, 8, 15)) -> Scorecard:
    """A second workbook whose ids collide with the first one's (ids are only unique per source)."""
    return Scorecard(
        as_of=as_of,
        cycle=Q3,
        objectives=[
            ScoredObjective(id="O1", title="Hire the support team", owner="Eve", team="Support",
                            type=OKRType.learning, score=0.1, status=Status.off_track,
                            kr_count=1, grade="red")
        ],
        key_results=[
            ScoredKeyResult(id="O1.KR1", objective_id="O1", title="Hire 4 agents", owner="Eve",
                            baseline=0.0, target=4.0, current=0.4, progress=0.1, score=0.1,
                            status=Status.off_track, confidence=0.8)
        ],
    )  # fmt: skip
