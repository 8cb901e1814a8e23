"""Status cells added after a row's last cell take a short path (SheetPatcher._append_at_end):
it gives the same worksheet as the full walk over the row's cells, keeps every byte of the row
before the new cells, and steps aside whenever the row needs the walk."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sheetsync.backends.xlsx.sheet import CellWrite, SheetPatcher
from sheetsync.backends.xlsx.styles import StyleBook

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STYLES = (f'<styleSheet xmlns="{NS}"><fonts count="1"><font/></fonts><fills count="2"><fill>'
          '<patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
          '</fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/>'
          '</cellStyleXfs><cellXfs count="2"><xf/><xf numFmtId="14" applyNumberFormat="1"/>'
          '</cellXfs></styleSheet>').encode()


def sheet(rows: str, prefix: str = "") -> bytes:
    ns = f'xmlns:{prefix[:-1]}="{NS}"' if prefix else f'xmlns="{NS}"'
    p = prefix
    return (f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {ns}><{p}dimension ref="A1:C3"/>'
            f'<{p}sheetData>{rows}</{p}sheetData></{p}worksheet>').encode()


SHORT: list[bool] = []
"""For each row the last patched() without walk wrote: whether the short path took it."""


def patched(xml: bytes, writes: dict[tuple[int, int], CellWrite], *, walk: bool) -> bytes:
    patcher = SheetPatcher(xml, StyleBook(STYLES, "styles"), False, "sheet1.xml")
    short = patcher._append_at_end
    SHORT.clear()

    def spy(*args: object) -> bytes | None:
        out = None if walk else short(*args)  # type: ignore[arg-type]
        SHORT.append(out is not None)
        return out

    patcher._append_at_end = spy  # type: ignore[method-assign]
    return patcher.apply(dict(writes)).xml


STATUS = {(r, c): CellWrite(v, fmt, fill) for r, cols in {
    1: [(5, "Score", None, None), (6, "Status", None, None)],
    2: [(5, 0.7, "0.00", None), (6, "On track", None, "B7E1CD")],
    3: [(5, None, "0.00", None), (6, dt.date(2026, 11, 3), None, None)],
}.items() for c, v, fmt, fill in cols}

ROWS = {
    "plain": '<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>2</v></c></row>'
             '<row r="2"><c r="A2"><v>1</v></c><c r="B2" s="1"><v>45000</v></c></row>'
             '<row r="3" spans="1:3"><c r="A3" t="inlineStr"><is><t>x &lt; y</t></is></c>'
             '<c r="C3"><f>A3&amp;"!"</f><v>x</v></c></row>',
    "self-closing cells": '<row r="1"><c r="A1"/><c r="B1" s="1"/></row><row r="2"><c r="D2">'
                          '<v>3</v></c></row><row r="3"/>',
    "rows with a style of their own": '<row r="2" s="1" customFormat="1"><c r="A2"><v>1</v></c>'
                                      '</row><row r="3" customHeight="1" ht="30"><c r="A3"><v>2'
                                      '</v></c></row>',
}


@pytest.mark.parametrize("rows", list(ROWS.values()), ids=list(ROWS))
def test_the_short_path_gives_the_bytes_of_the_full_walk(rows: str) -> None:
    xml = sheet(rows)
    short = patched(xml, STATUS, walk=False)
    assert any(SHORT)
    assert short == patched(xml, STATUS, walk=True)


def test_the_row_before_the_new_cells_keeps_its_bytes_whitespace_included() -> None:
    row = '<row r="2">\n  <c r="A2"><v>1</v></c>\n  <c r="B2"><v>2</v></c>\n</row>'
    out = patched(sheet(row), {(2, 4): CellWrite("Done")}, walk=False).decode()
    assert SHORT == [True]
    assert '<row r="2">\n  <c r="A2"><v>1</v></c>\n  <c r="B2"><v>2</v></c><c r="D2" ' in out
    walked = patched(sheet(row), {(2, 4): CellWrite("Done")}, walk=True).decode()
    strip = re.compile(r">\s+<")
    assert strip.sub("><", out) == strip.sub("><", walked)


STEPS_ASIDE = {
    "a written column among the row's cells": ('<row r="2"><c r="A2"><v>1</v></c><c r="E2">'
                                               '<v>9</v></c></row>', (2, 3)),
    "writing over the last cell": ('<row r="2"><c r="A2"><v>1</v></c><c r="C2"><v>9</v></c>'
                                   '</row>', (2, 3)),
    "a comment in the row": ('<row r="2"><c r="A2"><v>1</v></c><!-- <c r="Z2"/> --></row>',
                             (2, 4)),
    "a last cell without its reference": ('<row r="2"><c r="A2"><v>1</v></c><c><v>2</v></c>'
                                          '</row>', (2, 4)),
    "something after the last cell": ('<row r="2"><c r="A2"><v>1</v></c><extLst/></row>',
                                      (2, 4)),
}


@pytest.mark.parametrize(("row", "cell"), list(STEPS_ASIDE.values()), ids=list(STEPS_ASIDE))
def test_the_short_path_steps_aside_and_the_walk_decides(row: str, cell: tuple[int, int]
                                                         ) -> None:
    patcher = SheetPatcher(sheet(row), StyleBook(STYLES, "styles"), False, "sheet1.xml")
    calls: list[bytes | None] = []
    short = patcher._append_at_end

    def spy(*args: object) -> bytes | None:
        calls.append(short(*args))  # type: ignore[arg-type]
        return calls[-1]

    patcher._append_at_end = spy  # type: ignore[method-assign]
    out = patcher.apply({cell: CellWrite("new")}).xml.decode()
    assert calls == [None]
    ref = f"{'ABCDE'[cell[1] - 1]}{cell[0]}"
    assert out.count(f'r="{ref}"') == 1 and ">new<" in out


def test_a_prefixed_namespace_takes_the_short_path_too() -> None:
    rows = '<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c></x:row>'
    xml = sheet(rows, "x:")
    out = patched(xml, {(2, 3): CellWrite(0.5, "0.00")}, walk=False)
    assert SHORT == [True]
    assert out == patched(xml, {(2, 3): CellWrite(0.5, "0.00")}, walk=True)
    assert b'<x:c r="A2"><x:v>1</x:v></x:c><x:c r="C2" s="' in out


def test_a_new_header_cell_taking_a_neighbours_look_takes_the_walk() -> None:
    row = '<row r="1"><c r="A1" s="1"><v>1</v></c></row>'
    out = patched(sheet(row), {(1, 2): CellWrite("Score", like=1)}, walk=False)
    assert SHORT == [False]
    assert out == patched(sheet(row), {(1, 2): CellWrite("Score", like=1)}, walk=True)
