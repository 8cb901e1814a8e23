"""A summary tab's ChartSpecs → addChart / updateChartSpec / deleteEmbeddedObject requests.

Sheetsync's charts are the ones on the summary tab whose title is one of its chart titles: each
is updated in place by its chartId (found in the metadata read), a missing one is added, and a
duplicate or one no longer wanted is deleted, so syncs never stack charts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sheetsync.write.chartspec import CellBlock, ChartSeries, ChartSpec
from sheetsync.write.summary_charts import CHART_TITLES

Request = dict[str, Any]
CHART_FIELDS = "charts(chartId,spec(title),position)"
"""What the metadata read asks of each tab's charts (inside sheets(...))."""


@dataclass(frozen=True)
class ChartMeta:
    """A chart already on a tab: its id, title and where it sits."""

    chart_id: int
    title: str
    anchor: tuple[int, int] | None = None
    """(row, col), 1-based, of the anchor cell; None when not floating over cells."""
    size: tuple[int, int] | None = None


def chart_metas(sheet: dict[str, Any]) -> tuple[ChartMeta, ...]:
    """The charts of one `sheets[]` entry of a spreadsheets.get response."""
    out = []
    for c in sheet.get("charts", []):
        if "chartId" not in c:
            continue
        overlay = (c.get("position") or {}).get("overlayPosition") or {}
        cell = overlay.get("anchorCell")
        anchor = (int(cell.get("rowIndex", 0)) + 1, int(cell.get("columnIndex", 0)) + 1) \
            if cell is not None else None
        size = (int(overlay.get("widthPixels", 0)), int(overlay.get("heightPixels", 0))) \
            if overlay else None
        out.append(ChartMeta(int(c["chartId"]), str((c.get("spec") or {}).get("title", "")),
                             anchor, size))
    return tuple(out)


def _grid(sheet_id: int, block: CellBlock, first_row: int | None = None) -> dict[str, int]:
    return {"sheetId": sheet_id,
            "startRowIndex": (block.first_row if first_row is None else first_row) - 1,
            "endRowIndex": block.last_row,
            "startColumnIndex": block.first_col - 1, "endColumnIndex": block.last_col}


def chart_spec(chart: ChartSpec, sheet_id: int) -> dict[str, Any]:
    """The API's ChartSpec (a BasicChartSpec) for one chart over cells of tab `sheet_id`."""
    # With the header row inside each range (headerCount 1) Sheets names the series after it,
    # as the legend of the .xlsx chart does; that needs the names right above the values.
    top = chart.categories.first_row
    headed = all(s.name_cell == (top - 1, s.values.first_col) for s in chart.series)
    first = top - 1 if headed else None
    value_axis = "BOTTOM_AXIS" if chart.kind == "bar" else "LEFT_AXIS"
    category_axis = "LEFT_AXIS" if chart.kind == "bar" else "BOTTOM_AXIS"
    axes: list[dict[str, Any]] = [{"position": value_axis, "title": chart.y_axis}] \
        if chart.y_axis else []
    if chart.x_axis:
        axes.append({"position": category_axis, "title": chart.x_axis})
    return {
        "title": chart.title,
        "basicChart": {
            "chartType": "BAR" if chart.kind == "bar" else "LINE",
            "legendPosition": "BOTTOM_LEGEND",
            "axis": axes,
            "headerCount": 1 if headed else 0,
            "domains": [{"domain": {"sourceRange": {
                "sources": [_grid(sheet_id, chart.categories, first)]}}}],
            "series": [{"series": {"sourceRange": {"sources": [_grid(sheet_id, s.values, first)]}},
                        "targetAxis": value_axis, **_look(s, chart.kind)}
                       for s in chart.series],
        },
    }


def _look(series: ChartSeries, kind: str) -> dict[str, Any]:
    """The series' own colour (never the theme's), and for a line its dash and markers."""
    colour = {"rgbColor": rgb(series.colour)}
    out: dict[str, Any] = {"colorStyle": colour}
    if kind == "line":
        out["lineStyle"] = {"type": "MEDIUM_DASHED" if series.dashed else "SOLID",
                            "width": 2 if series.dashed else 3}
        out["pointStyle"] = {"shape": "CIRCLE", "size": 6}
    return out


def rgb(hex_colour: str) -> dict[str, float]:
    """'F4CCCC' → the API's {red, green, blue} in 0..1."""
    h = hex_colour.lstrip("#")
    return {name: round(int(h[i:i + 2], 16) / 255, 6)
            for name, i in (("red", 0), ("green", 2), ("blue", 4))}


def _overlay(chart: ChartSpec, sheet_id: int) -> dict[str, Any]:
    return {"anchorCell": {"sheetId": sheet_id, "rowIndex": chart.anchor[0] - 1,
                           "columnIndex": chart.anchor[1] - 1},
            "offsetXPixels": 0, "offsetYPixels": 0,
            "widthPixels": chart.width, "heightPixels": chart.height}


def chart_requests(charts: Iterable[ChartSpec], sheet_id: int,
                   existing: Iterable[ChartMeta]) -> list[Request]:
    """Requests that leave exactly `charts` among sheetsync's charts on tab `sheet_id`."""
    wanted = list(charts)
    own_titles = set(CHART_TITLES) | {c.title for c in wanted}
    mine = [m for m in existing if m.title in own_titles]
    out: list[Request] = []
    for chart in wanted:
        match = next((m for m in mine if m.title == chart.title), None)
        if match is None:
            out.append({"addChart": {"chart": {
                "spec": chart_spec(chart, sheet_id),
                "position": {"overlayPosition": _overlay(chart, sheet_id)}}}})
            continue
        mine.remove(match)
        out.append({"updateChartSpec": {"chartId": match.chart_id,
                                        "spec": chart_spec(chart, sheet_id)}})
        if (match.anchor, match.size) != (chart.anchor, (chart.width, chart.height)):
            out.append({"updateEmbeddedObjectPosition": {
                "objectId": match.chart_id,
                "newPosition": {"overlayPosition": _overlay(chart, sheet_id)},
                "fields": "anchorCell,offsetXPixels,offsetYPixels,widthPixels,heightPixels"}})
    # What is left is a duplicate (two syncs racing) or a chart no longer drawn.
    out.extend({"deleteEmbeddedObject": {"objectId": m.chart_id}} for m in mine)
    return out
