"""styles.xml for the xlsx backend: which styles show dates, and the few styles a write adds."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from xml.sax.saxutils import quoteattr

from openpyxl.styles.numbers import (
    BUILTIN_FORMATS,
    BUILTIN_FORMATS_REVERSE,
    is_date_format,
    is_timedelta_format,
)

from sheetsync.backends.xlsx.package import MAIN_NS, parse_xml

DEFAULT_STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<styleSheet xmlns="' + MAIN_NS.encode() + b'">'
    b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    b'<fills count="2"><fill><patternFill patternType="none"/></fill>'
    b'<fill><patternFill patternType="gray125"/></fill></fills>'
    b'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    b'<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    b'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    b"</styleSheet>"
)
"""A minimal stylesheet for packages that have none (some generators omit it)."""

DATE_FORMAT = "yyyy-mm-dd"
"""The number format given to dates sheetsync writes into a cell that has no date format yet."""

# Locale-dependent East Asian date formats that openpyxl's table leaves out.
_LOCALE_DATE_IDS = frozenset(range(27, 37)) | frozenset(range(50, 59))
_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
          "dxfs", "tableStyles", "colors", "extLst")
_NS = "{" + MAIN_NS + "}"

Canon = tuple[str, tuple[tuple[str, str], ...], str, tuple["Canon", ...]]


def _canon(el: ET.Element) -> Canon:
    """A comparable form of an element, so equal styles are found whatever their attribute order."""
    return (el.tag, tuple(sorted(el.attrib.items())), (el.text or "").strip(),
            tuple(_canon(c) for c in el))


class StyleBook:
    """The parsed stylesheet; derives cell formats, reusing equal ones so styles.xml stays put."""

    def __init__(self, xml: bytes | None, what: str) -> None:
        self.created = xml is None
        self.original = DEFAULT_STYLES if xml is None else xml
        root = parse_xml(self.original, what)
        m = re.search(rb"<(?:([\w.-]+):)?styleSheet[\s>/]", self.original)
        self.prefix = (m.group(1).decode() + ":") if m and m.group(1) else ""
        self._prefixes = {uri: p for p, uri in re.findall(
            r'xmlns:([\w.-]+)="([^"]*)"', self.original[:4096].decode("utf-8", "replace"))}
        self.custom_formats: dict[int, str] = {}
        for nf in root.iter(_NS + "numFmt"):
            try:
                self.custom_formats[int(nf.get("numFmtId", ""))] = nf.get("formatCode", "")
            except ValueError:
                continue
        self._lists: dict[str, list[ET.Element]] = {}
        for name, child in (("fonts", "font"), ("fills", "fill"), ("cellXfs", "xf")):
            parent = root.find(_NS + name)
            self._lists[name] = [] if parent is None else list(parent.iter(_NS + child))
        self._index: dict[str, dict[Canon, int]] = {
            name: {} for name in self._lists}
        for name, items in self._lists.items():
            for i, el in enumerate(items):
                self._index[name].setdefault(_canon(el), i)
        self._derived: dict[tuple[int, str | None, int | None, int | None, str | None, int],
                            int] = {}
        self._new: dict[str, list[str]] = {"numFmts": [], "fonts": [], "fills": [], "cellXfs": []}
        formats = [self.number_format(i) for i in range(len(self._lists["cellXfs"]))]
        self.date_xfs = frozenset(i for i, f in enumerate(formats) if self._is_date(i, f))
        self.timedelta_xfs = frozenset(i for i, f in enumerate(formats) if is_timedelta_format(f))

    def _num_fmt_id(self, xf: int) -> int:
        xfs = self._lists["cellXfs"]
        try:
            return int(xfs[xf].get("numFmtId", "0")) if 0 <= xf < len(xfs) else 0
        except ValueError:
            return 0

    def number_format(self, xf: int) -> str:
        fid = self._num_fmt_id(xf)
        if fid in self.custom_formats:
            return self.custom_formats[fid]
        return str(BUILTIN_FORMATS.get(fid, "General"))

    def _is_date(self, xf: int, fmt: str) -> bool:
        return is_date_format(fmt) or self._num_fmt_id(xf) in _LOCALE_DATE_IDS

    def is_date(self, xf: int) -> bool:
        return xf in self.date_xfs

    @property
    def changed(self) -> bool:
        return any(self._new.values())

    # -- deriving styles -------------------------------------------------------------------

    def format_id(self, code: str) -> int:
        """The numFmtId showing `code`: a built-in id, an existing custom one, or a new one."""
        for fid, existing in self.custom_formats.items():
            if existing == code:
                return fid
        if code in BUILTIN_FORMATS_REVERSE:
            return int(BUILTIN_FORMATS_REVERSE[code])
        fid = max([163, *self.custom_formats]) + 1
        self.custom_formats[fid] = code
        self._new["numFmts"].append(
            f"<{self.prefix}numFmt numFmtId=\"{fid}\" formatCode={quoteattr(code)}/>")
        return fid

    def _find_or_add(self, kind: str, el: ET.Element) -> int:
        key = _canon(el)
        found = self._index[kind].get(key)
        if found is not None:
            return found
        idx = len(self._lists[kind])
        self._lists[kind].append(el)
        self._index[kind][key] = idx
        self._new[kind].append(self._serialize(el))
        return idx

    def fill_id(self, rgb: str) -> int:
        fill = ET.Element(_NS + "fill")
        pattern = ET.SubElement(fill, _NS + "patternFill", patternType="solid")
        ET.SubElement(pattern, _NS + "fgColor", rgb="FF" + rgb.upper().lstrip("#")[-6:])
        ET.SubElement(pattern, _NS + "bgColor", indexed="64")
        return self._find_or_add("fills", fill)

    def bold_font_id(self) -> int:
        fonts = self._lists["fonts"]
        font = copy.deepcopy(fonts[0]) if fonts else ET.Element(_NS + "font")
        if font.find(_NS + "b") is None:
            font.insert(0, ET.Element(_NS + "b"))
        return self._find_or_add("fonts", font)

    def derive(self, base: int, *, fmt: str | None = None, font: int | None = None,
               fill: int | None = None, align: str | None = None, indent: int = 0) -> int:
        """The cellXfs index of `base` with another number format, font, fill or horizontal
        alignment (with an indent of INDENT characters)."""
        key = (base, fmt, font, fill, align, indent)
        if key not in self._derived:
            self._derived[key] = self._derive(base, fmt, font, fill, align, indent)
        return self._derived[key]

    def _derive(self, base: int, fmt: str | None, font: int | None, fill: int | None,
                align: str | None = None, indent: int = 0) -> int:
        xfs = self._lists["cellXfs"]
        if 0 <= base < len(xfs):
            xf = copy.deepcopy(xfs[base])
        else:
            xf = ET.Element(_NS + "xf", numFmtId="0", fontId="0", fillId="0", borderId="0",
                            xfId="0")
        changes = {"numFmtId": (None if fmt is None else self.format_id(fmt), "applyNumberFormat"),
                   "fontId": (font, "applyFont"), "fillId": (fill, "applyFill")}
        dirty = False
        for attr, (value, flag) in changes.items():
            if value is not None and xf.get(attr, "0") != str(value):
                xf.set(attr, str(value))
                xf.set(flag, "1")
                dirty = True
        if align is not None:
            old = xf.find(_NS + "alignment")
            wanted = {"horizontal": align, **({"indent": str(indent)} if indent else {})}
            if old is None or dict(old.attrib) != wanted:
                if old is not None:
                    xf.remove(old)
                alignment = ET.Element(_NS + "alignment", wanted)
                xf.insert(0, alignment)
                xf.set("applyAlignment", "1")
                dirty = True
        if not dirty and 0 <= base < len(xfs):
            return base
        return self._find_or_add("cellXfs", xf)

    # -- writing ---------------------------------------------------------------------------

    def _serialize(self, el: ET.Element) -> str:
        def name(tag: str) -> str:
            if tag.startswith(_NS):
                return self.prefix + tag[len(_NS):]
            uri, _, local = tag[1:].partition("}")
            if tag.startswith("{") and uri in self._prefixes:
                return f"{self._prefixes[uri]}:{local}"
            return tag

        attrs = "".join(f" {name(k)}={quoteattr(v)}" for k, v in el.attrib.items()
                        if not k.startswith("{") or k[1:].partition("}")[0] in self._prefixes)
        inner = "".join(self._serialize(c) for c in el)
        text = (el.text or "").strip()
        if not inner and not text:
            return f"<{name(el.tag)}{attrs}/>"
        body = inner or text.replace("&", "&amp;").replace("<", "&lt;")
        return f"<{name(el.tag)}{attrs}>{body}</{name(el.tag)}>"

    def to_bytes(self) -> bytes:
        """The original styles.xml with the new entries spliced in, every other byte kept."""
        data = self.original
        for kind in ("numFmts", "fonts", "fills", "cellXfs"):
            if self._new[kind]:
                total = (len(self.custom_formats) if kind == "numFmts"
                         else len(self._lists[kind]))
                data = self._splice(data, kind, "".join(self._new[kind]).encode(), total)
        return data

    def _splice(self, data: bytes, kind: str, entries: bytes, total: int) -> bytes:
        p = self.prefix.encode()
        start = re.search(rb"<" + re.escape(p + kind.encode()) + rb"(\s[^>]*?)?(/?)>", data)
        if start is None:
            # Insert the missing container before the first element that must follow it.
            pos = data.rindex(b"</" + p + b"styleSheet")
            for later in _ORDER[_ORDER.index(kind) + 1:]:
                m = re.search(rb"<" + re.escape(p + later.encode()) + rb"[\s/>]", data)
                if m:
                    pos = m.start()
                    break
            block = b"<%s%s count=\"%d\">%s</%s%s>" % (p, kind.encode(), total, entries, p,
                                                         kind.encode())
            return data[:pos] + block + data[pos:]
        attrs = start.group(1) or b""
        if re.search(rb'\scount="[^"]*"', attrs):
            attrs = re.sub(rb'(\s)count="[^"]*"', b'\\1count="%d"' % total, attrs)
        else:
            attrs += b' count="%d"' % total
        head = b"<" + p + kind.encode() + attrs + b">"
        if start.group(2):
            return (data[:start.start()] + head + entries + b"</" + p + kind.encode() + b">"
                    + data[start.end():])
        end = data.index(b"</" + p + kind.encode() + b">", start.end())
        return data[:start.start()] + head + data[start.end():end] + entries + data[end:]
