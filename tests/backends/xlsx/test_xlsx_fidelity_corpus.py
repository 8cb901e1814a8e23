"""What a sync keeps on the sheet it writes: charts, images, pivot tables, threaded comments,
sparklines, icon sets and data bars, structured references; each alone, then all together."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from fidelity_corpus import FEATURES, SHEET, SHEET_RELS, build_corpus
from test_xlsx_fidelity import run_fidelity, zip_parts

from sheetsync.write.writeplan import CellChange

CHANGES = [
    CellChange("OKRs", 1, 8, None, "Status"),
    CellChange("OKRs", 2, 8, None, "On track"),
    CellChange("OKRs", 4, 8, None, "Done"),
    CellChange("OKRs", 3, 5, 0.041, 0.039),
    CellChange("OKRs", 2, 9, None, dt.date(2026, 11, 14)),
]
CASES = [(f, {f}) for f in FEATURES] + [("everything at once", set(FEATURES))]
# What each feature must leave in the written sheet's XML (checked byte for byte by run_fidelity
# along with the rest of the sheet outside its rows; listed here so a corpus that lost the
# feature fails instead of passing vacuously).
MARKERS = {
    "chart": [b"<drawing "], "image": [b"<drawing "],
    "pivot table": [b'<c r="H12" '], "threaded comment": [b"<legacyDrawing "],
    "sparklines": [b"<x14:sparklineGroups", b"<xm:sqref>K2</xm:sqref>"],
    "icon set and data bars": [b'<cfRule type="iconSet"', b"<x14:dataBar ", b"<x14:id>"],
    "structured references": [b"<tableParts ", b"SUM(Table1[Target])"],
}
IN_SHEET_RELS = {"chart": b"/drawing\"", "image": b"/drawing\"", "pivot table": b"/pivotTable\"",
                 "threaded comment": b"/threadedComment\"", "structured references": b"/table\""}
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _entries(xml: bytes, tag: str) -> set[tuple[tuple[str, str], ...]]:
    return {tuple(sorted(el.attrib.items())) for el in ET.fromstring(xml).iter(tag)}


def _openpyxl_view(path: Path) -> tuple[object, ...]:
    ws = openpyxl.load_workbook(path)["OKRs"]
    return (len(ws._charts), len(ws._pivots),  # type: ignore[attr-defined]
            [str(r.sqref) for r in ws.conditional_formatting], sorted(ws.tables),
            ws["B2"].comment and ws["B2"].comment.text)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name, features", CASES,
                         ids=[f"a sync keeps {c[0]} on the sheet it writes" for c in CASES])
def test_a_sync_keeps_what_is_on_the_sheet_it_writes(tmp_path: Path, name: str,
                                                      features: set[str]) -> None:
    path = build_corpus(tmp_path / "corpus.xlsx", features)
    before = zip_parts(path)
    view = _openpyxl_view(path)
    for feature in features:
        for marker in MARKERS[feature]:
            assert marker in before[SHEET], (feature, marker)
        if feature in IN_SHEET_RELS:
            assert IN_SHEET_RELS[feature] in before[SHEET_RELS], feature

    # Every part sheetsync does not own is byte-identical (the sheet's rels, drawings, charts,
    # media, pivot parts, threaded comments, persons), the written sheet is identical outside
    # its rows, and every cell it did not plan reads back the same through openpyxl.
    run_fidelity(path, "OKRs", CHANGES)
    after = zip_parts(path)
    assert after.get(SHEET_RELS) == before.get(SHEET_RELS)

    # The parts sheetsync edits gain the summary tab's entries; comparing them byte for byte
    # would be too strict, so every entry that was there must still be there, unchanged.
    rels = "xl/_rels/workbook.xml.rels"
    assert _entries(before[rels], RELS_NS + "Relationship") < \
        _entries(after[rels], RELS_NS + "Relationship")
    for tag in ("Default", "Override"):
        assert _entries(before["[Content_Types].xml"], TYPES_NS + tag) <= \
            _entries(after["[Content_Types].xml"], TYPES_NS + tag)
    caches = re.compile(rb"<pivotCaches>.*?</pivotCaches>", re.S)
    assert caches.findall(after["xl/workbook.xml"]) == caches.findall(before["xl/workbook.xml"])
    assert (caches.search(before["xl/workbook.xml"]) is not None) == ("pivot table" in features)

    # The workbook still opens in openpyxl with the same charts, pivots, formats and tables.
    assert _openpyxl_view(path) == view
