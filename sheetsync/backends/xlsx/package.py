"""The .xlsx package under the xlsx backend: open the zip safely, find workbook, sheets, styles."""

from __future__ import annotations

import contextlib
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import defusedxml
import defusedxml.ElementTree as SafeET

from sheetsync.errors import SourceError

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT_OFFICE_DOCUMENT = DOC_REL_NS + "/officeDocument"
STRICT_RT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
"""A Strict Open XML package names its workbook with this type (ISO/IEC 29500-1 §9.1)."""
RT_WORKSHEET = DOC_REL_NS + "/worksheet"
RT_CHARTSHEET = DOC_REL_NS + "/chartsheet"
RT_DRAWING = DOC_REL_NS + "/drawing"
RT_CHART = DOC_REL_NS + "/chart"
RT_STYLES = DOC_REL_NS + "/styles"
RT_SHARED_STRINGS = DOC_REL_NS + "/sharedStrings"
RT_CALC_CHAIN = DOC_REL_NS + "/calcChain"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"

# Limits against zip bombs. Real workbooks compress XML 5-50x; deflate cannot exceed ~1032x, so
# a ratio near that on a big part is a bomb, not a spreadsheet.
MAX_PART_BYTES = 1 << 30
MAX_TOTAL_BYTES = 3 << 30
MAX_RATIO = 400
RATIO_FLOOR_BYTES = 4 << 20
MAX_ENTRIES = 50_000

# What reading a damaged or encrypted zip entry raises (RuntimeError: a password is needed).
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True)
class Rel:
    """One relationship of a part, its target resolved to a zip entry name."""

    id: str
    type: str
    target: str
    external: bool = False


@dataclass(frozen=True)
class SheetRef:
    """One <sheet> of workbook.xml: its tab name, visibility and the part that holds it."""

    name: str
    sheet_id: int
    rid: str
    state: str
    part: str | None
    kind: str
    """worksheet, chartsheet, or other (dialog and macro sheets)."""

    @property
    def hidden(self) -> bool:
        return self.state in ("hidden", "veryHidden")


