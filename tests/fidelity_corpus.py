"""Workbooks for the fidelity tests, built in code: an OKR tab that holds one feature Excel users
put next to their data (or all of them), made with openpyxl where it can, the rest injected as
the raw XML parts and extension lists Excel writes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import DataBarRule, IconSetRule
from openpyxl.worksheet.table import Table, TableStyleInfo

FEATURES = ["chart", "image", "pivot table", "threaded comment", "sparklines",
            "icon set and data bars", "structured references"]
SHEET = "xl/worksheets/sheet1.xml"
SHEET_RELS = "xl/worksheets/_rels/sheet1.xml.rels"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")
TC_ID = "{5C5A1E0B-1F2A-4B7E-9C1D-0A1B2C3D4E5F}"
PERSON_ID = "{0D1E2F3A-4B5C-4D6E-8F70-112233445566}"
DATABAR_ID = "{00000000-000E-0000-0000-000002000000}"
LEGACY_TEXT = ("[Threaded comment]\n\nYour version of Excel allows you to read this threaded "
               "comment; however, any edits to it will get removed if the file is opened in a "
               "newer version of Excel. Learn more: https://go.microsoft.com/fwlink/?linkid="
               "870924\n\nComment:\n    Is 1.2M realistic?")

ROWS = [("Grow revenue", "ARR to 1.2M", "Ann", 1_200_000, 950_000),
        ("Grow revenue", "Churn below 3%", "Bob", 0.03, 0.041),
        ("Ship v2", "Launch beta", "Cy", 1, 1)]
CACHED = {"F2": b"0.791666666666667", "F3": b"1.36666666666667", "F4": b"1",
          "D6": b"1200001.03"}


def build_corpus(path: Path, features: set[str]) -> Path:
    """An OKR tab (Objective..Progress in A1:F4, a total in D6) with the given features on it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "OKRs"
    ws.append(["Objective", "Key Result", "Owner", "Target", "Current", "Progress"])
    for i, row in enumerate(ROWS, start=2):
        ws.append([*row, f"=E{i}/D{i}"])
    ws["C6"], ws["D6"] = "Total target", "=SUM(D2:D4)"
    if "structured references" in features:
        table = Table(displayName="Table1", ref="A1:F4")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)
        for i in range(2, 5):
            ws[f"F{i}"] = "=Table1[[#This Row],[Current]]/Table1[[#This Row],[Target]]"
        ws["D6"] = "=SUM(Table1[Target])"
    if "chart" in features:
        chart = BarChart()
        chart.add_data(Reference(ws, min_col=5, min_row=1, max_row=4), titles_from_data=True)
        ws.add_chart(chart, "L8")
    if "icon set and data bars" in features:
        ws.conditional_formatting.add("F2:F4", IconSetRule("3Arrows", "percent", [0, 33, 67]))
        ws.conditional_formatting.add("E2:E4", DataBarRule(start_type="min", end_type="max",
                                                           color="FF638EC6"))
    if "threaded comment" in features:
        ws["B2"].comment = Comment(LEGACY_TEXT, f"tc={TC_ID}")
    wb.save(path)
    _inject(path, features)
    return path


