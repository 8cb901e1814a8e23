"""Byte-level edits of workbook.xml, its rels and [Content_Types].xml for the xlsx writer."""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from sheetsync.backends.xlsx.package import DOC_REL_NS
from sheetsync.errors import SourceError

# Elements that follow calcPr inside <workbook>, in schema order.
_AFTER_CALC_PR = ("oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
                  "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")


def _schema_place(workbook: bytes, p: bytes, after: tuple[str, ...]) -> int:
    """Where a new child of <workbook> goes: before the first of `after` (the elements that follow
    it in schema order), else before </workbook>."""
    at = workbook.rfind(b"</" + p + b"workbook>")
    for local in after:
        found = re.search(rb"<" + re.escape(p + local.encode()) + rb"[\s/>]", workbook)
        if found is not None and found.start() < at:
            at = found.start()
    return at


def root_prefix(data: bytes, local: str) -> bytes:
    """The namespace prefix of the root element (b"" or e.g. b"x:")."""
    m = re.search(rb"<(?:([\w.-]+):)?" + local.encode() + rb"[\s>/]", data)
    if m is None:
        raise SourceError(f"not a {local} part")
    return (m.group(1) + b":") if m.group(1) else b""


def _insert_before_close(data: bytes, prefix: bytes, local: bytes, xml: bytes) -> bytes:
    """xml added as the last child of the (only) element `local`, opening it up if self-closed."""
    close = b"</" + prefix + local + b">"
    at = data.rfind(close)
    if at >= 0:
        return data[:at] + xml + data[at:]
    m = re.search(rb"<" + re.escape(prefix + local) + rb"(?=[\s/>])([^>]*?)/>", data)
    if m is None:
        raise SourceError(f"no <{local.decode()}> element")
    return data[: m.start()] + b"<" + prefix + local + m.group(1) + b">" + xml + close \
        + data[m.end():]


def add_sheet(workbook: bytes, name: str, sheet_id: int, rid: str) -> bytes:
    """A new last tab in workbook.xml pointing at relationship `rid`."""
    p = root_prefix(workbook, "workbook")
    head = workbook[: workbook.find(b">", workbook.find(b"workbook")) + 1]
    m = re.search(rb'xmlns:([\w.-]+)="' + re.escape(DOC_REL_NS.encode()) + rb'"', head)
    if m:
        rel_attr = m.group(1) + b':id="' + rid.encode() + b'"'
    else:
        rel_attr = b'xmlns:r="' + DOC_REL_NS.encode() + b'" r:id="' + rid.encode() + b'"'
    sheet = (b"<" + p + b"sheet name=" + quoteattr(name, {'"': "&quot;"}).encode("utf-8")
             + b' sheetId="%d" ' % sheet_id + rel_attr + b"/>")
    return _insert_before_close(workbook, p, b"sheets", sheet)


def set_full_calc_on_load(workbook: bytes) -> bytes:
    """Ask Excel to recalculate on open: cells sheetsync wrote may feed the user's formulas."""
    p = root_prefix(workbook, "workbook")
    m = re.search(rb"<" + re.escape(p) + rb"calcPr(?=[\s/>])([^>]*?)(/?)>", workbook)
    if m is not None:
        attrs = m.group(1)
        if re.search(rb'\sfullCalcOnLoad="(1|true)"', attrs):
            return workbook
        attrs = re.sub(rb'\sfullCalcOnLoad="[^"]*"', b"", attrs) + b' fullCalcOnLoad="1"'
        return (workbook[: m.start()] + b"<" + p + b"calcPr" + attrs + m.group(2) + b">"
                + workbook[m.end():])
    at = _schema_place(workbook, p, _AFTER_CALC_PR)
    return workbook[:at] + b"<" + p + b'calcPr fullCalcOnLoad="1"/>' + workbook[at:]


def next_rid(rels: bytes) -> str:
    taken = {int(n) for n in re.findall(rb'\sId="rId(\d+)"', rels)}
    return f"rId{max(taken, default=0) + 1}"


def add_relationship(rels: bytes, rid: str, rel_type: str, target: str) -> bytes:
    p = root_prefix(rels, "Relationships")
    rel = (b"<" + p + b"Relationship Id=" + quoteattr(rid).encode() + b" Type="
           + quoteattr(rel_type).encode() + b" Target=" + quoteattr(target).encode("utf-8")
           + b"/>")
    return _insert_before_close(rels, p, b"Relationships", rel)


def remove_relationship(rels: bytes, rid: str) -> bytes:
    p = re.escape(root_prefix(rels, "Relationships"))
    pat = re.compile(rb"<" + p + rb"Relationship(?=\s)[^>]*?\sId=\"" + re.escape(rid.encode())
                     + rb"\"[^>]*?(?:/>|>\s*</" + p + rb"Relationship\s*>)")
    return pat.sub(b"", rels, count=1)


def add_override(types: bytes, part: str, content_type: str) -> bytes:
    p = root_prefix(types, "Types")
    override = (b"<" + p + b"Override PartName=" + quoteattr("/" + part).encode("utf-8")
                + b" ContentType=" + quoteattr(content_type).encode() + b"/>")
    return _insert_before_close(types, p, b"Types", override)


def remove_override(types: bytes, part: str) -> bytes:
    p = re.escape(root_prefix(types, "Types"))
    pat = re.compile(rb"<" + p + rb"Override(?=\s)[^>]*?\sPartName=\"/?" + re.escape(
        part.encode("utf-8")) + rb"\"[^>]*?(?:/>|>\s*</" + p + rb"Override\s*>)", re.I)
    return pat.sub(b"", types, count=1)


def insert_defined_names(workbook: bytes, p: bytes, xml: bytes) -> bytes:
    """workbook.xml with `xml` (definedName elements) added to its definedNames, made where
    missing at the place the schema puts it (before calcPr and the rest)."""
    close = b"</" + p + b"definedNames>"
    at = workbook.find(close)
    if at >= 0:
        return workbook[:at] + xml + workbook[at:]
    empty = re.search(rb"<" + re.escape(p) + rb"definedNames\s*/>", workbook)
    if empty is not None:
        return (workbook[:empty.start()] + b"<" + p + b"definedNames>" + xml + close
                + workbook[empty.end():])
    at = _schema_place(workbook, p, ("calcPr", *_AFTER_CALC_PR))
    return workbook[:at] + b"<" + p + b"definedNames>" + xml + close + workbook[at:]