_ROOT_START = re.compile(rb"<[A-Za-z_]")
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_DOCTYPES = tuple("<!DOCTYPE".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be"))


def check_prolog(head: bytes, what: str) -> None:
    """Refuse a part whose prolog declares a DTD (entity bombs, external entities) or whose root
    element does not start in `head` (the start of the part) after nothing but the XML
    declaration, comments and processing instructions: a DTD hidden behind a long comment would
    otherwise reach the parser unseen."""
    if any(d in head for d in _DOCTYPES):
        raise SourceError(f"{what}: refused: the XML declares a DTD or entities")
    if not head:
        return
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while (item := _PROLOG_ITEM.match(head, pos)) is not None:
        pos = item.end()
    if _ROOT_START.match(head, pos) is None:
        raise SourceError(f"{what}: damaged XML (no root element at the start)")


def parse_xml(data: bytes, what: str) -> ET.Element:
    """Parse one part, refusing DTDs and entities (billion laughs, external entities)."""
    try:
        root: ET.Element = SafeET.fromstring(data, forbid_dtd=True)
        return root
    except defusedxml.DefusedXmlException as exc:
        raise SourceError(f"{what}: refused: the XML declares a DTD or entities") from exc
    except ET.ParseError as exc:
        raise SourceError(f"{what}: damaged XML ({exc})") from exc


def rels_path(part: str) -> str:
    """The relationships part of a part: xl/workbook.xml → xl/_rels/workbook.xml.rels."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve_target(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def sniff_not_xlsx(path: Path, head: bytes) -> str | None:
    """Why a file that is not a zip cannot be an .xlsx, phrased for its owner; None if it may be."""
    if not head:
        return "is empty (0 bytes); restore it from a backup"
    if head.startswith(_OLE_MAGIC):
        if _contains(path, _ENCRYPTED_STREAM):
            return ("is password-protected (encrypted); remove the password in Excel "
                    "(File > Info > Protect Workbook) and save it, then try again")
        return "is an old Excel 97-2003 (.xls) file; open it in Excel and save it as .xlsx"
    if not head.startswith(b"PK"):
        return "is not an .xlsx workbook (not a zip package)"
    return None


def _contains(path: Path, needle: bytes, chunk: int = 1 << 20) -> bool:
    tail = b""
    with path.open("rb") as f:
        while block := f.read(chunk):
            if needle in tail + block:
                return True
            tail = block[-len(needle):]
    return False


class Package:
    """An opened .xlsx/.xlsm: the zip, its workbook part and sheets, with guarded part reads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = _open_zip(path)
        try:
            self._index()
        except BaseException:
            self.zip.close()
            raise

    def _index(self) -> None:
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise SourceError(f"{self.path}: refused: the package has {len(infos)} parts")
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if (info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES
                    or (info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO)):
                raise SourceError(
                    f"{self.path}: refused: part {info.filename} would unpack to "
                    f"{info.file_size:,} bytes (a zip bomb or a damaged file)"
                )
        self.entries = [i.filename for i in infos]
        self._by_lower = {n.lower(): n for n in self.entries}
        if "mimetype" in self._by_lower and "content.xml" in self._by_lower:
            raise SourceError(
                f"{self.path}: is an OpenDocument spreadsheet (.ods); save it as .xlsx")
        if self.find("[Content_Types].xml") is None:
            raise SourceError(f"{self.path}: is not an Excel workbook (no [Content_Types].xml)")
        package_rels = self.rels("")
        office = [r for r in package_rels if r.type == RT_OFFICE_DOCUMENT]
        if not office and any(r.type == STRICT_RT_OFFICE_DOCUMENT for r in package_rels):
            raise SourceError(
                f"{self.path}: is saved as Strict Open XML, which is not supported; save it as "
                "an ordinary Excel Workbook (.xlsx)")
        workbook = self.find(office[0].target) if office else None
        if workbook is None:
            raise SourceError(f"{self.path}: is not an Excel workbook (no workbook part found)")
        if workbook.lower().endswith(".bin"):
            raise SourceError(f"{self.path}: is an Excel Binary Workbook (.xlsb); save it as .xlsx")
        self.workbook_part = workbook
        self.workbook_rels_part = rels_path(workbook)
        self.workbook_xml = self.read(workbook)
        root = parse_xml(self.workbook_xml, f"{self.path}: {workbook}")
        if root.tag.startswith("{" + STRICT_NS):
            raise SourceError(
                f"{self.path}: is saved as Strict Open XML, which is not supported; save it as "
                "an ordinary Excel Workbook (.xlsx)")
        if root.tag != f"{{{MAIN_NS}}}workbook":
            raise SourceError(f"{self.path}: is not an Excel workbook ({workbook} is not one)")
        self.workbook_rels = self.rels(workbook)
        by_id = {r.id: r for r in self.workbook_rels}
        pr = root.find(f"{{{MAIN_NS}}}workbookPr")
        self.date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
        self.sheets: list[SheetRef] = []
        for el in root.iter(f"{{{MAIN_NS}}}sheet"):
            rel = by_id.get(el.get(f"{{{DOC_REL_NS}}}id", ""))
            kind = "other"
            if rel is not None and rel.type == RT_WORKSHEET:
                kind = "worksheet"
            elif rel is not None and rel.type == RT_CHARTSHEET:
                kind = "chartsheet"
            part = self.find(rel.target) if rel is not None and not rel.external else None
            self.sheets.append(SheetRef(
                name=el.get("name", ""), sheet_id=_int(el.get("sheetId")),
                rid=el.get(f"{{{DOC_REL_NS}}}id", ""), state=el.get("state", "visible"),
                part=part, kind=kind if part is not None else "other",
            ))
        self.styles_part = self._first_target(RT_STYLES)
        self.shared_strings_part = self._first_target(RT_SHARED_STRINGS)
        self.calc_chain_part = self._first_target(RT_CALC_CHAIN)

    def _first_target(self, rel_type: str) -> str | None:
        for r in self.workbook_rels:
            if r.type == rel_type and not r.external:
                return self.find(r.target)
        return None

    def find(self, name: str) -> str | None:
        """The zip entry for a part name; part names compare case-insensitively in OPC."""
        return self._by_lower.get(name.lower())

    def sheet(self, title: str) -> SheetRef | None:
        for s in self.sheets:
            if s.name == title:
                return s
        # Excel treats sheet names case-insensitively: "okrs" and "OKRs" cannot coexist.
        for s in self.sheets:
            if s.name.lower() == title.lower():
                return s
        return None

    def read(self, name: str) -> bytes:
        with self._part_errors(name):
            return self.zip.read(name)

    def open(self, name: str) -> IO[bytes]:
        with self._part_errors(name):
            return self.zip.open(name)

    def windows(self, name: str, first: int = 1 << 20, overlap: int = 32) -> Iterator[bytes]:
        """A part's bytes as overlapping windows, for a pattern search that must not miss a
        match across two reads: the first FIRST bytes, then 1 MB at a time, each window
        starting with the last OVERLAP bytes of the one before."""
        tail = b""
        with self.open(name) as stream:
            chunk = stream.read(first)
            while chunk:
                window = tail + chunk
                yield window
                tail = window[-overlap:]
                chunk = stream.read(1 << 20)

    @contextlib.contextmanager
    def _part_errors(self, name: str) -> Iterator[None]:
        """A missing or damaged part as one SourceError naming the workbook and the part."""
        try:
            yield
        except KeyError:
            raise SourceError(f"{self.path}: part {name} is missing") from None
        except _DAMAGED as exc:
            raise SourceError(f"{self.path}: part {name} is damaged ({exc})") from exc

    def rels(self, part: str) -> list[Rel]:
        """The relationships of a part ("" for the package itself); [] when it has none."""
        name = self.find(rels_path(part) if part else "_rels/.rels")
        if name is None:
            return []
        root = parse_xml(self.read(name), f"{self.path}: {name}")
        out = []
        for el in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
            external = el.get("TargetMode") == "External"
            target = el.get("Target", "")
            out.append(Rel(
                id=el.get("Id", ""), type=el.get("Type", ""), external=external,
                target=target if external else resolve_target(part, target),
            ))
        return out

    def close(self) -> None:
        self.zip.close()


def _int(text: str | None) -> int:
    """An integer attribute; a missing or damaged one reads as 0 (ids are only compared)."""
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder, not an .xlsx workbook") from None
    except PermissionError:
        raise SourceError(f"{path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    problem = sniff_not_xlsx(path, head)
    if problem is not None:
        raise SourceError(f"{path}: {problem}")
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise SourceError(f"{path}: vanished while being opened") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise SourceError(
            f"{path}: is damaged or truncated (not a readable zip: {exc}); restore it from a "
            "backup") from None


def drawing_charts(pkg: Package, sheet_part: str | None) -> tuple[str | None, list[str]]:
    """The drawing part a sheet points to and that drawing's chart parts, in order."""
    if sheet_part is None:
        return None, []
    drawing = next((pkg.find(r.target) for r in pkg.rels(sheet_part)
                    if r.type == RT_DRAWING and not r.external and pkg.find(r.target)), None)
    if drawing is None:
        return None, []
    charts = [name for r in pkg.rels(drawing) if r.type == RT_CHART and not r.external
              and (name := pkg.find(r.target)) is not None]
    return drawing, charts
