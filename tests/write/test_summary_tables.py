"""The summary tab's tables, headline, what-changed section, formats, colours and widths."""

from __future__ import annotations

import datetime as dt

import pytest

from sheetsync.models import (
    CheckIn,
    Cycle,
    Scorecard,
    ScoredKeyResult,
    ScoredObjective,
    Status,
    Summary,
)
from sheetsync.score.history import HistoryPoint
from sheetsync.write.summary import build_summary
from sheetsync.write.summary_changes import MOST_ROWS, SCORE_MOVE, changes
from sheetsync.write.summary_layout import SCORE_FORMAT, shown_width
from sheetsync.write.summary_tables import OWNER_COLUMNS, headline, owner_rows
from sheetsync.write.writeplan import HEADER_FILL, STATUS_FILLS

AS_OF = dt.date(2026, 11, 15)
BEFORE = dt.date(2026, 11, 8)
CYCLE = Cycle(name="2026-Q4", start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))


def kr(i: int, status: Status, score: float | None, owner: str | None = None,
       stale: bool = False, objective: str = "O1") -> ScoredKeyResult:
    return ScoredKeyResult(id=f"{objective}.KR{i}", objective_id=objective, title=f"KR {i}",
                           owner=owner, status=status, score=score, stale=stale)


def scorecard(krs: list[ScoredKeyResult], checkins: list[CheckIn] | None = None) -> Scorecard:
    objectives = [ScoredObjective(id="O1", title="Grow", owner="Lead", score=0.5,
                                  status=Status.at_risk, kr_count=len(krs))]
    counts = {s.value: sum(k.status == s for k in krs) for s in Status}
    return Scorecard(as_of=AS_OF, cycle=CYCLE, objectives=objectives, key_results=krs,
                     checkins=checkins or [],
                     summary=Summary(overall_score=0.3653, expected=0.4945,
                                     status_counts=counts))


TEAM = [kr(1, Status.on_track, 0.7, "Ann"), kr(2, Status.done, 1.0, "Ann"),
        kr(3, Status.off_track, 0.1, "Bo", stale=True), kr(4, Status.at_risk, 0.4),
        kr(5, Status.missed, 0.0, "Cy", stale=True)]


def test_the_headline_counts_done_as_on_track_and_says_score_pace_and_stale() -> None:
    assert headline(scorecard(TEAM)) == (
        "2 of 5 key results on track; score 0.37 against an expected pace of 0.49; 2 stale")


def test_by_owner_lists_key_result_owners_worst_first() -> None:
    rows = owner_rows(scorecard(TEAM))
    assert [(r.name, r.krs, r.on_track, r.at_risk, r.off_track, r.stale) for r in rows] == [
        ("Bo", 1, 0, 0, 1, 1), ("Cy", 1, 0, 0, 1, 1), ("Ann", 2, 2, 0, 0, 0),
        ("Lead", 1, 0, 1, 0, 0)]
    assert rows[2].score == pytest.approx(0.85)


def test_by_owner_is_a_table_of_its_own_on_the_tab() -> None:
    tab = build_summary(scorecard(TEAM), "OKR Summary", charts=False)
    header = tab.rows.index(OWNER_COLUMNS)
    assert tab.rows[header - 1] == ["By owner (key results)"]
    assert [tab.fills[(header + 1, c)] for c in range(1, len(OWNER_COLUMNS) + 1)] == [
        HEADER_FILL] * len(OWNER_COLUMNS)


def point(kr_id: str, score: float | None, status: str, day: dt.date = BEFORE) -> HistoryPoint:
    return HistoryPoint(day, kr_id, "O1", None, score, status, None)


