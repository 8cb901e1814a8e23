"""A worksheet copied inside an .xlsx package (next-cycle): same XML, styles, widths, beside it."""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from sheetsync.a1 import parse_cell
from sheetsync.backends.xlsx.package import DOC_REL_NS

_DROP = [
    # Parts hanging off the old sheet through its own relationships (drawings, comments, tables,
    # controls): a copy without those relationships must not point at them.
    re.compile(rb"<(?:\w+:)?(drawing|legacyDrawing|legacyDrawingHF|picture)\b[^>]*/>"),
    re.compile(rb"<(?:\w+:)?(tableParts|oleObjects|controls|hyperlinks)\b[^>]*/>"),
    re.compile(rb"<((?:\w+:)?(?:tableParts|oleObjects|controls|hyperlinks))\b[^>]*>.*?</\1>",
               re.S),
]
_RID_ATTR = re.compile(rb'\s[\w.-]+:id="[^"]*"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+)(?::[A-Z]+\d+)?"\s*/>')
_MERGES = re.compile(rb"<((?:\w+:)?mergeCells)\b[^>]*>(.*?)</\1>", re.S)


def copied_sheet_xml(xml: bytes, unmerge_below: int) -> bytes:
    """The worksheet XML for a copy: not selected, without the old sheet's relationships, and
    without merges starting below row UNMERGE_BELOW (the rows are packed anew)."""
    for pattern in _DROP:
        xml = pattern.sub(b"", xml)
    xml = re.sub(rb'\stabSelected="(?:1|true)"', b"", xml)
    # A VBA code name is the sheet's identity in macros: two sheets cannot share one.
    xml = re.sub(rb'(<(?:\w+:)?sheetPr\b[^>]*?)\scodeName="[^"]*"', rb"\1", xml)
    xml = _strip_rids(xml)
    if unmerge_below:
        def keep(m: re.Match[bytes]) -> bytes:
            row, _ = parse_cell(m.group(1).decode())
            return m.group(0) if row <= unmerge_below else b""

        def merges(m: re.Match[bytes]) -> bytes:
            inner = _MERGE.sub(keep, m.group(2))
            n = len(_MERGE.findall(inner))
            if not n:
                return b""
            tag = m.group(1)
            return b"<" + tag + b' count="%d">' % n + inner + b"</" + tag + b">"

        xml = _MERGES.sub(merges, xml)
    return xml


def _strip_rids(xml: bytes) -> bytes:
    """Relationship ids (a page setup's printer settings) left on elements that stay."""
    head_end = xml.find(b">", xml.find(b"<worksheet") if b"<worksheet" in xml else 0)
    body = xml[head_end:]
    # Namespace declarations are `xmlns:r="…"`, which the pattern does not touch (no ':id').
    return xml[:head_end] + _RID_ATTR.sub(b"", body)


def insert_sheet_after(workbook: bytes, after: str, name: str, sheet_id: int, rid: str,
                       index: int) -> bytes:
    """A new <sheet> right after the one named AFTER (at position INDEX, 0-based), with the
    sheet indexes that follow it moved on by one (defined names' localSheetId, the active tab)."""
    m = re.search(rb'<(\w+:)?sheet\b[^>]*\sname=' + re.escape(quoteattr(after).encode("utf-8"))
                  + rb"[^>]*/>", workbook)
    if m is None:  # the name was written with other escaping: add the tab at the end instead
        m = list(re.finditer(rb"<(\w+:)?sheet\b[^>]*/>", workbook))[-1]
    prefix = m.group(1) or b""
    rel_prefix = re.search(rb'xmlns:([\w.-]+)="' + re.escape(DOC_REL_NS.encode()) + rb'"',
                           workbook)
    rel_attr = (rel_prefix.group(1) + b':id="' + rid.encode() + b'"' if rel_prefix else
                b'xmlns:r="' + DOC_REL_NS.encode() + b'" r:id="' + rid.encode() + b'"')
    tag = (b"<" + prefix + b"sheet name=" + quoteattr(name, {'"': "&quot;"}).encode("utf-8")
           + b' sheetId="%d" ' % sheet_id + rel_attr + b"/>")
    out = workbook[: m.end()] + tag + workbook[m.end():]

    def shift(mm: re.Match[bytes]) -> bytes:
        n = int(mm.group(2))
        return mm.group(1) + b'"%d"' % (n + 1 if n >= index else n)

    out = re.sub(rb'(\slocalSheetId=)"(\d+)"', shift, out)
    return re.sub(rb'(\sactiveTab=)"(\d+)"', shift, out)
