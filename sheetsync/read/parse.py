"""Table → models + Problems: objectives, key results and check-ins, every bad cell a Problem.

    parse_tables(tables, book, config, cycle) -> ParsedOKRs

Never raises for bad data: a cell that cannot be read is a Problem naming its sheet, cell and
column, and the rest of the row and of the table still count. The ID rule, kind inference and
the percent rule are in docs/layouts.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sheetsync.a1 import cell_name
from sheetsync.config import Config
from sheetsync.grid import Book, CellValue
from sheetsync.models import (
    CheckIn,
    Cycle,
    KeyResult,
    Kind,
    Objective,
    OKRType,
    ParsedOKRs,
    Problem,
    SourceRef,
)
from sheetsync.read.blocks import choose_block
from sheetsync.read.cycle import other_cycle, overlaps, parse_cycle
from sheetsync.read.ids import Ids, table_prefixes
from sheetsync.read.krkinds import ZONE_FIELDS, KRWays
from sheetsync.read.objective_fields import fill_objective
from sheetsync.read.okrwords import direction_word, infer_kind, parse_direction, parse_kind, unit_of
from sheetsync.read.parse_checkins import (
    KRIndex,
    read_checkin_table,
    read_week_columns,
    week_header_problems,
)
from sheetsync.read.person import owners_of
from sheetsync.read.sourcecells import TableCells
from sheetsync.read.table import Row, Table
from sheetsync.read.texttarget import NoTarget, TextTarget, read_text_target
from sheetsync.read.values import (
    BadValue,
    FormulaError,
    Number,
    as_fraction,
    clean_text,
    is_blank,
    parse_bool,
    parse_confidence,
    parse_date,
    parse_number,
    parse_weight,
    percent_points,
)

T = TypeVar("T")
NUMERIC = ("baseline", "target", "current")
YES_NO = (Kind.boolean, Kind.milestone)
TEXT_LAYOUTS = ("transposed", "form")
"""Layouts with no cells for numbers: a KR whose text states no target is a milestone."""


@dataclass
class _Obj:
    model: Objective
    key: str
    filled: set[str] = field(default_factory=set)
    owners: list[str | None] = field(default_factory=list)


class _OKRReader:
    """Reads one OKR table; objectives, KRs, week-column check-ins and problems accumulate."""

    def __init__(self, table: Table, book: Book, config: Config, cycle: Cycle, prefix: str,
                 ids: Ids, points: dict[str, bool]) -> None:
        self.t, self.book, self.config, self.cycle = table, book, config, cycle
        self.prefix, self.ids, self.points = prefix, ids, points
        self.table_cells = self.cells = TableCells(table, book.name)
        self.row_cells: dict[tuple[tuple[str, int], ...], TableCells] = {}
        self.objs: dict[str, _Obj] = {}
        self.current: _Obj | None = None
        self.krs: list[KeyResult] = []
        self.checkins: list[CheckIn] = []
        self.problems: list[Problem] = []
        self.other_cycles: dict[str, int] = {}

    # --- rows ------------------------------------------------------------------------------

    def read(self) -> None:
        self.problems.extend(week_header_problems(self.t, self.book.name, self.cycle))
        for row in self.t.rows:
            if not self._in_cycle(row):
                continue
            self._row(row)
        for o in self.objs.values():
            owners = {x for x in o.owners if x}
            if "owner" not in o.filled and len(owners) == 1 and None not in o.owners:
                o.model.owner = owners.pop()
        if self.other_cycles:
            names = ", ".join(sorted(self.other_cycles))
            n = sum(self.other_cycles.values())
            self.problems.append(self.table_cells.problem(
                "warning", self.t.header_row, "cycle",
                f"{n} row(s) belong to other cycles ({names}) and are left out; this run covers "
                f"{self.cycle.name}"))

    def _in_cycle(self, row: Row) -> bool:
        text = clean_text(row.values.get("cycle")) if "cycle" in self.t.columns else None
        found = parse_cycle(text, self.config, whole_years=True) if text else None
        if found is None or overlaps(found, self.cycle):
            return True
        self.other_cycles[found.name] = self.other_cycles.get(found.name, 0) + 1
        return False

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

    def _row(self, row: Row) -> None:
        self.cells = self._cells_of(row)
        title, oid = self._text(row, "objective"), self._text(row, "objective_id")
        if title or oid:
            self.current = self._objective(row, title, oid)
        if self._text(row, "key_result") is None:
            if title or oid:
                assert self.current is not None
                self._fill(self.current, row, objective_row=True)
            elif any(not is_blank(row.values.get(f)) for f in NUMERIC):
                self.problems.append(self.cells.problem(
                    "warning", row.number, "key_result",
                    "this row has values but no key result title; it is skipped"))
            return
        obj = self.current or self._stand_in(row)
        kr = self._key_result(row, obj)
        self._fill(obj, row, objective_row=False)
        obj.owners.append(kr.owner)
        self.krs.append(kr)
        found, problems = read_week_columns(row, kr, self.points.get(kr.id, False), self.t,
                                            self.book.name, self.cycle, self.config)
        self.checkins.extend(found)
        self.problems.extend(problems)

    # --- objectives ------------------------------------------------------------------------

    def _objective(self, row: Row, title: str | None, oid: str | None) -> _Obj:
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
        obj = self.objs[key] = _Obj(model, key)
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

    def _stand_in(self, row: Row) -> _Obj:
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

    def _fill(self, obj: _Obj, row: Row, *, objective_row: bool) -> None:
        fill_objective(obj, row, objective_row=objective_row, cells=self.cells, text=self._text,
                       problems=self.problems)

    # --- key results -----------------------------------------------------------------------

    def _key_result(self, row: Row, obj: _Obj) -> KeyResult:
        v, n = row.values, row.number
        explicit = self._text(row, "id")
        kr_id = (self.ids.claim(explicit, self.prefix, n) if explicit
                 else self.ids.next(f"{obj.model.id}.KR"))
        if explicit and kr_id != explicit:
            self.problems.append(self.cells.problem(
                "warning", n, "id", f"key result id '{explicit}' is already used; this key "
                f"result reads as '{kr_id}'"))
        unit = self._text(row, "unit")
        kind = self._parsed(row, "kind", parse_kind)
        title = self._text(row, "key_result")
        ways = KRWays(row, self.cells, self.problems, self.config)
        v = ways.values(kind, title)
        nums: dict[str, Number] = {}
        errors: dict[str, BadValue] = {}
        for f in (*NUMERIC, *ZONE_FIELDS):
            if not is_blank(v.get(f)):
                try:
                    nums[f] = parse_number(v.get(f), self.config)
                except BadValue as e:
                    errors[f] = e
        if isinstance(raw := v.get("target"), str) and type(errors.get("target")) is BadValue and (
                isinstance(worded := read_text_target(raw, self.config), TextTarget)):
            # A Target cell in words ('Aumentar para 80%', 'de 10 a 20'): its target, said so.
            nums["target"], _ = worded.target, errors.pop("target")
            if worded.baseline is not None:
                nums.setdefault("baseline", worded.baseline)
            self.problems.append(self.cells.problem("warning", n, "target", (
                f"{worded.describe()} read from the words in the cell ('{worded.phrase}')")))
        said: TextTarget | NoTarget | None = None
        if kind not in YES_NO and is_blank(v.get("target")) and title and ways.change is None:
            said = read_text_target(title, self.config)
        said = ways.read_text(said, nums)
        if isinstance(said, TextTarget):
            # Cells win over the text: the text fills only the target and a blank baseline.
            nums["target"] = said.target
            if said.baseline is not None and is_blank(v.get("baseline")):
                nums["baseline"] = said.baseline
        elif kind is None and not nums and not errors and self.t.layout in TEXT_LAYOUTS:
            kind = Kind.milestone
        kind = ways.measured_kind(kind, infer_kind(v, nums, unit)) if kind else infer_kind(
            v, nums, unit)
        if ways.is_graded(kind, nums, said):
            measured = ways.graded_values()
        else:
            measured = (self._yes_no(row, kr_id) if kind in YES_NO else self._numbers(
                row, kr_id, kind, nums, errors, said, ways.needs_target()))
        direction = self._parsed(row, "direction", parse_direction)
        if direction is None and is_blank(v.get("direction")):
            direction = direction_word(v.get("type"))
        if direction is None and is_blank(v.get("direction")) and isinstance(said, TextTarget):
            direction = said.direction
        owners = owners_of(row.owners, self._text(row, "owner"))
        kr = KeyResult(
            id=kr_id, objective_id=obj.model.id, title=title or kr_id,
            owner=owners[0] if owners else None, owners=owners, kind=kind, direction=direction,
            weight=self._parsed(row, "weight", lambda x: parse_weight(x, self.config)) or 1.0,
            confidence=self._parsed(row, "confidence",
                                    lambda x: parse_confidence(x, self.config)),
            due=self._parsed(row, "due", lambda x: parse_date(x, self.config)),
            unit=unit or unit_of(kind, nums), source=self._kr_source(n, said),
            baseline=measured["baseline"], target=measured["target"], current=measured["current"],
        )
        return ways.finish(kr, nums, self.points.get(kr_id, False))

    def _kr_source(self, row: int, said: TextTarget | NoTarget | None) -> SourceRef:
        """The KR's cells; a target read from the text was read from the Key Result cell."""
        text_cell = self.cells.cell(row, "key_result")
        if isinstance(said, TextTarget) and text_cell:
            return self.cells.source(row, extra={"target": text_cell})
        return self.cells.source(row)

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

    def _block(self, row: int, name: str, message: str, kr_id: str) -> None:
        """A problem that keeps the KR from being scored (its status becomes Invalid)."""
        cell = self.cells.cell(row, name) or self.cells.cell(row, "key_result")
        self.problems.append(self.cells.problem("error", row, name, message, kr_id=kr_id,
                                                cell=cell))

    def _numbers(self, row: Row, kr_id: str, kind: Kind, nums: dict[str, Number],
                 errors: dict[str, BadValue], said: TextTarget | NoTarget | None,
                 need_target: bool = True) -> dict[str, float | None]:
        points = kind == Kind.percent and percent_points(list(nums.values()))
        self.points[kr_id] = points
        out: dict[str, float | None] = dict.fromkeys(NUMERIC)
        for f in NUMERIC:
            if f in errors:
                e = errors[f]
                if isinstance(e, FormulaError) or f != "current":
                    self._block(row.number, f, str(e), kr_id)
                else:
                    self.problems.append(self.cells.problem("warning", row.number, f, str(e)))
            elif f in nums:
                out[f] = as_fraction(nums[f], points) if kind == Kind.percent else nums[f].value
        if isinstance(said, TextTarget):
            where = ("Target cell is blank" if "target" in self.t.columns
                     else "sheet has no Target column")
            self.problems.append(self.cells.problem(
                "warning", row.number, "key_result",
                f"{said.describe()} read from the key result text ('{said.phrase}'), as the "
                f"{where}; write it in a Target column to set it there"))
        elif is_blank(row.values.get("target")) and need_target:
            if "target" in self.t.columns:
                msg = "no target: the key result cannot be scored without one"
            else:
                msg = (f"no target: sheet '{self.t.sheet}' has no Target column; map one in "
                       'config: [columns] target = "..."')
            if isinstance(said, NoTarget):
                msg += f"; the key result text gives none: {said.reason}"
            self._block(row.number, "target", msg, kr_id)
        return out

    def _yes_no(self, row: Row, kr_id: str) -> dict[str, float | None]:
        """A done / not done KR: its target is always done (1.0), its current 1.0 or 0.0."""
        out: dict[str, float | None] = {"baseline": None, "target": 1.0, "current": None}
        raw = row.values.get("current")
        if not is_blank(raw):
            try:
                out["current"] = 1.0 if parse_bool(raw, self.config) else 0.0
            except FormulaError as e:
                self._block(row.number, "current", str(e), kr_id)
            except BadValue as e:
                self.problems.append(self.cells.problem("warning", row.number, "current", str(e)))
        for f in ("baseline", "target"):
            try:
                if not is_blank(row.values.get(f)):
                    parse_bool(row.values.get(f), self.config)
            except FormulaError as e:
                self._block(row.number, f, str(e), kr_id)
            except BadValue:
                pass  # only the current value decides a yes/no KR
        return out