@pytest.mark.parametrize(("history", "checkins", "expected"), [
    ([point("O1.KR1", 0.7, "At risk")], [], [("O1.KR1", "Status", "At risk", "On track")]),
    ([point("O1.KR1", 0.7 - SCORE_MOVE, "On track")], [],
     [("O1.KR1", "Score", 0.65, 0.7)]),
    ([point("O1.KR1", 0.7 - SCORE_MOVE / 2, "On track")], [], []),
    ([point("O9.KR9", 0.1, "On track")], [], [("O1.KR1", "New key result", None, "On track")]),
    ([point("O1.KR1", 0.7, "On track")],
     [CheckIn(kr_id="O1.KR1", date=BEFORE, value=3), CheckIn(kr_id="O1.KR1",
                                                             date=AS_OF, value=5, note="up")],
     [("O1.KR1", "Check-in", AS_OF, 5.0)]),
    ([], [CheckIn(kr_id="O1.KR1", date=AS_OF - dt.timedelta(days=3), value=5),
          CheckIn(kr_id="O1.KR1", date=AS_OF - dt.timedelta(days=30), value=2)],
     [("O1.KR1", "Check-in", AS_OF - dt.timedelta(days=3), 5.0)]),
], ids=["a status change", "a score move of the threshold", "a smaller move is not news",
        "a key result the last sync did not have", "a check-in since the last sync, not before",
        "the first sync lists the check-ins of the last week"])
def test_what_changed_since_the_last_sync(history: list[HistoryPoint], checkins: list[CheckIn],
                                          expected: list[tuple[object, ...]]) -> None:
    sc = scorecard([kr(1, Status.on_track, 0.7, "Ann")], checkins)
    _, found = changes(sc, history)
    assert [(c.kr_id, c.what, c.before, c.now) for c in found] == expected


def test_today_s_history_rows_are_not_the_last_sync() -> None:
    sc = scorecard([kr(1, Status.on_track, 0.7, "Ann")])
    day, found = changes(sc, [point("O1.KR1", 0.1, "Off track"),
                              point("O1.KR1", 0.7, "On track", AS_OF)])
    assert day == BEFORE and [c.what for c in found] == ["Status", "Score"]


def test_a_long_list_of_changes_is_cut_with_a_count() -> None:
    krs = [kr(i, Status.on_track, 0.7) for i in range(MOST_ROWS + 5)]
    history = [point(k.id, 0.7, "Off track") for k in krs]
    tab = build_summary(scorecard(krs), "OKR Summary", history=history, charts=False)
    assert ["… and 5 more (the Score history tab has them all)"] in tab.rows


def test_status_cells_are_filled_by_status_and_scores_formatted() -> None:
    tab = build_summary(scorecard(TEAM), "OKR Summary", charts=False)
    statuses = {(r, c): v for r, row in enumerate(tab.rows, 1) for c, v in enumerate(row, 1)
                if isinstance(v, str) and v in STATUS_FILLS
                and tab.fills.get((r, c)) != HEADER_FILL}  # "On track" heads a By owner column
    assert statuses
    for (r, c), status in statuses.items():
        assert tab.fills.get((r, c)) == STATUS_FILLS[status], (r, c, status)
    overall = next(r for r, row in enumerate(tab.rows, 1) if row and row[0] == "Overall score")
    assert tab.number_formats[(overall, 2)] == SCORE_FORMAT


def test_every_number_fits_its_column() -> None:
    tab = build_summary(scorecard(TEAM), "OKR Summary", history=[point("O1.KR1", 0.1, "x")])
    for r, row in enumerate(tab.rows, 1):
        for c, v in enumerate(row, 1):
            if isinstance(v, int | float | dt.date) and not isinstance(v, bool):
                assert tab.widths[c - 1] >= shown_width(v, tab.number_formats.get((r, c))), \
                    (r, c, v)
    assert tab.frozen_rows == 2 and tab.landscape


def test_headers_of_number_columns_align_right_like_their_numbers() -> None:
    tab = build_summary(scorecard(TEAM), "OKR Summary", charts=False)
    header = tab.rows.index(OWNER_COLUMNS) + 1
    right = {OWNER_COLUMNS[c - 1] for (r, c) in tab.right if r == header}
    assert right == set(OWNER_COLUMNS) - {"Owner"}
