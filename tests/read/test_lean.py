"""The lean CheckIn and SourceRef builders give the models model_construct gives, in less memory."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sheetsync.models import CheckIn, SourceRef
from sheetsync.read.lean import checkin, share_fields_set, source_ref

CELLS = {"kr": "A7", "date": "B7", "value": "C7"}
DAY = dt.date(2026, 10, 5)


def _pair(confidence: float | None, note: str | None, with_source: bool
          ) -> tuple[CheckIn, CheckIn]:
    lean_src = source_ref("okrs.xlsx", "Check-ins", 7, dict(CELLS)) if with_source else None
    slow_src = SourceRef.model_construct(workbook="okrs.xlsx", sheet="Check-ins", row=7,
                                         cells=dict(CELLS)) if with_source else None
    args: dict[str, Any] = {"kr_id": "K1", "date": DAY, "value": 42.0, "confidence": confidence,
                            "note": note, "author": "Ana"}
    return checkin(**args, source=lean_src), CheckIn.model_construct(**args, source=slow_src)


@pytest.mark.parametrize(
    ("confidence", "note", "with_source"),
    [
        (0.6, "weekly update", True),
        (None, None, True),
        (0.9, None, False),
    ],
    ids=["a full check-in dumps as model_construct's does",
         "a check-in with blank confidence and note dumps the same",
         "a check-in without a source dumps the same"],
)
def test_lean_checkin_equals_model_construct(confidence: float | None, note: str | None,
                                             with_source: bool) -> None:
    lean, slow = _pair(confidence, note, with_source)
    assert lean == slow
    assert lean.model_dump_json() == slow.model_dump_json()
    assert lean.model_dump(exclude_unset=True) == slow.model_dump(exclude_unset=True)
    assert lean.model_fields_set == slow.model_fields_set


def test_assigning_a_field_of_one_lean_checkin_leaves_the_others_alone() -> None:
    first, _ = _pair(0.6, "a", True)
    second, _ = _pair(0.6, "b", True)
    first.note = "changed"
    assert (first.note, second.note) == ("changed", "b")
    assert second.model_fields_set == set(CheckIn.model_fields)


def test_a_copy_with_an_update_keeps_its_source_cells() -> None:
    lean, _ = _pair(0.3, None, True)
    moved = lean.model_copy(update={"kr_id": "Team/K1"})
    assert (moved.kr_id, lean.kr_id) == ("Team/K1", "K1")
    assert moved.source is not None and moved.source.cells == CELLS


@pytest.mark.parametrize(
    ("given", "shared"),
    [
        ({"workbook": "okrs.xlsx", "sheet": "OKRs", "row": 3, "cells": {}}, True),
        ({"sheet": "OKRs", "row": 3}, False),
    ],
    ids=["a model naming every field shares its class's fields set",
         "a model with fields left unset keeps its own set"],
)
def test_share_fields_set(given: dict[str, Any], shared: bool) -> None:
    first, second = SourceRef(**given), SourceRef(**given)
    share_fields_set(first)
    share_fields_set(second)
    assert (first.__pydantic_fields_set__ is second.__pydantic_fields_set__) is shared
    assert first.model_fields_set == set(given)
    assert first.model_dump(exclude_unset=True) == given
