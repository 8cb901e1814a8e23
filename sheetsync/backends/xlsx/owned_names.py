"""sheetsync's ownership record in an .xlsx (SPEC §7): hidden defined names on its columns.

Each column sheetsync made (or was handed) is a hidden, sheet-scoped defined name
`_sheetsync_owned.<role>` referring to the whole column (`'OKRs'!$K:$K`); each tab it made is
`_sheetsync_owned.tab.<role>` referring to the tab's A1 (`'OKR Summary'!$A$1`). Excel and
LibreOffice rewrite such references when people insert, delete or move columns or rename the
tab, so the record follows the column; a deleted column becomes `#REF!` and is no longer
recorded. Other sheetsync names (`_sheetsync_fingerprint`, ...) sit beside these and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape, unescape

from sheetsync.a1 import col_index, col_letter
from sheetsync.backends.xlsx.workbook import insert_defined_names, root_prefix
from sheetsync.write.writeplan import ColumnClaim, TabClaim

PREFIX = "_sheetsync_owned."
_NAME = re.compile(
    rb"<(?:[\w.-]+:)?definedName(?=\s)([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?definedName\s*>)", re.S)
_ATTR = re.compile(rb'\s([\w:]+)="([^"]*)"')
_CELL = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?[A-Z]{1,3}\$?\d+$")
TAB = PREFIX + "tab."
_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3}):\$?([A-Z]{1,3})$")
# Elements that follow definedNames inside <workbook>, in schema order.


def _names(workbook: bytes) -> list[tuple[str, str]]:
    """(name, reference text) of every `_sheetsync_owned.*` defined name."""
    out = []
    for m in _NAME.finditer(workbook):
        attrs = {k.decode(): unescape(v.decode("utf-8")) for k, v in _ATTR.findall(m.group(1))}
        name = attrs.get("name", "")
        if name.startswith(PREFIX) and m.group(2) is not None:
            out.append((name, unescape(m.group(2).decode("utf-8")).strip()))
    return out


def read_owned_tabs(workbook: bytes) -> dict[str, str]:
    """role → current title of each tab the record names (a renamed tab under its new name)."""
    out: dict[str, str] = {}
    for name, text in _names(workbook):
        ref = _CELL.match(text)
        if name.startswith(TAB) and ref is not None:
            out[name[len(TAB):]] = ref.group(1).replace("''", "'") if ref.group(1) else ref.group(2)
    return out


def read_owned(workbook: bytes) -> dict[str, dict[str, int]]:
    """sheet title → {role → 1-based column} from the workbook's `_sheetsync_owned.*` names."""
    out: dict[str, dict[str, int]] = {}
    for name, text in _names(workbook):
        if name.startswith(TAB):
            continue
        ref = _REF.match(text)
        if ref is None or ref.group(3) != ref.group(4):
            continue  # #REF! (the column was deleted) or not one whole column: no record
        sheet = ref.group(1).replace("''", "'") if ref.group(1) else ref.group(2)
        out.setdefault(sheet, {})[name[len(PREFIX):]] = col_index(ref.group(3))
    return out


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def add_owned(workbook: bytes, claims: list[ColumnClaim], sheet_index: dict[str, int],
              tabs: Sequence[TabClaim] = ()) -> bytes:
    """workbook.xml with one hidden defined name per claim (replacing the same role's old name on
    that sheet); SHEET_INDEX gives each sheet's position for localSheetId."""
    if not claims and not tabs:
        return workbook
    p = root_prefix(workbook, "workbook")
    records = [(PREFIX + c.role, c.sheet, f"${col_letter(c.col)}:${col_letter(c.col)}")
               for c in claims]
    records += [(TAB + t.role, t.title, "$A$1") for t in tabs]
    for name, sheet, where in records:
        local = sheet_index[sheet]

        def same(m: re.Match[bytes], name: str = name, local: int = local) -> bytes:
            attrs = {k.decode(): v.decode() for k, v in _ATTR.findall(m.group(1))}
            hit = attrs.get("name") == name and attrs.get("localSheetId") == str(local)
            return b"" if hit else m.group(0)

        workbook = _NAME.sub(same, workbook)
        ref = escape(f"{_quoted(sheet)}!{where}")
        xml = (f'<{p.decode()}definedName name="{name}" localSheetId="{local}" hidden="1">'
               f"{ref}</{p.decode()}definedName>").encode()
        workbook = insert_defined_names(workbook, p, xml)
    return workbook
