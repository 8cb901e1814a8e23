"""Reading SPEC §2b from cells and text (read/krkinds.py, read/krzones.py): comparisons, threshold
words, a person's score, zone words and the zone line."""

from __future__ import annotations

import pytest

from sheetsync.grid import CellValue
from sheetsync.models import Comparison, Direction, Zone
from sheetsync.read.krkinds import (
    cell_comparison,
    is_threshold_word,
    parse_person_score,
    text_comparison,
    verb_direction,
)
from sheetsync.read.krzones import (
    runs_one_way,
    score_at,
    value_at,
    word_score,
    zone_points,
    zone_reached,
    zone_word,
)
from sheetsync.read.values import BadValue

LEAST, MOST = Comparison.at_least, Comparison.at_most


@pytest.mark.parametrize(("raw", "comparison", "rest"), [
    pytest.param("120+", LEAST, "120", id="120+ is at least 120"),
    pytest.param("≥ 40", LEAST, "40", id="≥ 40 is at least 40"),
    pytest.param(">=40", LEAST, "40", id=">=40 is at least 40"),
    pytest.param("> 90%", LEAST, "90%", id="> 90% is at least 90% (equality holds)"),
    pytest.param("at least 40", LEAST, "40", id="at least 40"),
    pytest.param("Min. 40", LEAST, "40", id="Min. 40 is at least 40"),
    pytest.param("minimum 40", LEAST, "40", id="minimum 40 is at least"),
    pytest.param("40 or more", LEAST, "40", id="40 or more is at least"),
    pytest.param("< 2%", MOST, "2%", id="< 2% is at most 2%"),
    pytest.param("≤ 2%", MOST, "2%", id="≤ 2% is at most"),
    pytest.param("no more than 5", MOST, "5", id="no more than 5 is at most"),
    pytest.param("below 5", MOST, "5", id="below 5 is at most"),
    pytest.param("5 or less", MOST, "5", id="5 or less is at most"),
    pytest.param("max 5", MOST, "5", id="max 5 is at most"),
    pytest.param("40", None, "40", id="a plain number has no comparison"),
    pytest.param(40.0, None, 40.0, id="a number cell has no comparison"),
    pytest.param("≥ 40 or less", None, "≥ 40 or less", id="both sides at once is not read"),
])
def test_cell_comparison(raw: CellValue, comparison: Comparison | None, rest: CellValue) -> None:
    assert cell_comparison(raw) == (comparison, rest)


@pytest.mark.parametrize(("text", "comparison"), [
    pytest.param("Maintain CSAT of 90%+ in onboarding conversations", LEAST, id="CSAT 90%+"),
    pytest.param("Keep monthly churn below 2%", MOST, id="churn below 2%"),
    pytest.param("Uptime ≥ 99.9%", LEAST, id="uptime ≥ 99.9%"),
    pytest.param("Keep response time under 4 hours", MOST, id="under 4 hours"),
    pytest.param("Stay above 40 NPS", LEAST, id="above 40"),
    pytest.param("Keep NPS at 40 or more", LEAST, id="40 or more"),
    pytest.param("Keep 40 NPS or more", LEAST, id="a unit between the number and or more"),
    pytest.param("Hold p95 latency at most 300 ms", MOST, id="at most 300 ms"),
    pytest.param("Maintain CSAT of 90%", None, id="no comparison word"),
    pytest.param("Keep churn below 2% and NPS above 40", None, id="two sides: none"),
])
def test_text_comparison(text: str, comparison: Comparison | None) -> None:
    assert text_comparison(text) == comparison


@pytest.mark.parametrize(("raw", "threshold"), [
    pytest.param("threshold", True, id="threshold"),
    pytest.param("Maintain", True, id="Maintain"),
    pytest.param("keep", True, id="keep"),
    pytest.param("committed", False, id="an OKR type is not a threshold"),
    pytest.param(None, False, id="a blank cell is not a threshold"),
])
def test_threshold_words(raw: CellValue, threshold: bool) -> None:
    assert is_threshold_word(raw) is threshold


