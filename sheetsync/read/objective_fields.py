"""Part of parsing a table: an objective's owner, team, level, parent and type from its rows.

The fields come from the first row that has them: the objective's own row, else a KR row (where
the owner is the KR's, so it is not taken). A Type cell that names a KR's direction or says
threshold / maintain belongs to the key result, not the objective.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sheetsync.models import Objective, Problem
from sheetsync.read.krkinds import is_threshold_word
from sheetsync.read.okrwords import direction_word, parse_level, parse_type
from sheetsync.read.sourcecells import TableCells
from sheetsync.read.table import Row
from sheetsync.read.values import BadValue, is_blank


class ObjectiveRows(Protocol):
    model: Objective
    filled: set[str]


def fill_objective(obj: ObjectiveRows, row: Row, *, objective_row: bool, cells: TableCells,
                   text: Callable[[Row, str], str | None], problems: list[Problem]) -> None:
    """Objective fields from the first row that has them (the objective row, else a KR row)."""
    names = ("owner", "team", "level", "parent", "type") if objective_row else (
        "team", "level", "parent", "type")
    for name in names:
        raw = row.values.get(name)
        if name in obj.filled or is_blank(raw):
            continue
        obj.filled.add(name)
        if name == "owner":
            obj.model.owner = text(row, name)
            continue
        if name == "team":
            obj.model.team = text(row, name)
            continue
        if name == "parent":
            obj.model.parent_id = text(row, name)
            continue
        try:
            if name == "level":
                obj.model.level = parse_level(raw)
            else:
                obj.model.type = parse_type(raw)
        except BadValue as e:
            if name == "type" and (direction_word(raw) is not None or is_threshold_word(raw)):
                continue  # 'should increase to' or 'maintain' in a Type column is the KR's
            problems.append(cells.problem(
                "warning", row.number, name, str(e), objective_id=obj.model.id))
