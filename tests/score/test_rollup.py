"""Check-in rollup, objective rollup, alignment and summary (SPEC §3, §5): build_scorecard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.config import Config
from sheetsync.models import (
    CheckIn,
    Cycle,
    KeyResult,
    Objective,
    ParsedOKRs,
    Problem,
    Scorecard,
    ScoredKeyResult,
    ScoredObjective,
    SourceRef,
    Status,
)
from sheetsync.score.alignment import worst_status
from sheetsync.score.checkins import least_squares_at
from sheetsync.score.rollup import build_scorecard

START = dt.date(2026, 1, 1)
CYCLE = Cycle(name="test", start=START, end=START + dt.timedelta(days=90))
MID = START + dt.timedelta(days=45)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def src(row: int, sheet: str = "OKRs", workbook: str = "okrs.xlsx", **cells: str) -> SourceRef:
    return SourceRef(workbook=workbook, sheet=sheet, row=row, cells=cells)


def objective(oid: str, row: int = 2, **kw: Any) -> Objective:
    fields: dict[str, Any] = {
        "id": oid,
        "title": "Delight customers",
        "owner": "Ann",
        "type": "committed",
        "source": src(row, objective=f"A{row}", parent=f"E{row}"),
    }
    fields.update(kw)
    return Objective(**fields)


def key_result(kid: str, oid: str = "O1", row: int = 3, **kw: Any) -> KeyResult:
    fields: dict[str, Any] = {
        "id": kid,
        "objective_id": oid,
        "title": "Grow weekly active teams to 100",
        "owner": "Ann",
        "baseline": 0,
        "target": 100,
        "source": src(
            row, key_result=f"B{row}", baseline=f"G{row}", target=f"H{row}", current=f"I{row}"
        ),
    }
    fields.update(kw)
    return KeyResult(**fields)


def checkin(kid: str, n: int, value: float, confidence: float | None = None) -> CheckIn:
    return CheckIn(kr_id=kid, date=day(n), value=value, confidence=confidence)


def score(
    objectives: list[Objective],
    krs: list[KeyResult],
    checkins: list[CheckIn] | None = None,
    problems: list[Problem] | None = None,
    as_of: dt.date = MID,
    **config: Any,
) -> Scorecard:
    parsed = ParsedOKRs(
        cycle=CYCLE,
        objectives=objectives,
        key_results=krs,
        checkins=checkins or [],
        problems=problems or [],
    )
    return build_scorecard(parsed, CYCLE, as_of, Config.model_validate(config))


def one_kr(
    kr: KeyResult, checkins: list[CheckIn], as_of: dt.date = MID, **config: Any
) -> ScoredKeyResult:
    card = score([objective("O1")], [kr], checkins, as_of=as_of, **config)
    [scored] = card.key_results
    return scored


def obj(card: Scorecard, oid: str) -> ScoredObjective:
    return next(o for o in card.objectives if o.id == oid)


# --- check-in rollup -------------------------------------------------------------------------

LATEST_CASES = [
    ([(40, 40), (20, 20), (30, 30)], 40, 40, 3, 10),
    ([(40, 40), (40, 45)], 45, 40, 2, 5),
    ([(40, 45), (40, 40)], 40, 40, 2, -5),
    ([(10, 25)], 25, 10, 1, None),
]
LATEST_IDS = [
    "the latest date wins whatever the row order",
    "on the same date the later row wins",
    "on the same date an earlier higher value loses",
    "one check-in has no delta",
]


@pytest.mark.parametrize(
    ("points", "current", "last", "count", "delta"), LATEST_CASES, ids=LATEST_IDS
)
def test_latest_checkin_gives_current_and_delta(
    points: list[tuple[int, float]], current: float, last: int, count: int, delta: float | None
) -> None:
    kr = one_kr(key_result("K1", current=None), [checkin("K1", n, v) for n, v in points])
    assert kr.current == current
    assert kr.last_checkin == day(last)
    assert kr.checkins == count
    assert kr.delta == (pytest.approx(delta) if delta is not None else None)
    assert kr.score == pytest.approx(current / 100, abs=1e-6)


@pytest.mark.parametrize(
    ("row_confidence", "checkin_confidence", "expected"),
    [(0.9, 0.5, 0.5), (0.9, None, 0.9), (None, None, None)],
    ids=[
        "the check-in's confidence wins over the row's",
        "a check-in without confidence keeps the row's",
        "no confidence anywhere stays unknown",
    ],
)
def test_confidence_from_the_latest_checkin(
    row_confidence: float | None, checkin_confidence: float | None, expected: float | None
) -> None:
    kr = one_kr(
        key_result("K1", confidence=row_confidence),
        [checkin("K1", 10, 20, 0.2), checkin("K1", 40, 50, checkin_confidence)],
    )
    assert kr.confidence == expected


def test_row_current_that_disagrees_with_the_checkin_is_a_warning_on_the_current_cell() -> None:
    card = score([objective("O1")], [key_result("K1", row=7, current=30)], [checkin("K1", 40, 45)])
    [kr] = card.key_results
    assert kr.current == 45
    [warning] = [p for p in card.problems if p.cell == "I7"]
    assert warning.severity == "warning"
    assert (warning.sheet, warning.column, warning.kr_id) == ("OKRs", "Current", None)
    assert "30" in warning.message and "45" in warning.message
    assert "check-in wins" in warning.message
    assert warning.message in kr.problems
    assert kr.status != Status.invalid


def test_row_current_that_agrees_with_the_checkin_is_no_problem() -> None:
    card = score([objective("O1")], [key_result("K1", current=45)], [checkin("K1", 40, 45)])
    assert [p for p in card.problems if p.column == "Current"] == []


def test_row_current_alone_is_used_without_checkins() -> None:
    kr = one_kr(key_result("K1", current=45), [])
    assert (kr.current, kr.checkins, kr.last_checkin, kr.delta) == (45, 0, None, None)
    assert kr.score == pytest.approx(0.45, abs=1e-6)


STALE_CASES = [
    ([31], 14, False),
    ([30], 14, True),
    ([], 14, True),
    ([10, 38], 7, False),
    ([10, 37], 7, True),
    ([50], 14, True),
]
STALE_IDS = [
    "a check-in exactly 14 days old is fresh",
    "a check-in 15 days old is stale",
    "a KR with no check-in at all is stale",
    "with a 7-day window 7 days old is fresh",
    "with a 7-day window 8 days old is stale",
    "a check-in dated after as_of is left out so the KR is stale",
]


@pytest.mark.parametrize(("days", "window", "stale"), STALE_CASES, ids=STALE_IDS)
def test_stale(days: list[int], window: int, stale: bool) -> None:
    card = score(
        [objective("O1")],
        [key_result("K1")],
        [checkin("K1", n, 10) for n in days],
        checkin={"stale_after_days": window},
    )
    assert card.key_results[0].stale is stale
    assert card.summary.stale_krs == (["K1"] if stale else [])


def test_least_squares_matches_a_hand_computed_line() -> None:
    # Through (0, 0), (30, 20), (60, 50): mean (30, 70/3), slope 1500/1800, at 90: 220/3.
    assert least_squares_at([(0, 0), (30, 20), (60, 50)], 90) == pytest.approx(220 / 3, abs=1e-6)


def test_least_squares_with_all_points_on_one_day_is_their_mean() -> None:
    assert least_squares_at([(0, 0), (0, 30)], 90) == pytest.approx(15, abs=1e-6)


PROJECTION_CASES = [
    ({}, [(30, 20), (60, 50)], {}, 11 / 15),
    ({"baseline": 10, "target": 3}, [(30, 8), (60, 6)], {}, 6 / 7),
    ({}, [(30, 60)], {}, 1.0),
    ({}, [(30, 60)], {"scoring": {"cap": 1.2}}, 1.2),
    ({}, [(45, 57.5)], {"scoring": {"cap": 1.2}}, 1.15),
    ({"baseline": 10, "target": 3}, [(30, 12), (60, 14)], {}, 0.0),
    ({"baseline": None}, [(45, 40)], {}, 0.8),
    ({"kind": "boolean", "baseline": None, "target": None}, [(30, 1.0)], {}, 1.0),
    ({"kind": "milestone", "baseline": None, "target": None}, [(30, 1.0), (60, 0.0)], {}, 0.0),
    ({}, [], {}, None),
]
PROJECTION_IDS = [
    "rising metric projects the least-squares line at the cycle end",
    "falling metric on a straight line projects 4 of target 3 from 10",
    "a steep trend is clamped to the cap of 1.0",
    "a steep trend is clamped to a cap of 1.2",
    "cap 1.2 leaves a projection of 1.15 alone",
    "a metric moving the wrong way projects 0",
    "a blank baseline starts the line at 0",
    "a boolean projects its latest check-in",
    "a milestone undone again projects 0",
    "no check-in projects nothing",
]


@pytest.mark.parametrize(
    ("fields", "points", "config", "projected"), PROJECTION_CASES, ids=PROJECTION_IDS
)
def test_projection(
    fields: dict[str, Any],
    points: list[tuple[int, float]],
    config: dict[str, Any],
    projected: float | None,
) -> None:
    kr = one_kr(key_result("K1", **fields), [checkin("K1", n, v) for n, v in points],
                as_of=day(61), **config)
    if projected is None:
        assert kr.projected is None
    else:
        assert kr.projected == pytest.approx(projected, abs=1e-6)


def test_parse_error_on_a_kr_makes_it_invalid_and_scored_as_missing() -> None:
    bad = Problem(
        severity="error",
        sheet="OKRs",
        cell="H4",
        message="'tbd' is not a number",
        kr_id="K2",
        workbook="okrs.xlsx",
    )
    card = score(
        [objective("O1")],
        [key_result("K1", current=90), key_result("K2", row=4, current=90)],
        problems=[bad],
    )
    k1, k2 = card.key_results
    assert (k2.status, k2.score, k2.progress, k2.projected) == (Status.invalid, 0.0, None, None)
    assert k2.problems == ["'tbd' is not a number"]
    assert k1.status != Status.invalid
    assert obj(card, "O1").score == pytest.approx(0.45, abs=1e-6)
    assert obj(card, "O1").status == Status.invalid


def test_a_warning_naming_a_kr_does_not_invalidate_it() -> None:
    note = Problem(severity="warning", sheet="OKRs", cell="C3", message="odd unit", kr_id="K1")
    kr = score([objective("O1")], [key_result("K1", current=50)], problems=[note]).key_results[0]
    assert kr.status == Status.on_track


def test_target_equal_to_baseline_counts_at_zero_in_its_objective() -> None:
    card = score(
        [objective("O1")],
        [key_result("K1", current=90), key_result("K2", row=4, baseline=5, target=5, current=5)],
    )
    k2 = card.key_results[1]
    assert (k2.status, k2.score, k2.progress) == (Status.invalid, 0.0, None)
    assert k2.problems == ["target equals baseline: nothing to measure"]
    [err] = [p for p in card.problems if p.severity == "error"]
    assert (err.cell, err.kr_id) == ("H4", "K2")
    assert obj(card, "O1").score == pytest.approx(0.45, abs=1e-6)


def test_lint_warnings_on_a_kr_row_are_listed_on_the_kr() -> None:
    card = score([objective("O1")], [key_result("K1", baseline=None, current=50)])
    [kr] = card.key_results
    assert any("no baseline" in m for m in kr.problems)
    assert any(p.cell == "G3" and "no baseline" in p.message for p in card.problems)


# --- objective rollup ------------------------------------------------------------------------


def test_objective_score_is_the_weighted_mean_of_its_krs() -> None:
    card = score(
        [objective("O1")],
        [key_result("K1", weight=2, current=50), key_result("K2", row=4, current=80)],
    )
    o1 = obj(card, "O1")
    assert o1.score == pytest.approx((2 * 0.5 + 0.8) / 3, abs=1e-6)
    assert (o1.kr_count, o1.grade, o1.aligned_score) == (2, "yellow", None)


def test_not_started_krs_count_at_zero_in_the_score_but_not_in_the_status() -> None:
    card = score([objective("O1")], [key_result("K1", current=50), key_result("K2", row=4)])
    o1 = obj(card, "O1")
    assert o1.score == pytest.approx(0.25, abs=1e-6)
    assert o1.status == Status.on_track


WORST_CASES = [
    ([Status.on_track, Status.at_risk], Status.at_risk),
    ([Status.done, Status.on_track], Status.on_track),
    ([Status.done, Status.done], Status.done),
    ([Status.at_risk, Status.off_track, Status.on_track], Status.off_track),
    ([Status.off_track, Status.missed], Status.missed),
    ([Status.missed, Status.invalid], Status.invalid),
    ([Status.not_started, Status.not_started], Status.not_started),
    ([Status.not_started, Status.done], Status.done),
    ([], Status.not_started),
]
WORST_IDS = [
    "at risk beats on track",
    "on track beats done",
    "all done is done",
    "off track beats at risk",
    "missed beats off track",
    "invalid beats everything",
    "all not started is not started",
    "not started is ignored beside a done KR",
    "nothing at all is not started",
]


@pytest.mark.parametrize(("statuses", "worst"), WORST_CASES, ids=WORST_IDS)
def test_objective_status_is_the_worst_of_its_krs(statuses: list[Status], worst: Status) -> None:
    assert worst_status(statuses) == worst


def test_objective_with_only_aligned_children_takes_their_mean() -> None:
    card = score(
        [objective("O1"), objective("O2", 3, parent_id="O1"), objective("O3", 6, parent_id="O1")],
        [key_result("K2", "O2", 4, current=35), key_result("K3", "O3", 7, current=85)],
    )
    o1 = obj(card, "O1")
    assert o1.score == pytest.approx(0.6, abs=1e-6)
    assert o1.aligned_score == pytest.approx(0.6, abs=1e-6)
    assert o1.kr_count == 0
    assert o1.status == Status.at_risk  # K2 at 0.35 against 0.5 expected
    assert card.summary.overall_score == pytest.approx(0.6, abs=1e-6)


def test_objective_scores_roll_up_through_several_levels() -> None:
    card = score(
        [objective("C1"), objective("T1", 3, parent_id="C1"), objective("I1", 4, parent_id="T1")],
        [key_result("K1", "I1", 5, current=30)],
    )
    assert obj(card, "C1").score == pytest.approx(0.3, abs=1e-6)
    assert obj(card, "T1").score == pytest.approx(0.3, abs=1e-6)


def test_objective_with_krs_keeps_its_own_score_and_shows_its_childrens_apart() -> None:
    card = score(
        [objective("O1"), objective("O2", 4, parent_id="O1"), objective("O3", 6, parent_id="O1")],
        [
            key_result("K1", "O1", 3, current=50),
            key_result("K2", "O2", 5, current=20),
            key_result("K3", "O3", 7, current=40),
        ],
    )
    o1 = obj(card, "O1")
    assert o1.score == pytest.approx(0.5, abs=1e-6)
    assert o1.aligned_score == pytest.approx(0.3, abs=1e-6)


def test_objective_with_neither_krs_nor_children_has_no_score_and_a_warning() -> None:
    card = score([objective("O1"), objective("O2", 5)], [key_result("K1", current=50)])
    o2 = obj(card, "O2")
    assert (o2.score, o2.grade, o2.status) == (None, None, Status.not_started)
    [warning] = [p for p in card.problems if p.objective_id == "O2" and p.cell == "A5"]
    assert warning.severity == "warning"
    assert "nothing to score" in warning.message
    assert card.summary.overall_score == pytest.approx(0.5, abs=1e-6)


def test_alignment_spans_sources() -> None:
    team = objective("T1", 2, parent_id="C1", source=src(2, "Team", "team.xlsx", parent="D2"))
    team_kr = key_result("T1.KR1", "T1", 3, source=src(3, "Team", "team.xlsx"), current=70)
    card = score([objective("C1"), team], [key_result("K1", "C1", 3, current=30), team_kr])
    assert obj(card, "C1").aligned_score == pytest.approx(0.7, abs=1e-6)
    assert card.summary.overall_score == pytest.approx(0.3, abs=1e-6)
    assert not any("parent" in p.message for p in card.problems)


def test_unknown_parent_is_a_warning_on_the_parent_cell_and_the_objective_is_top_level() -> None:
    card = score(
        [objective("O1"), objective("O2", 5, parent_id="NOPE")],
        [key_result("K1", "O1", 3, current=20), key_result("K2", "O2", 6, current=60)],
    )
    [warning] = [p for p in card.problems if p.cell == "E5"]
    assert warning.severity == "warning"
    assert "NOPE" in warning.message
    assert card.summary.overall_score == pytest.approx(0.4, abs=1e-6)


LOOP_CASES = [
    ([("O1", "O2"), ("O2", "O1")], "O1", True),
    ([("O1", "O1")], "O1", False),
    ([("O4", "O1"), ("O1", "O2"), ("O2", "O3"), ("O3", "O1")], "O1", True),
    ([("O2", "O3"), ("O3", "O1"), ("O1", "O2")], "O2", True),
]
LOOP_IDS = [
    "two objectives naming each other",
    "an objective naming itself",
    "a three-loop with a tail reached from outside",
    "a loop reported at its first objective in sheet order",
]


@pytest.mark.parametrize(("edges", "head", "has_children"), LOOP_CASES, ids=LOOP_IDS)
def test_a_loop_in_the_parent_chain_is_an_error_and_is_cut(
    edges: list[tuple[str, str]], head: str, has_children: bool
) -> None:
    objectives = [objective(o, 10 * i + 2, parent_id=p) for i, (o, p) in enumerate(edges)]
    krs = [key_result(f"{o}.K", o, 10 * i + 3, current=50) for i, (o, _) in enumerate(edges)]
    card = score(objectives, krs)
    loops = [p for p in card.problems if p.severity == "error"]
    assert len(loops) == 1
    [loop] = loops
    assert loop.objective_id == head
    assert loop.cell == f"E{10 * [o for o, _ in edges].index(head) + 2}"
    assert f"'{head}'" in loop.message and "top-level" in loop.message
    # The head is cut loose: it is the one top-level objective and the others align under it.
    assert card.summary.overall_score == pytest.approx(0.5, abs=1e-6)
    assert all(o.score == pytest.approx(0.5, abs=1e-6) for o in card.objectives)
    assert (obj(card, head).aligned_score is not None) is has_children


def test_loop_without_krs_anywhere_terminates_with_no_score() -> None:
    card = score([objective("O1", parent_id="O2"), objective("O2", 5, parent_id="O1")], [])
    assert [o.score for o in card.objectives] == [None, None]
    assert card.summary.overall_score is None


# --- summary and problems --------------------------------------------------------------------


def test_summary_overall_score_groups_counts_and_expected_pace() -> None:
    objectives = [
        objective("O1", owner="Ann", team="Sales"),
        objective("O2", 5, owner="Bob", team="Sales"),
        objective("O3", 8, owner=None, team=None, parent_id="O1"),
    ]
    krs = [
        key_result("K1", "O1", 3, current=60),
        key_result("K2", "O1", 4, current=100),
        key_result("K3", "O2", 6, current=10),
        key_result("K4", "O2", 7),
        key_result("K5", "O3", 9, current=50),
    ]
    card = score(objectives, krs, [checkin("K1", 40, 60)])
    s = card.summary
    assert s.overall_score == pytest.approx((0.8 + 0.05) / 2, abs=1e-6)
    assert [(g.name, g.objectives, g.key_results) for g in s.by_owner] == [
        ("Ann", 1, 2),
        ("Bob", 1, 2),
        ("(no owner)", 1, 1),
    ]
    assert [g.score for g in s.by_owner] == pytest.approx([0.8, 0.05, 0.5], abs=1e-6)
    assert [(g.name, g.objectives) for g in s.by_team] == [("Sales", 2), ("(no team)", 1)]
    assert s.by_team[0].score == pytest.approx(0.425, abs=1e-6)
    assert s.status_counts["Done"] == 1
    assert s.status_counts["Off track"] == 1
    assert s.status_counts["Not started"] == 1
    assert s.status_counts["On track"] == 2
    assert sum(s.status_counts.values()) == 5
    assert s.stale_krs == ["K2", "K3", "K4", "K5"]
    assert s.expected == pytest.approx(0.5, abs=1e-6)
    assert s.problem_count == len(card.problems)


def test_problems_come_in_sheet_row_column_order_without_duplicates() -> None:
    def p(sheet: str | None, cell: str | None, msg: str) -> Problem:
        return Problem(
            severity="warning",
            workbook="okrs.xlsx" if sheet else None,
            sheet=sheet,
            cell=cell,
            message=msg,
        )

    given = [
        p("Check-ins", "B3", "c"),
        p("OKRs", "C5", "b3"),
        p("OKRs", "AA5", "b4"),
        p("OKRs", "B5", "b2"),
        p(None, None, "a"),
        p("OKRs", "A2", "b1"),
        p("OKRs", "B5", "b2"),
        p("OKRs", None, "b0"),
    ]
    good = objective("O1", 2, title="Delight customers")
    krs = [key_result("K1", row=3, current=50), key_result("K2", row=4, current=50)]
    card = score([good], krs, problems=given)
    assert [x.message for x in card.problems] == ["a", "b0", "b1", "b2", "b3", "b4", "c"]


def test_unknown_kr_checkin_and_orphan_kr_are_warnings() -> None:
    stray = CheckIn(kr_id="K9", date=day(10), value=3, source=src(4, "Check-ins", kr="A4"))
    orphan = key_result("K2", "O9", 5, current=50, source=src(5, objective_id="C5"))
    card = score([objective("O1")], [key_result("K1", current=50), orphan], [stray])
    by_cell = {(x.sheet, x.cell): x for x in card.problems}
    assert "unknown key result 'K9'" in by_cell[("Check-ins", "A4")].message
    assert "'O9' not found" in by_cell[("OKRs", "C5")].message
    assert card.key_results[1].score == pytest.approx(0.5, abs=1e-6)


def test_unknown_kr_checkin_already_flagged_by_parsing_is_not_repeated() -> None:
    stray = CheckIn(kr_id="K9", date=day(10), value=3, source=src(4, "Check-ins", kr="A4"))
    parsed_problem = Problem(
        severity="warning",
        workbook="okrs.xlsx",
        sheet="Check-ins",
        cell="A4",
        message="no key result K9",
    )
    card = score([objective("O1")], [key_result("K1")], [stray], problems=[parsed_problem])
    assert [x.message for x in card.problems if x.sheet == "Check-ins"] == ["no key result K9"]


def test_scorecard_keeps_the_inputs() -> None:
    cis = [checkin("K1", 10, 20)]
    card = score([objective("O1")], [key_result("K1")], cis, as_of=day(20))
    assert (card.as_of, card.cycle, card.checkins) == (day(20), CYCLE, cis)
    assert [k.id for k in card.key_results] == ["K1"]


# --- properties ------------------------------------------------------------------------------


def _loops(parents: dict[str, str | None]) -> set[frozenset[str]]:
    """Every loop of a parent map, found by walking each chain long enough to be inside one."""
    loops: set[frozenset[str]] = set()
    for start in parents:
        node: str | None = start
        for _ in range(len(parents)):
            node = parents.get(node) if node is not None else None
        if node is None or node not in parents:
            continue
        loop, cur = {node}, parents[node]
        while cur != node and cur is not None:
            loop.add(cur)
            cur = parents[cur]
        loops.add(frozenset(loop))
    return loops


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 9)), min_size=1, max_size=8))
def test_any_parent_graph_terminates_with_one_error_per_loop(picks: list[int | None]) -> None:
    # Parent 8 and 9 are ids that may not exist: unknown parents mix with loops.
    ids = [f"O{i}" for i in range(len(picks))]
    parents = {oid: (f"O{p}" if p is not None else None) for oid, p in zip(ids, picks, strict=True)}
    objectives = [objective(oid, 10 * i + 2, parent_id=parents[oid]) for i, oid in enumerate(ids)]
    krs = [key_result(f"{oid}.K", oid, 10 * i + 3, current=10 * i) for i, oid in enumerate(ids)]
    card = score(objectives, krs)
    known = {oid: p if p in parents else None for oid, p in parents.items()}
    errors = [p for p in card.problems if p.severity == "error"]
    assert len(errors) == len(_loops(known))
    assert card.summary.overall_score is not None
    assert all(o.score is not None and 0.0 <= o.score <= 1.0 for o in card.objectives)


def test_check_ins_after_as_of_are_left_out_so_an_old_as_of_reproduces_its_scores() -> None:
    import datetime as dt

    from sheetsync.config import Config
    from sheetsync.models import CheckIn, Cycle, KeyResult, Objective, ParsedOKRs
    from sheetsync.score.rollup import build_scorecard

    cycle = Cycle(name="2026-Q4", start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))
    parsed = ParsedOKRs(
        objectives=[Objective(id="O1", title="Grow")],
        key_results=[KeyResult(id="O1.KR1", objective_id="O1", title="Logos 0 to 10",
                               baseline=0, target=10)],
        checkins=[CheckIn(kr_id="O1.KR1", date=dt.date(2026, 10, 20), value=2),
                  CheckIn(kr_id="O1.KR1", date=dt.date(2026, 11, 20), value=8)],
    )
    early = build_scorecard(parsed, cycle, dt.date(2026, 11, 1), Config()).key_results[0]
    late = build_scorecard(parsed, cycle, dt.date(2026, 11, 21), Config()).key_results[0]
    assert (early.current, early.score, early.checkins) == (2, 0.2, 1)
    assert (late.current, late.score, late.checkins) == (8, 0.8, 2)
