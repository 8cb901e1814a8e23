"""Regex scanning of worksheet XML for the sheet patcher: tags with any namespace prefix,
attributes, cell references; comments, CDATA and processing instructions stepped over."""

from __future__ import annotations

import re

from sheetsync.a1 import col_index
from sheetsync.errors import SourceError

ATTR = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
SKIP = rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>"


def tag_attrs(tag: bytes) -> dict[bytes, bytes]:
    """A start tag's attributes, name → value (quotes taken off, entities left as they are)."""
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
            for m in ATTR.finditer(tag)}


def set_attr(attrs: bytes, name: bytes, value: bytes) -> bytes:
    """ATTRS (the text of a start tag after its name) with NAME set to VALUE, added in front
    when absent."""
    pat = re.compile(rb"(\s)" + re.escape(name) + rb"""\s*=\s*(?:"[^"]*"|'[^']*')""")
    if pat.search(attrs):
        return pat.sub(lambda m: m.group(1) + name + b'="' + value + b'"', attrs, count=1)
    return b" " + name + b'="' + value + b'"' + attrs


def split_ref(ref: bytes) -> tuple[int, int]:
    """(row, column) of a cell reference such as B$7."""
    letters = ref.rstrip(b"0123456789").replace(b"$", b"")
    return int(ref[len(letters):] or b"0"), col_index(letters.decode())


R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']\$?([A-Za-z]+)""")


class Tags:
    """Compiled patterns for one namespace prefix ("" or e.g. "x:")."""

    def __init__(self, prefix: bytes) -> None:
        p = re.escape(prefix)
        self.prefix = prefix.decode()
        self.row = re.compile(SKIP + rb"|<" + p + rb"row(?=[\s/>])([^>]*?)(/?)>", re.S)
        self.row_end = re.compile(SKIP + rb"|</" + p + rb"row\s*>", re.S)
        self.cell = re.compile(SKIP + rb"|<" + p + rb"c(?=[\s/>])([^>]*?)(/?)>", re.S)
        self.cell_end = re.compile(SKIP + rb"|</" + p + rb"c\s*>", re.S)
        self.sheet_data = re.compile(rb"<" + p + rb"sheetData(?=[\s/>])([^>]*?)(/?)>")
        self.sheet_data_end = b"</" + prefix + b"sheetData>"
        self.col = re.compile(rb"<" + p + rb"col(?=[\s/>])([^>]*?)/?>")
        self.dimension = re.compile(rb"<" + p + rb"dimension(?=[\s/>])([^>]*?)/?>")
        self.sheet_pr = re.compile(rb"<" + p + rb"sheetPr(?=[\s/>])[^>]*?/>|</" + p
                                   + rb"sheetPr\s*>", re.S)
        self.formula = re.compile(rb"<" + p + rb"f(?=[\s/>])([^>]*?)(/?)>(?:(.*?)</" + p
                                  + rb"f\s*>)?", re.S)

    def find_end(self, pattern: re.Pattern[bytes], data: bytes, pos: int, what: str) -> int:
        """Start of the closing tag after pos, stepping over comments and CDATA."""
        while True:
            m = pattern.search(data, pos)
            if m is None:
                raise SourceError(f"{what}: damaged XML (an element is never closed)")
            if not m.group(0).startswith((b"<!", b"<?")):
                return m.start()
            pos = m.end()
