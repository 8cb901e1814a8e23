"""A worksheet's XML as next-cycle copies it: what stays, what is left behind."""

from __future__ import annotations

import pytest

from sheetsync.backends.xlsx.copy_sheet import copied_sheet_xml, insert_sheet_after

SHEET = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
         b'<sheetPr codeName="Sheet1"><tabColor rgb="FF00FF00"/></sheetPr>'
         b'<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
         b'<cols><col min="4" max="4" width="40" customWidth="1"/></cols>'
         b'<sheetData><row r="1"><c r="A1" s="3"/></row></sheetData>'
         b'<mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="B2:B4"/></mergeCells>'
         b'<hyperlinks><hyperlink ref="A2" r:id="rId3"/></hyperlinks>'
         b'<pageSetup orientation="landscape" r:id="rId1"/><drawing r:id="rId2"/>'
         b'<legacyDrawing r:id="rId4"/><tableParts count="1"><tablePart r:id="rId5"/>'
         b"</tableParts></worksheet>")


@pytest.mark.parametrize(("kept", "gone"), [
    pytest.param(b'<col min="4" max="4" width="40" customWidth="1"/>', b"", id="widths stay"),
    pytest.param(b'<c r="A1" s="3"/>', b"", id="cell styles stay"),
    pytest.param(b'<tabColor rgb="FF00FF00"/>', b'codeName="Sheet1"',
                 id="the tab colour stays and the VBA code name goes"),
    pytest.param(b'<sheetView workbookViewId="0"/>', b"tabSelected",
                 id="the copy is not a second selected tab"),
    pytest.param(b'<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>', b"B2:B4",
                 id="merges above the header stay and those below go"),
    pytest.param(b'<pageSetup orientation="landscape"/>', b"<drawing",
                 id="drawings go and page setup loses its printer settings link"),
    pytest.param(b"</sheetData>", b"tableParts", id="tables go (their names are unique)"),
    pytest.param(b"</sheetData>", b"hyperlinks", id="hyperlinks go with the relationships"),
    pytest.param(b"</sheetData>", b"legacyDrawing", id="comments go"),
])
def test_copied_sheet_xml(kept: bytes, gone: bytes) -> None:
    xml = copied_sheet_xml(SHEET, unmerge_below=1)
    assert kept in xml
    if gone:
        assert gone not in xml
    assert b'xmlns:r="http' in xml


def test_the_new_sheet_goes_after_its_source_and_later_sheet_indexes_move_on() -> None:
    wb = (b'<workbook xmlns="m" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
          b'relationships"><bookViews><workbookView activeTab="2"/></bookViews><sheets>'
          b'<sheet name="OKRs" sheetId="1" r:id="rId1"/><sheet name="Check-ins" sheetId="2" '
          b'r:id="rId2"/><sheet name="Notes" sheetId="3" r:id="rId3"/></sheets><definedNames>'
          b'<definedName name="_xlnm.Print_Area" localSheetId="0">OKRs!$A$1:$H$9</definedName>'
          b'<definedName name="_xlnm.Print_Area" localSheetId="2">Notes!$A$1</definedName>'
          b"</definedNames></workbook>")
    out = insert_sheet_after(wb, "OKRs", "OKRs 2027-Q1", 4, "rId9", 1)
    assert (b'<sheet name="OKRs" sheetId="1" r:id="rId1"/><sheet name="OKRs 2027-Q1" '
            b'sheetId="4" r:id="rId9"/><sheet name="Check-ins"') in out
    assert b'localSheetId="0">OKRs' in out and b'localSheetId="3">Notes' in out
    assert b'activeTab="3"' in out
