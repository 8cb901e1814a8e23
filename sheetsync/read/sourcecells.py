"""Where parsed values came from: cell names, SourceRefs and cell-precise Problems for one table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sheetsync.a1 import col_letter
from sheetsync.grid import CellValue
from sheetsync.models import CellNames, Problem, SourceRef
from sheetsync.read.lean import source_ref
from sheetsync.read.table import Table
from sheetsync.read.values import BadValue, check_error, clean_text

LABELS = {
    "objective": "Objective", "objective_id": "Objective ID", "key_result": "Key Result",
    "id": "ID", "owner": "Owner", "team": "Team", "level": "Level", "parent": "Parent",
    "type": "Type", "kind": "Kind", "baseline": "Baseline", "target": "Target",
    "current": "Current", "direction": "Direction", "weight": "Weight",
    "confidence": "Confidence", "due": "Due", "unit": "Unit", "cycle": "Cycle", "note": "Note",
    "commit": "Commit", "stretch": "Stretch", "person_score": "Score",
    "person_progress": "Progress", "person_status": "Status",
    "kr": "KR", "date": "Date", "value": "Value", "author": "Author",
}
"""How a field is named in a message when its column has no header text of its own."""


@dataclass
class TableCells:
    table: Table
    workbook: str
    columns: dict[str, int] | None = None
    """field → column where a row's cells are not under the table's columns (Row.cols)."""

    def __post_init__(self) -> None:
        # Column letters once per table: a big check-in tab names tens of thousands of cells.
        columns = self.table.columns if self.columns is None else self.columns
        self._letters = {f: col_letter(c) for f, c in columns.items() if c}
        self._subsets: dict[tuple[str, ...], dict[str, str]] = {}

    def cell(self, row: int, field: str) -> str | None:
        letters = self._letters.get(field)
        return f"{letters}{row}" if letters else None

    def label(self, field: str) -> str:
        col = self.table.columns.get(field)
        header = clean_text(self.table.headers.get(col)) if col else None
        return header or LABELS.get(field, field)

    def source(self, row: int, fields: Iterable[str] | None = None,
               extra: dict[str, str] | None = None) -> SourceRef:
        letters = self._letters
        if fields is not None:
            key = tuple(fields)
            subset = self._subsets.get(key)
            if subset is None:
                subset = self._subsets[key] = {f: letters[f] for f in key if f in letters}
            letters = subset
        cells = CellNames(letters, row, dict(extra) if extra else None)
        # Built from values already checked here: skip pydantic's validation on this hot path.
        return source_ref(self.workbook, self.table.sheet, row, cells)

    def problem(
        self,
        severity: Literal["error", "warning"],
        row: int,
        field: str | None,
        message: str,
        *,
        kr_id: str | None = None,
        objective_id: str | None = None,
        cell: str | None = None,
        column: str | None = None,
    ) -> Problem:
        return Problem(
            severity=severity,
            workbook=self.workbook,
            sheet=self.table.sheet,
            cell=cell or (self.cell(row, field) if field else None),
            column=column or (self.label(field) if field else None),
            message=message,
            kr_id=kr_id,
            objective_id=objective_id,
        )

    def text(self, row: int, field: str, value: CellValue, problems: list[Problem]) -> str | None:
        """A text cell; a formula error in it is a warning and reads as blank."""
        try:
            check_error(value)
        except BadValue as e:
            problems.append(self.problem("warning", row, field, str(e)))
            return None
        return clean_text(value)