COMMA_LANGUAGES = frozenset({"es", "pt", "fr", "de", "it", "nl"})
"""Header languages whose numbers group thousands with '.' (45.000 is forty-five thousand)."""


def table_config(t: Table, config: Config) -> Config:
    """The config a table is read with: a table headed in a decimal-comma language reads
    `45.000` as 45000, unless the config sets [parsing] decimal_comma itself."""
    if t.language not in COMMA_LANGUAGES or "decimal_comma" in config.parsing.model_fields_set:
        return config
    parsing = config.parsing.model_copy(update={"decimal_comma": True})
    return config.model_copy(update={"parsing": parsing})


def parse_tables(tables: list[Table], book: Book, config: Config, cycle: Cycle) -> ParsedOKRs:
    """Objectives, KRs and check-ins of every table, with a Problem for each cell not read."""
    out = ParsedOKRs(cycle=cycle)
    ids = Ids()
    points: dict[str, bool] = {}
    okr_tables = [t for t in tables if t.kind == "okr"]
    prefixes = table_prefixes(okr_tables, book)
    for t in okr_tables:
        if (left_out := other_cycle(t, book, config, cycle)) is not None:
            out.problems.append(left_out)
            continue
        if (picked := choose_block(t, book, config, cycle)) is not None:
            out.problems.append(picked)
        reader = _OKRReader(t, book, table_config(t, config), cycle, prefixes[t.sheet], ids,
                            points)
        reader.read()
        out.objectives.extend(o.model for o in reader.objs.values())
        out.key_results.extend(reader.krs)
        out.checkins.extend(reader.checkins)
        out.problems.extend(reader.problems)
    index = KRIndex(out.key_results, points)
    for t in tables:
        if t.kind == "checkin":
            found, problems = read_checkin_table(t, book.name, index, cycle, config)
            out.checkins.extend(found)
            out.problems.extend(problems)
    return out
