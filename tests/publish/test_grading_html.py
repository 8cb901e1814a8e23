"""The HTML report's grading section: shown for a cycle past its end only."""

from __future__ import annotations

import datetime as dt

import pytest
from rhythm_books import CYCLE_END, MONDAY, rhythm_book

from sheetsync.config import Config
from sheetsync.pipeline import score_book
from sheetsync.publish.html_report import render_html

Q4 = Config.model_validate({"cycle": {"name": "2026-Q4"}})


@pytest.mark.parametrize(("as_of", "shown"), [
    pytest.param(CYCLE_END + dt.timedelta(days=1), True, id="the day after the end is graded"),
    pytest.param(MONDAY, False, id="a running cycle is not graded"),
])
def test_grading_section(as_of: dt.date, shown: bool) -> None:
    sc = score_book(rhythm_book(), Q4, as_of).scorecard
    page = render_html([("team.xlsx", sc)])
    assert ("<h3>Grading of 2026-Q4 (final scores)</h3>" in page) is shown
    if shown:
        assert "<dt>Committed key results hit</dt><dd>0 of 2</dd>" in page
        assert "<td>owner</td><td>Ann Lee</td><td>over-reach</td>" in page
