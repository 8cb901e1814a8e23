"""A person's own Score, Progress and Status cells on a KR row: input only, read leniently."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

from sheetsync.config import Config
from sheetsync.grid import CellValue
from sheetsync.read.table import Row
from sheetsync.read.values import BadValue, clean_text, is_blank, parse_number

Warn = Callable[[int, str, str], None]
"""(row, field, message) → records a warning on that cell."""


def share(value: CellValue, config: Config) -> float:
    """A person's score or progress as 0–1: 0.8, 80%, or 80 (read as percent points)."""
    n = parse_number(value, config)
    x = n.value
    if not n.percent and 1 < x <= 100:
        x = x / 100  # "80" in a Score column means 80 %
    if not 0 <= x <= 1.5:
        raise BadValue(f"{value!r} is not a score between 0 and 1 (or 0–100%)")
    return x


class PersonCells(TypedDict, total=False):
    person_score: float
    person_progress: float
    person_status: str


def person_cells(row: Row, config: Config, warn: Warn) -> PersonCells:
    """person_score, person_progress and person_status of ROW; a value that cannot be read is a
    warning on its cell and reads as blank, never an error (a person's column is theirs)."""
    out = PersonCells()
    for name in ("person_score", "person_progress"):
        raw = row.values.get(name)
        if is_blank(raw):
            continue
        try:
            value = share(raw, config)
        except BadValue as e:
            warn(row.number, name, f"{e}; the person's value is left as it is and not used")
            continue
        if name == "person_score":
            out["person_score"] = value
        else:
            out["person_progress"] = value
    status = clean_text(row.values.get("person_status"))
    if status is not None:
        out["person_status"] = status
    return out
