"""The `Score history` tab: read its rows as HistoryPoints, and append one row per KR per as-of."""

from __future__ import annotations

import datetime as dt

from sheetsync.grid import CellValue, Grid
from sheetsync.models import Scorecard
from sheetsync.score.history import HistoryPoint
from sheetsync.write.cellcompare import FLOAT_DIGITS, normalize, serial_to_date
from sheetsync.write.writeplan import SummaryTab

HEADER = ["Date", "KR", "Objective", "Value", "Score", "Status", "Confidence"]


def _date(v: CellValue) -> dt.date | None:
    v = normalize(v)
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool) and 1 < v < 2_958_466:
        return serial_to_date(v)  # Google Sheets returns dates as serial numbers
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v.strip())
        except ValueError:
            return None
    return None


def _num(v: CellValue) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _rows(grid: Grid | None) -> list[list[CellValue]]:
    """The tab's data rows (header left out) with their dates as dates, whatever the backend."""
    if grid is None:
        return []
    out = []
    for row in grid.rows[1:]:
        day = _date(row[0]) if row else None
        if day is not None:
            out.append([day, *row[1:len(HEADER)]])
    return out


def read_history(grid: Grid | None) -> list[HistoryPoint]:
    """Every row of the history tab as a HistoryPoint (rows without a date are skipped)."""
    points = []
    for row in _rows(grid):
        cells = row + [None] * (len(HEADER) - len(row))
        day = cells[0]
        assert isinstance(day, dt.date)
        points.append(HistoryPoint(day, str(cells[1] or ""), str(cells[2] or ""), _num(cells[3]),
                                   _num(cells[4]), str(cells[5] or ""), _num(cells[6])))
    return points


def history_tab(sc: Scorecard, grid: Grid | None, title: str) -> SummaryTab | None:
    """The tab with one row per KR for `sc.as_of` appended; None when that date is already in.

    Earlier rows are kept exactly (same values, dates stay dates); a run for an earlier as-of
    than the last one is added too, at the end, so the tab is a log of runs."""
    old = _rows(grid)
    if any(row[0] == sc.as_of for row in old):
        return None

    def r(x: float | None) -> float | None:
        return None if x is None else round(x, FLOAT_DIGITS)

    new: list[list[CellValue]] = [
        [sc.as_of, kr.id, kr.objective_id, r(kr.current), r(kr.score), kr.status.value,
         r(kr.confidence)]
        for kr in sc.key_results
    ]
    if not new:
        return None  # no key results: nothing to log, and a second sync stays a no-op
    rows: list[list[CellValue]] = [list(HEADER), *old, *new]
    tab = SummaryTab(title=title, rows=rows, bold={1})
    for n in range(2, len(rows) + 1):
        tab.number_formats[(n, 1)] = "yyyy-mm-dd"
    return tab
