"""Checked values → CheckIn and SourceRef models built lean: no validation, one shared fields set.

A 50,000-row check-in tab makes 100,000 of these models. pydantic's model_construct gives each
its own set of the fields it was given (216 bytes) and grows a dict field by field (512 bytes);
here every instance gets its dict presized in one step and shares one set naming all its
fields. Sharing is safe: pydantic only ever adds a field name to that set (on assignment), and
every name is in it already; model_copy copies it. The models behave and dump exactly as ones
built by model_construct with every field given (docs/benchmarks.md, "Peak memory").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TypeVar

from pydantic import BaseModel

from sheetsync.models import CheckIn, SourceRef

_set = object.__setattr__
M = TypeVar("M", bound=BaseModel)
_CHECKIN_FIELDS = set(CheckIn.model_fields)
_SOURCE_FIELDS = set(SourceRef.model_fields)


def _lean(model: BaseModel, values: dict[str, object], fields: set[str]) -> None:
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)


_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}


def share_fields_set(model: M) -> M:
    """MODEL with its fields set swapped for one shared by its class, when it names every
    field (a scored KR names all 33: 2 KB each otherwise). Safe as above: a set naming every
    field never changes."""
    cls = type(model)
    shared = _ALL_FIELDS.get(cls)
    if shared is None:
        shared = _ALL_FIELDS.setdefault(cls, set(cls.model_fields))
    if model.__pydantic_fields_set__ == shared:
        _set(model, "__pydantic_fields_set__", shared)
    return model


def source_ref(workbook: str | None, sheet: str, row: int,
               cells: Mapping[str, str]) -> SourceRef:
    """A SourceRef from values already checked (what SourceRef.model_construct would give);
    CELLS may be a CellNames."""
    ref = SourceRef.__new__(SourceRef)
    _lean(ref, {"workbook": workbook, "sheet": sheet, "row": row, "cells": cells},
          _SOURCE_FIELDS)
    return ref


def checkin(kr_id: str, date: dt.date, value: float, confidence: float | None,
            note: str | None, author: str | None, source: SourceRef | None) -> CheckIn:
    """A CheckIn from values already checked (what CheckIn.model_construct would give)."""
    ci = CheckIn.__new__(CheckIn)
    _lean(ci, {"kr_id": kr_id, "date": date, "value": value, "confidence": confidence,
               "note": note, "author": author, "source": source}, _CHECKIN_FIELDS)
    return ci
