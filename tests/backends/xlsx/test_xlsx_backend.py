"""XlsxBackend: reading a Book, applying plans by patching the package, atomicity, errors, locks."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import stat
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ERROR_CODES as OPENPYXL_ERROR_CODES
from openpyxl.styles import Font, PatternFill
from xlsx_parts import rezip

from sheetsync.backends.xlsx import save as xlsx_save
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.backends.xlsx.lock import WorkbookLock, lock_path
from sheetsync.errors import LockedError, SourceError
from sheetsync.grid import EXCEL_ERRORS, CellError, CellValue, MergedRange
from sheetsync.write.writeplan import CellChange, SummaryTab, WritePlan

SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "okr-samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.xlsx")) if SAMPLES.is_dir() else []
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# -- fixtures built in code --------------------------------------------------------------------

def build_okrs(path: Path) -> Path:
    """A small OKR workbook: styled header, merged objective cells, dates, hidden tabs."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "OKRs"
    ws.append(["Objective", "Key Result", "Owner", "Baseline", "Target", "Current", "Due"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFDDEEFF")
    ws.append(["Grow revenue", "ARR to 1.2M", "Ann", 800_000, 1_200_000, 950_000,
               dt.date(2026, 12, 31)])
    ws.append([None, "Churn below 3%", "Bob", 0.05, 0.03, 0.041, dt.date(2026, 12, 15)])
    ws.append(["Ship v2", "Launch beta", "Cy", 0, 1, 1, dt.datetime(2026, 11, 30, 17, 30)])
    ws.merge_cells("A2:A3")
    ws["D3"].number_format = "0.0%"
    ws["F4"].number_format = "0.00"
    ws.column_dimensions["B"].width = 30
    ci = wb.create_sheet("Check-ins")
    ci.append(["KR", "Date", "Value", "Note"])
    ci.append(["ARR to 1.2M", dt.date(2026, 10, 15), 900_000, "=not a formula, typed text"])
    ci.append(["Churn below 3%", dt.date(2026, 11, 1), 0.045, "  padded  "])
    ci["D2"].data_type = "s"  # typed text that merely starts with "=", not a formula
    wb.create_sheet("Notes").sheet_state = "hidden"
    wb["Notes"]["A1"] = "hidden"
    wb.create_sheet("Secret").sheet_state = "veryHidden"
    wb.save(path)
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def replace_in(part: str, old: bytes, new: bytes) -> Callable[[str, bytes], bytes]:
    def edit(name: str, data: bytes) -> bytes:
        if name == part:
            assert old in data, f"{old!r} not in {part}"
            return data.replace(old, new, 1)
        return data
    return edit


def sheet_xml(rows: str, extra: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
            f"<sheetData>{rows}</sheetData>{extra}</worksheet>").encode()


def with_sheet1(path: Path, xml: bytes) -> Path:
    """A workbook whose first sheet's XML is replaced by `xml`."""
    return rezip(path, lambda n, d: xml if n == "xl/worksheets/sheet1.xml" else d)


def open_read(path: Path) -> tuple[XlsxBackend, list[list[CellValue]]]:
    backend = XlsxBackend(path)
    book = backend.read()
    return backend, book.sheets[0].rows


def apply(path: Path, changes: list[CellChange], summary: SummaryTab | None = None) -> None:
    with XlsxBackend(path) as backend:
        backend.read()
        backend.apply(WritePlan(str(path), changes, summary))


def snapshot(path: Path) -> dict[tuple[str, str], tuple[object, str, object]]:
    """Every cell openpyxl sees: value, number format and the style triple it resolves to."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None or c.has_style:
                    style = (c.font.b, c.fill.fgColor.rgb, getattr(c.border.left, "style", None))
                    out[(ws.title, c.coordinate)] = (c.value, c.number_format, style)
    return out


# -- reading -----------------------------------------------------------------------------------

def _cached(path: Path) -> Path:
    """OKRs!H2..H4 become formulas with cached results, one of them an error."""
    sheet = "xl/worksheets/sheet1.xml"
    rows = {2: '<c r="H2"><f>F2/E2</f><v>0.7916</v></c>',
            3: '<c r="H3" t="e"><f>F3/0</f><v>#DIV/0!</v></c>',
            4: '<c r="H4" t="str"><f>C4&amp;"!"</f><v>Cy!</v></c>'}

    def edit(name: str, data: bytes) -> bytes:
        if name != sheet:
            return data
        for r, cell in rows.items():
            data = re.sub(rb'(<row r="%d"[^>]*>.*?)</row>' % r,
                          lambda m, c=cell: m.group(1) + c.encode() + b"</row>", data, flags=re.S)
        return data
    return rezip(path, edit)


READ_CASES = [
    ("text reads as text", (1, 2), "Key Result"),
    ("an integer reads as int", (2, 4), 800_000),
    ("a fraction reads as float", (3, 6), 0.041),
    ("a date cell reads as a date", (2, 7), dt.date(2026, 12, 31)),
    ("a date with a time reads as a datetime", (4, 7), dt.datetime(2026, 11, 30, 17, 30)),
    ("a merged cell below the top reads empty", (3, 1), None),
    ("a formula reads as its cached number", (2, 8), 0.7916),
    ("a formula's cached error reads as CellError", (3, 8), CellError("#DIV/0!")),
    ("a formula's cached text reads as text", (4, 8), "Cy!"),
]


@pytest.mark.parametrize("case, at, expected", READ_CASES, ids=[c[0] for c in READ_CASES])
def test_read_values(tmp_path: Path, case: str, at: tuple[int, int], expected: CellValue) -> None:
    path = _cached(build_okrs(tmp_path / "okrs.xlsx"))
    with XlsxBackend(path) as backend:
        grid = backend.read().sheets[0]
    got = grid.value(*at)
    assert got == expected and type(got) is type(expected)


def test_read_book_shape(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.create_chartsheet("Chart", 1)
    wb.save(path)
    with XlsxBackend(path) as backend:
        book = backend.read()
    assert book.titles == ["OKRs", "Chart", "Check-ins", "Notes", "Secret"]
    assert [g.hidden for g in book.sheets] == [False, False, False, True, True]
    assert book.sheet("Chart") is not None and book.sheet("Chart").rows == []  # type: ignore
    assert book.sheets[0].merged == [MergedRange(2, 1, 3, 1)]
    assert book.sheet("Check-ins").value(2, 4) == "=not a formula, typed text"  # type: ignore


def test_read_1904_dates_and_rows_without_r(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    rezip(path, replace_in("xl/workbook.xml", b"<workbookPr", b'<workbookPr date1904="1"'))
    xml = sheet_xml('<row><c t="inlineStr"><is><t>a</t></is></c><c s="1"><v>1</v></c></row>'
                    '<row r="3"><c r="B3"><v>7</v></c><c><v>8</v></c></row>')
    with_sheet1(path, xml.replace(b' s="1"', b' s="%d"' % _date_style(path)))
    with XlsxBackend(path) as backend:
        rows = backend.read().sheets[0].rows
    assert rows == [["a", dt.date(1904, 1, 2)], [], [None, 7, 8]]


def _date_style(path: Path) -> int:
    """The cellXfs index openpyxl gave the first date cell of build_okrs."""
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    m = re.search(rb'<c r="G2" s="(\d+)"', sheet)
    assert m
    return int(m.group(1))


def _openpyxl_grids(path: Path) -> dict[str, list[list[CellValue]]]:
    """What openpyxl reads, in the Grid conventions (trailing blanks trimmed, dates as dates)."""
    wb = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for ws in wb.worksheets:
        rows: list[list[CellValue]] = []
        for row in ws.iter_rows():
            values = [_as_grid_value(c) for c in row]
            while values and values[-1] is None:
                values.pop()
            rows.append(values)
        while rows and not rows[-1]:
            rows.pop()
        out[ws.title] = rows
    return out


def _as_grid_value(c: openpyxl.cell.cell.Cell) -> CellValue:
    v = c.value
    if c.data_type == "e":
        return CellError(str(v))
    if isinstance(v, dt.datetime):
        return v.date() if v.time() == dt.time() else v
    if isinstance(v, dt.time):
        return round((v.hour * 3600 + v.minute * 60 + v.second) / 86400, 6)
    if isinstance(v, dt.timedelta):
        return v.total_seconds() / 86400
    if v == "":
        return None
    if isinstance(v, str):
        return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), v)
    return v  # type: ignore[no-any-return]


def _ours(path: Path) -> dict[str, list[list[CellValue]]]:
    with XlsxBackend(path) as backend:
        book = backend.read()
    return {g.title: [[round(v, 6) if isinstance(v, float) and 0 <= v < 1 else v for v in r]
                      for r in g.rows] for g in book.sheets}


@pytest.mark.samples
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[p.name[:40] for p in SAMPLE_FILES])
def test_read_agrees_with_openpyxl_on_real_workbooks(sample: Path, tmp_path: Path) -> None:
    theirs = _openpyxl_grids(sample)
    ours = _ours(sample)
    assert list(ours) == list(theirs) or set(theirs) <= set(ours)
    for title, rows in theirs.items():
        assert ours[title] == [[round(v, 6) if isinstance(v, float) and 0 <= v < 1 else v
                                for v in r] for r in rows], title


def test_read_agrees_with_openpyxl_on_built_workbook(tmp_path: Path) -> None:
    path = _cached(build_okrs(tmp_path / "okrs.xlsx"))
    assert _ours(path) == {t: [[round(v, 6) if isinstance(v, float) and 0 <= v < 1 else v
                                for v in r] for r in rows]
                           for t, rows in _openpyxl_grids(path).items()}


# -- applying ----------------------------------------------------------------------------------

def test_apply_touches_only_planned_cells(tmp_path: Path) -> None:
    path = _cached(build_okrs(tmp_path / "okrs.xlsx"))
    before = snapshot(path)
    changes = [
        CellChange("OKRs", 1, 9, None, "Status"),
        CellChange("OKRs", 2, 9, None, "On track"),
        CellChange("OKRs", 3, 9, None, "At risk"),
        CellChange("OKRs", 2, 6, 950_000, 1_000_000),
        CellChange("OKRs", 3, 10, None, 0.425, "0%"),
        CellChange("OKRs", 4, 11, None, dt.date(2026, 11, 2)),
        CellChange("OKRs", 9, 2, None, "a new row below the table"),
        CellChange("Check-ins", 3, 4, "  padded  ", None),
    ]
    apply(path, changes)
    after = snapshot(path)
    planned = {(c.sheet, c.cell) for c in changes}
    for key, value in before.items():
        if key not in planned:
            assert after.get(key) == value, key
    assert set(after) - set(before) <= planned
    wb = openpyxl.load_workbook(path)
    ws = wb["OKRs"]
    assert [ws.cell(r, 9).value for r in (1, 2, 3)] == ["Status", "On track", "At risk"]
    assert ws["F2"].value == 1_000_000 and ws["F2"].font.b == before[("OKRs", "F2")][2][0]
    assert (ws["J3"].value, ws["J3"].number_format) == (0.425, "0%")
    assert (ws["K4"].value, ws["K4"].number_format) == (dt.datetime(2026, 11, 2), "yyyy-mm-dd")
    assert ws["B9"].value == "a new row below the table"
    assert ws.dimensions == "A1:K9"
    cleared = wb["Check-ins"]["D3"]
    assert cleared.value is None
    assert wb["Check-ins"]["D2"].value == "=not a formula, typed text"


_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="_"),
            max_size=10),
    # Text that looks like an error value must stay text when sheetsync writes it; drawn often,
    # not left to chance, because random text almost never hits one.
    st.sampled_from(sorted(EXCEL_ERRORS)))
_FLOATS = st.floats(allow_nan=False, allow_infinity=False)
# openpyxl itself writes floats to 16 digits, so the starting workbook keeps fewer.
_BASE = st.one_of(st.integers(-10**9, 10**9), _FLOATS.map(lambda f: float(f"{f:.12g}")),
                  _TEXT.filter(lambda t: not t.startswith("=")), st.booleans())
_NEW = st.one_of(st.none(), st.integers(-10**9, 10**9), _FLOATS, _TEXT, st.booleans(),
                 st.sampled_from(sorted(EXCEL_ERRORS)).map(CellError))
_AT = st.tuples(st.integers(1, 12), st.integers(1, 7))


@settings(max_examples=20, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.dictionaries(_AT, _BASE, max_size=25),
       changes=st.dictionaries(_AT, _NEW, max_size=12))
def test_any_set_of_changes_reads_back_exactly(tmp_path: Path, base: dict[tuple[int, int], object],
                                               changes: dict[tuple[int, int], object]) -> None:
    path = tmp_path / "random.xlsx"
    wb = openpyxl.Workbook()
    for (r, c), v in base.items():
        wb.active.cell(r, c, v)
    wb.active.title = "S"
    wb.save(path)
    apply(path, [CellChange("S", r, c, base.get((r, c)), v)  # type: ignore[arg-type]
                 for (r, c), v in changes.items()])
    # openpyxl stores a string equal to one of its error codes as an error cell (t="e"), so an
    # untouched base cell holding such text is an error value; text sheetsync writes stays text.
    stored = {k: CellError(v) if isinstance(v, str) and v in OPENPYXL_ERROR_CODES else v
              for k, v in base.items()}
    expected = {k: v for k, v in {**stored, **changes}.items() if v is not None and v != ""}
    ws = openpyxl.load_workbook(path)["S"]
    seen = {(c.row, c.column): CellError(c.value) if c.data_type == "e" else c.value
            for row in ws.iter_rows() for c in row if c.value is not None}
    assert seen == expected
    with XlsxBackend(path) as backend:
        grid = backend.read().sheets[0]
    assert {(r, c): grid.value(r, c) for r, c in expected} == expected


def test_new_status_columns_go_right_of_the_header(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    backend, rows = open_read(path)
    col = len(rows[0]) + 1
    backend.apply(WritePlan(str(path), [CellChange("OKRs", 1, col, None, "Score"),
                                        CellChange("OKRs", 2, col, None, 0.375)]))
    backend.close()
    backend, rows = open_read(path)
    backend.close()
    assert rows[0][-1] == "Score" and rows[1][col - 1] == 0.375 and len(rows[0]) == col


TEXT_CASES = ["=1+2", "+44 20 7946 0000", "-5 below", "@owner", "<tag> & 'quotes' \"x\"",
              "  leading and trailing  ", "line one\nline two", "_x0041_ looks escaped",
              "bell\x07char", "emoji 🎯 and ümlaut", "#NULL!", "#N/A", "#DIV/0!",
              "#GETTING_DATA"]


@pytest.mark.parametrize("text", TEXT_CASES, ids=[f"text {t!r} stays literal" for t in TEXT_CASES])
def test_text_is_written_literally(tmp_path: Path, text: str) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    apply(path, [CellChange("OKRs", 2, 3, "Ann", text)])
    with XlsxBackend(path) as backend:
        assert backend.read().sheets[0].value(2, 3) == text
    cell = openpyxl.load_workbook(path)["OKRs"]["C2"]
    assert cell.data_type == "s"
    if "\x07" not in text and "_x" not in text:
        assert cell.value == text


def test_clearing_keeps_the_cell_style(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    apply(path, [CellChange("OKRs", 1, 2, "Key Result", None)])
    cell = openpyxl.load_workbook(path)["OKRs"]["B1"]
    assert cell.value is None and cell.font.b and cell.fill.fgColor.rgb == "FFDDEEFF"


def test_summary_tab_is_created_then_replaced_not_duplicated(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    first = SummaryTab("OKR Summary", [["Cycle", "2026-Q4"], ["As of", dt.date(2026, 11, 15)],
                                       ["O1", 0.25, "Off track"], ["O2", 0.9, "On track"]],
                       fills={(3, 3): "F4CCCC", (4, 3): "D9EAD3"}, bold={1},
                       number_formats={(3, 2): "0%"})
    apply(path, [], first)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["OKRs", "Check-ins", "Notes", "Secret", "OKR Summary"]
    s = wb["OKR Summary"]
    assert [[c.value for c in r] for r in s.iter_rows()][:2] == [
        ["Cycle", "2026-Q4", None], ["As of", dt.datetime(2026, 11, 15), None]]
    assert s["A1"].font.b and s["C3"].fill.fgColor.rgb == "FFF4CCCC"
    assert s["B3"].number_format == "0%" and s["B2"].number_format == "yyyy-mm-dd"
    second = SummaryTab("OKR Summary", [["Cycle", "2026-Q4"], ["O1", 0.5, "At risk"]],
                        fills={(2, 3): "FFF2CC"}, bold={1})
    apply(path, [], second)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames.count("OKR Summary") == 1
    assert [[c.value for c in r] for r in wb["OKR Summary"].iter_rows()] == [
        ["Cycle", "2026-Q4", None], ["O1", 0.5, "At risk"]]
    assert wb["OKR Summary"]["C2"].fill.fgColor.rgb == "FFFFF2CC"


def test_styles_do_not_grow_across_repeated_syncs(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    tab = SummaryTab("OKR Summary", [["Score", "Status"], [0.5, "At risk"]],
                     fills={(2, 2): "FFF2CC"}, bold={1}, number_formats={(2, 1): "0%"})
    sizes = []
    for run in range(3):
        apply(path, [CellChange("OKRs", 2, 8, None, f"run {run}"),
                     CellChange("OKRs", 3, 8, None, 0.1 * run, "0%"),
                     CellChange("OKRs", 4, 8, None, dt.date(2026, 11, run + 1))], tab)
        sizes.append(parts(path)["xl/styles.xml"])
    assert sizes[0] == sizes[1] == sizes[2]
    assert len(sizes[0]) > len(parts(build_okrs(tmp_path / "fresh.xlsx"))["xl/styles.xml"])


def test_empty_plan_leaves_the_file_alone(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    data, mtime = path.read_bytes(), path.stat().st_mtime_ns
    with XlsxBackend(path) as backend:
        backend.read()
        backend.apply(WritePlan(str(path)))
    assert path.read_bytes() == data and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["okrs.xlsx"]


def test_untouched_parts_keep_their_bytes(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    before = parts(path)
    apply(path, [CellChange("Check-ins", 2, 5, None, "seen")])
    after = parts(path)
    assert list(after) == list(before)
    changed = {n for n in before if before[n] != after[n]}
    assert changed == {"xl/worksheets/sheet2.xml"}


def test_permission_bits_are_kept(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    path.chmod(0o640)
    apply(path, [CellChange("OKRs", 2, 8, None, "x")])
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


FAILURES = [
    ("a failure before the swap", "replace"),
    ("a failure half-way through writing the zip", "zip"),
]


@pytest.mark.parametrize("case, where", FAILURES, ids=[f[0] for f in FAILURES])
def test_a_failed_write_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             case: str, where: str) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    data = path.read_bytes()
    if where == "replace":
        def boom(*_: object) -> None:
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(xlsx_save.os, "replace", boom)
        expected: type[BaseException] = SourceError
    else:
        real = xlsx_save.copy_raw
        calls = []

        def half(src: zipfile.ZipFile, info: zipfile.ZipInfo, dest: zipfile.ZipFile) -> bool:
            calls.append(info)
            if len(calls) == 4:
                raise KeyboardInterrupt
            return real(src, info, dest)
        monkeypatch.setattr(xlsx_save, "copy_raw", half)
        expected = KeyboardInterrupt
    with XlsxBackend(path) as backend:
        backend.read()
        with pytest.raises(expected) as err:
            backend.apply(WritePlan(str(path), [CellChange("OKRs", 2, 8, None, "x")]))
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["okrs.xlsx"]
    if expected is SourceError:
        assert "unchanged" in str(err.value) and str(path) in str(err.value)


# -- error files -------------------------------------------------------------------------------

def _cfb(streams: list[str]) -> bytes:
    """A compound-file (OLE) container whose directory names the given streams."""
    header = bytearray(512)
    header[:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    header[0x1A:0x1E] = (0x3E, 0, 3, 0)
    header[0x1E:0x20] = (9, 0)
    directory = bytearray()
    for name in ["Root Entry", *streams]:
        entry = bytearray(128)
        raw = (name + "\0").encode("utf-16-le")
        entry[: len(raw)] = raw
        entry[64:66] = len(raw).to_bytes(2, "little")
        entry[66] = 5 if name == "Root Entry" else 2
        directory += entry
    return bytes(header) + bytes(directory).ljust(512, b"\0") + b"\0" * 512


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


_OFFICE_REL = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
               b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
               b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/>'
               b"</Relationships>")


def _bomb(tmp: Path) -> bytes:
    data = build_okrs(tmp / "src.xlsx").read_bytes()
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/huge.bin", b"\0" * (48 << 20))
    return buf.getvalue()


def _entity_bomb(tmp: Path, sheet: bool = False) -> bytes:
    path = build_okrs(tmp / "src.xlsx")
    doctype = (b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>')
    part, root = ("xl/worksheets/sheet1.xml", b"<worksheet") if sheet else \
        ("xl/workbook.xml", b"<workbook")
    rezip(path, lambda n, d: d.replace(root, doctype + root, 1) if n == part else d)
    return path.read_bytes()


ERROR_FILES: list[tuple[str, str, Callable[[Path], bytes | None], str]] = [
    ("a missing file", "gone.xlsx", lambda t: None, "no such file"),
    ("an empty file", "empty.xlsx", lambda t: b"", "is empty"),
    ("a CSV renamed to .xlsx", "okrs.xlsx", lambda t: b"Objective,KR\nA,B\n", "not an .xlsx"),
    ("a truncated zip", "cut.xlsx",
     lambda t: build_okrs(t / "src.xlsx").read_bytes()[:1500], "damaged or truncated"),
    ("a zip with garbage inside", "bad.xlsx",
     lambda t: b"PK\x03\x04" + os.urandom(3000), "damaged or truncated"),
    ("an old binary .xls", "old.xls", lambda t: _cfb(["Workbook", "SummaryInformation"]),
     "save it as .xlsx"),
    ("a password-protected workbook", "locked.xlsx",
     lambda t: _cfb(["EncryptionInfo", "EncryptedPackage"]), "password-protected"),
    ("a zip bomb", "bomb.xlsx", _bomb, "zip bomb"),
    ("an XML entity bomb", "entities.xlsx", _entity_bomb, "DTD or entities"),
    ("a zip that holds no workbook", "doc.xlsx",
     lambda t: _zip({"word/document.xml": b"<w/>"}), "is not an Excel workbook"),
    ("an entity bomb inside a sheet", "sheetbomb.xlsx", lambda t: _entity_bomb(t, sheet=True),
     "DTD or entities"),
    ("a binary .xlsb workbook", "book.xlsb",
     lambda t: _zip({"[Content_Types].xml": b"<Types/>", "_rels/.rels": _OFFICE_REL,
                     "xl/workbook.bin": b"\x83\x01\x00"}), ".xlsb"),
    ("an OpenDocument spreadsheet", "sheet.xlsx",
     lambda t: _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                     "content.xml": b"<x/>"}), ".ods"),
]


@pytest.mark.parametrize("case, name, make, says", ERROR_FILES, ids=[e[0] for e in ERROR_FILES])
def test_bad_files_give_one_line_naming_the_file(tmp_path: Path, case: str, name: str,
                                                 make: Callable[[Path], bytes | None],
                                                 says: str) -> None:
    path = tmp_path / name
    content = make(tmp_path)
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SourceError) as err:
        with XlsxBackend(path) as backend:
            backend.read()
    message = str(err.value)
    assert "\n" not in message and str(path) in message and says in message
    if content is not None:
        assert path.read_bytes() == content
    assert not lock_path(path).exists()


def test_read_only_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    path.chmod(0o444)
    data = path.read_bytes()
    with XlsxBackend(path) as backend:
        backend.read()
        with pytest.raises(SourceError, match="read-only"):
            backend.apply(WritePlan(str(path), [CellChange("OKRs", 2, 8, None, "x")]))
    assert path.read_bytes() == data


def test_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = build_okrs(folder / "okrs.xlsx")
    data = path.read_bytes()
    folder.chmod(0o555)
    try:
        with XlsxBackend(path) as backend:
            assert backend.read().titles[0] == "OKRs"
            with pytest.raises(SourceError, match="folder .* is read-only"):
                backend.apply(WritePlan(str(path), [CellChange("OKRs", 2, 8, None, "x")]))
    finally:
        folder.chmod(0o755)
    assert path.read_bytes() == data


def test_a_file_that_vanished_after_reading(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    with XlsxBackend(path) as backend:
        backend.read()
        path.unlink()
        with pytest.raises(SourceError, match="vanished"):
            backend.apply(WritePlan(str(path), [CellChange("OKRs", 2, 8, None, "x")]))
    assert not path.exists()


def test_a_file_changed_since_reading_is_not_overwritten(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    with XlsxBackend(path) as backend:
        backend.read()
        wb = openpyxl.load_workbook(path)
        wb["OKRs"]["A1"] = "edited in Excel meanwhile"
        wb.save(path)
        data = path.read_bytes()
        with pytest.raises(SourceError, match="changed on disk"):
            backend.apply(WritePlan(str(path), [CellChange("OKRs", 2, 8, None, "x")]))
    assert path.read_bytes() == data


def test_a_symlinked_workbook_is_updated_through_the_link(tmp_path: Path) -> None:
    target = build_okrs(tmp_path / "okrs.xlsx")
    link = tmp_path / "link.xlsx"
    link.symlink_to(target)
    apply(link, [CellChange("OKRs", 2, 8, None, "via link")])
    assert link.is_symlink()
    assert openpyxl.load_workbook(target)["OKRs"]["H2"].value == "via link"


TITLES = ["R&D <Summary>", "Team's \"OKRs\"", "Résumé 2026"]


@pytest.mark.parametrize("title", TITLES, ids=[f"summary tab named {t!r}" for t in TITLES])
def test_summary_titles_with_markup_characters(tmp_path: Path, title: str) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    apply(path, [], SummaryTab(title, [["ok"]]))
    apply(path, [], SummaryTab(title, [["again"]]))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[-1] == title and wb[title]["A1"].value == "again"
    assert wb.sheetnames.count(title) == 1


BAD_TITLES = ["a/b", "x" * 32, "History", "'quoted'", ""]


@pytest.mark.parametrize("title", BAD_TITLES, ids=[f"{t!r} is refused as a tab name"
                                                   for t in BAD_TITLES])
def test_summary_titles_excel_refuses(tmp_path: Path, title: str) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    data = path.read_bytes()
    with pytest.raises(SourceError, match="cannot be a sheet name"):
        apply(path, [], SummaryTab(title, [["x"]]))
    assert path.read_bytes() == data


def test_writing_to_a_missing_sheet_is_an_error(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    data = path.read_bytes()
    with pytest.raises(SourceError, match="no sheet named 'Nope'"):
        apply(path, [CellChange("Nope", 1, 1, None, "x")])
    assert path.read_bytes() == data


# -- formulas, macros, odd XML -----------------------------------------------------------------

def test_overwriting_a_shared_formula_master_keeps_the_others(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    xml = sheet_xml(
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f>'
        '<v>2</v></c></row><row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/>'
        '<v>4</v></c></row><row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/>'
        "<v>6</v></c></row>")
    with_sheet1(path, xml)
    rezip(path, lambda n, d: d, {"xl/calcChain.xml": b'<calcChain xmlns="%s"><c r="B1" i="1"/>'
                                 b'<c r="B2"/><c r="B3"/></calcChain>' % MAIN.encode()})
    rezip(path, replace_in("xl/_rels/workbook.xml.rels", b"</Relationships>",
                           b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                           b'officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
                           b"</Relationships>"))
    apply(path, [CellChange("OKRs", 1, 2, 2, "overwritten")])
    ws = openpyxl.load_workbook(path)["OKRs"]
    assert [ws["B1"].value, ws["B2"].value, ws["B3"].value] == ["overwritten", "=A2*2", "=A3*2"]
    after = parts(path)
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in after["[Content_Types].xml"]
    assert b'fullCalcOnLoad="1"' in after["xl/workbook.xml"]
    with XlsxBackend(path) as backend:
        assert backend.read().sheets[0].rows == [[1, "overwritten"], [2, 4], [3, 6]]


def test_cells_without_r_and_prefixed_xml_are_patched_in_place(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    xml = (f'<?xml version="1.0"?><x:worksheet xmlns:x="{MAIN}"><x:dimension ref="A1:B2"/>'
           '<x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c>'
           "<x:c><x:v>1</x:v></x:c></x:row><!-- <x:row r=\"9\"/> -->"
           '<x:row r="2" spans="1:2"><x:c r="B2"><x:v>5</x:v></x:c></x:row></x:sheetData>'
           "</x:worksheet>").encode()
    with_sheet1(path, xml)
    apply(path, [CellChange("OKRs", 1, 4, None, "d1"), CellChange("OKRs", 2, 1, None, 9),
                 CellChange("OKRs", 2, 3, None, "c2"), CellChange("OKRs", 5, 1, None, "new")])
    ws = openpyxl.load_workbook(path)["OKRs"]
    assert [[c.value for c in r] for r in ws.iter_rows()] == [
        ["a", 1, None, "d1"], [9, 5, "c2", None], [None] * 4, [None] * 4,
        ["new", None, None, None]]
    data = parts(path)["xl/worksheets/sheet1.xml"]
    assert b'<x:dimension ref="A1:D5"/>' in data and b'<x:row r="2" spans="1:3">' in data
    assert b'<x:row r="1">' in data
    assert b"<!-- <x:row r=\"9\"/> -->" in data


def _make_xlsm(path: Path) -> bytes:
    build_okrs(path)
    vba = os.urandom(4096)
    macro = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    plain = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

    def edit(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return data.replace(plain, macro).replace(
                b"</Types>", b'<Default Extension="bin" ContentType="application/'
                b'vnd.ms-office.vbaProject"/></Types>')
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Id="rId90" Type="http://'
                                b'schemas.microsoft.com/office/2006/relationships/vbaProject" '
                                b'Target="vbaProject.bin"/></Relationships>')
        return data
    rezip(path, edit, {"xl/vbaProject.bin": vba})
    return vba


def test_xlsm_keeps_its_macros(tmp_path: Path) -> None:
    path = tmp_path / "okrs.xlsm"
    vba = _make_xlsm(path)
    apply(path, [CellChange("OKRs", 2, 8, None, "x")], SummaryTab("OKR Summary", [["a"]]))
    after = parts(path)
    assert after["xl/vbaProject.bin"] == vba
    assert b"macroEnabled.main+xml" in after["[Content_Types].xml"]
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert wb["OKRs"]["H2"].value == "x" and wb.vba_archive is not None


# -- locks -------------------------------------------------------------------------------------

def test_a_second_sync_waits_then_gives_up(tmp_path: Path) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    with XlsxBackend(path):
        assert lock_path(path).exists()
        started = time.monotonic()
        with pytest.raises(LockedError, match="another sheetsync run"):
            XlsxBackend(path, lock_timeout=0.3)
        assert time.monotonic() - started >= 0.3
    assert not lock_path(path).exists()
    with WorkbookLock(path, timeout=0.1) as lock:
        assert lock.held


def _owner_file(name: str) -> bytes:
    ansi = name.encode("cp1252")
    return (bytes([len(ansi)]) + ansi.ljust(53, b" ") + len(name).to_bytes(2, "little")
            + name.encode("utf-16-le")).ljust(165, b"\x20")


OWNER_CASES = [
    ("Excel's owner file names the user", "~$okrs.xlsx", _owner_file("Ann Smith"),
     "open in Excel by Ann Smith"),
    ("an unreadable Excel owner file still blocks", "~$okrs.xlsx", b"\xff" * 3,
     "open in Excel (owner unknown)"),
    ("LibreOffice's lock file names the user", ".~lock.okrs.xlsx#",
     b",bob,laptop,22.11.2026 10:00,file:///home/bob/.config/libreoffice/4;",
     "open in LibreOffice by bob"),
]


@pytest.mark.parametrize("case, name, content, says", OWNER_CASES,
                         ids=[c[0] for c in OWNER_CASES])
def test_open_in_an_office_app_blocks_writing_not_reading(tmp_path: Path, case: str, name: str,
                                                          content: bytes, says: str) -> None:
    path = build_okrs(tmp_path / "okrs.xlsx")
    (tmp_path / name).write_bytes(content)
    data = path.read_bytes()
    with XlsxBackend(path) as backend:
        assert backend.read().titles[0] == "OKRs"
        with pytest.raises(LockedError) as err:
            backend.apply(WritePlan(str(path), [CellChange("OKRs", 2, 8, None, "x")]))
    assert says in str(err.value) and "close it and try again" in str(err.value)
    assert path.read_bytes() == data


# -- size --------------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_big_sheet_gets_every_planned_cell(tmp_path: Path) -> None:
    """Speed against openpyxl is measured by benchmarks/bench_sync.py, never by a timed test."""
    path = tmp_path / "big.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("OKRs")
    ws.append(["ID", "Key Result", "Owner", "Baseline", "Target", "Current", "Due"])
    for i in range(6000):
        ws.append([f"KR{i}", f"Grow metric {i}", f"Owner {i % 17}", 0, 100 + i, i % 150,
                   dt.date(2026, 12, 31)])
    wb.save(path)
    with XlsxBackend(path) as backend:
        backend.read()
        backend.apply(WritePlan(str(path), [
            CellChange("OKRs", r, 8, None, "On track" if r % 2 else 0.5) for r in range(1, 6002)]))
    rows = list(openpyxl.load_workbook(path, read_only=True)["OKRs"].iter_rows(values_only=True))
    assert len(rows) == 6001 and rows[-1][7] == "On track" and rows[1][7] == 0.5
