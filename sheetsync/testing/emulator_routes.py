"""Sheets API emulator: the /v4/spreadsheets endpoints, routed to the in-memory spreadsheets."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from sheetsync.testing.emulator_ranges import parse_fields
from sheetsync.testing.emulator_requests import batch_update
from sheetsync.testing.emulator_spec import spreadsheet_from_spec
from sheetsync.testing.emulator_state import ApiError, Spreadsheet

if TYPE_CHECKING:
    from sheetsync.testing.sheets_emulator import SheetsEmulator

Query = dict[str, list[str]]

_RENDER = ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")
_DATES = ("SERIAL_NUMBER", "FORMATTED_STRING")


def route_sheets(emu: SheetsEmulator, method: str, raw_path: str, query: Query,
                 payload: Any) -> tuple[int, Any]:
    m = re.fullmatch(r"/v4/spreadsheets(?:/([^/:]+))?(.*)", raw_path)
    if m is None:
        raise ApiError(404, f"The requested URL {unquote(raw_path)} was not found.")
    sid, rest = m.group(1), m.group(2)
    if sid is None:
        if method == "POST" and rest in ("", "/"):
            return 200, _create(emu, payload or {})
        raise ApiError(404, f"The requested URL {unquote(raw_path)} was not found.")
    ss = emu.spreadsheets.get(unquote(sid))
    if ss is None:
        raise ApiError(404, "Requested entity was not found.")
    if ss.private:
        raise ApiError(403, "The caller does not have permission")
    body = payload if isinstance(payload, dict) else {}

    if rest == "" and method == "GET":
        fields = _q(query, "fields", "")
        mask = parse_fields(fields) if fields else None
        grid = _q(query, "includeGridData", "false").lower() == "true"
        return 200, ss.metadata(mask, grid, query.get("ranges", []))
    if rest == ":batchUpdate" and method == "POST":
        new, replies = batch_update(ss, body.get("requests") or [], emu.rng)
        emu.spreadsheets[ss.spreadsheet_id] = new
        return 200, {"spreadsheetId": ss.spreadsheet_id, "replies": replies}
    if rest == "/values:batchGet" and method == "GET":
        vro, dto, major = _render_options(query)
        out: dict[str, Any] = {"spreadsheetId": ss.spreadsheet_id}
        ranges = query.get("ranges", [])
        if ranges:
            out["valueRanges"] = [ss.get_values(r, vro, dto, major) for r in ranges]
        return 200, out
    if rest == "/values:batchUpdate" and method == "POST":
        return 200, _values_batch_update(emu, ss, body)
    if rest == "/values:batchClear" and method == "POST":
        work = ss.clone()
        cleared = [work.clear_values(r)["clearedRange"] for r in body.get("ranges", [])]
        emu.spreadsheets[ss.spreadsheet_id] = work
        return 200, {"spreadsheetId": ss.spreadsheet_id, "clearedRanges": cleared}
    if rest.startswith("/values/"):
        return 200, _values_range(emu, ss, method, rest[len("/values/"):], query, body)
    raise ApiError(404, f"The requested URL {unquote(raw_path)} was not found.")


def _q(query: Query, name: str, default: str) -> str:
    return query.get(name, [default])[0]


def _render_options(query: Query) -> tuple[str, str, str]:
    vro = _q(query, "valueRenderOption", "FORMATTED_VALUE")
    dto = _q(query, "dateTimeRenderOption", "SERIAL_NUMBER")
    major = _q(query, "majorDimension", "ROWS")
    if vro not in _RENDER:
        raise ApiError(400, f"Invalid value at 'value_render_option' ({vro})")
    if dto not in _DATES:
        raise ApiError(400, f"Invalid value at 'date_time_render_option' ({dto})")
    if major not in ("ROWS", "COLUMNS"):
        raise ApiError(400, f"Invalid value at 'major_dimension' ({major})")
    return vro, dto, major


def _values_range(emu: SheetsEmulator, ss: Spreadsheet, method: str, segment: str, query: Query,
                  body: dict[str, Any]) -> Any:
    verb = None
    if method == "POST" and ":" in segment:
        segment, verb = segment.rsplit(":", 1)
    a1 = unquote(segment)
    if method == "GET":
        vro, dto, major = _render_options(query)
        return ss.get_values(a1, vro, dto, major)
    work = ss.clone()
    if method == "PUT":
        result = work.update_values(a1, body.get("values", []), _q(query, "valueInputOption", ""),
                                    body.get("majorDimension", "ROWS"))
    elif verb == "clear":
        result = work.clear_values(a1)
    else:
        raise ApiError(400, f"values:{verb} is not supported by the emulator")
    emu.spreadsheets[ss.spreadsheet_id] = work
    return result


def _values_batch_update(emu: SheetsEmulator, ss: Spreadsheet, body: dict[str, Any]) -> Any:
    option = body.get("valueInputOption", "")
    if option not in ("RAW", "USER_ENTERED"):
        raise ApiError(400, "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED")
    data = body.get("data") or []
    work = ss.clone()  # the whole batch lands or none of it does
    responses = []
    for d in data:
        if not isinstance(d, dict) or "range" not in d:
            raise ApiError(400, "Invalid data[]: each entry needs a range and values")
        responses.append(work.update_values(d["range"], d.get("values", []), option,
                                            d.get("majorDimension", "ROWS")))
    emu.spreadsheets[ss.spreadsheet_id] = work
    out: dict[str, Any] = {"spreadsheetId": ss.spreadsheet_id}
    if responses:
        sheets = {r["updatedRange"].rsplit("!", 1)[0] for r in responses if "updatedRange" in r}
        out.update(
            totalUpdatedRows=sum(r.get("updatedRows", 0) for r in responses),
            totalUpdatedColumns=max(r.get("updatedColumns", 0) for r in responses),
            totalUpdatedCells=sum(r.get("updatedCells", 0) for r in responses),
            totalUpdatedSheets=len(sheets),
            responses=responses,
        )
    return out


def _create(emu: SheetsEmulator, body: dict[str, Any]) -> Any:
    props = body.get("properties") or {}
    sheets = []
    for sh in body.get("sheets") or []:
        p = sh.get("properties") or {}
        grid = p.get("gridProperties") or {}
        spec: dict[str, Any] = {"title": p.get("title"), "hidden": p.get("hidden", False)}
        if "sheetId" in p:
            spec["sheetId"] = p["sheetId"]
        if grid:
            spec.update(rowCount=grid.get("rowCount", 1000),
                        columnCount=grid.get("columnCount", 26))
        sheets.append(spec)
    ss = spreadsheet_from_spec({"title": props.get("title"), "sheets": sheets}, emu.rng)
    emu.spreadsheets[ss.spreadsheet_id] = ss
    return ss.metadata(None, False, [])
