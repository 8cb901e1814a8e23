"""Sheets API emulator: embedded charts (addChart, updateChartSpec, updateEmbeddedObjectPosition,
deleteEmbeddedObject), stored on the tab they float over as the API's EmbeddedChart objects."""

from __future__ import annotations

import copy
import random
from typing import Any

from sheetsync.testing import emulator_chartrules as chartrules
from sheetsync.testing.emulator_ranges import parse_fields
from sheetsync.testing.emulator_state import ApiError, Sheet, Spreadsheet

DEFAULT_WIDTH, DEFAULT_HEIGHT = 600, 371
"""The size Sheets gives a chart added without one."""
_OVERLAY_FIELDS = ("anchorCell", "offsetXPixels", "offsetYPixels", "widthPixels", "heightPixels")


def _find(ss: Spreadsheet, chart_id: int) -> tuple[Sheet, dict[str, Any]]:
    for sheet in ss.sheets:
        for chart in sheet.charts:
            if chart["chartId"] == chart_id:
                return sheet, chart
    raise ApiError(400, f"No chart with id: {chart_id}")


def _check_sources(ss: Spreadsheet, spec: dict[str, Any]) -> None:
    chartrules.check_spec(ss, spec)


def _position(ss: Spreadsheet, position: dict[str, Any]) -> dict[str, Any]:
    overlay = dict(position.get("overlayPosition") or {})
    anchor = overlay.get("anchorCell") or {"sheetId": ss.sheets[0].sheet_id}
    chartrules.check_anchor(ss, {**overlay, "anchorCell": anchor})
    return {"overlayPosition": {
        "anchorCell": {"sheetId": int(anchor.get("sheetId", 0)),
                       "rowIndex": int(anchor.get("rowIndex", 0)),
                       "columnIndex": int(anchor.get("columnIndex", 0))},
        "offsetXPixels": int(overlay.get("offsetXPixels", 0)),
        "offsetYPixels": int(overlay.get("offsetYPixels", 0)),
        "widthPixels": int(overlay.get("widthPixels", DEFAULT_WIDTH)),
        "heightPixels": int(overlay.get("heightPixels", DEFAULT_HEIGHT))}}


def add_chart(ss: Spreadsheet, body: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    given = body["chart"]
    spec = copy.deepcopy(given.get("spec") or {})
    _check_sources(ss, spec)
    chart_id = given.get("chartId")
    if chart_id is None:
        chart_id = rng.randrange(1, 2**31 - 1)
    if any(c["chartId"] == int(chart_id) for s in ss.sheets for c in s.charts):
        raise ApiError(400, f"An object with id {chart_id} already exists.")
    position = _position(ss, given.get("position") or {})
    spec.setdefault("hiddenDimensionStrategy", "SKIP_HIDDEN_ROWS_AND_COLUMNS")
    chart = {"chartId": int(chart_id), "spec": spec, "position": position,
             "border": {"color": {"red": 1, "green": 1, "blue": 1},
                        "colorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}}}}
    ss.by_id(position["overlayPosition"]["anchorCell"]["sheetId"]).charts.append(chart)
    return {"addChart": {"chart": copy.deepcopy(chart)}}


def update_chart_spec(ss: Spreadsheet, body: dict[str, Any],
                      rng: random.Random) -> dict[str, Any]:
    sheet, chart = _find(ss, int(body["chartId"]))
    spec = copy.deepcopy(body["spec"])
    _check_sources(ss, spec)
    spec.setdefault("hiddenDimensionStrategy", "SKIP_HIDDEN_ROWS_AND_COLUMNS")
    # Charts are replaced, not edited: snapshots taken by clone() share the old dicts.
    sheet.charts = [dict(c, spec=spec) if c is chart else c for c in sheet.charts]
    return {}


def update_embedded_object_position(ss: Spreadsheet, body: dict[str, Any],
                                    rng: random.Random) -> dict[str, Any]:
    sheet, chart = _find(ss, int(body["objectId"]))
    fields = parse_fields(body.get("fields", ""))
    if not fields:
        raise ApiError(400, "At least one field must be specified in 'fields'.")
    new = _position(ss, body.get("newPosition") or {})["overlayPosition"]
    overlay = dict(chart["position"]["overlayPosition"])
    for name in _OVERLAY_FIELDS:
        if "*" in fields or name in fields:
            overlay[name] = new[name]
    moved = dict(chart, position={"overlayPosition": overlay})
    sheet.charts = [c for c in sheet.charts if c is not chart]
    target = ss.by_id(overlay["anchorCell"]["sheetId"])
    target.charts = [*target.charts, moved]
    return {"updateEmbeddedObjectPosition": {"position": {"overlayPosition": overlay}}}


def delete_embedded_object(ss: Spreadsheet, body: dict[str, Any],
                           rng: random.Random) -> dict[str, Any]:
    sheet, chart = _find(ss, int(body["objectId"]))
    sheet.charts = [c for c in sheet.charts if c is not chart]
    return {}
