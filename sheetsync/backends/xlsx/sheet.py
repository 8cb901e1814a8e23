"""Worksheet XML patching for the xlsx writer: set exactly the planned cells, keep all else."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from openpyxl.formula.translate import Translator, TranslatorError

from sheetsync.a1 import cell_name, col_index
from sheetsync.backends.xlsx.cells import cell_xml
from sheetsync.backends.xlsx.columns import add_widths
from sheetsync.backends.xlsx.sheetxml import R_ATTR, Tags, set_attr, split_ref, tag_attrs
from sheetsync.backends.xlsx.styles import DATE_FORMAT, StyleBook
from sheetsync.errors import SourceError
from sheetsync.grid import CellValue


@dataclass(frozen=True, slots=True)
class CellWrite:
    """What to put in one cell: a value (None clears it) and, optionally, a number format."""

    value: CellValue
    number_format: str | None = None
    fill: str | None = None
    like: int | None = None
    """A column of the same row whose style the cell takes (a new header cell)."""


@dataclass
class SheetPatch:
    """The patched XML, and whether a formula was overwritten (the calc chain is then stale)."""

    xml: bytes
    formulas_removed: bool = False
    masters: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class _Cell:
    col: int
    xml: bytes


class SheetPatcher:
    """Applies CellWrites to one worksheet part, streaming over the rows it does not touch."""

    def __init__(self, xml: bytes, styles: StyleBook, date1904: bool, what: str) -> None:
        if xml.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise SourceError(f"{what}: UTF-16 worksheets are not supported; save again in Excel")
        root = re.search(rb"<(?:([\w.-]+):)?worksheet[\s>]", xml)
        if root is None:
            raise SourceError(f"{what}: not a worksheet")
        self.data = xml
        self.root_end = xml.index(b">", root.start()) + 1
        self.tags = Tags((root.group(1) + b":") if root.group(1) else b"")
        self.styles = styles
        self.date1904 = date1904
        self.what = what
        self._cols: dict[bytes, int] = {}
        self._looks: dict[tuple[int, str | None, str | None], int] = {}
        self.col_styles = self._col_styles()
        self.result = SheetPatch(xml)

    def _col(self, letters: bytes) -> int:
        col = self._cols.get(letters)
        if col is None:
            col = self._cols[letters] = col_index(letters.decode())
        return col

    def _col_styles(self) -> dict[int, int]:
        head = self.data[: self.data.find(b"sheetData")]
        out: dict[int, int] = {}
        for m in self.tags.col.finditer(head):
            a = tag_attrs(m.group(1))
            style = int(a.get(b"style", b"0") or 0)
            if style:
                for c in range(int(a.get(b"min", b"1")), min(int(a.get(b"max", b"1")), 16384) + 1):
                    out[c] = style
        return out

    def apply(self, writes: dict[tuple[int, int], CellWrite]) -> SheetPatch:
        data, tags = self.data, self.tags
        sd = tags.sheet_data.search(data)
        if sd is None:
            raise SourceError(f"{self.what}: the worksheet has no sheetData")
        by_row: dict[int, dict[int, CellWrite]] = {}
        for (r, c), w in writes.items():
            by_row.setdefault(r, {})[c] = w
        pending = sorted(by_row)
        out: list[bytes] = []
        if sd.group(2):
            body_start = body_end = sd.end()
            out.append(data[: sd.start()] + b"<" + tags.prefix.encode() + b"sheetData"
                       + sd.group(1) + b">")
            tail = b"</" + tags.prefix.encode() + b"sheetData>" + data[sd.end():]
        else:
            body_start = sd.end()
            body_end = data.find(tags.sheet_data_end, body_start)
            if body_end < 0:
                raise SourceError(f"{self.what}: damaged XML (sheetData is never closed)")
            out.append(data[:body_start])
            tail = data[body_end:]
        pos, row_no = body_start, 0
        for m in tags.row.finditer(data, body_start, body_end):
            if m.group(0).startswith((b"<!", b"<?")):
                continue
            a = tag_attrs(m.group(1))
            row_no = int(a[b"r"]) if b"r" in a else row_no + 1
            while pending and pending[0] < row_no:
                r = pending.pop(0)
                out.append(data[pos: m.start()])
                pos = m.start()
                out.append(self._new_row(r, by_row[r]))
            start_tag = m.group(0)
            numbered = b"r" not in a
            if numbered:
                # A row without r follows on from the one before; rows inserted ahead of it
                # would renumber it, so it gets its number written out.
                start_tag = b"<" + tags.prefix.encode() + b"row" + set_attr(
                    m.group(1), b"r", str(row_no).encode()) + m.group(2) + b">"
            if pending and pending[0] == row_no:
                pending.pop(0)
                end = m.end() if m.group(2) else tags.find_end(tags.row_end, data, m.end(),
                                                               self.what)
                out.append(data[pos: m.start()])
                out.append(self._patch_row(row_no, start_tag, m, data[m.end(): end],
                                           by_row[row_no]))
                pos = m.end() if m.group(2) else data.index(b">", end) + 1
            elif numbered:
                out.append(data[pos: m.start()] + start_tag)
                pos = m.end()
        out.append(data[pos:body_end])
        out.extend(self._new_row(r, by_row[r]) for r in pending)
        out.append(tail)
        joined = b"".join(out)
        out.clear()  # the row pieces: as big as the sheet again, while the dimension is set
        patched = self._dimension(joined, writes)
        del joined
        self.result.xml = self._promote_shared(patched, set(writes))
        return self.result

    # -- rows and cells --------------------------------------------------------------------

    def _style_for(self, base: int, w: CellWrite) -> int:
        fmt = w.number_format
        if w.value is None or w.value == "":
            return base
        if fmt is None and isinstance(w.value, dt.date) and not self.styles.is_date(base):
            fmt = DATE_FORMAT
        if not fmt and not w.fill:
            return base
        look = (base, fmt, w.fill)
        style = self._looks.get(look)
        if style is None:  # derived once per look: 10,000 status cells share a handful
            fill = self.styles.fill_id(w.fill) if w.fill else None
            style = self._looks[look] = self.styles.derive(base, fmt=fmt, fill=fill)
        return style

    def _new_cell(self, row: int, col: int, base: int, w: CellWrite) -> bytes:
        return cell_xml(cell_name(row, col), w.value, self._style_for(base, w), self.date1904,
                        self.tags.prefix).encode("utf-8")

    def _new_row(self, row: int, writes: dict[int, CellWrite]) -> bytes:
        cells = b"".join(self._new_cell(row, c, self.col_styles.get(c, 0), writes[c])
                         for c in sorted(writes) if writes[c].value not in (None, ""))
        p = self.tags.prefix.encode()
        if not cells:
            return b""
        return b'<%srow r="%d">%s</%srow>' % (p, row, cells, p)

    def _patch_row(self, row: int, start_tag: bytes, m: re.Match[bytes], body: bytes,
                   writes: dict[int, CellWrite]) -> bytes:
        tags = self.tags
        a = tag_attrs(m.group(1))
        row_style = int(a.get(b"s", b"0") or 0) if a.get(b"customFormat") in (b"1", b"true") else 0
        appended = self._append_at_end(row, start_tag, m, a, body, writes, row_style)
        if appended is not None:
            return appended
        cells: list[_Cell] = []
        rest: list[bytes] = []
        seen_styles: dict[int, int] = {}
        pos, col = 0, 0
        for cm in tags.cell.finditer(body):
            if cm.group(0).startswith((b"<!", b"<?")):
                continue
            if cm.start() < pos:
                continue
            rest.append(body[pos: cm.start()].strip())
            ref = R_ATTR.search(cm.group(1))
            col = self._col(ref.group(1)) if ref else col + 1
            if cm.group(2):
                end = cm.end()
            else:
                close = tags.find_end(tags.cell_end, body, cm.end(), self.what)
                end = body.index(b">", close) + 1
            xml = body[cm.start(): end]
            seen_styles[col] = int(tag_attrs(cm.group(1)).get(b"s", b"0") or 0)
            if col in writes:
                content = body[cm.end(): end]
                self._note_formula(cell_name(row, col), content)
                base = int(tag_attrs(cm.group(1)).get(b"s", b"0") or 0)
                w = writes.pop(col)
                if w.like is not None and w.like in seen_styles:
                    base = seen_styles[w.like]
                xml = self._new_cell(row, col, base, w)
            elif ref is None:
                xml = (b"<" + tags.prefix.encode() + b"c" + set_attr(
                    cm.group(1), b"r", cell_name(row, col).encode()) + xml[cm.end() - cm.start()
                    - len(cm.group(2)) - 1:])
            cells.append(_Cell(col, xml))
            pos = end
        rest.append(body[pos:].strip())
        for c, w in writes.items():
            if w.value not in (None, ""):
                base = row_style or self.col_styles.get(c, 0)
                if w.like is not None and w.like in seen_styles:
                    base = seen_styles[w.like]
                cells.append(_Cell(c, self._new_cell(row, c, base, w)))
        cells.sort(key=lambda x: x.col)
        attrs = start_tag[len(b"<" + tags.prefix.encode() + b"row"): -1 - len(m.group(2))]
        if b"spans" in a and cells:
            # spans is a hint of the row's used columns; it may only grow to take new cells.
            bounds = [int(n) for n in re.findall(rb"\d+", a[b"spans"])]
            lo, hi = min([cells[0].col, *bounds]), max([cells[-1].col, *bounds])
            attrs = set_attr(attrs, b"spans", b"%d:%d" % (lo, hi))
        p = tags.prefix.encode()
        inner = b"".join(c.xml for c in cells) + b"".join(rest)
        if not inner:
            return b"<" + p + b"row" + attrs + b"/>"
        return b"<" + p + b"row" + attrs + b">" + inner + b"</" + p + b"row>"

    def _append_at_end(self, row: int, start_tag: bytes, m: re.Match[bytes],
                       a: dict[bytes, bytes], body: bytes, writes: dict[int, CellWrite],
                       row_style: int) -> bytes | None:
        """The row with its new cells added after its last cell, every byte before them kept,
        when every written column lies right of the row's last cell (status columns on a
        row sheetsync has not written before); None when the row needs the full walk (a
        written column among its cells, a header taking a neighbour's look, comments, a cell
        without its reference, anything after the last cell)."""
        if not body or b"<!" in body or b"<?" in body \
                or any(w.like is not None for w in writes.values()):
            return None
        p = self.tags.prefix.encode()
        opener = b"<" + p + b"c"
        last = body.rfind(opener)
        while last >= 0 and body[last + len(opener): last + len(opener) + 1] not in (
                b" ", b"\t", b"\r", b"\n", b"/", b">"):
            last = body.rfind(opener, 0, last)
        if last < 0:
            return None
        tag_end = body.find(b">", last)
        ref = R_ATTR.search(body, last + len(opener), tag_end)
        if tag_end < 0 or ref is None or self._col(ref.group(1)) >= min(writes):
            return None
        if body[tag_end - 1: tag_end] == b"/":
            end = tag_end + 1
        else:
            close = body.find(b"</" + p + b"c>", tag_end)
            if close < 0:
                return None
            end = close + len(p) + 4
        if body[end:].strip():
            return None
        cols = [c for c in sorted(writes) if writes[c].value not in (None, "")]
        new = [self._new_cell(row, c, row_style or self.col_styles.get(c, 0), writes[c])
               for c in cols]
        attrs = start_tag[len(b"<" + p + b"row"): -1 - len(m.group(2))]
        if b"spans" in a and new:
            first = R_ATTR.search(body, 0, body.find(b">"))
            bounds = [int(n) for n in re.findall(rb"\d+", a[b"spans"])]
            lo = min([self._col(first.group(1)), *bounds]) if first else min(bounds, default=1)
            attrs = set_attr(attrs, b"spans", b"%d:%d" % (lo, max([cols[-1], *bounds])))
        return b"<" + p + b"row" + attrs + b">" + body[:end] + b"".join(new) + body[end:] \
            + b"</" + p + b"row>"

    def _note_formula(self, ref: str, content: bytes) -> None:
        m = self.tags.formula.search(content)
        if m is None:
            return
        self.result.formulas_removed = True
        fa = tag_attrs(m.group(1))
        if fa.get(b"t") == b"shared" and b"ref" in fa and m.group(3):
            text = m.group(3).decode("utf-8")
            self.result.masters.append((fa.get(b"si", b"").decode(), ref, text))

    # -- sheet-level bookkeeping -----------------------------------------------------------

    def _dimension(self, data: bytes, writes: dict[tuple[int, int], CellWrite]) -> bytes:
        filled = [k for k, w in writes.items() if w.value not in (None, "")]
        if not filled:
            return data
        r1, c1 = min(r for r, _ in filled), min(c for _, c in filled)
        r2, c2 = max(r for r, _ in filled), max(c for _, c in filled)
        p = self.tags.prefix.encode()
        m = self.tags.dimension.search(data)
        if m is not None:
            ref = tag_attrs(m.group(1)).get(b"ref", b"A1").replace(b"$", b"")
            first, _, last = ref.partition(b":")
            try:
                (a, b), (c, d) = split_ref(first), split_ref(last or first)
                r1, c1, r2, c2 = min(r1, a), min(c1, b), max(r2, c), max(c2, d)
            except ValueError:
                pass
        new_ref = cell_name(r1, c1) if (r1, c1) == (r2, c2) else \
            f"{cell_name(r1, c1)}:{cell_name(r2, c2)}"
        tag = b'<%sdimension ref="%s"/>' % (p, new_ref.encode())
        if m is not None:
            start, end = m.start(), m.end()
        else:
            sp = self.tags.sheet_pr.search(data, 0, data.find(b"sheetData"))
            start = end = sp.end() if sp else self.root_end
        view = memoryview(data)  # no copy of the sheet before and after the tag
        return b"".join((view[:start], tag, view[end:]))

    def _promote_shared(self, data: bytes, written: set[tuple[int, int]]) -> bytes:
        """A shared formula lives in its first cell; when that cell is overwritten, the cells that
        borrowed it get their own copy of the formula, or Excel would call the file corrupt."""
        for si, master, text in self.result.masters:
            pat = re.compile(rb"<" + re.escape(self.tags.prefix.encode()) + rb"f(?=[\s/>])([^>]*?"
                             rb"\bsi=\"" + re.escape(si.encode()) + rb"\"[^>]*?)(?:/>|>\s*</"
                             + re.escape(self.tags.prefix.encode()) + rb"f\s*>)")
            out, pos = [], 0
            for m in pat.finditer(data):
                if tag_attrs(m.group(1)).get(b"t") != b"shared":
                    continue
                cell = data.rfind(b"<" + self.tags.prefix.encode() + b"c ", 0, m.start())
                ref = tag_attrs(data[cell: data.index(b">", cell)]).get(b"r")
                if ref is None or split_ref(ref) in written:
                    continue
                try:
                    formula = Translator("=" + _unxml(text), origin=master).translate_formula(
                        ref.decode())[1:]
                except TranslatorError:
                    formula = _unxml(text)
                p = self.tags.prefix.encode()
                out += [data[pos: m.start()], b"<" + p + b"f>" + _xml(formula) + b"</" + p + b"f>"]
                pos = m.end()
            data = b"".join(out) + data[pos:]
        return data


def _unxml(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _xml(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


def patch_sheet(xml: bytes, writes: dict[tuple[int, int], CellWrite], styles: StyleBook,
                date1904: bool, what: str, widths: dict[int, float] | None = None) -> SheetPatch:
    """The worksheet with `writes` applied; every row and cell not written keeps its bytes.
    WIDTHS (column → characters) size the columns sheetsync adds, where no <col> sizes them."""
    patcher = SheetPatcher(xml, styles, date1904, what)
    patch = patcher.apply(writes)
    if widths:
        patch.xml = add_widths(patch.xml, widths, patcher.tags.prefix)
    return patch
