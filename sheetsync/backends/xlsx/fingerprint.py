"""The sync fingerprint in an .xlsx: a hidden defined name over the zip's CRCs, checked first."""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sheetsync.backends.xlsx.package import Package
from sheetsync.backends.xlsx.workbook import insert_defined_names, root_prefix
from sheetsync.write.fingerprint import DEFINED_NAME, Fingerprint, PendingFingerprint

if TYPE_CHECKING:
    # Only a type here: the writer pulls in openpyxl, which a no-op sync never needs to import.
    from sheetsync.backends.xlsx.write import PartChanges

_NAME = re.compile(
    rb"<(?:[\w.-]+:)?definedName\b[^>]*\bname=\"" + DEFINED_NAME.encode() + rb"\"[^>]*>"
    rb"(.*?)</(?:[\w.-]+:)?definedName>", re.S)
_EMPTY_NAMES = re.compile(rb"<((?:[\w.-]+:)?)definedNames\s*>\s*</\1definedNames>")
# Elements that follow definedNames inside <workbook>, in schema order.
_PLACEHOLDER = Fingerprint("0" * 64)


def recorded(workbook_xml: bytes) -> Fingerprint | None:
    """The fingerprint the last sync left in workbook.xml, if any."""
    m = _NAME.search(workbook_xml)
    if m is None:
        return None
    text = m.group(1).decode("utf-8", "replace").strip().strip('"')
    return Fingerprint.parse(text)


def without_fingerprint(workbook_xml: bytes) -> bytes:
    """workbook.xml with the fingerprint's defined name (and a definedNames left empty) taken
    out: what the digest covers of workbook.xml, since the name cannot cover itself."""
    out = _NAME.sub(b"", workbook_xml)
    return _EMPTY_NAMES.sub(b"", out) if out is not workbook_xml else out


def with_fingerprint(workbook_xml: bytes, fp: Fingerprint | None) -> bytes:
    """workbook.xml holding `fp` as a hidden defined name (none at all when fp is None)."""
    base = without_fingerprint(workbook_xml)
    if fp is None:
        return base
    p = root_prefix(base, "workbook")
    name = (b"<" + p + b'definedName name="' + DEFINED_NAME.encode() + b'" hidden="1">"'
            + fp.text().encode() + b'"</' + p + b"definedName>")
    return insert_defined_names(base, p, name)


def _digest(entries: Iterable[tuple[str, int, int]], workbook_xml: bytes) -> str:
    h = hashlib.sha256()
    for name, crc, size in sorted(entries):
        h.update(f"{name}\0{crc:08x}\0{size}\n".encode())
    h.update(b"workbook\0" + hashlib.sha256(without_fingerprint(workbook_xml)).digest())
    return h.hexdigest()


def package_digest(pkg: Package) -> str:
    """The content digest of the package as it is on disk: every part's name, CRC-32 and size
    from the zip's directory (nothing is unpacked), and workbook.xml itself."""
    return _digest(((i.filename, i.CRC, i.file_size) for i in pkg.zip.infolist()
                    if i.filename != pkg.workbook_part), pkg.workbook_xml)


def _digest_after(pkg: Package, parts: PartChanges, workbook_xml: bytes) -> str:
    entries: list[tuple[str, int, int]] = []
    for info in pkg.zip.infolist():
        name = info.filename
        if name in parts.removed or name == pkg.workbook_part:
            continue
        data = parts.replaced.get(name)
        entries.append((name, info.CRC, info.file_size) if data is None
                       else (name, zlib.crc32(data), len(data)))
    entries += [(n, zlib.crc32(d), len(d)) for n, d in parts.added.items()
                if n != pkg.workbook_part]
    return _digest(entries, workbook_xml)


def last_sync(pkg: Package, key: str) -> Fingerprint | None:
    """The recorded fingerprint when it matches this run key over the package as it is now."""
    fp = recorded(pkg.workbook_xml)
    if fp is None:
        return None
    return fp if fp.digest == PendingFingerprint(key).over(package_digest(pkg)).digest else None


def record(pkg: Package, parts: PartChanges, pending: PendingFingerprint | None) -> None:
    """Put the fingerprint of the package these parts make into its workbook.xml (or take an old
    one out when there is none to record): the digest is taken with a placeholder in place,
    which the digest leaves out, then the real value goes in."""
    current = parts.replaced.get(pkg.workbook_part, pkg.workbook_xml)
    if pending is None:
        new = with_fingerprint(current, None)
    else:
        draft = with_fingerprint(current, _PLACEHOLDER)
        new = with_fingerprint(draft, pending.over(_digest_after(pkg, parts, draft)))
    if new != pkg.workbook_xml:
        parts.replaced[pkg.workbook_part] = new
    else:
        parts.replaced.pop(pkg.workbook_part, None)
