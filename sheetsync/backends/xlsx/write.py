"""WritePlan → the parts of a new .xlsx package that differ from the old one (xlsx apply)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from sheetsync.backends.xlsx import workbook as wb
from sheetsync.backends.xlsx.charts import ChartParts, chart_parts
from sheetsync.backends.xlsx.copy_sheet import copied_sheet_xml, insert_sheet_after
from sheetsync.backends.xlsx.owned_names import add_owned
from sheetsync.backends.xlsx.package import (
    CT_STYLES,
    CT_WORKSHEET,
    RT_STYLES,
    RT_WORKSHEET,
    Package,
    rels_path,
)
from sheetsync.backends.xlsx.sheet import CellWrite, patch_sheet
from sheetsync.backends.xlsx.styles import StyleBook
from sheetsync.backends.xlsx.summary import summary_xml
from sheetsync.errors import SourceError
from sheetsync.write.writeplan import WritePlan

MAX_ROW, MAX_COL = 1_048_576, 16_384
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


@dataclass
class PartChanges:
    """What the new package differs in: whole parts replaced, added or left out."""

    replaced: dict[str, bytes] = field(default_factory=dict)
    added: dict[str, bytes] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)


def check_title(path: object, title: str) -> None:
    if not title or len(title) > 31 or _BAD_TITLE.search(title) or title[0] == "'" \
            or title[-1] == "'" or title.lower() == "history":
        raise SourceError(
            f"{path}: {title!r} cannot be a sheet name in Excel (1-31 characters, none of "
            "[ ] : * ? / \\, not starting or ending with ', not 'History')")


def build_parts(pkg: Package, plan: WritePlan, recalc: bool) -> PartChanges:
    """Every part the plan changes, as new bytes; nothing is written to disk here."""
    out = PartChanges()
    writes: dict[str, dict[tuple[int, int], CellWrite]] = {}
    for ch in plan.changes:
        if not (1 <= ch.row <= MAX_ROW and 1 <= ch.col <= MAX_COL):
            raise SourceError(f"{pkg.path}: {ch.sheet}!{ch.row},{ch.col} is outside Excel's grid")
        writes.setdefault(ch.sheet, {})[(ch.row, ch.col)] = CellWrite(
            ch.new, ch.number_format, ch.fill, ch.like)
    styles = StyleBook(pkg.read(pkg.styles_part) if pkg.styles_part else None,
                       f"{pkg.path}: {pkg.styles_part or 'styles'}")
    workbook = pkg.workbook_xml
    rels = pkg.read(pkg.workbook_rels_part) if pkg.find(pkg.workbook_rels_part) else None
    types = pkg.read("[Content_Types].xml")
    formulas_removed = False
    copied: dict[str, str] = {}
    for cp in plan.copies:
        check_title(pkg.path, cp.title)
        src = pkg.sheet(cp.source)
        if src is None or src.part is None or src.kind != "worksheet":
            raise SourceError(f"{pkg.path}: has no worksheet named {cp.source!r} to copy")
        if pkg.sheet(cp.title) is not None or cp.title.lower() in map(str.lower, copied):
            raise SourceError(f"{pkg.path}: the tab {cp.title!r} already exists")
        if rels is None:
            raise SourceError(f"{pkg.path}: the workbook has no relationships part")
        part = _new_sheet_part(pkg, out.added)
        rid = wb.next_rid(rels)
        rels = wb.add_relationship(rels, rid, RT_WORKSHEET,
                                   posixpath.relpath(part, posixpath.dirname(pkg.workbook_part)))
        types = wb.add_override(types, part, CT_WORKSHEET)
        sheet_id = max((s.sheet_id for s in pkg.sheets), default=0) + 1 + len(out.added)
        index = [s.name for s in pkg.sheets].index(src.name) + 1 + len(copied)
        workbook = insert_sheet_after(workbook, src.name, cp.title, sheet_id, rid, index)
        out.added[part] = copied_sheet_xml(pkg.read(src.part), cp.unmerge_below)
        copied[cp.title] = part
    for title, cells in writes.items():
        if title in copied:
            part = copied[title]
            patch = patch_sheet(out.added[part], cells, styles, pkg.date1904,
                                f"{pkg.path}: {part}")
            out.added[part] = patch.xml
            continue
        ref = pkg.sheet(title)
        if ref is None or ref.part is None:
            raise SourceError(f"{pkg.path}: has no sheet named {title!r} to write to")
        if ref.kind != "worksheet":
            raise SourceError(f"{pkg.path}: {title!r} is a chart sheet; it has no cells to write")
        widths = {c: w for (sheet, c), w in plan.widths.items() if sheet == title}
        patch = patch_sheet(pkg.read(ref.part), cells, styles, pkg.date1904,
                            f"{pkg.path}: {ref.part}", widths)
        out.replaced[ref.part] = patch.xml
        formulas_removed |= patch.formulas_removed

    for tab in plan.tabs:
        title = tab.title
        check_title(pkg.path, title)
        ref = pkg.sheet(title)
        if ref is not None and ref.part is not None and ref.kind == "worksheet":
            charts = chart_parts(pkg, tab, ref.part, ref.part, types, _taken(out))
            out.replaced[ref.part] = summary_xml(tab, styles, pkg.date1904, charts.drawing_rid)
            # The old tab's drawings, comments or tables would hang off a sheet that no longer
            # mentions them; the fresh tab starts without any but its own charts.
            own_rels = pkg.find(rels_path(ref.part))
            if own_rels and charts.drawing_rid is None:
                out.removed.add(own_rels)
            types = _add_chart_parts(pkg, charts, out)
        elif ref is not None:
            raise SourceError(f"{pkg.path}: {ref.name!r} is a chart sheet; choose another name "
                              "for the summary tab (output.summary_tab)")
        else:
            if rels is None:
                raise SourceError(f"{pkg.path}: the workbook has no relationships part")
            part = _new_sheet_part(pkg, out.added)
            rid = wb.next_rid(rels)
            target = posixpath.relpath(part, posixpath.dirname(pkg.workbook_part))
            rels = wb.add_relationship(rels, rid, RT_WORKSHEET, target)
            types = wb.add_override(types, part, CT_WORKSHEET)
            sheet_id = max((s.sheet_id for s in pkg.sheets), default=0) + 1 + len(out.added)
            workbook = wb.add_sheet(workbook, title, sheet_id, rid)
            charts = chart_parts(pkg, tab, part, None, types, _taken(out))
            out.added[part] = summary_xml(tab, styles, pkg.date1904, charts.drawing_rid)
            types = _add_chart_parts(pkg, charts, out)

    if styles.changed:
        if pkg.styles_part:
            out.replaced[pkg.styles_part] = styles.to_bytes()
        elif rels is not None:
            part = posixpath.join(posixpath.dirname(pkg.workbook_part), "styles.xml")
            rid = wb.next_rid(rels)
            rels = wb.add_relationship(rels, rid, RT_STYLES, "styles.xml")
            types = wb.add_override(types, part, CT_STYLES)
            out.added[part] = styles.to_bytes()

    if formulas_removed and pkg.calc_chain_part and rels is not None:
        # The calc chain lists every formula cell; one that no longer holds a formula makes Excel
        # report the file as damaged. Excel rebuilds the chain on its own.
        out.removed.add(pkg.calc_chain_part)
        for r in pkg.workbook_rels:
            if r.target.lower() == pkg.calc_chain_part.lower():
                rels = wb.remove_relationship(rels, r.id)
        types = wb.remove_override(types, pkg.calc_chain_part)
    if plan.changes and recalc:
        workbook = wb.set_full_calc_on_load(workbook)
    order = [s.name for s in pkg.sheets]
    order += [t.title for t in plan.tabs if pkg.sheet(t.title) is None]  # added at the end
    workbook = add_owned(workbook, plan.claims, {t: i for i, t in enumerate(order)},
                         plan.tab_claims)

    for name, old, new in ((pkg.workbook_part, pkg.workbook_xml, workbook),
                           (pkg.workbook_rels_part, None, rels),
                           ("[Content_Types].xml", None, types)):
        if new is not None and new != (old if old is not None else pkg.read(name)):
            out.replaced[name] = new
    return out


def _taken(out: PartChanges) -> set[str]:
    return {name.lower() for name in out.added}


def _add_chart_parts(pkg: Package, charts: ChartParts, out: PartChanges) -> bytes:
    """File the chart parts as replaced or added; returns the content types with theirs."""
    for name, data in charts.parts.items():
        existing = pkg.find(name)
        if existing is not None:
            out.replaced[existing] = data
            out.removed.discard(existing)
        else:
            out.added[name] = data
    out.removed |= charts.removed
    return charts.types


def _new_sheet_part(pkg: Package, added: dict[str, bytes]) -> str:
    folder = posixpath.join(posixpath.dirname(pkg.workbook_part), "worksheets")
    n = len(pkg.sheets) + 1
    while (pkg.find(posixpath.join(folder, f"sheet{n}.xml")) is not None
           or posixpath.join(folder, f"sheet{n}.xml") in added):
        n += 1
    return posixpath.join(folder, f"sheet{n}.xml")
