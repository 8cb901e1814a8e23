"""What a sync keeps: every part it does not own byte for byte, every cell it does not write."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.write.writeplan import CellChange, SummaryTab, WritePlan

SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "okr-samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.xlsx")) if SAMPLES.is_dir() else []
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_ORDER = [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
    "controls", "webPublishItems", "tableParts", "extLst"]
X14_EXT = (
    b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    b'<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    b'<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Lists!$A$1:$A$3</xm:f>'
    b"</x14:formula1><xm:sqref>C2:C20</xm:sqref></x14:dataValidation></x14:dataValidations></ext>"
    b"</extLst>")
CUSTOM_XML = {
    "customXml/item1.xml": b'<?xml version="1.0"?><b:Sources xmlns:b="urn:example:sources"/>',
    "customXml/itemProps1.xml": b'<?xml version="1.0"?><ds:datastoreItem ds:itemID="{0A1B}" '
                                b'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/'
                                b'2006/customXml"/>',
    "xl/threadedComments/threadedComment1.xml": b'<?xml version="1.0"?><ThreadedComments '
        b'xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
        b'<threadedComment ref="B2" id="{1}" personId="{2}"><text>Is 1.2M realistic?</text>'
        b"</threadedComment></ThreadedComments>",
    "xl/media/image1.png": bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"),
}


def build_rich(path: Path) -> Path:
    """A workbook using the features a team's OKR file tends to have, plus parts openpyxl drops."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "OKRs"
    ws.append(["Objective", "Key Result", "Owner", "Target", "Current", "Progress", "Due"])
    for c in ws[1]:
        c.font = Font(bold=True, color="FFFFFFFF")
        c.fill = PatternFill("solid", fgColor="FF305496")
    data = [("Grow revenue", "ARR to 1.2M", "Ann", 1_200_000, 950_000, dt.date(2026, 12, 31)),
            (None, "Churn below 3%", "Bob", 0.03, 0.041, dt.date(2026, 12, 15)),
            ("Ship v2", "Launch beta", "Cy", 1, 1, dt.date(2026, 11, 30))]
    for i, (o, kr, who, target, current, due) in enumerate(data, start=2):
        ws.append([o, kr, who, target, current, f"=E{i}/D{i}", due])
    ws.merge_cells("A2:A3")
    ws["B2"].comment = Comment("Baseline from the Q3 board deck", "Ann")
    dv = DataValidation(type="list", formula1='"Ann,Bob,Cy"', allow_blank=True)
    dv.add("C2:C50")
    ws.add_data_validation(dv)
    ws.conditional_formatting.add("E2:E50", CellIsRule(operator="lessThan", formula=["0.4"],
                                                        fill=PatternFill("solid",
                                                                         bgColor="FFF4CCCC")))
    ws.conditional_formatting.add("F2:F50", ColorScaleRule(start_type="min", start_color="FFFFFF",
                                                           end_type="max", end_color="63BE7B"))
    ws.freeze_panes = "B2"
    ws.column_dimensions["B"].width = 34
    ws.row_dimensions[1].height = 24
    ws["B4"].hyperlink = "https://example.com/beta"
    wb.defined_names["Targets"] = DefinedName("Targets", attr_text="OKRs!$D$2:$D$4")
    ws.defined_names["LocalOwners"] = DefinedName("LocalOwners", attr_text="OKRs!$C$2:$C$4")
    ci = wb.create_sheet("Check-ins")
    ci.append(["KR", "Date", "Value"])
    for d, v in ((dt.date(2026, 10, 1), 900_000), (dt.date(2026, 11, 1), 950_000)):
        ci.append(["ARR to 1.2M", d, v])
    table = Table(displayName="CheckIns", ref="A1:C3")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium9", showRowStripes=True)
    ci.add_table(table)
    dash = wb.create_sheet("Dashboard")
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=5, min_row=1, max_row=4), titles_from_data=True)
    dash.add_chart(chart, "B2")
    lists = wb.create_sheet("Lists")
    for name in ("Ann", "Bob", "Cy"):
        lists.append([name])
    lists.sheet_state = "hidden"
    wb.create_sheet("Archive").sheet_state = "veryHidden"
    wb.save(path)
    return _add_what_openpyxl_cannot(path)


