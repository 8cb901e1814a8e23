"""Key results as teams write them (SPEC §2b), read and scored from sheet rows: thresholds,
comparisons, relative changes, commit / target / stretch zones and KRs graded by a person."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from kinds_books import AFTER_THE_END, MID_NOVEMBER, config, kr_row, score_rows

from sheetsync import pipeline
from sheetsync.backends.memory import MemoryBackend
from sheetsync.grid import Book, CellValue, Grid
from sheetsync.models import Comparison, Direction, Kind, ScoredKeyResult, Status, Zone

CYCLE_END = dt.date(2026, 12, 31)


def only_kr(rows: list[list[CellValue]], as_of: dt.date = MID_NOVEMBER,
            checkins: list[list[CellValue]] | None = None, **cfg: Any) -> ScoredKeyResult:
    sc = score_rows(rows, as_of, checkins, config(**cfg) if cfg else None)
    (kr,) = sc.key_results
    return kr


# --- thresholds ---------------------------------------------------------------------------------

THRESHOLDS = [
    # (row, as_of, kind, comparison, score, status)
    pytest.param(kr_row("Maintain CSAT of 90%+ in onboarding conversations", current="92%"),
                 MID_NOVEMBER, Comparison.at_least, 1.0, Status.on_track,
                 id="CSAT 90%+ at 92% in mid-November holds and is On track, not Done"),
    pytest.param(kr_row("Maintain CSAT of 90%+ in onboarding conversations", current="88%"),
                 MID_NOVEMBER, Comparison.at_least, 0.0, Status.off_track,
                 id="CSAT 90%+ at 88% does not hold: score 0 and Off track"),
    pytest.param(kr_row("Maintain CSAT of 90%+", current="90%"), MID_NOVEMBER,
                 Comparison.at_least, 1.0, Status.on_track,
                 id="equality holds an at-least threshold"),
    pytest.param(kr_row("Keep monthly churn below 2%", current="2%"), MID_NOVEMBER,
                 Comparison.at_most, 1.0, Status.on_track,
                 id="equality holds an at-most threshold"),
    pytest.param(kr_row("Keep monthly churn below 2%", current="2.1%"), MID_NOVEMBER,
                 Comparison.at_most, 0.0, Status.off_track,
                 id="churn just above 2 percent breaks keep below 2 percent"),
    pytest.param(kr_row("Keep churn", kind="threshold", baseline="3%", target="2%",
                        current="2.5%"), MID_NOVEMBER, Comparison.at_most, 0.5, Status.off_track,
                 id="a baseline on the failing side gives partial credit halfway there"),
    pytest.param(kr_row("Uptime", kind="maintain", target="≥ 99.9%", current="99.95%"),
                 MID_NOVEMBER, Comparison.at_least, 1.0, Status.on_track,
                 id="a Kind cell saying maintain with a target of at least 99.9 percent"),
    pytest.param(kr_row("Error budget", type="threshold", target="< 2%", current="1%"),
                 MID_NOVEMBER, Comparison.at_most, 1.0, Status.on_track,
                 id="a Type cell saying threshold with a target below 2 percent"),
    pytest.param(kr_row("Stay above 40 NPS", current=45), MID_NOVEMBER, Comparison.at_least,
                 1.0, Status.on_track, id="stay above 40 reads as at least"),
    pytest.param(kr_row("Uptime ≥ 99.9%", current="99.95%"), MID_NOVEMBER, Comparison.at_least,
                 1.0, Status.on_track, id="a metric and a comparison sign is a level to keep"),
    pytest.param(kr_row("Monthly churn < 2%", current="2.5%"), MID_NOVEMBER, Comparison.at_most,
                 0.0, Status.off_track, id="churn under 2 percent written with a sign"),
    pytest.param(kr_row("Hold 40 NPS or more", current=45), MID_NOVEMBER, Comparison.at_least,
                 1.0, Status.on_track, id="hold with a side stated is a threshold"),
    pytest.param(kr_row("Hold p95 latency", target=300, baseline=250, current=310),
                 MID_NOVEMBER, Comparison.at_least, 1.0, Status.on_track,
                 id="with no comparison a baseline below the target means at least"),
    pytest.param(kr_row("Hold p95 latency", target=300, baseline=400, current=280),
                 MID_NOVEMBER, Comparison.at_most, 1.0, Status.on_track,
                 id="with no comparison a baseline above the target means at most"),
    pytest.param(kr_row("Maintain CSAT of 90%+", current="92%"), CYCLE_END,
                 Comparison.at_least, 1.0, Status.on_track,
                 id="on the last day of the cycle a holding threshold is still On track"),
    pytest.param(kr_row("Maintain CSAT of 90%+", current="92%"), AFTER_THE_END,
                 Comparison.at_least, 1.0, Status.done,
                 id="after the cycle a threshold that held is Done"),
    pytest.param(kr_row("Maintain CSAT of 90%+", type="committed", current="88%"),
                 AFTER_THE_END, Comparison.at_least, 0.0, Status.missed,
                 id="after the cycle a committed threshold that does not hold is Missed"),
    pytest.param(kr_row("Maintain CSAT of 90%+", current="88%"), AFTER_THE_END,
                 Comparison.at_least, 0.0, Status.off_track,
                 id="after the cycle an aspirational threshold that does not hold is Off track"),
    pytest.param(kr_row("Maintain CSAT of 90%+", type="learning", current="88%"),
                 MID_NOVEMBER, Comparison.at_least, 0.0, Status.at_risk,
                 id="a learning threshold that does not hold is At risk"),
    pytest.param(kr_row("Maintain CSAT of 90%+", current="92%", confidence=0.5),
                 MID_NOVEMBER, Comparison.at_least, 1.0, Status.at_risk,
                 id="a holding threshold with confidence 0.5 is At risk"),
    pytest.param(kr_row("Maintain CSAT of 90%+"), MID_NOVEMBER, Comparison.at_least, 0.0,
                 Status.not_started, id="a threshold with no value is Not started"),
]


@pytest.mark.parametrize(("row", "as_of", "comparison", "score", "status"), THRESHOLDS)
def test_threshold(row: list[CellValue], as_of: dt.date, comparison: Comparison, score: float,
                   status: Status) -> None:
    kr = only_kr([row], as_of)
    assert kr.kind == Kind.threshold
    assert (kr.comparison, kr.status) == (comparison, status)
    assert kr.score == pytest.approx(score, abs=1e-6)
    assert kr.holds is (None if status == Status.not_started else score == 1.0)


BREACHES = [
    pytest.param([("2026-10-05", "88%"), ("2026-11-09", "92%")], 1, True, Status.on_track,
                 id="breached in October and holding now is On track with 1 breach"),
    pytest.param([("2026-10-05", "88%"), ("2026-10-19", "89%"), ("2026-11-09", "85%")], 3,
                 False, Status.off_track, id="three check-ins below is 3 breaches"),
    pytest.param([("2026-10-05", "90%"), ("2026-11-09", "95%")], 0, True, Status.on_track,
                 id="check-ins exactly on the threshold are no breach"),
    pytest.param([("2026-10-05", "92%"), ("2026-12-01", "80%")], 0, True, Status.on_track,
                 id="a check-in after as-of is not counted yet"),
]


@pytest.mark.parametrize(("checkins", "breaches", "holds", "status"), BREACHES)
def test_threshold_breaches_count_the_check_ins_that_did_not_hold(
        checkins: list[tuple[str, str]], breaches: int, holds: bool, status: Status) -> None:
    rows = [kr_row("Maintain CSAT of 90%+", current="92%")]
    kr = only_kr(rows, checkins=[["O1.KR1", d, v] for d, v in checkins])
    assert (kr.breaches, kr.holds, kr.status) == (breaches, holds, status)


@pytest.mark.parametrize("title", [
    pytest.param("Hold one monthly review meeting for each of the 3 circles",
                 id="holding one monthly meeting is an activity, not a threshold"),
    pytest.param("Hold 3 workshops with customers", id="holding 3 workshops is no threshold"),
])
def test_holding_an_event_is_not_a_threshold(title: str) -> None:
    kr = only_kr([kr_row(title, target=3, current=1)])
    assert kr.kind == Kind.number


@pytest.mark.parametrize("title", [
    pytest.param("Generate ≥ 120 qualified leads", id="a verb of doing before the sign"),
    pytest.param("Increase NPS ≥ 40", id="a verb of change before the sign"),
    pytest.param("Grow weekly active teams from 40 to 60", id="a from-to KR"),
])
def test_a_kr_about_doing_or_changing_is_not_a_threshold(title: str) -> None:
    kr = only_kr([kr_row(title, target=3, current=1)])
    assert kr.kind == Kind.number


def test_from_a_value_by_a_change_reads_the_baseline_from_the_text() -> None:
    kr = only_kr([kr_row("Reduce churn from 5% by 1 point", current="4.5%")])
    assert (kr.kind, kr.baseline, kr.target, kr.direction) == (
        Kind.percent, 0.05, pytest.approx(0.04), Direction.decrease)
    assert kr.score == pytest.approx(0.5, abs=1e-6)


def test_an_ordinary_kr_has_no_breaches_holds_or_comparison() -> None:
    kr = only_kr([kr_row("Sign 10 customers", baseline=0, target=10, current=4)])
    assert (kr.kind, kr.breaches, kr.holds, kr.comparison, kr.zone) == (
        Kind.number, None, None, None, None)


# --- comparisons in ordinary targets ------------------------------------------------------------

COMPARISONS = [
    pytest.param("Generate 120+ qualified leads", None, 0, 60, 120, Direction.increase, 0.5,
                 id="120+ in the text is a target of 120 going up"),
    pytest.param("Qualified leads", "120+", 0, 90, 120, Direction.increase, 0.75,
                 id="120+ in the Target cell is 120"),
    pytest.param("Active teams", "≥ 40", None, 30, 40, Direction.increase, 0.75,
                 id="≥ 40 in the Target cell is 40 going up"),
    pytest.param("Active teams", ">= 40", 20, 30, 40, Direction.increase, 0.5,
                 id=">= 40 in the Target cell is 40"),
    pytest.param("Active teams", "at least 40", 20, 30, 40, Direction.increase, 0.5,
                 id="at least 40 in the Target cell is 40"),
    pytest.param("Active teams", "40 or more", 20, 30, 40, Direction.increase, 0.5,
                 id="40 or more in the Target cell is 40"),
    pytest.param("Open bugs", "< 10", 30, 20, 10, Direction.decrease, 0.5,
                 id="< 10 in the Target cell is 10 going down"),
    pytest.param("Open bugs", "≤ 10", 30, 20, 10, Direction.decrease, 0.5,
                 id="≤ 10 in the Target cell is 10 going down"),
    pytest.param("Open bugs", "no more than 10", 30, 20, 10, Direction.decrease, 0.5,
                 id="no more than 10 in the Target cell is 10 going down"),
    pytest.param("Error rate", "< 2%", "4%", "3%", 0.02, Direction.decrease, 0.5,
                 id="< 2% in the Target cell of a percent KR is 0.02"),
]


@pytest.mark.parametrize(("title", "target", "baseline", "current", "read", "direction",
                          "score"), COMPARISONS)
def test_a_comparison_in_an_ordinary_target_is_a_number(
        title: str, target: str | None, baseline: CellValue, current: CellValue, read: float,
        direction: Direction, score: float) -> None:
    sc = score_rows([kr_row(title, target=target, baseline=baseline, current=current)])
    (kr,) = sc.key_results
    assert kr.kind != Kind.threshold
    assert kr.target == pytest.approx(read)
    assert (kr.direction, kr.status) == (direction, Status.on_track)
    assert kr.score == pytest.approx(score, abs=1e-6)
    assert not [p for p in sc.problems if "not a number" in p.message]


# --- relative changes ---------------------------------------------------------------------------

CHANGES = [
    pytest.param("Reduce onboarding ticket volume by 25%", None, 120, 100, 90, 2 / 3,
                 id="tickets by 25 percent from 120 is a target of 90"),
    pytest.param("Grow ARR by 10%", None, "$1M", "$1.05M", 1.1e6, 0.5,
                 id="ARR by 10 percent from 1M is a target of 1.1M"),
    pytest.param("Ticket volume", "-25%", 120, 105, 90, 0.5,
                 id="a Target cell of -25% is a change from the baseline"),
    pytest.param("Signups", "+10%", 200, 210, 220, 0.5,
                 id="a Target cell of +10% is a change from the baseline"),
    pytest.param("Increase activation by 5 points", None, "38%", "40.5%", 0.43, 0.5,
                 id="activation by 5 points from 38% is 43%"),
    pytest.param("Increase activation by 5 pp", None, "38%", "43%", 0.43, 1.0,
                 id="by 5 pp reads as points"),
    pytest.param("Increase activation by 5%", None, "38%", "39.9%", 0.399, 1.0,
                 id="activation by 5 percent from 38% is relative: 39.9%"),
    pytest.param("Reduce response time by 2 points", None, 10, 9, 8, 0.5,
                 id="points on a number KR are an amount"),
    pytest.param("Activation", "+5 pp", "38%", "43%", 0.43, 1.0,
                 id="a Target cell of +5 pp on a percent KR is 5 points"),
]


@pytest.mark.parametrize(("title", "target", "baseline", "current", "computed", "score"),
                         CHANGES)
def test_a_relative_change_computes_the_target_from_the_baseline(
        title: str, target: str | None, baseline: CellValue, current: CellValue,
        computed: float, score: float) -> None:
    kr = only_kr([kr_row(title, target=target, baseline=baseline, current=current)])
    assert kr.status != Status.invalid
    assert kr.target == pytest.approx(computed, abs=1e-9)
    assert kr.score == pytest.approx(score, abs=1e-6)


def test_by_5_percent_on_a_percent_kr_warns_that_5_points_means_43_percent() -> None:
    sc = score_rows([kr_row("Increase activation by 5%", baseline="38%", current="39%")])
    (warning,) = [p for p in sc.problems if "relative" in p.message]
    assert (warning.severity, warning.cell) == ("warning", "C2")
    assert warning.message == ("'by 5%' on a percent key result is read as a relative change: "
                               "38% → 39.9%; write 'by 5 points' for 43%")


def test_by_5_points_on_a_percent_kr_gives_no_warning() -> None:
    sc = score_rows([kr_row("Increase activation by 5 points", baseline="38%", current="39%")])
    assert not [p for p in sc.problems if "relative" in p.message]


CHANGE_PROBLEMS = [
    pytest.param(kr_row("Reduce onboarding ticket volume by 25%", current=100), "C2",
                 "a change of 25% needs a baseline", id="a change of 25% with no baseline"),
    pytest.param(kr_row("Tickets", target="-25%", current=100), "G2",
                 "a change of -25% needs a baseline", id="a -25% Target cell with no baseline"),
    pytest.param(kr_row("Move ticket volume by 25%", baseline=120, current=100), "C2",
                 "a change of 25% needs a direction: say increase or reduce, or write the sign "
                 "(+10% / -25%)", id="a change with no verb and no sign"),
]


@pytest.mark.parametrize(("row", "cell", "message"), CHANGE_PROBLEMS)
def test_a_relative_change_it_cannot_compute_is_a_problem_on_its_cell(
        row: list[CellValue], cell: str, message: str) -> None:
    sc = score_rows([row])
    (kr,) = sc.key_results
    errors = [p for p in sc.problems if p.severity == "error"]
    assert [(p.cell, p.message) for p in errors] == [(cell, message)]
    assert (kr.status, kr.score) == (Status.invalid, 0.0)


# --- zones --------------------------------------------------------------------------------------

ZONES = [
    # (baseline, commit, target, stretch, current, score, zone, status)
    pytest.param(None, None, 100, 150, 120, 0.82, Zone.target, Status.on_track,
                 id="target 100 stretch 150 current 120 scores 0.82 not Done"),
    pytest.param(0, 50, 100, 150, 50, 0.3, Zone.commit, Status.on_track,
                 id="exactly on the commit point scores 0.3"),
    pytest.param(0, 50, 100, 150, 100, 0.7, Zone.target, Status.on_track,
                 id="exactly on the target point scores 0.7 with a stretch"),
    pytest.param(0, 50, 100, 150, 150, 1.0, Zone.stretch, Status.done,
                 id="exactly on the stretch point scores 1.0 and is Done"),
    pytest.param(0, 50, 100, 150, 25, 0.15, Zone.fail, Status.at_risk,
                 id="halfway to the commit scores 0.15"),
    pytest.param(0, 50, 100, None, 100, 1.0, Zone.target, Status.done,
                 id="with a commit and no stretch the target scores 1.0"),
    pytest.param(0, 50, 100, None, 75, 0.65, Zone.commit, Status.on_track,
                 id="between commit and target without a stretch"),
    pytest.param(0, 50, 100, 150, 200, 1.0, Zone.stretch, Status.done,
                 id="past the stretch the score stops at the cap of 1.0"),
    pytest.param(100, 80, 60, 40, 70, 0.5, Zone.commit, Status.on_track,
                 id="zones that run downward from a baseline of 100"),
    pytest.param(None, 80, 60, 40, 60, 0.7, Zone.target, Status.on_track,
                 id="downward zones with no baseline"),
    pytest.param(0, 50, 100, 150, "commit", 0.3, Zone.commit, Status.on_track,
                 id="a current value written as commit scores 0.3"),
    pytest.param(0, 50, 100, 150, "target", 0.7, Zone.target, Status.on_track,
                 id="a current value written as target scores 0.7"),
    pytest.param(0, 50, 100, 150, "Stretch", 1.0, Zone.stretch, Status.done,
                 id="a current value written as Stretch scores 1.0"),
    pytest.param(0, 50, 100, 150, "fail", 0.0, Zone.fail, Status.off_track,
                 id="a current value written as fail scores 0.0"),
    pytest.param(0, None, 100, 150, "commit", 0.3, Zone.fail, Status.on_track,
                 id="commit with no commit point is the value that scores 0.3"),
    pytest.param(0, 50, None, 150, 100, 0.65, Zone.commit, Status.on_track,
                 id="commit and stretch with no target draw the line between them"),
    pytest.param(0, 50, None, 150, "stretch", 1.0, Zone.stretch, Status.done,
                 id="stretch written with no target point scores 1.0"),
]


@pytest.mark.parametrize(("baseline", "commit", "target", "stretch", "current", "score", "zone",
                          "status"), ZONES)
def test_zone(baseline: CellValue, commit: CellValue, target: CellValue, stretch: CellValue,
              current: CellValue, score: float, zone: Zone, status: Status) -> None:
    kr = only_kr([kr_row("Weekly active teams", baseline=baseline, commit=commit, target=target,
                         stretch=stretch, current=current)])
    assert kr.score == pytest.approx(score, abs=1e-6)
    assert (kr.zone, kr.status) == (zone, status)


def test_zone_cap_extends_the_last_segment() -> None:
    kr = only_kr([kr_row("Teams", baseline=0, target=100, stretch=150, current=180)],
                 scoring={"cap": 1.2})
    assert kr.score == pytest.approx(1.18, abs=1e-6)


def test_a_check_in_written_as_stretch_scores_1() -> None:
    kr = only_kr([kr_row("Teams", baseline=0, commit=50, target=100, stretch=150, current=10)],
                 checkins=[["O1.KR1", "2026-11-09", "stretch"]])
    assert (kr.current, kr.score, kr.zone) == (150, 1.0, Zone.stretch)


ZONE_PROBLEMS = [
    pytest.param(0, None, 100, 80, "H2", "stretch 80 is not above the target 100",
                 id="stretch below target is a problem on the Stretch cell"),
    pytest.param(0, 120, 100, 150, "G2", "target 100 is not above the commit 120",
                 id="commit above target is a problem"),
    pytest.param(0, 100, 100, 150, "G2", "target 100 is not above the commit 100",
                 id="commit equal to target is a problem"),
    pytest.param(100, 80, 60, 70, "H2", "stretch 70 is not below the target 60",
                 id="a downward KR whose stretch turns back up"),
]


@pytest.mark.parametrize(("baseline", "commit", "target", "stretch", "cell", "start"),
                         ZONE_PROBLEMS)
def test_points_that_do_not_run_one_way_are_a_problem_on_the_cell(
        baseline: CellValue, commit: CellValue, target: CellValue, stretch: CellValue, cell: str,
        start: str) -> None:
    sc = score_rows([kr_row("Teams", baseline=baseline, commit=commit, target=target,
                            stretch=stretch, current=90)])
    (kr,) = sc.key_results
    (error,) = [p for p in sc.problems if p.severity == "error"]
    assert error.cell == cell
    assert error.message == (f"{start}: baseline, commit, target and stretch must run one way")
    assert (kr.status, kr.score, kr.zone) == (Status.invalid, 0.0, None)


# --- graded by a person -------------------------------------------------------------------------

GRADED = [
    pytest.param(0.8, MID_NOVEMBER, 0.8, Status.on_track, id="a Score of 0.8 scores 0.8"),
    pytest.param("80%", MID_NOVEMBER, 0.8, Status.on_track, id="a Score of 80% scores 0.8"),
    pytest.param(80, MID_NOVEMBER, 0.8, Status.on_track, id="a Score of 80 scores 0.8"),
    pytest.param(1, MID_NOVEMBER, 1.0, Status.done, id="a Score of 1 is Done"),
    pytest.param("120%", MID_NOVEMBER, 1.0, Status.done, id="a Score of 120% is capped at 1"),
    pytest.param(0.05, MID_NOVEMBER, 0.05, Status.off_track,
                 id="a Score of 0.05 in mid-November is Off track on pace"),
    pytest.param(0.5, AFTER_THE_END, 0.5, Status.at_risk,
                 id="status follows pace as for any KR after the cycle"),
]


@pytest.mark.parametrize(("grade", "as_of", "score", "status"), GRADED)
def test_a_kr_with_nothing_to_measure_takes_a_persons_score(
        grade: CellValue, as_of: dt.date, score: float, status: Status) -> None:
    sc = score_rows([kr_row("Hire a great head of design", grade=grade)], as_of)
    (kr,) = sc.key_results
    assert (kr.kind, kr.status) == (Kind.graded, status)
    assert kr.score == pytest.approx(score, abs=1e-6)
    assert not [p for p in sc.problems if p.severity == "error"]


def test_a_graded_kr_in_the_kind_cell_with_no_score_is_not_started() -> None:
    kr = only_kr([kr_row("Culture", kind="graded")])
    assert (kr.kind, kr.status, kr.score) == (Kind.graded, Status.not_started, 0.0)


PERSON_SCORES = [
    pytest.param(0.78, [], id="a person's score within 0.1 of the computed one is no warning"),
    pytest.param(0.6, [], id="exactly 0.1 away is no warning"),
    pytest.param(0.55, ["the score written here (0.55) differs from the computed score (0.70) "
                        "by more than 0.1; both are shown in the summary"],
                 id="more than 0.1 away is a warning on the person's cell"),
]


@pytest.mark.parametrize(("grade", "warnings"), PERSON_SCORES)
def test_a_persons_score_on_a_measurable_kr(grade: float, warnings: list[str]) -> None:
    sc = score_rows([kr_row("Teams", baseline=0, target=100, current=70, grade=grade)])
    (kr,) = sc.key_results
    assert (kr.kind, kr.score, kr.person_score) == (Kind.number, pytest.approx(0.7), grade)
    assert [p.message for p in sc.problems if p.cell == "K2"] == warnings


@pytest.mark.parametrize(("word", "score"), [
    pytest.param("commit", 0.3, id="a KR with no numbers written as commit is graded 0.3"),
    pytest.param("target", 0.7, id="a KR with no numbers written as target is graded 0.7"),
    pytest.param("stretch", 1.0, id="a KR with no numbers written as stretch is graded 1.0"),
])
def test_zone_words_on_a_kr_with_no_numbers_grade_it(word: str, score: float) -> None:
    kr = only_kr([kr_row("Culture of writing", current=word)])
    assert (kr.kind, kr.score) == (Kind.graded, pytest.approx(score))


def test_check_ins_on_a_graded_kr_are_scores() -> None:
    kr = only_kr([kr_row("Culture of writing", grade=0.4)],
                 checkins=[["O1.KR1", "2026-11-02", "60%"], ["O1.KR1", "2026-11-09", "target"]])
    assert (kr.kind, kr.current, kr.score, kr.projected) == (Kind.graded, 0.7, 0.7, 0.7)


def test_week_columns_take_zone_words_and_count_threshold_breaches() -> None:
    header = ["Objective", "Key Result", "Baseline", "Commit", "Target", "Stretch", "W1", "W3",
              "W6"]
    rows = [header,
            ["Growth", "Weekly active teams", 0, 50, 100, 150, "fail", "commit", "target"],
            ["Growth", "Maintain CSAT of 90%+", None, None, None, None, "85%", "95%", "89%"]]
    sc = pipeline.run(MemoryBackend(Book("okrs.xlsx", [Grid("OKRs", rows)])), config(),
                      MID_NOVEMBER).scorecard
    zones, csat = sc.key_results
    assert (zones.current, zones.score, zones.zone, zones.checkins) == (
        100, pytest.approx(0.7), Zone.target, 3)
    assert (csat.kind, csat.current, csat.breaches, csat.holds, csat.status) == (
        Kind.threshold, pytest.approx(0.89), 2, False, Status.off_track)


def test_a_bare_check_in_on_a_percent_threshold_is_a_percentage() -> None:
    kr = only_kr([kr_row("Maintain CSAT of 90%+")], checkins=[["O1.KR1", "2026-11-09", 92]])
    assert (kr.current, kr.holds, kr.breaches) == (pytest.approx(0.92), True, 0)
