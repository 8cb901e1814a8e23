"""Hostile and broken workbooks through the real CLI: one `error:` line naming the file, exit 1 or
2, no traceback, and the file byte for byte as it was."""

from __future__ import annotations

import base64
import io
import json
import os
import random
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from okr_workbooks import AS_OF, one_error_line, sheetsync, sheetsync_together, write_okrs

# -- building hostile files --------------------------------------------------------------------


def okr_bytes(tmp: Path) -> bytes:
    return write_okrs(tmp / "source.xlsx").read_bytes()


def rezip(data: bytes, edit: Callable[[str, bytes], bytes]) -> bytes:
    """The package with each part passed through edit(name, bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, edit(info.filename, src.read(info)))
    return buf.getvalue()


def in_part(part: str, old: bytes, new: bytes) -> Callable[[Path], bytes]:
    """A builder: the OKR workbook with `old` replaced by `new` (once) in one part."""
    def build(tmp: Path) -> bytes:
        def edit(name: str, data: bytes) -> bytes:
            if name != part:
                return data
            assert old in data, f"{old!r} not in {part}"
            return data.replace(old, new, 1)
        return rezip(okr_bytes(tmp), edit)
    return build


SHEET, STRINGS, WORKBOOK = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"

# Billion laughs: ten levels of ten references, 10^9 "lol"s from a few hundred bytes.
LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10)
                     for i in range(1, 10))
          + b"]>")
XXE = b'<!DOCTYPE w [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
LONG_COMMENT = b"<!-- <padding " + b"x" * 70_000 + b" -->"


def entity_bomb(part: str, root: bytes, use: tuple[bytes, bytes], dtd: bytes = LAUGHS,
                before: bytes = b"") -> Callable[[Path], bytes]:
    """A DTD put in front of a part's root element, and an entity used inside it."""
    def build(tmp: Path) -> bytes:
        def edit(name: str, data: bytes) -> bytes:
            if name != part:
                return data
            at = data.index(root)
            data = data[:at] + before + dtd + data[at:]
            return data.replace(use[0], use[1], 1)
        return rezip(okr_bytes(tmp), edit)
    return build


def zip_bomb(tmp: Path) -> bytes:
    """A few hundred KB of zip whose first sheet unpacks to 200 MB (whitespace packs ~1000:1)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(okr_bytes(tmp))) as src, \
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != SHEET:
                out.writestr(info, data)
                continue
            head, _, tail = data.partition(b"<sheetData>")
            with out.open(info, "w", force_zip64=True) as part:
                part.write(head + b"<sheetData>")
                blank = b" " * (1 << 20)
                for _ in range(200):
                    part.write(blank)
                part.write(tail)
    assert buf.tell() < 1 << 20
    return buf.getvalue()


_END, _FREE, _FATSECT, _NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
_CUTOFF = 4096


def cfb(streams: dict[str, bytes]) -> bytes:
    """A compound file (version 3, 512-byte sectors), the container Office uses for an
    encrypted workbook and for an .xls: the FAT in sector 0, the directory in sector 1, then each
    stream's sectors. Streams are padded to the 4096-byte cutoff so none goes in the mini stream
    (a layout the format allows; olefile reads it without a defect)."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # the directory's sort order
    sectors: list[bytes] = []
    fat = [_FATSECT, _END]
    entries = [_dir_entry("Root Entry", 5, 0, _NONE, 1 if names else _NONE, _END, 0)]
    for i, name in enumerate(names, start=1):
        body = streams[name].ljust(_CUTOFF, b"\0")
        count = -(-len(body) // 512)
        first = 2 + len(sectors)
        fat += [*range(first + 1, first + count), _END]
        sectors += [body[k * 512:(k + 1) * 512].ljust(512, b"\0") for k in range(count)]
        # Siblings chained to the right: the first black, the next red (a valid red-black tree
        # for the two streams used here).
        right = i + 1 if i < len(names) else _NONE
        entries.append(_dir_entry(name, 2, 1 if i == 1 else 0, right, _NONE, first, len(body)))
    assert len(fat) <= 128 and len(entries) <= 4, "one FAT sector and one directory sector"
    entries += [_dir_entry("", 0, 0, _NONE, _NONE, 0, 0)] * (4 - len(entries))
    header = (bytes.fromhex("d0cf11e0a1b11ae1") + bytes(16)
              + struct.pack("<5H6x9I", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, _CUTOFF, _END, 0,
                            _END, 0)
              + struct.pack("<109I", 0, *[_FREE] * 108))
    fat_sector = struct.pack("<128I", *fat, *[_FREE] * (128 - len(fat)))
    return header + fat_sector + b"".join(entries) + b"".join(sectors)


def _dir_entry(name: str, kind: int, colour: int, right: int, child: int, start: int,
               size: int) -> bytes:
    raw = (name + "\0").encode("utf-16-le") if name else b""
    return (raw.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(raw), kind, colour, _NONE, right, child)
            + bytes(36) + struct.pack("<IQ", start, size))


