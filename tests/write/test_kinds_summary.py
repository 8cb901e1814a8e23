"""The summary tab's words for SPEC §2b (write/kinds_summary.py) and where the rows go."""

from __future__ import annotations

from typing import Any

import pytest
from kinds_books import kr_row, score_rows

from sheetsync.models import Kind, ScoredKeyResult, Status, Zone
from sheetsync.write.kinds_summary import KINDS_COLUMNS, kind_text
from sheetsync.write.summary import build_summary


def kr(**kw: Any) -> ScoredKeyResult:
    fields: dict[str, Any] = {"id": "O1.KR1", "objective_id": "O1", "title": "CSAT",
                              "status": Status.on_track}
    fields.update(kw)
    return ScoredKeyResult(**fields)


@pytest.mark.parametrize(("fields", "text"), [
    pytest.param({"kind": Kind.threshold, "holds": True, "breaches": 0}, "holds",
                 id="a threshold that never broke holds"),
    pytest.param({"kind": Kind.threshold, "holds": True, "breaches": 1},
                 "holds (breached 1 time)", id="one breach is 1 time"),
    pytest.param({"kind": Kind.threshold, "holds": False, "breaches": 3},
                 "does not hold (breached 3 times)", id="three breaches and not holding"),
    pytest.param({"kind": Kind.threshold, "holds": None, "breaches": 0}, "not measured yet",
                 id="a threshold with no value is not measured yet"),
    pytest.param({"target": 100, "stretch": 150, "zone": Zone.target}, "target reached",
                 id="a zone KR on its target"),
    pytest.param({"target": 100, "commit": 50, "zone": Zone.fail}, "below commit",
                 id="a zone KR below its commit"),
    pytest.param({"target": 100, "stretch": 150, "zone": Zone.fail}, "below target",
                 id="a zone KR with no commit below its target"),
    pytest.param({"target": 100}, "", id="an ordinary KR shows nothing"),
    pytest.param({"kind": Kind.threshold, "status": Status.invalid}, "",
                 id="an Invalid threshold shows nothing"),
])
def test_kind_text(fields: dict[str, Any], text: str) -> None:
    assert kind_text(kr(**fields)) == text


def test_the_summary_lists_only_krs_with_a_threshold_zone_or_persons_score() -> None:
    sc = score_rows([
        kr_row("Maintain CSAT of 90%+", current="92%"),
        kr_row("Sign 10 customers", baseline=0, target=10, current=4),
        kr_row("Teams", baseline=0, commit=50, target=100, stretch=150, current=120),
        kr_row("Hire well", grade=0.8),
    ])
    rows = build_summary(sc, "OKR Summary", charts=False).rows
    start = rows.index(["Thresholds, zones and grades"])
    assert rows[start + 1] == KINDS_COLUMNS
    assert rows[start + 2:start + 6] == [
        ["O1.KR1", "Maintain CSAT of 90%+", "threshold", 1.0, "On track", "holds", None],
        ["O1.KR3", "Teams", "number", 0.82, "On track", "target reached", None],
        ["O1.KR4", "Hire well", "graded", 0.8, "On track", "", 0.8],
        [],
    ]


def test_a_summary_without_kinds_has_no_such_section() -> None:
    sc = score_rows([kr_row("Sign 10 customers", baseline=0, target=10, current=4)])
    rows = build_summary(sc, "OKR Summary", charts=False).rows
    assert ["Thresholds, zones and grades"] not in rows
