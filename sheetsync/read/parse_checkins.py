"""Check-in rows → CheckIns: from a check-in tab (KR, date, value …) or a KR row's week columns."""

from __future__ import annotations

import datetime as dt

from sheetsync.a1 import cell_name
from sheetsync.config import Config
from sheetsync.grid import CellValue
from sheetsync.models import CheckIn, Cycle, KeyResult, Problem
from sheetsync.read.headers import normalize
from sheetsync.read.krkinds import measure_kr
from sheetsync.read.lean import checkin
from sheetsync.read.sourcecells import TableCells
from sheetsync.read.table import WEEK_HEADER, Row, Table, WeekColumn
from sheetsync.read.values import (
    BadValue,
    clean_text,
    is_blank,
    parse_confidence,
    parse_date,
)


def week_date(week: int, cycle: Cycle) -> dt.date:
    """Week n of the cycle is dated on its last day, start + 7n − 1, and never after the end."""
    return min(cycle.start + dt.timedelta(days=7 * week - 1), cycle.end)


def _in_cycle(date: dt.date, cycle: Cycle) -> bool:
    return cycle.start <= date <= cycle.end


def _outside(date: dt.date, cycle: Cycle) -> str:
    return (f"check-in dated {date.isoformat()} is outside the cycle {cycle.name} "
            f"({cycle.start.isoformat()} – {cycle.end.isoformat()}); it is not counted")


class KRIndex:
    """Finds the KR a check-in names: by id (exact, then any case), else by its one title."""

    def __init__(self, krs: list[KeyResult], points: dict[str, bool]) -> None:
        self.krs = krs
        self.points = points
        self._ids = {k.id: k for k in krs}
        self._loose: dict[str, list[KeyResult]] = {}
        self._titles: dict[str, list[KeyResult]] = {}
        for k in krs:
            self._loose.setdefault(k.id.casefold(), []).append(k)
            self._titles.setdefault(" ".join(k.title.casefold().split()), []).append(k)

    def find(self, ref: str) -> tuple[KeyResult | None, str]:
        if ref in self._ids:
            return self._ids[ref], ""
        by_id = self._loose.get(ref.casefold(), [])
        by_title = self._titles.get(" ".join(ref.casefold().split()), [])
        for found in (by_id, by_title):
            if len(found) == 1:
                return found[0], ""
        if len(by_title) > 1:
            ids = ", ".join(k.id for k in by_title)
            return None, f"'{ref}' matches {len(by_title)} key results ({ids}); use the KR id"
        return None, f"unknown key result '{ref}': no KR has this id or title"


def _checkin_date(value: CellValue, cycle: Cycle, config: Config) -> dt.date:
    """A date cell or text, or a week of the cycle written as 3, W3 or Week 3."""
    if isinstance(value, dt.date):
        return parse_date(value, config)  # a real date cell: no week number, no text to read
    if isinstance(value, int | float) and not isinstance(value, bool) \
            and float(value).is_integer() and 1 <= value <= 53:
        return week_date(int(value), cycle)
    text = clean_text(value) or ""
    if isinstance(value, str) and (m := WEEK_HEADER.fullmatch(normalize(text))):
        return week_date(int(m[1]), cycle)
    return parse_date(value, config)


def read_checkin_table(table: Table, workbook: str, index: KRIndex, cycle: Cycle,
                       config: Config) -> tuple[list[CheckIn], list[Problem]]:
    """One CheckIn per row of a check-in tab; a bad row is a problem and the others still count."""
    cells = TableCells(table, workbook)
    out: list[CheckIn] = []
    problems: list[Problem] = []
    for row in table.rows:
        v, n = row.values, row.number
        if is_blank(v.get("value")):
            continue  # a row planned for a later week
        ref = cells.text(n, "kr", v.get("kr"), problems)
        if ref is None:
            problems.append(cells.problem("error", n, "kr", "no key result named on this row"))
            continue
        kr, why = index.find(ref)
        if kr is None:
            # A check-in of an earlier cycle names a KR that cycle had (a tab left out, or a
            # KR not carried to the next cycle): not counted, and no error.
            old = _dated_outside(v.get("date"), cycle, config)
            problems.append(cells.problem("warning", n, "date", _outside(old, cycle))
                            if old is not None else cells.problem("error", n, "kr", why))
            continue
        try:
            if is_blank(v.get("date")):
                raise BadValue("no date: a check-in needs the day it was made")
            date = _checkin_date(v.get("date"), cycle, config)
        except BadValue as e:
            problems.append(cells.problem("error", n, "date", str(e)))
            continue
        try:
            value = measure_kr(v.get("value"), kr, index.points.get(kr.id, False), config)
        except BadValue as e:
            problems.append(cells.problem("error", n, "value", str(e)))
            continue
        if not _in_cycle(date, cycle):
            problems.append(cells.problem("warning", n, "date", _outside(date, cycle)))
            continue
        confidence = None
        if not is_blank(v.get("confidence")):
            try:
                confidence = parse_confidence(v.get("confidence"), config)
            except BadValue as e:
                problems.append(cells.problem("warning", n, "confidence", str(e)))
        # Every field is checked above (value a float, confidence in 0..1, a real date): built
        # without validating again, which would cost more than the row's parsing.
        out.append(checkin(kr.id, date, value, confidence,
                           cells.text(n, "note", v.get("note"), problems),
                           cells.text(n, "author", v.get("author"), problems),
                           cells.source(n)))
    return out, problems


def _dated_outside(value: CellValue, cycle: Cycle, config: Config) -> dt.date | None:
    """The check-in's date when it is one and lies outside the cycle, else None."""
    if is_blank(value):
        return None
    try:
        date = _checkin_date(value, cycle, config)
    except BadValue:
        return None
    return None if _in_cycle(date, cycle) else date


def week_header_problems(table: Table, workbook: str, cycle: Cycle) -> list[Problem]:
    """One warning per dated week column outside the cycle (its values are not counted)."""
    cells = TableCells(table, workbook)
    return [
        cells.problem("warning", table.header_row, None, _outside(w.date, cycle),
                      cell=cell_name(table.header_row, w.col), column=w.header)
        for w in table.weeks
        if w.date is not None and not _in_cycle(w.date, cycle)
    ]


def _week_date(w: WeekColumn, cycle: Cycle) -> dt.date | None:
    if w.date is not None:
        return w.date if _in_cycle(w.date, cycle) else None
    return week_date(w.week, cycle) if w.week is not None else None


def read_week_columns(row: Row, kr: KeyResult, points: bool, table: Table, workbook: str,
                      cycle: Cycle, config: Config) -> tuple[list[CheckIn], list[Problem]]:
    """The check-ins in a KR row's W1..W13 or dated columns, oldest column first."""
    cells = TableCells(table, workbook)
    out: list[CheckIn] = []
    problems: list[Problem] = []
    for w in table.weeks:
        value = row.weeks.get(w.col)
        date = _week_date(w, cycle)
        if is_blank(value) or date is None:
            continue
        where = cell_name(row.number, w.col)
        try:
            number = measure_kr(value, kr, points, config)
        except BadValue as e:
            problems.append(cells.problem("error", row.number, None, str(e), cell=where,
                                          column=w.header))
            continue
        kr_cell = cells.cell(row.number, "key_result") or where
        out.append(CheckIn(kr_id=kr.id, date=date, value=number,
                           source=cells.source(row.number, (), {"kr": kr_cell, "value": where})))
    return out, problems
