"""An .xlsx package in tests: its parts, relationships, content types and chart formulas, and
rewriting it part by part."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

SUMMARY = "OKR Summary"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
C_NS = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def rezip(path: Path, edit: Callable[[str, bytes], bytes | None],
          extra: dict[str, bytes] | None = None) -> Path:
    """Rewrite a package part by part, as another program would: edit(name, data) returns new
    bytes or None to drop the part; EXTRA parts are added at the end."""
    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            new = edit(name, data)
            if new is not None:
                z.writestr(name, new)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def rels_of(pkg: dict[str, bytes], part: str) -> list[tuple[str, str]]:
    """(type suffix, resolved target) of each relationship of `part` ("" for the package)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels") if part else "_rels/.rels"
    if rels not in pkg:
        return []
    out = []
    for el in ET.fromstring(pkg[rels]).iter(f"{REL_NS}Relationship"):
        if el.get("TargetMode") == "External":
            continue
        target = posixpath.normpath(posixpath.join(folder, el.get("Target", "")))
        out.append((el.get("Type", "").rsplit("/", 1)[-1], target.lstrip("/")))
    return out


def reachable(pkg: dict[str, bytes]) -> set[str]:
    """Every part reached from the package's own relationships."""
    seen: set[str] = set()
    todo = [""]
    while todo:
        for _, target in rels_of(pkg, todo.pop()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def overrides(pkg: dict[str, bytes]) -> dict[str, str]:
    root = ET.fromstring(pkg["[Content_Types].xml"])
    return {el.get("PartName", "").lstrip("/"): el.get("ContentType", "")
            for el in root.iter(f"{CT_NS}Override")}


def summary_part(pkg: dict[str, bytes], name: str = SUMMARY) -> str:
    """The worksheet part of the tab called `name` (the summary tab by default)."""
    workbook = ET.fromstring(pkg["xl/workbook.xml"])
    main = workbook.tag.split("}")[0] + "}"
    rid = next(s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
               for s in workbook.iter(f"{main}sheet") if s.get("name") == name)
    root = ET.fromstring(pkg["xl/_rels/workbook.xml.rels"])
    target = next(el.get("Target", "") for el in root.iter(f"{REL_NS}Relationship")
                  if el.get("Id") == rid)
    return posixpath.normpath(posixpath.join("xl", target)).lstrip("/")


def charts_of_summary(pkg: dict[str, bytes]) -> tuple[str, list[str]]:
    """The summary sheet's drawing part and its chart parts, followed through the rels."""
    drawings = [t for kind, t in rels_of(pkg, summary_part(pkg)) if kind == "drawing"]
    assert len(drawings) == 1
    return drawings[0], [t for kind, t in rels_of(pkg, drawings[0]) if kind == "chart"]


def formulas(chart: bytes) -> list[str]:
    return [f.text or "" for f in ET.fromstring(chart).iter(f"{C_NS}f")]
