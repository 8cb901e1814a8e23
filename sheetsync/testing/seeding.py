"""Put workbooks into the Sheets API emulator (from a Book or an .xlsx); service-account keys."""

from __future__ import annotations

import datetime as dt
import json
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sheetsync.grid import Book, CellError, CellValue

if TYPE_CHECKING:
    from sheetsync.testing.sheets_emulator import SheetsEmulator

def cell_spec(value: CellValue) -> Any:
    """A Grid value as an emulator cell (text stays text, dates become dated serials)."""
    if isinstance(value, CellError):
        return {"error": value.code}
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return {"date": value.date().isoformat()}
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def spec_from_book(book: Book, *, spreadsheet_id: str | None = None,
                   title: str | None = None) -> dict[str, Any]:
    sheets = []
    for grid in book.sheets:
        rows = [[cell_spec(v) for v in row] for row in grid.rows]
        sheets.append({
            "title": grid.title, "hidden": grid.hidden, "rows": rows,
            "merges": [{"startRowIndex": m.min_row - 1, "endRowIndex": m.max_row,
                        "startColumnIndex": m.min_col - 1, "endColumnIndex": m.max_col}
                       for m in grid.merged],
        })
    spec: dict[str, Any] = {"title": title or Path(book.name).stem or "Untitled spreadsheet",
                            "sheets": sheets}
    if spreadsheet_id:
        spec["id"] = spreadsheet_id
    return spec


def spec_from_xlsx(path: Path, *, spreadsheet_id: str | None = None) -> dict[str, Any]:
    """A workbook's tabs, cached values (openpyxl data_only), merges and hidden tabs."""
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True)
    try:
        sheets = []
        for ws in wb.worksheets:
            rows: list[list[Any]] = []
            for row in ws.iter_rows():
                out = [_xlsx_cell(c) for c in row]
                while out and out[-1] is None:
                    out.pop()
                rows.append(out)
            while rows and not rows[-1]:
                rows.pop()
            sheets.append({"title": ws.title, "hidden": ws.sheet_state != "visible",
                           "rows": rows, "merges": [str(r) for r in ws.merged_cells.ranges]})
    finally:
        wb.close()
    spec: dict[str, Any] = {"title": path.stem, "sheets": sheets}
    if spreadsheet_id:
        spec["id"] = spreadsheet_id
    return spec


def _xlsx_cell(cell: Any) -> Any:
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "e":
        return {"error": str(value)}
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return {"value": seconds / 86400, "numberFormat": {"type": "TIME", "pattern": "hh:mm:ss"}}
    if isinstance(value, dt.datetime | dt.date):
        return cell_spec(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        fmt = str(cell.number_format or "")
        if "%" in fmt:
            return {"value": value, "numberFormat": {"type": "PERCENT", "pattern": fmt}}
        return value
    if isinstance(value, bool | str):
        return value
    return str(value)


def _post(base_url: str, path: str, payload: Any) -> Any:
    req = urllib.request.Request(
        base_url.rstrip("/") + path, data=json.dumps(payload).encode(), method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def _base(target: SheetsEmulator | str) -> str:
    return target if isinstance(target, str) else target.url


def seed_book(target: SheetsEmulator | str, book: Book, *, spreadsheet_id: str | None = None,
              title: str | None = None) -> str:
    """Create a spreadsheet holding the same tabs, values and merges as a Book; returns its id."""
    spec = spec_from_book(book, spreadsheet_id=spreadsheet_id, title=title)
    return str(_post(_base(target), "/_emulator/spreadsheets", spec)["spreadsheetId"])


def seed_xlsx(target: SheetsEmulator | str, path: Path, *,
              spreadsheet_id: str | None = None) -> str:
    spec = spec_from_xlsx(path, spreadsheet_id=spreadsheet_id)
    return str(_post(_base(target), "/_emulator/spreadsheets", spec)["spreadsheetId"])


def write_service_account(target: SheetsEmulator | str, path: Path,
                          email: str = "sheetsync@emulated-project.iam.gserviceaccount.com",
                          ) -> dict[str, Any]:
    """Write a service-account key file (a new RSA key) whose token_uri is the emulator's."""
    info: dict[str, Any] = _post(_base(target), "/_emulator/service-accounts",
                                 {"client_email": email})
    path.write_text(json.dumps(info, indent=2), encoding="utf-8")
    return info
