"""A team's OKR workbook for the digest, grading and next-cycle tests, built in code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.styles import Font, PatternFill

from sheetsync.grid import Book, CellValue, Grid

CYCLE_START, CYCLE_END = dt.date(2026, 10, 1), dt.date(2026, 12, 31)
MONDAY = dt.date(2026, 11, 16)
HEADER = ["ID", "Objective", "Type", "Key Result", "Owner", "Baseline", "Target", "Current"]
OKR_ROWS: list[list[CellValue]] = [
    ["O1.1", "Delight customers", "committed", "Raise NPS from 20 to 40", "Maya Chen", 20, 40,
     None],
    ["O1.2", "Delight customers", "committed", "Cut churn from 5 to 3", "Maya Chen", 5, 3, None],
    ["O2.1", "Grow revenue", "aspirational", "Grow ARR from 100 to 200", "Ben Ode", 100, 200,
     None],
    ["O2.2", "Grow revenue", "aspirational", "Sign 10 partners", "Ann Lee", 0, 10, None],
]
CHECKIN_HEADER = ["KR", "Date", "Value", "Confidence", "Note", "Author"]
CHECKINS: list[list[CellValue]] = [
    ["O1.1", dt.date(2026, 10, 5), 22, 0.8, "first survey", "Maya Chen"],
    ["O1.1", dt.date(2026, 11, 13), 30, 0.8, "survey two", "Maya Chen"],
    ["O1.2", dt.date(2026, 10, 20), 4.8, 0.5, "slow", "Maya Chen"],
    ["O2.1", dt.date(2026, 11, 12), 130, 0.9, "two deals", "Ben Ode"],
]
PEOPLE = {"Maya Chen": "maya@example.com", "Ben Ode": "ben@example.com"}
"""Ann Lee has no address: the team message lists her."""


def rhythm_book(checkins: list[list[CellValue]] | None = None,
                rows: list[list[CellValue]] | None = None) -> Book:
    return Book("team.xlsx", [
        Grid("OKRs", [list(HEADER), *[list(r) for r in (rows or OKR_ROWS)]]),
        Grid("Check-ins", [list(CHECKIN_HEADER),
                           *[list(r) for r in (CHECKINS if checkins is None else checkins)]]),
    ])


def write_rhythm_xlsx(path: Path, checkins: list[list[CellValue]] | None = None,
                      rows: list[list[CellValue]] | None = None) -> Path:
    """The same workbook as an .xlsx file, with a styled header (fill, bold) and widths."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "OKRs"
    ws.append(HEADER)
    for r in rows or OKR_ROWS:
        ws.append(r)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFD9EAD3")
    ws.column_dimensions["D"].width = 40
    ci = wb.create_sheet("Check-ins")
    ci.append(CHECKIN_HEADER)
    for r in CHECKINS if checkins is None else checkins:
        ci.append(r)
    wb.save(path)
    return path
