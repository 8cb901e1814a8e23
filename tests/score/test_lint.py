"""Lint (SPEC §6): the OKR writing practices, each a warning on the cell it is about."""

from __future__ import annotations

from typing import Any

import pytest

from sheetsync.models import KeyResult, Objective, ParsedOKRs, Problem, SourceRef
from sheetsync.score.lint import is_activity, lint, several_owners


def objective(oid: str = "O1", row: int = 2, **kw: Any) -> Objective:
    fields: dict[str, Any] = {
        "id": oid,
        "title": "Become the team customers recommend",
        "owner": "Ann",
        "team": "Sales",
        "source": SourceRef(
            workbook="okrs.xlsx",
            sheet="OKRs",
            row=row,
            cells={"objective": f"A{row}", "owner": f"C{row}", "team": f"D{row}"},
        ),
    }
    fields.update(kw)
    return Objective(**fields)


def key_result(kid: str = "O1.KR1", oid: str = "O1", row: int = 3, **kw: Any) -> KeyResult:
    fields: dict[str, Any] = {
        "id": kid,
        "objective_id": oid,
        "title": "Raise NPS from 30 to 45",
        "owner": "Ann",
        "baseline": 30,
        "target": 45,
        "source": SourceRef(
            workbook="okrs.xlsx",
            sheet="OKRs",
            row=row,
            cells={"key_result": f"B{row}", "owner": f"E{row}", "baseline": f"G{row}"},
        ),
    }
    fields.update(kw)
    return KeyResult(**fields)


def krs(oid: str, n: int, first_row: int = 3, **kw: Any) -> list[KeyResult]:
    return [key_result(f"{oid}.KR{i + 1}", oid, first_row + i, **kw) for i in range(n)]


def run(objectives: list[Objective], key_results: list[KeyResult]) -> list[Problem]:
    return lint(ParsedOKRs(objectives=objectives, key_results=key_results))


def only(problems: list[Problem], fragment: str) -> list[Problem]:
    return [p for p in problems if fragment in p.message]


def test_well_written_okrs_have_no_warnings() -> None:
    assert run([objective()], krs("O1", 3)) == []


OBJECTIVE_TEXT_CASES = [
    ("Grow revenue to 1M", True),
    ("Become #1 in EMEA", True),
    ("Win EMEA in 2026", False),
    ("Q4 2026: delight customers", False),
    ("Delight customers", False),
]


@pytest.mark.parametrize(
    ("title", "warned"),
    OBJECTIVE_TEXT_CASES,
    ids=[
        "objective with a metric is warned",
        "objective with a rank is warned",
        "objective naming the year is fine",
        "objective naming the quarter is fine",
        "objective in words is fine",
    ],
)
def test_objective_text_with_a_number(title: str, warned: bool) -> None:
    found = only(run([objective(title=title)], krs("O1", 3)), "contains a number")
    assert len(found) == int(warned)
    if warned:
        assert (found[0].sheet, found[0].cell, found[0].objective_id) == ("OKRs", "A2", "O1")


@pytest.mark.parametrize(
    ("count", "fragment"),
    [(0, None), (1, "only 1 key result"), (2, None), (5, None), (6, "6 key results")],
    ids=[
        "no KRs is left to the rollup",
        "one KR is too few",
        "two KRs is fine",
        "five KRs is fine",
        "six KRs is too many",
    ],
)
def test_number_of_krs(count: int, fragment: str | None) -> None:
    problems = run([objective()], krs("O1", count))
    about_count = only(problems, "key result")
    if fragment is None:
        assert about_count == []
    else:
        [p] = about_count
        assert fragment in p.message
        assert p.cell == "A2"


@pytest.mark.parametrize(
    ("owners", "warned_at"),
    [
        (["Ann"] * 3, None),
        (["Ann"] * 4, "C5"),
        (["Ann", "ann ", "ANN", "Ann"], "C5"),
        (["Ann", "Bob", "Ann", "Bob", "Cy"], None),
        ([None] * 4, "D5"),
    ],
    ids=[
        "three objectives for one owner is fine",
        "a fourth objective for one owner is warned on its owner cell",
        "owner names match whatever the case and spaces",
        "two owners with two objectives each is fine",
        "objectives with no owner count for their team",
    ],
)
def test_objectives_per_owner(owners: list[str | None], warned_at: str | None) -> None:
    objectives = [objective(f"O{i}", i + 2, owner=o) for i, o in enumerate(owners)]
    key_results = [k for o in objectives for k in krs(o.id, 2, 100 + 10 * int(o.id[1:]))]
    found = only(run(objectives, key_results), "objectives this cycle")
    if warned_at is None:
        assert found == []
    else:
        [p] = found
        assert p.cell == warned_at
        assert f"has {len(owners)} objectives" in p.message


