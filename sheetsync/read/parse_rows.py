"""Part of Table → models: the objectives of one OKR table (ids, cells, owner, team, type).

parse.py reads the key results on top of OKRRows; this module keeps the objective side of a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sheetsync.a1 import cell_name
from sheetsync.config import Config
from sheetsync.grid import Book, CellValue
from sheetsync.models import CheckIn, Cycle, KeyResult, Objective, OKRType, Problem
from sheetsync.read.ids import Ids
from sheetsync.read.okrwords import direction_word, parse_level, parse_type
from sheetsync.read.sourcecells import TableCells
from sheetsync.read.table import Row, Table
from sheetsync.read.values import BadValue, is_blank

T = TypeVar("T")


@dataclass
class Obj:
    model: Objective
    key: str
    filled: set[str] = field(default_factory=set)
    owners: list[str | None] = field(default_factory=list)


class OKRRows:
    """The part of reading one OKR table that makes objectives: their ids, cells and fields."""

    def __init__(self, table: Table, book: Book, config: Config, cycle: Cycle, prefix: str,
                 ids: Ids, points: dict[str, bool]) -> None:
        self.t, self.book, self.config, self.cycle = table, book, config, cycle
        self.prefix, self.ids, self.points = prefix, ids, points
        self.table_cells = self.cells = TableCells(table, book.name)
        self.row_cells: dict[tuple[tuple[str, int], ...], TableCells] = {}
        self.objs: dict[str, Obj] = {}
        self.current: Obj | None = None
        self.krs: list[KeyResult] = []
        self.checkins: list[CheckIn] = []
        self.problems: list[Problem] = []
        self.other_cycles: dict[str, int] = {}

    def _text(self, row: Row, name: str) -> str | None:
        return self.cells.text(row.number, name, row.values.get(name), self.problems)

    def _cells_of(self, row: Row) -> TableCells:
        """Where this row's fields sit: the table's columns, or the row's own (transposed)."""
        if not row.cols:
            return self.table_cells
        key = tuple(sorted(row.cols.items()))
        if key not in self.row_cells:
            self.row_cells[key] = TableCells(self.t, self.book.name, dict(row.cols))
        return self.row_cells[key]

    # --- objectives ------------------------------------------------------------------------

    def _objective(self, row: Row, title: str | None, oid: str | None) -> Obj:
        key = f"id:{oid}" if oid else "title:" + " ".join((title or "").casefold().split())
        if key in self.objs:
            return self.objs[key]
        if oid:
            new_id = self.ids.claim(oid, self.prefix, row.number)
            if new_id != oid:
                self.problems.append(self.cells.problem(
                    "warning", row.number, "objective_id",
                    f"objective id '{oid}' is already used; this objective reads as '{new_id}'"))
        else:
            new_id = self.ids.next(f"{self.prefix}O")
        source = self.cells.source(row.number, ("objective", "objective_id", "owner", "team",
                                                "level", "parent", "type"))
        if "objective" not in source.cells:
            source.cells["objective"] = self._objective_cell(row)
        model = Objective(id=new_id, title=title or oid or new_id, source=source,
                          type=OKRType(self.config.scoring.default_type))
        obj = self.objs[key] = Obj(model, key)
        return obj

    def _objective_cell(self, row: Row) -> str:
        """Where an objective row without an Objective column holds its title."""
        grid = self.book.sheet(self.t.sheet)
        kr_cell = self.cells.cell(row.number, "key_result") or ""
        if grid is None or not is_blank(row.values.get("key_result")):
            return kr_cell
        cells = grid.rows[row.number - 1]
        col = next((c for c, v in enumerate(cells, 1) if not is_blank(v)), None)
        return cell_name(row.number, col) if col else kr_cell

    def _stand_in(self, row: Row) -> Obj:
        """The objective for KRs that have none above them: one named after the sheet."""
        sheet = self.t.sheet
        if "objective" in self.t.columns:
            msg = (f"no objective above this key result; it is grouped under an objective "
                   f"named '{sheet}'")
            self.problems.append(self.cells.problem("warning", row.number, "objective", msg))
        else:
            msg = (f"sheet '{sheet}' has no Objective column, so its key results are grouped "
                   f"under one objective named '{sheet}'; map one in config: "
                   '[columns] objective = "..."')
            self.problems.append(self.cells.problem("warning", row.number, None, msg))
        self.current = self._objective(row, sheet, None)
        return self.current

    def _fill(self, obj: Obj, row: Row, *, objective_row: bool) -> None:
        """Objective fields from the first row that has them (the objective row, else a KR row)."""
        names = ("owner", "team", "level", "parent", "type") if objective_row else (
            "team", "level", "parent", "type")
        for name in names:
            raw = row.values.get(name)
            if name in obj.filled or is_blank(raw):
                continue
            obj.filled.add(name)
            if name == "owner":
                obj.model.owner = self._text(row, name)
                continue
            if name == "team":
                obj.model.team = self._text(row, name)
                continue
            if name == "parent":
                obj.model.parent_id = self._text(row, name)
                continue
            try:
                if name == "level":
                    obj.model.level = parse_level(raw)
                else:
                    obj.model.type = parse_type(raw)
            except BadValue as e:
                if name == "type" and direction_word(raw) is not None:
                    continue  # 'should increase to' in a Type column is the KR's direction
                self.problems.append(self.cells.problem(
                    "warning", row.number, name, str(e), objective_id=obj.model.id))

    def _parsed(self, row: Row, name: str, parser: Callable[[CellValue], T]) -> T | None:
        """A parsed optional cell; a value it cannot read is a warning and reads as blank."""
        raw = row.values.get(name)
        if is_blank(raw):
            return None
        try:
            return parser(raw)
        except BadValue as e:
            self.problems.append(self.cells.problem("warning", row.number, name, str(e)))
            return None
