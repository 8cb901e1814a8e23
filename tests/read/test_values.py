"""Cell values → typed values: numbers, yes/no, dates, confidence and the OKR word lists."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.config import Config, ParsingConfig
from sheetsync.grid import CellError, CellValue
from sheetsync.models import Direction, Kind, Level, OKRType
from sheetsync.read.okrwords import parse_direction, parse_kind, parse_level, parse_type
from sheetsync.read.values import (
    BadValue,
    FormulaError,
    Number,
    as_fraction,
    clean_text,
    measure,
    parse_bool,
    parse_confidence,
    parse_date,
    parse_number,
    parse_weight,
    percent_points,
)

COMMA = ParsingConfig(decimal_comma=True)
MDY = ParsingConfig(date_order="mdy")


@pytest.mark.parametrize(
    ("raw", "parsing", "value", "percent", "currency", "unit"),
    [
        pytest.param(42, None, 42.0, False, None, None, id="an int cell passes through"),
        pytest.param(0.45, None, 0.45, False, None, None, id="a float cell passes through"),
        pytest.param("1,234.5", None, 1234.5, False, None, None, id="comma thousands, dot decimal"),
        pytest.param("1.234,5", COMMA, 1234.5, False, None, None,
                     id="dot thousands, comma decimal"),
        pytest.param("1,234", None, 1234.0, False, None, None,
                     id="a grouped comma is thousands by default"),
        pytest.param("1,234", COMMA, 1.234, False, None, None,
                     id="a comma is the decimal mark when the config says so"),
        pytest.param("1.234", COMMA, 1234.0, False, None, None,
                     id="a grouped dot is thousands under decimal comma"),
        pytest.param("1,5", None, 1.5, False, None, None,
                     id="a comma that cannot be thousands is a decimal mark"),
        pytest.param("45%", None, 0.45, True, None, None, id="45% is 0.45"),
        pytest.param("10 %", None, 0.10, True, None, None, id="a spaced percent sign"),
        pytest.param("$800K", None, 800000.0, False, "$", None, id="dollars with a K suffix"),
        pytest.param("800k", None, 800000.0, False, None, None, id="a lowercase k"),
        pytest.param("1.2M", None, 1200000.0, False, None, None, id="1.2M is 1.2 million"),
        pytest.param("€1,2 Mio", COMMA, 1200000.0, False, "€", None, id="euros in Mio"),
        pytest.param("1.234,5 €", None, 1234.5, False, "€", None, id="a euro sign after"),
        pytest.param("\u00a012 345 ", None, 12345.0, False, None, None,
                     id="non-breaking and thin spaces are ignored"),
        pytest.param("USD 5", None, 5.0, False, "USD", None, id="a currency code before"),
        pytest.param("10 Billion TZS", None, 1e10, False, "TZS", None, id="a word multiplier"),
        pytest.param("4 days", None, 4.0, False, None, "days", id="a unit word is kept as unit"),
        pytest.param("(1,234)", None, -1234.0, False, None, None, id="accounting negatives"),
        pytest.param("\u22123", None, -3.0, False, None, None, id="a unicode minus sign"),
        pytest.param("-$5", None, -5.0, False, "$", None, id="a sign before the currency"),
    ],
)
def test_numbers_read_as_people_write_them(
    raw: CellValue, parsing: ParsingConfig | None, value: float, percent: bool,
    currency: str | None, unit: str | None,
) -> None:
    n = parse_number(raw, parsing)
    assert n.value == pytest.approx(value)
    assert (n.percent, n.currency, n.unit) == (percent, currency, unit)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param("tbd", "'tbd' is not a number", id="a placeholder word"),
        pytest.param("KR 1", "'KR 1' is not a number", id="a label with a number in it"),
        pytest.param("75 (0-100)", "'75 (0-100)' is not a number", id="a range annotation"),
        pytest.param("1,2,3", "'1,2,3' is not a number", id="commas that are not groups"),
        pytest.param(True, "TRUE is a yes/no value, not a number", id="a checkbox cell"),
        pytest.param(dt.date(2026, 1, 5), "2026-01-05 is a date, not a number", id="a date cell"),
        pytest.param("  ", "the cell is blank", id="spaces only"),
    ],
)
def test_text_that_is_not_a_number_says_so(raw: CellValue, message: str) -> None:
    with pytest.raises(BadValue) as err:
        parse_number(raw)
    assert str(err.value) == message


@pytest.mark.parametrize(
    "raw",
    [pytest.param(CellError("#DIV/0!"), id="a CellError value"),
     pytest.param("#REF!", id="an error code read back as text"),
     pytest.param(" #n/a ", id="an error code in any case with spaces")],
)
def test_formula_errors_are_their_own_problem(raw: CellValue) -> None:
    with pytest.raises(FormulaError) as err:
        parse_number(raw)
    assert "formula in this cell gives #" in str(err.value)


@pytest.mark.parametrize(
    ("raws", "expected"),
    [
        pytest.param([Number(20), Number(45)], [0.2, 0.45], id="bare 20 to 45 are points"),
        pytest.param([Number(0.2), Number(0.45)], [0.2, 0.45], id="bare fractions stay"),
        pytest.param([Number(0.5), Number(2)], [0.005, 0.02],
                     id="one bare number above 1 makes every bare number points"),
        pytest.param([Number(0.2, percent=True), Number(45)], [0.2, 0.45],
                     id="a written 20% and a bare 45"),
    ],
)
def test_percent_kr_rule(raws: list[Number], expected: list[float]) -> None:
    points = percent_points(raws)
    assert [as_fraction(n, points) for n in raws] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("raw", "kind", "points", "value"),
    [
        pytest.param("45", Kind.percent, False, 0.45, id="45 in a percent KR is 45 percent"),
        pytest.param("45%", Kind.percent, False, 0.45, id="45% in a percent KR"),
        pytest.param(0.3, Kind.percent, True, 0.003, id="a KR written in points scales all"),
        pytest.param("$1.5M", Kind.currency, False, 1.5e6, id="currency keeps its amount"),
        pytest.param("done", Kind.milestone, False, 1.0, id="done is 1 for a milestone"),
        pytest.param("no", Kind.boolean, False, 0.0, id="no is 0 for a yes/no KR"),
    ],
)
def test_measure_gives_what_scoring_uses(raw: CellValue, kind: Kind, points: bool,
                                         value: float) -> None:
    assert measure(raw, kind, points) == pytest.approx(value)


@pytest.mark.parametrize(
    ("raw", "done"),
    [
        *[pytest.param(w, True, id=f"{w!r} means done") for w in
          ("yes", "True", "done", "Completed", "1", "✓", "✅", "100%")],
        *[pytest.param(w, False, id=f"{w!r} means not done") for w in
          ("no", "FALSE", "not done", "in progress", "0", "✗", "0%")],
        pytest.param(True, True, id="a ticked checkbox cell"),
        pytest.param(0, False, id="a numeric 0"),
    ],
)
def test_yes_no_words(raw: CellValue, done: bool) -> None:
    assert parse_bool(raw) is done


def test_yes_no_rejects_a_number_that_is_no_answer() -> None:
    with pytest.raises(BadValue, match=r"^'45' is not a done / not done value"):
        parse_bool("45")


@pytest.mark.parametrize(
    ("raw", "parsing", "expected"),
    [
        pytest.param(dt.date(2025, 7, 1), None, dt.date(2025, 7, 1), id="a date cell"),
        pytest.param(dt.datetime(2025, 7, 1, 9, 30), None, dt.date(2025, 7, 1),
                     id="a datetime cell keeps its day"),
        pytest.param("2025-07-01", None, dt.date(2025, 7, 1), id="ISO text"),
        pytest.param("2025-07-01T10:00:00Z", None, dt.date(2025, 7, 1), id="an ISO timestamp"),
        pytest.param("01/07/2025", None, dt.date(2025, 7, 1), id="day first by default"),
        pytest.param("01/07/2025", MDY, dt.date(2025, 1, 7), id="month first when configured"),
        pytest.param("30/09/2025", MDY, dt.date(2025, 9, 30),
                     id="the only possible reading wins over the configured order"),
        pytest.param("1.10.25", None, dt.date(2025, 10, 1), id="dots and a two-digit year"),
        pytest.param("Oct 10, 2025", None, dt.date(2025, 10, 10), id="a month name first"),
        pytest.param("10 October 2025", None, dt.date(2025, 10, 10), id="a day first"),
        pytest.param(45838, None, dt.date(2025, 6, 30), id="an Excel serial number"),
        pytest.param(45838.75, None, dt.date(2025, 6, 30), id="a serial with a time of day"),
    ],
)
def test_dates(raw: CellValue, parsing: ParsingConfig | None, expected: dt.date) -> None:
    assert parse_date(raw, parsing) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [pytest.param("31/02/2025", "'31/02/2025' is not a date", id="a day that does not exist"),
     pytest.param("next week", "'next week' is not a date (use YYYY-MM-DD or a date cell)",
                  id="words")],
)
def test_bad_dates(raw: CellValue, message: str) -> None:
    with pytest.raises(BadValue) as err:
        parse_date(raw)
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(0.7, 0.7, id="a 0-1 share"),
        pytest.param(1, 1.0, id="exactly 1 is full confidence"),
        pytest.param("70%", 0.7, id="a percent"),
        pytest.param(70, 0.7, id="a 0-100 number"),
        pytest.param(7, 0.7, id="a 1-10 number"),
        pytest.param("7/10", 0.7, id="out of ten"),
        pytest.param("High", 0.9, id="high"),
        pytest.param("medium", 0.6, id="medium"),
        pytest.param("low", 0.3, id="low"),
    ],
)
def test_confidence(raw: CellValue, expected: float) -> None:
    assert parse_confidence(raw) == pytest.approx(expected)


@pytest.mark.parametrize("raw", [pytest.param("Unknown", id="a word"),
                                 pytest.param(150, id="above 100"),
                                 pytest.param(-0.2, id="negative")])
def test_confidence_out_of_scale(raw: CellValue) -> None:
    with pytest.raises(BadValue, match="is not a confidence"):
        parse_confidence(raw)


def test_parsers_accept_the_whole_config() -> None:
    cfg = Config.model_validate({"parsing": {"decimal_comma": True}})
    assert parse_confidence("0,7", cfg) == pytest.approx(0.7)
    assert parse_number("1.234,5", cfg).value == pytest.approx(1234.5)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("increase", Direction.increase, id="increase"),
        pytest.param("should increase to", Direction.increase, id="Gtmhub's phrasing"),
        pytest.param("Reduce", Direction.decrease, id="reduce"),
        pytest.param("decrease to", Direction.decrease, id="decrease to"),
        pytest.param("lower is better", Direction.decrease, id="lower is better"),
        pytest.param("grow", Direction.increase, id="grow"),
        pytest.param("maintain", None, id="maintain leaves the direction to the numbers"),
    ],
)
def test_directions(raw: str, expected: Direction | None) -> None:
    assert parse_direction(raw) == expected


@pytest.mark.parametrize(
    ("parser", "raw", "expected"),
    [
        pytest.param(parse_type, "Committed", OKRType.committed, id="committed type"),
        pytest.param(parse_type, "roof shot", OKRType.aspirational, id="roof shot is aspirational"),
        pytest.param(parse_type, "Moonshot", OKRType.aspirational, id="moonshot is aspirational"),
        pytest.param(parse_type, "stretch", OKRType.aspirational, id="stretch is aspirational"),
        pytest.param(parse_type, "Learning OKR", OKRType.learning, id="learning"),
        pytest.param(parse_kind, "%", Kind.percent, id="a percent sign names the percent kind"),
        pytest.param(parse_kind, "Money", Kind.currency, id="money is currency"),
        pytest.param(parse_kind, "yes/no", Kind.boolean, id="yes/no is boolean"),
        pytest.param(parse_kind, "Milestone", Kind.milestone, id="milestone"),
        pytest.param(parse_level, "Company", Level.company, id="company level"),
        pytest.param(parse_level, "department", Level.team, id="a department is a team"),
        pytest.param(parse_level, "personal", Level.individual, id="personal is individual"),
    ],
)
def test_word_lists(parser: object, raw: str, expected: object) -> None:
    assert parser(raw) == expected  # type: ignore[operator]


@pytest.mark.parametrize(
    ("parser", "raw", "message"),
    [
        pytest.param(parse_type, "should increase to",
                     "'should increase to' is not an OKR type (committed, aspirational or "
                     "learning)", id="a direction is no type"),
        pytest.param(parse_kind, "blue",
                     "'blue' is not a kind (number, percent, currency, boolean, milestone, "
                     "threshold or graded)",
                     id="an unknown kind"),
        pytest.param(parse_level, "outcome",
                     "'outcome' is not a level (company, team or individual)", id="unknown level"),
        pytest.param(parse_direction, "sideways",
                     "'sideways' is not a direction (increase or decrease)",
                     id="unknown direction"),
        pytest.param(parse_weight, 0, "weight must be greater than 0 (got 0)", id="zero weight"),
    ],
)
def test_word_list_messages(parser: object, raw: CellValue, message: str) -> None:
    with pytest.raises(BadValue) as err:
        parser(raw)  # type: ignore[operator]
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("  Ann \u00a0", "Ann", id="outer spaces and NBSP go"),
        pytest.param("\u200bAnn", "Ann", id="a zero-width space at the edge goes"),
        pytest.param(5.0, "5", id="a whole float reads as an integer"),
        pytest.param(dt.datetime(2026, 1, 2), "2026-01-02", id="a midnight datetime is a date"),
        pytest.param("   ", None, id="spaces only are blank"),
        pytest.param(CellError("#REF!"), None, id="an error is no text"),
    ],
)
def test_clean_text(raw: CellValue, expected: str | None) -> None:
    assert clean_text(raw) == expected


CELLS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
    st.dates(), st.sampled_from(["#DIV/0!", "45%", "$1.2M", "1.234,5", "W3", "high", "done"]),
)


@settings(max_examples=300, deadline=None)
@given(value=CELLS, comma=st.booleans())
def test_any_cell_parses_or_raises_bad_value_only(value: CellValue, comma: bool) -> None:
    parsing = ParsingConfig(decimal_comma=comma)
    for parser in (parse_number, parse_bool, parse_date, parse_confidence, parse_weight):
        try:
            parser(value, parsing)
        except BadValue as e:
            assert str(e)
    for word_parser in (parse_kind, parse_type, parse_level, parse_direction):
        try:
            word_parser(value)
        except BadValue as e:
            assert str(e)