def _add_what_openpyxl_cannot(path: Path) -> Path:
    """Cached formula results, an x14 extension, customXml, a threaded comment and an image."""
    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    cached = {2: b"0.791666666666667", 3: b"1.36666666666667", 4: b"1"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if name == "xl/worksheets/sheet1.xml":
                for r, v in cached.items():
                    data = re.sub(rb"(<c r=\"F%d\"[^>]*>)<f>(.*?)</f><v\s*/>" % r,
                                  rb"\1<f>\2</f><v>" + v + rb"</v>", data)
                    data = re.sub(rb"(<c r=\"F%d\"[^>]*>)<f>(.*?)</f><v></v>" % r,
                                  rb"\1<f>\2</f><v>" + v + rb"</v>", data)
                assert data.count(b"<v>1.3666") == 1
                data = data.replace(b"</worksheet>", X14_EXT + b"</worksheet>")
            z.writestr(name, data)
        for name, data in CUSTOM_XML.items():
            z.writestr(name, data)
    return path


def zip_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def cells(path: Path, data_only: bool) -> dict[tuple[str, str], tuple[object, ...]]:
    wb = openpyxl.load_workbook(path, data_only=data_only)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None or c.has_style:
                    out[(ws.title, c.coordinate)] = (
                        c.value, c.number_format, c.font.b, c.font.color and c.font.color.rgb,
                        c.fill.fgColor.rgb, getattr(c.border.left, "style", None),
                        c.alignment.horizontal,
                        c.comment and c.comment.text)
    return out


def outside_sheet_data(xml: bytes) -> bytes:
    """The sheet with its rows and <dimension> cut out: what a patch must leave byte-identical."""
    xml = re.sub(rb"<(\w+:)?sheetData[\s>].*?</(\w+:)?sheetData>|<(\w+:)?sheetData[^>]*/>", b"",
                 xml, flags=re.S)
    return re.sub(rb"<(\w+:)?dimension[^>]*/>", b"", xml)


def check_well_formed_sheet(xml: bytes) -> None:
    """Elements in schema order, rows ascending, cells ascending and inside their row."""
    root = ET.fromstring(xml)
    names = [el.tag.split("}")[1] for el in root]
    assert names == sorted(names, key=SHEET_ORDER.index)
    last_row = 0
    for row in root.iter(f"{{{MAIN}}}row"):
        r = int(row.get("r", last_row + 1))
        assert r > last_row
        last_row, last_col = r, 0
        for c in row.iter(f"{{{MAIN}}}c"):
            ref = c.get("r")
            assert ref is not None
            m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
            assert m and int(m.group(2)) == r
            col = openpyxl.utils.column_index_from_string(m.group(1))
            assert col > last_col
            last_col = col


def run_fidelity(path: Path, sheet: str, changes: list[CellChange]) -> None:
    summary = SummaryTab("OKR Summary", [["Cycle", "2026-Q4"], ["Objective", "Score", "Status"],
                                         ["Grow revenue", 0.79, "On track"]],
                         fills={(3, 3): "D9EAD3"}, bold={2}, number_formats={(3, 2): "0%"})
    before_parts = zip_parts(path)
    before = {False: cells(path, False), True: cells(path, True)}
    with XlsxBackend(path) as backend:
        book = backend.read()
        ref = book.sheet(sheet)
        assert ref is not None
        backend.apply(WritePlan(str(path), changes, summary))
    after_parts = zip_parts(path)

    with XlsxBackend(path) as backend:
        assert backend.read().titles == [*book.titles, "OKR Summary"]
    touched = _part_of(path, sheet)
    allowed = {touched, "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
               "xl/styles.xml", "xl/calcChain.xml"}
    added = set(after_parts) - set(before_parts)
    assert len(added) == 1 and added.pop().startswith("xl/worksheets/sheet")
    for name, data in before_parts.items():
        if name not in allowed:
            assert after_parts.get(name) == data, f"{name} changed or lost"
    assert set(before_parts) - set(after_parts) <= {"xl/calcChain.xml"}
    assert outside_sheet_data(after_parts[touched]) == outside_sheet_data(before_parts[touched])
    check_well_formed_sheet(after_parts[touched])
    for name in allowed & set(after_parts):
        ET.fromstring(after_parts[name])

    planned = {(c.sheet, c.cell) for c in changes}
    for data_only, old in before.items():
        new = cells(path, data_only)
        for key, value in old.items():
            if key not in planned:
                assert new.get(key) == value, (data_only, key)
    written = cells(path, True)
    for c in changes:
        got = written.get((c.sheet, c.cell), (None,))[0]
        assert got == (c.new if not isinstance(c.new, dt.date) else
                       dt.datetime.combine(c.new, dt.time()))


def _part_of(path: Path, sheet: str) -> str:
    with XlsxBackend(path) as backend:
        backend.read()
        pkg = backend._open()
        ref = pkg.sheet(sheet)
        assert ref is not None and ref.part is not None
        return ref.part


@pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")
def test_a_sync_keeps_everything_it_does_not_own(tmp_path: Path) -> None:
    path = build_rich(tmp_path / "rich.xlsx")
    run_fidelity(path, "OKRs", [
        CellChange("OKRs", 1, 8, None, "Status"),
        CellChange("OKRs", 2, 8, None, "On track"),
        CellChange("OKRs", 4, 8, None, "Done"),
        CellChange("OKRs", 3, 5, 0.041, 0.039),
        CellChange("OKRs", 2, 9, None, dt.date(2026, 11, 14)),
    ])
    wb = openpyxl.load_workbook(path)
    ws = wb["OKRs"]
    assert ws.freeze_panes == "B2" and ws.column_dimensions["B"].width == 34
    assert [str(r) for r in ws.merged_cells.ranges] == ["A2:A3"]
    assert ws["B2"].comment.text == "Baseline from the Q3 board deck"
    assert len(ws.conditional_formatting) == 2 and len(ws.data_validations.dataValidation) == 1
    assert set(wb.defined_names) == {"Targets"} and "LocalOwners" in ws.defined_names
    assert "CheckIns" in wb["Check-ins"].tables
    assert [wb[n].sheet_state for n in ("Lists", "Archive")] == ["hidden", "veryHidden"]
    assert X14_EXT in zip_parts(path)["xl/worksheets/sheet1.xml"]


@pytest.mark.samples
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[p.name[:40] for p in SAMPLE_FILES])
def test_real_workbooks_keep_everything_they_do_not_own(sample: Path, tmp_path: Path) -> None:
    path = tmp_path / sample.name
    path.write_bytes(sample.read_bytes())
    with XlsxBackend(path) as backend:
        book = backend.read()
    grid = next(g for g in book.sheets if g.rows)
    right = max([grid.n_cols, *(m.max_col for m in grid.merged)]) + 1
    first = next(i for i, r in enumerate(grid.rows, 1) if r)
    existing = next(((r, c) for r in range(first, grid.n_rows + 1)
                     for c in range(1, grid.n_cols + 1)
                     if isinstance(grid.value(r, c), str) and not _merged_inside(grid, r, c)),
                    (first, right + 2))
    run_fidelity(path, grid.title, [
        CellChange(grid.title, first, right, None, "Status"),
        CellChange(grid.title, first + 1, right, None, "On track"),
        CellChange(grid.title, first + 2, right + 1, None, 0.5, "0%"),
        CellChange(grid.title, *existing, grid.value(*existing), "edited by sheetsync"),
    ])


def _merged_inside(grid: object, r: int, c: int) -> bool:
    return any(m.contains(r, c) and (r, c) != (m.min_row, m.min_col)
               for m in grid.merged)  # type: ignore[attr-defined]
