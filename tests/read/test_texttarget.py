"""Targets written inside a key result's text: what is read, and what must not be."""

from __future__ import annotations

import pytest

from sheetsync.config import ParsingConfig
from sheetsync.models import Direction, Kind
from sheetsync.read.texttarget import NoTarget, TextTarget, read_text_target

UP, DOWN = Direction.increase, Direction.decrease
N, P, C = Kind.number, Kind.percent, Kind.currency

READ = [
    ("Increase NPS from 20% to 30%", 0.2, 0.3, P, "%", UP, "from 20% to 30%",
     "percent from and to"),
    ("Increase NPS from 20 to 45%", 0.2, 0.45, P, "%", UP, "from 20 to 45%",
     "one percent sign makes both sides percent"),
    ("Grow ARR to $800K", None, 800_000, C, "$", UP, "to $800K", "currency with a multiplier"),
    ("Reduce churn from 10 to 3", 10, 3, N, None, DOWN, "from 10 to 3", "a decreasing metric"),
    ("Cut p95 latency from 800ms to 300 ms", 800, 300, N, "ms", DOWN, "from 800ms to 300 ms",
     "units attached or apart, p95 is a name not a number"),
    ("Hold one review per Circle (a total of 9 meetings)", None, 9, N, "meetings", None,
     "9 meetings", "a total in brackets"),
    ("Hit 1,000 signups", None, 1000, N, "signups", None, "Hit 1,000 signups",
     "a thousands separator and the unit after it"),
    ("from 1.2M to 2M", 1_200_000, 2_000_000, N, None, UP, "from 1.2M to 2M",
     "millions on both sides"),
    ("Grow MRR from €1.2M to €2M", 1_200_000, 2_000_000, C, "€", UP, "from €1.2M to €2M",
     "euros"),
    ("NPS 20% → 35%", 0.2, 0.35, P, "%", UP, "20% → 35%", "an arrow between the numbers"),
    ("Achieve a 90% attendance rate from key stakeholders", None, 0.9, P, "%", None,
     "90%", "a single percentage"),
    ("KR2: Achieve a Confidence Index of 80% among the students", None, 0.8, P, "%", None,
     "80%", "a KR label before the text is not a number"),
    ("KR 1: Maintain a 4.5/5 rating on inclusivity", None, 4.5, N, "/5", None, "4.5/5",
     "a rating out of five"),
    (">75% of legacy signals plumbed into new architecture", None, 0.75, P, "%", UP, ">75%",
     "a greater-than sign"),
    ("Feedback received from at least 3 customers on muting posts", None, 3, N, "customers",
     UP, "at least 3 customers", "at least"),
    ("Respond to tickets within 24 hours", None, 24, N, "hours", DOWN, "within 24 hours",
     "within a time"),
    ("Keep the error rate below 0.5%", None, 0.005, P, "%", DOWN, "below 0.5%",
     "below a small percentage"),
    ("Secure less than 100% of the project's production budget", None, 1.0, P, "%", DOWN,
     "less than 100%", "less than"),
    ("Launch 100% of the planned Q1 actions across all 3 Circles by January 31st.", None, 1.0,
     P, "%", None, "100%", "a quarter, a scope and a date around the target"),
    ("Increase weekly actives to 12,500 by Q3 2026", None, 12_500, N, None, UP, "to 12,500",
     "a deadline quarter after the target"),
    ("Onboard 25 new customers by 2026-09-30", None, 25, N, None, None, "25",
     "an ISO deadline after the target"),
    ("Reduce cost per lead to $45", None, 45, C, "$", DOWN, "to $45", "to a price"),
    ("Reduce incidents to 2 per 1,000 deploys", None, 2, N, None, DOWN, "to 2",
     "a rate's denominator is not the target"),
    ("Create 3 \"Circles of Interest\": one for each product line", None, 3, N, None, None,
     "3", "a count before a quoted name"),
    ("Conduct 10 interviews with churned users in March 2026", None, 10, N, "interviews",
     None, "10 interviews", "a month and year after the count"),
    ("Raise revenue from 10 Billion TZS to 12 Billion TZS", 1e10, 1.2e10, C, "TZS", UP,
     "from 10 Billion TZS to 12 Billion TZS", "a currency code after the number"),
    ("Grow from -10 to 20 NPS", -10, 20, N, "NPS", UP, "from -10 to 20 NPS",
     "a negative baseline"),
    ("ارتقای سطح اتوماسیون شاخص های کهکشان به سطح ۵", None, 5, N, None, None, "۵",
     "Persian digits in right-to-left text"),
    ("Reach 85% of \u200cusers by 31/03/2026", None, 0.85, P, "%", None, "Reach 85%",
     "a d/m/y date after the target"),
]


