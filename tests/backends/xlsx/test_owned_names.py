"""The .xlsx ownership record (hidden sheet-scoped defined names): written with the columns it
records, kept beside other names, and followed when a person moves the columns (as Excel and
LibreOffice rewrite the names) or saves the workbook between sheetsync's read and its write."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from okr_workbooks import write_okrs

from sheetsync import pipeline
from sheetsync.a1 import col_index, col_letter
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.backends.xlsx.owned_names import add_owned, read_owned
from sheetsync.config import Config
from sheetsync.grid import Book
from sheetsync.write.writeplan import ColumnClaim

AS_OF = dt.date(2026, 11, 15)
WORKBOOK = (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheets><sheet name="OKRs" sheetId="1"/><sheet name="Ann\'s tab" sheetId="2"/>'
            b'</sheets>{names}<calcPr calcId="1"/></workbook>')


@pytest.mark.parametrize("names", [
    b"",
    b'<definedNames><definedName name="_sheetsync_fingerprint" hidden="1">"abc"</definedName>'
    b"</definedNames>",
], ids=["a workbook without defined names gets a definedNames element before calcPr",
        "another sheetsync name stays beside the record"])
def test_the_record_round_trips_and_leaves_other_names(names: bytes) -> None:
    xml = WORKBOOK.replace(b"{names}", names)
    claims = [ColumnClaim("OKRs", "score", 9), ColumnClaim("Ann's tab", "status", 28)]
    out = add_owned(xml, claims, {"OKRs": 0, "Ann's tab": 1})
    assert read_owned(out) == {"OKRs": {"score": 9}, "Ann's tab": {"status": 28}}
    assert out.index(b"<definedNames>") < out.index(b"<calcPr")
    if names:
        assert b"_sheetsync_fingerprint" in out
    moved = add_owned(out, [ColumnClaim("OKRs", "score", 3)], {"OKRs": 0, "Ann's tab": 1})
    assert read_owned(moved)["OKRs"] == {"score": 3}, "a role's name is replaced, not doubled"


def test_a_deleted_column_is_no_longer_recorded() -> None:
    xml = WORKBOOK.replace(b"{names}", b'<definedNames><definedName name="_sheetsync_owned.'
                           b'score" localSheetId="0" hidden="1">#REF!</definedName>'
                           b"</definedNames>")
    assert read_owned(xml) == {}


def _insert_first_column_as_excel_does(path: Path) -> None:
    """A person inserts a column at A (cells move right, Excel rewrites the names) and
    updates a Current value."""
    wb = openpyxl.load_workbook(path)
    ws = wb["OKRs"]
    ws.insert_cols(1)
    ws["H2"] = 1000  # and types a new Current (column G before the insert) for the first KR
    for name in list(ws.defined_names):
        dn = ws.defined_names[name]
        dn.attr_text = re.sub(r"\$([A-Z]+)", lambda m: "$" + col_letter(col_index(m[1]) + 1),
                              dn.attr_text)
    wb.save(path)


def _read(path: Path) -> Book:
    with XlsxBackend(path) as b:
        return b.read()


def test_the_record_follows_a_column_a_person_inserted(tmp_path: Path) -> None:
    path = write_okrs(tmp_path / "okrs.xlsx", 4)
    pipeline.run(str(path), Config(), AS_OF, until="apply")
    before = _read(path).sheet("OKRs")
    assert before is not None and before.owned_columns["status"] == 11
    _insert_first_column_as_excel_does(path)
    after = _read(path).sheet("OKRs")
    assert after is not None and after.owned_columns["status"] == 12
    later = pipeline.run(str(path), Config(), AS_OF + dt.timedelta(days=30), until="apply")
    assert later.plan is not None and later.plan.changes
    assert not [c for c in later.plan.changes if c.row == 1], "no column is added again"
    mine = set(after.owned_columns.values())
    assert {c.col for c in later.plan.changes} <= mine


def test_a_workbook_saved_by_someone_between_read_and_write_is_planned_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_okrs(tmp_path / "okrs.xlsx", 4)
    pipeline.run(str(path), Config(), AS_OF, until="apply")
    read = XlsxBackend.read
    saved: list[bool] = []

    def read_then_someone_saves(self: XlsxBackend) -> Book:
        book = read(self)
        if not saved:
            saved.append(True)
            wb = openpyxl.load_workbook(path)
            wb["OKRs"].insert_rows(2)  # a blank row above the first KR, saved from Excel
            wb.save(path)
        return book

    monkeypatch.setattr(XlsxBackend, "read", read_then_someone_saves)
    result = pipeline.run(str(path), Config(), AS_OF + dt.timedelta(days=30), until="apply")
    assert saved and result.applied
    monkeypatch.setattr(XlsxBackend, "read", read)
    book = _read(path)
    grid = book.sheet("OKRs")
    assert grid is not None
    check = pipeline.score_book(book, Config(), AS_OF + dt.timedelta(days=30))
    status = grid.owned_columns["status"]
    for kr in check.scorecard.key_results:
        assert kr.source is not None
        assert grid.value(kr.source.row, status) == kr.status.value, kr.id
    assert grid.value(2, status) is None, "the inserted blank row gets no status"
