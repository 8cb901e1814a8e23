"""`sheetsync checkin`: one new check-in as a WritePlan (a check-in tab row, or a week cell)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sheetsync.config import Config
from sheetsync.errors import UsageError
from sheetsync.grid import Book, CellValue
from sheetsync.models import Scorecard
from sheetsync.read.table import Table
from sheetsync.read.values import BadValue, parse_confidence, parse_number
from sheetsync.write.writeplan import CellChange, WritePlan


@dataclass(frozen=True)
class NewCheckIn:
    """What a person or a metrics job reports for one key result."""

    kr_id: str
    value: str
    date: dt.date
    confidence: str | None = None
    note: str | None = None
    author: str | None = None


def _number(text: str, what: str, config: Config) -> float:
    try:
        return parse_number(text, config).value
    except BadValue as e:
        raise UsageError(f"{what}: {e}") from None


def _last_row(book: Book, table: Table) -> int:
    grid = book.sheet(table.sheet)
    last = max([table.header_row] + [r.number for r in table.rows])
    if grid is not None:
        for n in range(len(grid.rows), last, -1):
            if any(v not in (None, "") for v in grid.rows[n - 1]):
                return n
    return last


def plan_checkin(new: NewCheckIn, sc: Scorecard, tables: list[Table], book: Book,
                 config: Config) -> WritePlan:
    """The cells that record NEW; refuses an unknown KR, a bad value or a date off the cycle."""
    kr = next((k for k in sc.key_results if k.id == new.kr_id), None)
    if kr is None or kr.source is None:
        known = ", ".join(k.id for k in sc.key_results[:12])
        raise UsageError(f"KR '{new.kr_id}' does not exist in {book.name}; known ids: {known}")
    value = _number(new.value, "VALUE", config)
    confidence = None
    if new.confidence is not None:
        if not new.confidence.strip():
            raise UsageError("--confidence: empty; give 0–1, 0–100%, 1–10, high/medium/low or "
                             "green/amber/red")
        try:
            confidence = parse_confidence(new.confidence, config)
        except BadValue as e:
            raise UsageError(f"--confidence: {e}") from None
    if not sc.cycle.start <= new.date <= sc.cycle.end:
        raise UsageError(f"--date {new.date}: outside the cycle {sc.cycle.name} "
                         f"({sc.cycle.start} to {sc.cycle.end})")
    plan = WritePlan(source=book.name)
    log = next((t for t in tables if t.kind == "checkin"), None)
    if log is not None:
        row = _last_row(book, log) + 1
        fields: dict[str, CellValue] = {"kr": new.kr_id, "date": new.date, "value": value,
                                        "confidence": confidence, "note": new.note,
                                        "author": new.author}
        for field, cell_value in fields.items():
            col = log.columns.get(field)
            if col and cell_value is not None:
                plan.changes.append(CellChange(log.sheet, row, col, None, cell_value,
                                               "yyyy-mm-dd" if field == "date" else None))
        return plan
    table = next((t for t in tables if t.sheet == kr.source.sheet and t.weeks), None)
    if table is None:
        raise UsageError(f"{book.name} has no check-in tab and no weekly columns to write to")
    week = (new.date - sc.cycle.start).days // 7 + 1
    col = next((w.col for w in table.weeks if w.week == week or w.date == new.date), None)
    if col is None:
        raise UsageError(f"no week column for {new.date} (week {week}) in sheet {table.sheet}")
    grid = book.sheet(table.sheet)
    old = grid.value(kr.source.row, col) if grid else None
    plan.changes.append(CellChange(table.sheet, kr.source.row, col, old, value))
    return plan