def encrypted(_: Path) -> bytes:
    """What Excel writes for a workbook with a password: the zip, encrypted, in a CFB stream."""
    rng = random.Random(7)
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    package = struct.pack("<Q", 9000) + rng.randbytes(9008)
    return cfb({"EncryptionInfo": info, "EncryptedPackage": package})


def old_xls(_: Path) -> bytes:
    rng = random.Random(8)
    return cfb({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00" + rng.randbytes(5000),
                "\x05SummaryInformation": rng.randbytes(200)})


# -- files no command can read -----------------------------------------------------------------

UNREADABLE: list[tuple[str, str, Callable[[Path], bytes], str]] = [
    ("a CSV renamed to .xlsx is not a zip", "okrs.xlsx",
     lambda t: b"Objective,Key Result\nGrow,ARR to 2M\n", "not an .xlsx workbook"),
    ("random bytes are not a zip", "okrs.xlsx",
     lambda t: random.Random(3).randbytes(4096), "not an .xlsx workbook"),
    ("an empty file", "okrs.xlsx", lambda t: b"", "is empty"),
    ("a workbook cut in half", "okrs.xlsx",
     lambda t: (d := okr_bytes(t))[: len(d) // 2], "damaged or truncated"),
    ("a workbook missing its last byte", "okrs.xlsx",
     lambda t: okr_bytes(t)[:-1], "damaged or truncated"),
    ("a zip bomb whose sheet unpacks to 200 MB", "okrs.xlsx", zip_bomb, "zip bomb"),
    ("an entity bomb in a sheet", "okrs.xlsx",
     entity_bomb(SHEET, b"<worksheet", (b"<t>Key Result</t>", b"<t>&lol9;</t>")),
     "refused: the XML declares a DTD or entities"),
    ("an entity bomb in the shared strings", "okrs.xlsx",
     entity_bomb(STRINGS, b"<sst", (b"<t>Key Result</t>", b"<t>&lol9;</t>")),
     "refused: the XML declares a DTD or entities"),
    ("an entity bomb in the workbook part", "okrs.xlsx",
     entity_bomb(WORKBOOK, b"<workbook", (b'name="OKRs"', b'name="&lol9;"')),
     "refused: the XML declares a DTD or entities"),
    ("an entity bomb hidden behind a 70 KB comment", "okrs.xlsx",
     entity_bomb(STRINGS, b"<sst", (b"<t>Key Result</t>", b"<t>&lol9;</t>"),
                 before=LONG_COMMENT), "damaged XML"),
    ("an external entity hidden behind a 70 KB comment", "okrs.xlsx",
     entity_bomb(SHEET, b"<worksheet", (b"<t>Key Result</t>", b"<t>&secret;</t>"), XXE,
                 before=LONG_COMMENT), "damaged XML"),
    ("an external entity in the shared strings", "okrs.xlsx",
     entity_bomb(STRINGS, b"<sst", (b"<t>Owner 0</t>", b"<t>&secret;</t>"), XXE),
     "refused: the XML declares a DTD or entities"),
    ("an old .xls workbook", "okrs.xls", old_xls, "save it as .xlsx"),
    ("an old .xls workbook renamed to .xlsx", "okrs.xlsx", old_xls,
     "is an old Excel 97-2003 (.xls) file"),
    ("a password-protected workbook", "okrs.xlsx", encrypted, "is password-protected"),
    ("a row numbered 0", "okrs.xlsx", in_part(SHEET, b'<row r="2"', b'<row r="0"'),
     "damaged sheet (row number '0'"),
    ("a row numbered two billion", "okrs.xlsx",
     in_part(SHEET, b'<row r="2"', b'<row r="2000000000"'), "damaged sheet (row number"),
    ("a row number that is not a number", "okrs.xlsx",
     in_part(SHEET, b'<row r="2"', b'<row r="two"'), "damaged sheet (row number 'two'"),
    ("a cell reference without a column", "okrs.xlsx",
     in_part(SHEET, b'r="A2"', b'r="2"'), "damaged sheet (a cell reference"),
    ("a cell reference past column XFD", "okrs.xlsx",
     in_part(SHEET, b'r="A2"', b'r="ZZZZZZ2"'), "damaged sheet (a cell reference"),
]


def assert_refused(path: Path, before: bytes | None, run_stderr: str, says: str) -> str:
    line = one_error_line(run_stderr)
    assert str(path) in line and says in line, line
    if before is not None:
        assert path.read_bytes() == before, "the file was changed"
    return line


@pytest.mark.parametrize("case, name, make, says", UNREADABLE, ids=[c[0] for c in UNREADABLE])
def test_an_unreadable_file_gets_one_line_and_stays_as_it_was(
        tmp_path: Path, case: str, name: str, make: Callable[[Path], bytes], says: str) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / name
    data = make(tmp_path)
    path.write_bytes(data)
    # check and sync at once: each must fail alone, and neither may disturb the other.
    for r in sheetsync_together(("check", str(path), "--as-of", AS_OF),
                                ("sync", str(path), "--as-of", AS_OF)):
        assert r.returncode in (1, 2), (r.args, r.returncode, r.stderr)
        assert r.stdout == ""
        assert_refused(path, data, r.stderr, says)
    assert sorted(p.name for p in folder.iterdir()) == [name], "a lock or temp file was left"


@pytest.mark.parametrize("flag", ["--quiet", "--log-format=json"])
def test_cron_output_modes_still_give_one_error_line(tmp_path: Path, flag: str) -> None:
    path = tmp_path / "okrs.xlsx"
    data = b"PK\x03\x04" + random.Random(4).randbytes(2000)
    path.write_bytes(data)
    r = sheetsync(flag, "sync", str(path), "--as-of", AS_OF)
    assert r.returncode == 1 and r.stdout == "" and "Traceback" not in r.stderr
    [line] = r.stderr.splitlines()
    if flag == "--quiet":
        assert line.startswith("error: ") and str(path) in line
    else:
        record = json.loads(line)
        assert record["level"] == "error" and str(path) in record["message"]
        assert "damaged or truncated" in record["message"]
    assert path.read_bytes() == data


# -- files that read, but must not be written --------------------------------------------------

def test_a_damaged_column_style_blocks_the_write_not_the_check(tmp_path: Path) -> None:
    path = tmp_path / "okrs.xlsx"
    data = in_part(SHEET, b"<sheetData>",
                   b'<cols><col min="1" max="3" style="x" width="9"/></cols><sheetData>')(tmp_path)
    path.write_bytes(data)
    assert sheetsync("check", str(path), "--as-of", AS_OF).returncode == 0
    r = sheetsync("sync", str(path), "--as-of", AS_OF)
    assert r.returncode == 1
    assert_refused(path, data, r.stderr, "a part of it is damaged")
    assert "nothing was written" in r.stderr


def test_a_read_only_file_is_checked_but_not_synced(tmp_path: Path) -> None:
    path = write_okrs(tmp_path / "okrs.xlsx")
    path.chmod(0o444)
    data, mtime = path.read_bytes(), path.stat().st_mtime_ns
    check = sheetsync("check", str(path), "--as-of", AS_OF)
    assert check.returncode == 0, check.stderr
    r = sheetsync("sync", str(path), "--as-of", AS_OF)
    assert r.returncode == 1
    assert_refused(path, data, r.stderr, "is read-only; make it writable to sync")
    assert path.stat().st_mtime_ns == mtime
    assert oct(path.stat().st_mode & 0o777) == oct(0o444)
    assert [p.name for p in tmp_path.iterdir()] == ["okrs.xlsx"]


def test_a_read_only_folder_is_checked_but_not_synced(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = write_okrs(folder / "okrs.xlsx")
    data = path.read_bytes()
    folder.chmod(0o555)
    try:
        assert sheetsync("check", str(path), "--as-of", AS_OF).returncode == 0
        r = sheetsync("sync", str(path), "--as-of", AS_OF)
    finally:
        folder.chmod(0o755)
    assert r.returncode == 1
    assert_refused(path, data, r.stderr, f"its folder {folder} is read-only")
    assert [p.name for p in folder.iterdir()] == ["okrs.xlsx"]


# Run before the CLI in the child process: between reading and writing, the workbook is deleted
# (or saved by someone else at every look), as a user or another program might do while a sync
# runs. A workbook saved once meanwhile is read and planned again (test_owned_names.py).
MID_RUN = """
import os, sys
from sheetsync import pipeline
_build_plan = pipeline.build_plan
_saves = [0]
def build_plan(*args, **kwargs):
    path = os.environ["SHEETSYNC_TEST_PATH"]
    if os.environ["SHEETSYNC_TEST_ACTION"] == "delete":
        os.unlink(path)
    else:
        _saves[0] += 1
        os.utime(path, ns=(10**18 + _saves[0], 10**18 + _saves[0]))
    return _build_plan(*args, **kwargs)
pipeline.build_plan = build_plan
"""

MID_RUN_CASES = [
    ("a workbook deleted between reading and writing", "delete",
     "vanished before it could be written; nothing was written"),
    ("a workbook saved elsewhere again at every look before writing", "touch",
     "changed again and again while sheetsync was writing; nothing was written"),
]


@pytest.mark.parametrize("case, action, says", MID_RUN_CASES, ids=[c[0] for c in MID_RUN_CASES])
def test_a_workbook_that_changes_mid_run_is_not_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, action: str,
        says: str) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    path = write_okrs(folder / "okrs.xlsx")
    data = path.read_bytes()
    monkeypatch.setenv("SHEETSYNC_TEST_PATH", str(path))
    monkeypatch.setenv("SHEETSYNC_TEST_ACTION", action)
    r = sheetsync("sync", str(path), "--as-of", AS_OF, prelude=MID_RUN)
    assert r.returncode == 1
    assert r.stdout == ""
    assert_refused(path, data if action == "touch" else None, r.stderr, says)
    left = sorted(p.name for p in folder.iterdir())
    assert left == ([] if action == "delete" else ["okrs.xlsx"]), left


# -- a big workbook ----------------------------------------------------------------------------

def hundred_mb_workbook(path: Path) -> bytes:
    """The OKR workbook plus 100 MB of shared strings (random text, stored unpacked so it is
    cheap to make): a big workbook whose size is not in the sheets sheetsync writes. Returns
    the big part's bytes."""
    write_okrs(path)
    noise = base64.b64encode(random.Random(9).randbytes(75 << 20))
    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename == STRINGS:
                head, _, _ = data.partition(b"</sst>")
                data = head + b"".join(b"<si><t>%s</t></si>" % noise[k:k + 500]
                                       for k in range(0, len(noise), 500)) + b"</sst>"
                info.compress_type = zipfile.ZIP_STORED
                strings = data
            z.writestr(info, data)
    assert path.stat().st_size > 100_000_000
    return strings


def test_a_100_mb_workbook_is_checked_and_synced(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    strings = hundred_mb_workbook(path)
    check = sheetsync("check", str(path), "--as-of", AS_OF)
    assert check.returncode == 0, check.stderr
    assert "12 key results" in check.stdout
    r = sheetsync("sync", str(path), "--as-of", AS_OF)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and 'OKRs!I1: (blank) → "Progress"' in r.stdout
    with zipfile.ZipFile(path) as z:
        assert z.read(STRINGS) == strings
        assert z.testzip() is None
    again = sheetsync("sync", str(path), "--as-of", AS_OF)
    assert again.returncode == 0 and "up to date, nothing to write" in again.stdout
    assert os.path.getsize(path) > 100_000_000