@pytest.mark.parametrize(
    ("owner", "several"),
    [
        ("Ann, Bob", True),
        ("Ann & Bob", True),
        ("Ann/Bob", True),
        ("Ann and Bob", True),
        ("Ann; Bob", True),
        ("Ann", False),
        ("R&D", False),
        ("Andrea Sandford", False),
        ("Ann,", False),
    ],
    ids=[
        "comma separates two owners",
        "ampersand separates two owners",
        "slash separates two owners",
        "and separates two owners",
        "semicolon separates two owners",
        "one name is one owner",
        "R&D is one team",
        "and inside a name is not a separator",
        "a trailing comma is still one owner",
    ],
)
def test_several_owners(owner: str, several: bool) -> None:
    assert several_owners(owner) is several


@pytest.mark.parametrize(
    ("kr_owner", "objective_owner", "fragment"),
    [
        (None, "Ann", None),
        (None, None, "no owner"),
        ("  ", None, "no owner"),
        ("Ann, Bob", "Ann", "several owners"),
        ("Bob", None, None),
    ],
    ids=[
        "a KR without owner inherits its objective's owner",
        "a KR with no owner anywhere is warned",
        "a blank owner counts as none",
        "a KR owned by two people is warned",
        "a KR with its own owner is fine",
    ],
)
def test_kr_owner(kr_owner: str | None, objective_owner: str | None, fragment: str | None) -> None:
    problems = run([objective(owner=objective_owner)], krs("O1", 2, owner=kr_owner))
    about_owner = [p for p in problems if p.column == "Owner"]
    if fragment is None:
        assert about_owner == []
    else:
        assert [p.cell for p in about_owner] == ["E3", "E4"]
        assert all(fragment in p.message for p in about_owner)


ACTIVITY_CASES = [
    ("Launch the new website", True),
    ("Run customer interviews", True),
    ("Complete the onboarding revamp", True),
    ("Publish the pricing page", True),
    ("hire two senior engineers", True),
    ("Ship: mobile app", True),
    ("Launch 3 regional sites", False),
    ("Ship v2 to 40% of users", False),
    ("Raise NPS from 30 to 45", False),
    ("Reduce churn below target", False),
    ("Relaunch momentum in EMEA", False),
]


@pytest.mark.parametrize(
    ("title", "activity"),
    ACTIVITY_CASES,
    ids=[f"'{t}' {'is' if a else 'is not'} an activity" for t, a in ACTIVITY_CASES],
)
def test_activity_titles(title: str, activity: bool) -> None:
    assert is_activity(title) is activity


def test_activity_kr_is_warned_on_its_title_cell() -> None:
    key_results = [key_result(title="Launch the new website"), key_result("O1.KR2", row=4)]
    [p] = only(run([objective()], key_results), "activity")
    assert (p.cell, p.column, p.severity) == ("B3", "Key Result", "warning")


@pytest.mark.parametrize(
    ("fields", "warned"),
    [
        ({"baseline": None}, True),
        ({"baseline": 0}, False),
        ({"kind": "boolean", "baseline": None, "target": None}, False),
        ({"kind": "milestone", "baseline": None, "target": None}, False),
    ],
    ids=[
        "numeric KR with a blank baseline is warned",
        "a baseline of 0 is a baseline",
        "a boolean KR needs no baseline",
        "a milestone needs no baseline",
    ],
)
def test_missing_baseline(fields: dict[str, Any], warned: bool) -> None:
    key_results = [key_result(**fields), key_result("O1.KR2", row=4)]
    found = only(run([objective()], key_results), "no baseline")
    assert [p.cell for p in found] == (["G3"] if warned else [])


def test_every_lint_problem_is_a_warning_and_names_a_cell_when_it_can() -> None:
    bad_objective = objective(title="Grow revenue to 1M")
    bad_kr = key_result(title="Launch the site", owner="Ann & Bob", baseline=None)
    problems = run([bad_objective], [bad_kr])
    assert len(problems) == 5
    assert all(p.severity == "warning" and p.kr_id is None for p in problems)
    assert all(p.cell is not None and p.sheet == "OKRs" for p in problems)


def test_without_a_source_the_warning_names_no_cell() -> None:
    problems = run([objective(source=None)], [key_result(source=None, baseline=None)])
    assert {p.message.split(";")[0] for p in problems} == {
        "objective has only 1 key result",
        "no baseline",
    }
    assert all(p.cell is None and p.sheet is None for p in problems)
