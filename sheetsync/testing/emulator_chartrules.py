"""Sheets API emulator: the chart rules Google states only in words (anchors and sources inside
the grid, source ranges one row or one column wide, bar series on the bottom axis)."""

from __future__ import annotations

from typing import Any

from sheetsync.testing.emulator_state import ApiError, Spreadsheet

_BASIC_TYPES = ("BAR", "LINE", "COLUMN", "AREA", "SCATTER", "COMBO", "STEPPED_AREA")


def check_anchor(ss: Spreadsheet, overlay: dict[str, Any]) -> None:
    """The anchor cell of an overlaid chart must be a cell of its tab's grid."""
    cell = overlay.get("anchorCell") or {}
    sheet = ss.by_id(int(cell.get("sheetId", 0)))
    row, col = int(cell.get("rowIndex", 0)), int(cell.get("columnIndex", 0))
    if not (0 <= row < sheet.row_count and 0 <= col < sheet.col_count):
        raise ApiError(400, f"The anchor cell ('{sheet.title}'!R{row + 1}C{col + 1}) of an "
                            f"embedded object is outside the grid. Max rows: {sheet.row_count}, "
                            f"max columns: {sheet.col_count}")


def check_spec(ss: Spreadsheet, spec: dict[str, Any]) -> None:
    """A BasicChartSpec's type, its source ranges (on a tab, inside its grid, one row or one
    column wide) and, for a bar chart, series on the bottom axis (its value axis)."""
    basic = spec.get("basicChart")
    if basic is None:
        return
    kind = basic.get("chartType")
    if kind not in _BASIC_TYPES:
        raise ApiError(400, f"Invalid value at 'basicChart.chartType': {kind}")
    parts = [d.get("domain") or {} for d in basic.get("domains") or []]
    parts += [s.get("series") or {} for s in basic.get("series") or []]
    for part in parts:
        for gr in (part.get("sourceRange") or {}).get("sources") or []:
            _check_source(ss, gr)
    for i, series in enumerate(basic.get("series") or []):
        axis = series.get("targetAxis")
        if kind == "BAR" and axis not in (None, "BOTTOM_AXIS"):
            raise ApiError(400, f"Bar charts require series to target the bottom axis "
                                f"(series[{i}] targets {axis})")


def _check_source(ss: Spreadsheet, gr: dict[str, Any]) -> None:
    sheet = ss.by_id(int(gr.get("sheetId", 0)))
    r0, c0 = int(gr.get("startRowIndex", 0)), int(gr.get("startColumnIndex", 0))
    r1 = int(gr.get("endRowIndex", sheet.row_count))
    c1 = int(gr.get("endColumnIndex", sheet.col_count))
    if r1 <= r0 or c1 <= c0:
        raise ApiError(400, "Invalid chart source range: no rows or no columns")
    if r1 > sheet.row_count or c1 > sheet.col_count:
        raise ApiError(400, f"Range ('{sheet.title}'!R{r0 + 1}C{c0 + 1}:R{r1}C{c1}) exceeds "
                            f"grid limits. Max rows: {sheet.row_count}, max columns: "
                            f"{sheet.col_count}")
    if r1 - r0 != 1 and c1 - c0 != 1:
        raise ApiError(400, "ChartSourceRange ranges require all rows or all columns to have "
                            "length of 1")
