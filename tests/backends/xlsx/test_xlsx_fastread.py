"""The calamine reader gives the very Book the streaming reader gives, or hands the sheet over."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, SAMPLES

from sheetsync.backends.xlsx import fastread
from sheetsync.backends.xlsx.package import Package
from sheetsync.backends.xlsx.read import read_book as stream_book
from sheetsync.grid import Book, CellError
from tests.fidelity_corpus import FEATURES, build_corpus
from tests.okr_workbooks import write_okrs

pytest.importorskip("python_calamine")

SAMPLE_DIRS = [SAMPLES]


def _both(path: Path) -> tuple[tuple[Book, bool], tuple[Book, bool]]:
    pkg = Package(path)
    try:
        return fastread.read_book(pkg, path.name), stream_book(pkg, path.name)
    finally:
        pkg.close()


def _odd_cells(path: Path) -> Path:
    """Times, durations, datetimes, text escapes, a merge, a hidden tab, leading blank rows and
    columns, a formula, and (on a tab of its own) cached formula errors."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Odd"
    ws["C3"], ws["D3"], ws["E3"] = "x_x0041_y", True, dt.time(12, 30)
    ws["F3"], ws["G3"] = dt.timedelta(hours=30), dt.datetime(2026, 1, 2, 3, 4)
    ws["H3"], ws["I3"], ws["J3"], ws["K3"] = dt.date(2026, 1, 2), 3, 3.5, "  padded "
    ws["C6"] = "merged"
    ws.merge_cells("C6:D7")
    ws["E9"] = "=1+2"
    ws["E10"] = 10 ** 17
    hidden = wb.create_sheet("Hidden")
    hidden.sheet_state = "hidden"
    hidden["B2"] = 1
    errors = wb.create_sheet("Errors")
    errors["A1"], errors["B1"] = "KR", "=1/0"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet3.xml"] = re.sub(
        rb'<c r="B1".*?</c>', b'<c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
        parts["xl/worksheets/sheet3.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_odd_cells_read_the_same_and_error_cells_keep_their_code(tmp_path: Path) -> None:
    (fast, fast_formulas), (slow, slow_formulas) = _both(_odd_cells(tmp_path / "odd.xlsx"))
    assert fast == slow
    assert fast_formulas and slow_formulas
    assert fast.sheets[2].rows[0][1] == CellError("#DIV/0!")


def _corpus(tmp_path: Path) -> list[Path]:
    paths = [build_corpus(tmp_path / "corpus.xlsx", set(FEATURES)),
             write_okrs(tmp_path / "okrs.xlsx", 50),
             ROOT / "templates" / "flat.xlsx", ROOT / "templates" / "grouped.xlsx"]
    for folder in SAMPLE_DIRS:
        if folder.is_dir():
            return paths + sorted(folder.glob("*.xlsx"))
    return paths


def test_every_workbook_at_hand_reads_the_same_with_either_reader(tmp_path: Path) -> None:
    checked = 0
    for path in _corpus(tmp_path):
        (fast, fast_formulas), (slow, slow_formulas) = _both(path)
        assert fast == slow, path.name
        assert fast_formulas == slow_formulas, path.name
        checked += 1
    assert checked >= 4


def test_the_streaming_reader_can_be_asked_for(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = _odd_cells(tmp_path / "odd.xlsx")
    monkeypatch.setenv("SHEETSYNC_XLSX_READER", "stream")
    called: list[str] = []
    monkeypatch.setattr(fastread, "calamine_grid", lambda *a: called.append("calamine"))
    pkg = Package(path)
    try:
        book, _ = fastread.read_book(pkg, path.name)
    finally:
        pkg.close()
    assert called == [] and book.titles == ["Odd", "Hidden", "Errors"]


@pytest.mark.parametrize(("cells", "expected"), [
    ([["a", "", ""], ["", "", ""], [3.0, "", 2.5], ["", "", ""]], [["a"], [], [3, None, 2.5]]),
    ([["", ""], ["", "x"]], [[], [None, "x"]]),
    ([[1e20, -0.0]], [[1e20, 0]]),
], ids=["trailing blanks and blank rows are dropped, whole numbers become ints",
        "leading blank rows and columns keep their places",
        "a number too big for an exact int stays a float"])
def test_calamine_rows_become_ragged_grid_rows(cells: list[list[object]],
                                              expected: list[list[object]]) -> None:
    assert fastread.rows_of(cells) == expected


@pytest.mark.parametrize(("ref", "handed_over"), [
    (b'<row r="2000000000">', True),
    (b'<c r="XFE1" t="n">', True),
    (b'<c r="ABCD7">', True),
    (b'<c r="A1048576">', True),
    (b'<c r="XFD1">', False),
    (b'<c r="AB104857">', False),
], ids=["a row number past the grid goes to the streaming reader",
        "a column past XFD goes to the streaming reader",
        "a four-letter column goes to the streaming reader",
        "the grid's last row goes to the streaming reader, to be safe",
        "the grid's last column stays with calamine",
        "a six-digit row stays with calamine"])
def test_references_at_the_edge_of_the_grid_are_read_by_the_streaming_reader(
        ref: bytes, handed_over: bool) -> None:
    assert (fastread._EDGE_OF_GRID.search(b"<sheetData>" + ref) is not None) is handed_over
