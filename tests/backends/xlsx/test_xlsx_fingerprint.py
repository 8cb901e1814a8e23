"""The .xlsx fingerprint: a no-op sync stops before reading, and every kind of edit is noticed."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from xlsx_parts import rezip

from sheetsync import pipeline
from sheetsync.backends.xlsx import fingerprint as xfp
from sheetsync.backends.xlsx import workbook as wbx
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.backends.xlsx.package import CT_WORKSHEET, RT_WORKSHEET, Package
from sheetsync.config import Config
from sheetsync.write.fingerprint import Fingerprint, run_key
from sheetsync.write.plan import build_plan
from tests.okr_workbooks import write_okrs

AS_OF = dt.date(2026, 11, 15)
FORMULA_CELL = b'<c r="H3"><f>0.5+0.1</f><v>0.6</v></c>'


def _part(path: Path, title: str) -> str:
    pkg = Package(path)
    try:
        ref = pkg.sheet(title)
        assert ref is not None and ref.part is not None
        return ref.part
    finally:
        pkg.close()


def _in(path: Path, title: str, fn: Callable[[bytes], bytes]) -> None:
    part = _part(path, title)

    def edit(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        new = fn(data)
        assert new != data, f"the edit changed nothing in {title}"
        return new

    rezip(path, edit)


def _set_cell(xml: bytes, ref: str, cell: bytes) -> bytes:
    return re.sub(rb'<c r="' + ref.encode() + rb'"(?: [^>]*)?(?:/>|>.*?</c>)', cell, xml,
                  count=1, flags=re.S)


def _text_cell(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def _edit_first_text(xml: bytes) -> bytes:
    return re.sub(rb"<t>([^<]*)</t>", rb"<t>\1 (edited)</t>", xml, count=1)


def _status_letter(path: Path) -> str:
    with XlsxBackend(path) as b:
        header = b.read().sheets[0].rows[0]
    return "ABCDEFGHIJKLMNOP"[header.index("Status")]


def _edit_status(path: Path) -> None:
    ref = f"{_status_letter(path)}2"
    _in(path, "OKRs", lambda x: _set_cell(x, ref, _text_cell(ref, "Done")))


def _append_row(xml: bytes, row: int, cells: list[bytes]) -> bytes:
    return xml.replace(b"</sheetData>", b'<row r="%d">' % row + b"".join(cells)
                       + b"</row></sheetData>")


def _new_tab(path: Path) -> None:
    part = "xl/worksheets/sheet99.xml"
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1">' + _text_cell("A1", "notes") + b"</row></sheetData>"
             b"</worksheet>")

    def edit(name: str, data: bytes) -> bytes:
        if name == "xl/workbook.xml":
            return wbx.add_sheet(data, "Notes", 99, "rId99")
        if name == "xl/_rels/workbook.xml.rels":
            return wbx.add_relationship(data, "rId99", RT_WORKSHEET, "worksheets/sheet99.xml")
        if name == "[Content_Types].xml":
            return wbx.add_override(data, part, CT_WORKSHEET)
        return data

    rezip(path, edit, {part: sheet})


def _drop_summary(path: Path) -> None:
    def edit(name: str, data: bytes) -> bytes:
        if name == "xl/workbook.xml":
            return re.sub(rb'<sheet name="OKR Summary"[^>]*/>', b"", data)
        return data

    rezip(path, edit)


def _rename_tab(path: Path) -> None:
    rezip(path, lambda name, data: data.replace(b'name="Check-ins"', b'name="Check ins"')
             if name == "xl/workbook.xml" else data)


Edit = Callable[[Path], None]
EDITS: list[tuple[str, Edit]] = [
    ("a person's target value changes",
     lambda p: _in(p, "OKRs", lambda x: _set_cell(x, "F3", b'<c r="F3"><v>555</v></c>'))),
    ("a formula's cached value changes",
     lambda p: _in(p, "OKRs", lambda x: x.replace(b"<v>0.6</v>", b"<v>0.9</v>"))),
    ("a key result row is added",
     lambda p: _in(p, "OKRs", lambda x: _append_row(x, 40, [
         _text_cell("A40", "O9.9"), _text_cell("B40", "Objective Z-9"),
         _text_cell("C40", "Raise metric 99 from 0 to 10"), b'<c r="F40"><v>10</v></c>']))),
    ("a key result row is deleted",
     lambda p: _in(p, "OKRs", lambda x: re.sub(rb'<row r="5".*?</row>', b"", x, flags=re.S))),
    ("a tab is renamed", _rename_tab),
    ("a tab is added", _new_tab),
    ("a check-in is added",
     lambda p: _in(p, "Check-ins", lambda x: _append_row(x, 60, [
         _text_cell("A60", "O1.1"), b'<c r="B60"><v>46330</v></c>', b'<c r="C60"><v>77</v></c>']))),
    ("a person edits sheetsync's own status cell", lambda p: _edit_status(p)),
    ("the summary tab is deleted", _drop_summary),
    ("the summary tab is edited", lambda p: _in(p, "OKR Summary", _edit_first_text)),
    ("the history tab is edited", lambda p: _in(p, "Score history", _edit_first_text)),
]


@pytest.fixture
def synced(tmp_path: Path) -> Path:
    """A workbook with a formula cell (cached value 0.6), synced once."""
    path = write_okrs(tmp_path / "okrs.xlsx", n_krs=12)
    _in(path, "OKRs", lambda x: _set_cell(x, "H3", FORMULA_CELL))
    result = pipeline.run(str(path), Config(), AS_OF, until="apply")
    assert result.applied and not result.scorecard.has_errors
    return path


def _last_sync(path: Path, config: Config | None = None, as_of: dt.date = AS_OF
               ) -> Fingerprint | None:
    with XlsxBackend(path) as b:
        return b.last_sync(run_key(config or Config(), as_of))


def test_a_second_sync_stops_at_the_fingerprint_and_the_full_path_agrees(synced: Path) -> None:
    before = synced.read_bytes(), synced.stat().st_mtime_ns
    result = pipeline.run(str(synced), Config(), AS_OF, until="apply", skip_unchanged=True)
    assert result.unchanged is not None and result.plan is not None and result.plan.is_empty
    assert not result.applied and result.book.sheets == []
    assert (synced.read_bytes(), synced.stat().st_mtime_ns) == before
    # What the fast path skipped would have written nothing either.
    with XlsxBackend(synced) as b:
        full = pipeline.score_book(b.read(), Config(), AS_OF)
    assert build_plan(full.scorecard, full.tables, full.book, Config()).is_empty


def test_a_library_caller_gets_the_scorecard_unless_it_asks_to_skip(synced: Path) -> None:
    result = pipeline.run(str(synced), Config(), AS_OF, until="plan")
    assert result.unchanged is None and result.scorecard.key_results
    assert result.plan is not None and result.plan.is_empty


@pytest.mark.parametrize("edit", [e for _, e in EDITS], ids=[name for name, _ in EDITS])
def test_every_kind_of_edit_makes_the_sync_read_again(synced: Path, edit: Edit) -> None:
    assert _last_sync(synced) is not None
    edit(synced)
    assert _last_sync(synced) is None
    result = pipeline.run(str(synced), Config(), AS_OF, until="plan", skip_unchanged=True)
    assert result.unchanged is None and result.book.sheets


@pytest.mark.parametrize(("config", "as_of"), [
    (Config.model_validate({"scoring": {"cap": 1.2}}), AS_OF),
    (Config.model_validate({"status": {"at_risk_gap": 0.2}}), AS_OF),
    (Config(), AS_OF + dt.timedelta(days=1)),
], ids=["the config's cap changes", "a status threshold changes", "the as-of moves a day"])
def test_another_config_or_as_of_reads_again(synced: Path, config: Config, as_of: dt.date
                                             ) -> None:
    assert _last_sync(synced, config, as_of) is None


def test_a_run_that_found_errors_records_no_fingerprint(tmp_path: Path) -> None:
    path = write_okrs(tmp_path / "okrs.xlsx", n_krs=8)
    _in(path, "OKRs", lambda x: _set_cell(x, "F3", _text_cell("F3", "tbd")))
    first = pipeline.run(str(path), Config(), AS_OF, until="apply")
    assert first.applied and first.scorecard.has_errors
    assert _last_sync(path) is None
    with zipfile.ZipFile(path) as z:
        assert xfp.recorded(z.read("xl/workbook.xml")) is None


WORKBOOKS = [
    (b'<workbook xmlns="m"><sheets><sheet name="A"/></sheets><calcPr calcId="1"/></workbook>',
     b'<sheets><sheet name="A"/></sheets><definedNames><definedName name="_sheetsync_'
     b'fingerprint" hidden="1">'),
    (b'<workbook xmlns="m"><sheets/><definedNames><definedName name="x">A!$A$1</definedName>'
     b"</definedNames></workbook>",
     b'<definedName name="x">A!$A$1</definedName><definedName name="_sheetsync_fingerprint"'),
    (b'<workbook xmlns="m"><sheets/><definedNames /></workbook>',
     b'<sheets/><definedNames><definedName name="_sheetsync_fingerprint"'),
    (b'<x:workbook xmlns:x="m"><x:sheets/></x:workbook>',
     b'<x:sheets/><x:definedNames><x:definedName name="_sheetsync_fingerprint"'),
]


@pytest.mark.parametrize(("xml", "expected"), WORKBOOKS, ids=[
    "no defined names: a definedNames goes before calcPr",
    "a person's defined name is kept and ours follows it",
    "an empty definedNames is opened up",
    "a prefixed workbook gets prefixed elements"])
def test_the_fingerprint_goes_into_workbook_xml_and_comes_out_again(xml: bytes, expected: bytes
                                                                   ) -> None:
    fp = Fingerprint("ab" * 32, 3)
    written = xfp.with_fingerprint(xml, fp)
    assert expected in written
    assert xfp.recorded(written) == fp
    again = xfp.with_fingerprint(written, Fingerprint("cd" * 32, 0))
    assert again.count(b"_sheetsync_fingerprint") == 1
    assert xfp.without_fingerprint(again) == xfp.without_fingerprint(written)
    assert xfp.recorded(xfp.with_fingerprint(written, None)) is None
