"""The status columns a sync adds to a KR table look finished in .xlsx: the table header's style,
widths that fit, number formats, status cells coloured by status (SPEC §7)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from sheetsync import pipeline
from sheetsync.config import load_config
from sheetsync.write.writeplan import STATUS_FILLS

ROOT = Path(__file__).resolve().parents[3]
ADDED = {"Progress": "0%", "Score": "0.00", "Status": "General", "Last check-in": "yyyy-mm-dd",
         "Projected": "0.00"}


@pytest.fixture(scope="module")
def okrs(tmp_path_factory: pytest.TempPathFactory) -> Worksheet:
    book = tmp_path_factory.mktemp("look") / "okrs.xlsx"
    shutil.copy(ROOT / "templates" / "flat.xlsx", book)
    config = load_config(ROOT / "templates" / "flat.toml")
    pipeline.run(str(book), config, dt.date(2026, 11, 15), until="apply")
    ws: Worksheet = openpyxl.load_workbook(book)["OKRs"]
    return ws


def header_row(ws: Worksheet) -> int:
    return next(r for r in range(1, 20) if ws.cell(r, 1).value == "ID")


def added_columns(ws: Worksheet) -> dict[str, int]:
    r = header_row(ws)
    return {str(ws.cell(r, c).value): c for c in range(1, ws.max_column + 1)
            if ws.cell(r, c).value in ADDED}


def test_added_headers_take_the_style_of_the_table_header(okrs: Worksheet) -> None:
    r = header_row(okrs)
    columns = added_columns(okrs)
    assert set(columns) == set(ADDED)
    first_added = min(columns.values())
    table_header = okrs.cell(r, first_added - 1)
    for c in columns.values():
        cell = okrs.cell(r, c)
        assert cell.style_id == table_header.style_id, "the same font, fill and border"
        assert cell.font.b


@pytest.mark.parametrize("name", list(ADDED), ids=[f"the {n} column" for n in ADDED])
def test_each_added_column_is_wide_enough_and_formatted(okrs: Worksheet, name: str) -> None:
    c = added_columns(okrs)[name]
    letter = openpyxl.utils.get_column_letter(c)
    width = okrs.column_dimensions[letter].width
    r = header_row(okrs)
    values = [okrs.cell(row, c) for row in range(r + 1, okrs.max_row + 1)
              if okrs.cell(row, c).value is not None]
    assert values, "the template fills every status column somewhere"
    assert width >= len(name) + 2
    assert all(v.number_format == ADDED[name] for v in values)
    if name == "Last check-in":
        assert width >= len("2026-11-15") + 2, "a date shows whole, not as ###"


def test_status_cells_are_coloured_by_status(okrs: Worksheet) -> None:
    c = added_columns(okrs)["Status"]
    r = header_row(okrs)
    seen = set()
    for row in range(r + 1, okrs.max_row + 1):
        cell = okrs.cell(row, c)
        if cell.value is None:
            continue
        assert cell.fill.fgColor.rgb == "FF" + STATUS_FILLS[str(cell.value)], cell.coordinate
        seen.add(cell.value)
    assert {"On track", "At risk", "Off track"} <= seen


def test_summary_numbers_and_their_headers_sit_right_and_apart_from_the_next_column(
        tmp_path: Path) -> None:
    book = tmp_path / "okrs.xlsx"
    shutil.copy(ROOT / "templates" / "flat.xlsx", book)
    pipeline.run(str(book), load_config(ROOT / "templates" / "flat.toml"),
                 dt.date(2026, 11, 15), until="apply")
    ws = openpyxl.load_workbook(book)["OKR Summary"]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Owner")
    assert ws.cell(header, 2).value == "KRs"
    for r in (header, header + 1):
        cell = ws.cell(r, 2)
        assert (cell.alignment.horizontal, cell.alignment.indent) == ("right", 1), r
    assert ws.cell(header, 1).alignment.horizontal is None, "the Owner header stays left"
    assert ws.freeze_panes == "A3"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