@pytest.mark.parametrize(("text", "baseline", "target", "kind", "unit", "direction", "phrase"),
                         [pytest.param(*c[:7], id=c[7]) for c in READ])
def test_a_target_written_in_the_text_is_read(
        text: str, baseline: float | None, target: float, kind: Kind, unit: str | None,
        direction: Direction | None, phrase: str) -> None:
    found = read_text_target(text)
    assert isinstance(found, TextTarget), found
    b, t = found.values()
    assert (b, t) == (pytest.approx(baseline) if baseline is not None else None,
                      pytest.approx(target))
    assert (found.kind, found.unit, found.direction) == (kind, unit, direction)
    assert phrase in found.phrase or found.phrase.endswith(phrase), found.phrase


NOT_READ = [
    ("Launch v2", None, "a version is not a target"),
    ("Ship the new pricing page by Q3 2026", None, "a quarter is a deadline"),
    ("Deliver the roadmap by March 31st", None, "a date is a deadline"),
    ("Publish the 2026 roadmap", None, "a year is a name"),
    ("Be in the top 3 of the app store", None, "a rank is not a target"),
    ("Identify the top 3 suggestions for improvement", None, "top 3"),
    ("Make a final list of stakeholders for each of the 3 Circles", None, "a scope"),
    ("Provide 24/7 support", None, "around the clock"),
    ("Reduce p95 latency", None, "a percentile name"),
    ("KR 1: Launch the new onboarding flow", None, "only a KR label"),
    ("Hold one review meeting per month", None, "number words are not read"),
    ("Plan the work for Sprint 4 (Q2)", None, "a sprint number"),
    ("Create a simple, one-slide success story", None, "a compound adjective"),
    ("Earn a 5-star rating", None, "a number joined to a word"),
    ("Percentage of goods whose assessment is made within 24 hours", None,
     "a metric's name is not a target"),
    ("Create a document with the top 3-5 opportunities", None, "a ranked range"),
    ("Reach 3-5 enterprise customers", "'3-5' is a range", "a dashed range"),
    ("Run a short survey (3-4 questions)", "'3-4' is a range", "a range in brackets"),
    ("Sign between 10 and 20 partners", "'between 10 and 20' is a range", "between and"),
    ("Increase revenue by 20%", "'20%' is a change, not a target", "by a percentage"),
    ("10% lift in engagement on the new feed", "'10%' is a change, not a target", "a lift"),
    ("Grow signups 2x", "'2' is a change, not a target", "a multiple"),
    ("Run 3 pilots and hire 2 engineers", "the text has several numbers (3 pilots, 2 "
     "engineers)", "two counts, neither marked as the target"),
    ("Reach [X]% rate of youth expressing a desire", "'[X]%' in the text is a placeholder",
     "a placeholder percentage"),
    ("Establish [3] alliances with schools", "'[3]' in the text is a placeholder",
     "a bracketed draft number"),
    ("Increase churn from 10 to 3", "the text says increase but goes from 10 to 3",
     "a verb that contradicts the numbers"),
]


@pytest.mark.parametrize(("text", "reason"), [pytest.param(*c[:2], id=c[2]) for c in NOT_READ])
def test_text_that_states_no_target_gives_none_or_says_why(text: str, reason: str | None) -> None:
    found = read_text_target(text)
    if reason is None:
        assert found is None
    else:
        assert found == NoTarget(reason)


def test_the_config_decimal_comma_applies_to_numbers_in_the_text() -> None:
    comma = ParsingConfig(decimal_comma=True)
    found = read_text_target("Steigern von 1,5 Mio auf 2,5 Mio", comma)
    assert isinstance(found, TextTarget) and found.values() == (1_500_000, 2_500_000), \
        "German 'von … auf' with decimal commas"
    read = read_text_target("Grow from 1,5M to 2,5M", comma)
    assert isinstance(read, TextTarget) and read.values() == (1_500_000, 2_500_000)
    dotted = read_text_target("Hit 1.000 signups", comma)
    plain = read_text_target("Hit 1,000 signups")
    assert isinstance(dotted, TextTarget) and isinstance(plain, TextTarget)
    assert dotted.values() == plain.values() == (None, 1000)