@pytest.mark.parametrize(("text", "direction"), [
    pytest.param("Reduce onboarding ticket volume by 25%", Direction.decrease, id="reduce"),
    pytest.param("Grow ARR by 10%", Direction.increase, id="grow"),
    pytest.param("Move ticket volume by 25%", None, id="no verb"),
])
def test_verb_direction(text: str, direction: Direction | None) -> None:
    assert verb_direction(text) == direction


@pytest.mark.parametrize(("raw", "score"), [
    pytest.param(0.8, 0.8, id="0.8 is 0.8"),
    pytest.param("80%", 0.8, id="80% is 0.8"),
    pytest.param(80, 0.8, id="80 on the 0-100 scale is 0.8"),
    pytest.param(1, 1.0, id="1 is a full score"),
    pytest.param("120%", 1.2, id="120% is over-achievement, capped when scored"),
])
def test_a_persons_score(raw: CellValue, score: float) -> None:
    assert parse_person_score(raw) == pytest.approx(score)


@pytest.mark.parametrize("raw", [
    pytest.param(-0.2, id="a negative score"), pytest.param(500, id="500 is no score"),
    pytest.param("great", id="a word is no score"),
])
def test_a_persons_score_that_is_no_score(raw: CellValue) -> None:
    with pytest.raises(BadValue):
        parse_person_score(raw)


@pytest.mark.parametrize(("text", "zone", "with_stretch", "without_stretch"), [
    pytest.param("fail", Zone.fail, 0.0, 0.0, id="fail scores 0"),
    pytest.param("Commit", Zone.commit, 0.3, 0.3, id="commit scores 0.3"),
    pytest.param("target", Zone.target, 0.7, 1.0, id="target scores 0.7, or 1.0 with no stretch"),
    pytest.param(" STRETCH ", Zone.stretch, 1.0, 1.0, id="stretch scores 1.0"),
])
def test_zone_words(text: str, zone: Zone, with_stretch: float, without_stretch: float) -> None:
    assert zone_word(text) == zone
    assert (word_score(zone, True), word_score(zone, False)) == (with_stretch, without_stretch)


ZONE_LINE = zone_points(0.0, 50.0, 100.0, 150.0, None)


@pytest.mark.parametrize(("value", "score"), [
    pytest.param(0, 0.0, id="the baseline scores 0"),
    pytest.param(50, 0.3, id="exactly on commit scores 0.3"),
    pytest.param(75, 0.5, id="halfway from commit to target scores 0.5"),
    pytest.param(100, 0.7, id="exactly on target scores 0.7"),
    pytest.param(120, 0.82, id="120 between target and stretch scores 0.82"),
    pytest.param(150, 1.0, id="exactly on stretch scores 1.0"),
    pytest.param(200, 1.3, id="past stretch the last segment goes on"),
    pytest.param(-10, -0.06, id="below the baseline the first segment goes on"),
])
def test_score_on_the_zone_line(value: float, score: float) -> None:
    assert score_at(ZONE_LINE, value) == pytest.approx(score, abs=1e-9)
    assert value_at(ZONE_LINE, score) == pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize(("points", "one_way"), [
    pytest.param(zone_points(0, 50, 100, 150, None), True, id="upward points run one way"),
    pytest.param(zone_points(100, 80, 60, 40, None), True, id="downward points run one way"),
    pytest.param(zone_points(None, 80, 60, 40, None), True,
                 id="downward points with no baseline have no baseline point"),
    pytest.param(zone_points(0, None, 100, 80, None), False, id="stretch below target"),
    pytest.param(zone_points(0, 100, 100, None, None), False, id="commit equal to target"),
])
def test_points_run_one_way(points: list[tuple[float, float]], one_way: bool) -> None:
    assert runs_one_way(points) is one_way


@pytest.mark.parametrize(("value", "zone"), [
    pytest.param(49.99, Zone.fail, id="just below commit is fail"),
    pytest.param(50, Zone.commit, id="on commit reaches commit"),
    pytest.param(100, Zone.target, id="on target reaches target"),
    pytest.param(150, Zone.stretch, id="on stretch reaches stretch"),
])
def test_zone_reached(value: float, zone: Zone) -> None:
    assert zone_reached(ZONE_LINE, value, 50, 100, 150) == zone