def _inject(path: Path, features: set[str]) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    sheet = parts[SHEET]
    for ref, value in CACHED.items():
        sheet = re.sub(rb'(<c r="%s"[^>]*>)<f>(.*?)</f><v\s*/>' % ref.encode(),
                       rb"\1<f>\2</f><v>" + value + rb"</v>", sheet)
        sheet = re.sub(rb'(<c r="%s"[^>]*>)<f>(.*?)</f><v></v>' % ref.encode(),
                       rb"\1<f>\2</f><v>" + value + rb"</v>", sheet)
    parts[SHEET] = sheet
    exts = []
    if "icon set and data bars" in features:
        exts.append(_databar_x14(parts))
    if "sparklines" in features:
        exts.append(SPARKLINES)
    if exts:
        parts[SHEET] = parts[SHEET].replace(b"</worksheet>",
                                            b"<extLst>" + b"".join(exts) + b"</extLst></worksheet>")
    if "image" in features:
        _add_image(parts)
    if "threaded comment" in features:
        _add_threaded_comment(parts)
    if "pivot table" in features:
        _add_pivot(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _add_rel(parts: dict[str, bytes], rels: str, rid: str, kind: str, target: str) -> None:
    xml = parts.get(rels, b'<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                          b'2006/relationships"></Relationships>')
    rel = f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'.encode()
    parts[rels] = xml.replace(b"</Relationships>", rel + b"</Relationships>")


def _add_type(parts: dict[str, bytes], entry: str) -> None:
    types = parts["[Content_Types].xml"]
    parts["[Content_Types].xml"] = types.replace(b"</Types>", entry.encode() + b"</Types>")


def _override(parts: dict[str, bytes], name: str, content_type: str) -> None:
    _add_type(parts, f'<Override PartName="/{name}" ContentType="{content_type}"/>')


def _sheet_element(parts: dict[str, bytes], element: bytes, before: tuple[bytes, ...]) -> None:
    """Insert a child of <worksheet> before the first of `before` present (schema order)."""
    sheet = parts[SHEET]
    at = min((i for tag in before if (i := sheet.find(tag)) >= 0), default=-1)
    at = at if at >= 0 else sheet.rindex(b"</worksheet>")
    parts[SHEET] = sheet[:at] + element + sheet[at:]


def _databar_x14(parts: dict[str, bytes]) -> bytes:
    """Excel's 2010 data bar: the rule in the sheet points to its x14 twin in the extLst."""
    link = (f'<extLst><ext uri="{{B025F937-C7B1-47D3-B67F-A62EFF666E3E}}" xmlns:x14="{X14}">'
            f"<x14:id>{DATABAR_ID}</x14:id></ext></extLst>").encode()
    sheet = parts[SHEET]
    assert sheet.count(b"</dataBar></cfRule>") == 1
    parts[SHEET] = sheet.replace(b"</dataBar></cfRule>", b"</dataBar>" + link + b"</cfRule>")
    return (f'<ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{X14}">'
            f'<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="{XM}">'
            f'<x14:cfRule type="dataBar" id="{DATABAR_ID}"><x14:dataBar minLength="0" '
            'maxLength="100" gradient="0" negativeBarColorSameAsPositive="1" '
            'axisPosition="middle"><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/>'
            '<x14:borderColor rgb="FF638EC6"/><x14:axisColor rgb="FF000000"/></x14:dataBar>'
            "</x14:cfRule><xm:sqref>E2:E4</xm:sqref></x14:conditionalFormatting>"
            "</x14:conditionalFormattings></ext>").encode()


SPARKLINES = (
    f'<ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{X14}">'
    f'<x14:sparklineGroups xmlns:xm="{XM}"><x14:sparklineGroup displayEmptyCellsAs="gap" '
    'markers="1"><x14:colorSeries rgb="FF376092"/><x14:colorNegative rgb="FFD00000"/>'
    '<x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="FFD00000"/>'
    '<x14:colorFirst rgb="FFD00000"/><x14:colorLast rgb="FFD00000"/>'
    '<x14:colorHigh rgb="FFD00000"/><x14:colorLow rgb="FFD00000"/><x14:sparklines>'
    + "".join(f"<x14:sparkline><xm:f>OKRs!D{r}:E{r}</xm:f><xm:sqref>K{r}</xm:sqref>"
              "</x14:sparkline>" for r in range(2, 5))
    + "</x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext>").encode()


def _add_image(parts: dict[str, bytes]) -> None:
    """A picture anchored on the sheet: in the chart's drawing if there is one, else its own."""
    drawing = "xl/drawings/drawing1.xml"
    if drawing not in parts:
        parts[drawing] = (
            b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/'
            b'spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/'
            b'main"></xdr:wsDr>')
        _override(parts, drawing, "application/vnd.openxmlformats-officedocument.drawing+xml")
        _add_rel(parts, SHEET_RELS, "rIdDrawing9", R + "/drawing", "../drawings/drawing1.xml")
        _sheet_element(parts, f'<drawing xmlns:r="{R}" r:id="rIdDrawing9"/>'.encode(),
                       (b"<legacyDrawing", b"<tableParts", b"<extLst"))
    pic = (
        '<xdr:oneCellAnchor xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/'
        'spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        "<xdr:from><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>8</xdr:row>"
        '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="952500" cy="952500"/><xdr:pic>'
        '<xdr:nvPicPr><xdr:cNvPr id="9" name="Picture 9" descr="team logo"/><xdr:cNvPicPr>'
        '<a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill>'
        f'<a:blip xmlns:r="{R}" r:embed="rIdImage9"/><a:stretch><a:fillRect/></a:stretch>'
        '</xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
        "</xdr:pic><xdr:clientData/></xdr:oneCellAnchor>").encode()
    parts[drawing] = re.sub(rb"(</(?:xdr:)?wsDr>)$", lambda m: pic + m.group(1), parts[drawing])
    parts["xl/media/image1.png"] = PNG
    _add_type(parts, '<Default Extension="png" ContentType="image/png"/>')
    _add_rel(parts, "xl/drawings/_rels/drawing1.xml.rels", "rIdImage9", R + "/image",
             "../media/image1.png")


def _add_threaded_comment(parts: dict[str, bytes]) -> None:
    """What Excel 365 writes beside the legacy comment openpyxl made: the thread and its people."""
    ms = "http://schemas.microsoft.com/office/2017/10/relationships/"
    parts["xl/threadedComments/threadedComment1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<ThreadedComments '
        'xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" '
        'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<threadedComment ref="B2" dT="2026-10-02T09:15:00.00" personId="{PERSON_ID}" '
        f'id="{TC_ID}"><text>Is 1.2M realistic?</text></threadedComment>'
        f'<threadedComment ref="B2" dT="2026-10-02T10:02:00.00" personId="{PERSON_ID}" '
        'id="{6C5A1E0B-1F2A-4B7E-9C1D-0A1B2C3D4E60}" '
        f'parentId="{TC_ID}"><text>Board says yes.</text></threadedComment>'
        "</ThreadedComments>").encode()
    parts["xl/persons/person.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<personList '
        'xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" '
        'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<person displayName="Ann Smith" id="{PERSON_ID}" userId="ann@example.com" '
        'providerId="AD"/></personList>').encode()
    _override(parts, "xl/threadedComments/threadedComment1.xml",
              "application/vnd.ms-excel.threadedcomments+xml")
    _override(parts, "xl/persons/person.xml", "application/vnd.ms-excel.person+xml")
    _add_rel(parts, SHEET_RELS, "rIdThread9", ms + "threadedComment",
             "../threadedComments/threadedComment1.xml")
    _add_rel(parts, "xl/_rels/workbook.xml.rels", "rIdPerson9", ms + "person",
             "persons/person.xml")


def _add_pivot(parts: dict[str, bytes]) -> None:
    """A pivot table of target by owner at H12, its cache definition and records."""
    defn, recs = "xl/pivotCache/pivotCacheDefinition1.xml", "xl/pivotCache/pivotCacheRecords1.xml"
    table = "xl/pivotTables/pivotTable1.xml"
    parts[defn] = (
        f'<pivotCacheDefinition xmlns="{MAIN}" xmlns:r="{R}" r:id="rId1" refreshOnLoad="1" '
        'createdVersion="6" refreshedVersion="6" minRefreshableVersion="3" recordCount="3">'
        '<cacheSource type="worksheet"><worksheetSource ref="A1:E4" sheet="OKRs"/></cacheSource>'
        '<cacheFields count="2"><cacheField name="Owner" numFmtId="0"><sharedItems count="3">'
        '<s v="Ann"/><s v="Bob"/><s v="Cy"/></sharedItems></cacheField>'
        '<cacheField name="Target" numFmtId="0"><sharedItems containsSemiMixedTypes="0" '
        'containsString="0" containsNumber="1" minValue="0.03" maxValue="1200000"/>'
        "</cacheField></cacheFields></pivotCacheDefinition>").encode()
    parts[recs] = (
        f'<pivotCacheRecords xmlns="{MAIN}" xmlns:r="{R}" count="3">'
        '<r><x v="0"/><n v="1200000"/></r><r><x v="1"/><n v="0.03"/></r>'
        '<r><x v="2"/><n v="1"/></r></pivotCacheRecords>').encode()
    parts[table] = (
        f'<pivotTableDefinition xmlns="{MAIN}" name="OwnerTargets" cacheId="7" '
        'applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" '
        'applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" '
        'dataCaption="Values" updatedVersion="6" minRefreshableVersion="3" createdVersion="6" '
        'useAutoFormatting="1" itemPrintTitles="1" indent="0" outline="1" outlineData="1">'
        '<location ref="H12:I16" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>'
        '<pivotFields count="2"><pivotField axis="axisRow" showAll="0"><items count="4">'
        '<item x="0"/><item x="1"/><item x="2"/><item t="default"/></items></pivotField>'
        '<pivotField dataField="1" showAll="0"/></pivotFields>'
        '<rowFields count="1"><field x="0"/></rowFields><rowItems count="4"><i><x/></i>'
        '<i><x v="1"/></i><i><x v="2"/></i><i t="grand"><x/></i></rowItems>'
        '<colItems count="1"><i/></colItems><dataFields count="1"><dataField '
        'name="Sum of Target" fld="1" baseField="0" baseItem="0"/></dataFields>'
        '<pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1" showColHeaders="1" '
        'showRowStripes="0" showColStripes="0" showLastColumn="1"/></pivotTableDefinition>'
    ).encode()
    _override(parts, defn, CT + "pivotCacheDefinition+xml")
    _override(parts, recs, CT + "pivotCacheRecords+xml")
    _override(parts, table, CT + "pivotTable+xml")
    _add_rel(parts, "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels", "rId1",
             R + "/pivotCacheRecords", "pivotCacheRecords1.xml")
    _add_rel(parts, "xl/pivotTables/_rels/pivotTable1.xml.rels", "rId1",
             R + "/pivotCacheDefinition", "../pivotCache/pivotCacheDefinition1.xml")
    _add_rel(parts, SHEET_RELS, "rIdPivot9", R + "/pivotTable", "../pivotTables/pivotTable1.xml")
    _add_rel(parts, "xl/_rels/workbook.xml.rels", "rIdCache9", R + "/pivotCacheDefinition",
             "pivotCache/pivotCacheDefinition1.xml")
    wb = parts["xl/workbook.xml"]
    caches = b'<pivotCaches><pivotCache cacheId="7" r:id="rIdCache9"/></pivotCaches>'
    parts["xl/workbook.xml"] = re.sub(rb"(<calcPr[^>]*/>)", lambda m: m.group(1) + caches, wb)
    # The rendered pivot: Excel stores the cells it shows like any others.
    rendered = [(12, "Row Labels", "Sum of Target"), (13, "Ann", 1200000), (14, "Bob", 0.03),
                (15, "Cy", 1), (16, "Grand Total", 1200001.03)]
    rows = b"".join(
        f'<row r="{r}"><c r="H{r}" t="inlineStr"><is><t>{a}</t></is></c>'.encode()
        + (f'<c r="I{r}" t="inlineStr"><is><t>{b}</t></is></c>' if isinstance(b, str)
           else f'<c r="I{r}"><v>{b}</v></c>').encode() + b"</row>"
        for r, a, b in rendered)
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", rows + b"</sheetData>")
