"""Untouched parts are copied still compressed: packed bytes identical, CRC and sizes kept, the
new package valid for zipfile and openpyxl, odd entries unpacked and packed as before."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from okr_workbooks import write_okrs

from sheetsync.backends.xlsx import save as xlsx_save
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.backends.xlsx.package import Package
from sheetsync.backends.xlsx.write import PartChanges
from sheetsync.backends.xlsx.zipcopy import compressed_span, copy_raw
from sheetsync.write.writeplan import CellChange, WritePlan

OKRS_PART = "xl/worksheets/sheet1.xml"
EXTRA_PART = "customXml/item1.xml"
EXTRA = b'<?xml version="1.0"?><data>' + b"".join(
    b"<v>%d</v>" % (i * 7919 % 10007) for i in range(20_000)) + b"</data>"


class _Unseekable(io.RawIOBase):
    """A stream zipfile cannot seek in, so it writes every entry with a data descriptor."""

    def __init__(self) -> None:
        self.buf = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]
        self.buf += b
        return len(b)


def _rezip(path: Path, how: str) -> None:
    """Rewrite the package with its entries stored the way `how` names, plus one extra part."""
    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    parts.append((EXTRA_PART, EXTRA))
    if how == "data descriptors":
        sink = _Unseekable()
        with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts:
                z.writestr(name, data)
        path.write_bytes(bytes(sink.buf))
        return
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if how == "zip64 local headers":
                with z.open(name, "w", force_zip64=True) as f:
                    f.write(data)
            elif how == "stored, not deflated":
                z.writestr(name, data, compress_type=zipfile.ZIP_STORED)
            else:
                z.writestr(name, data, compresslevel=1 if how == "deflated at level 1" else 9)


def _packed(path: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every entry's CRC, size and compressed bytes as they sit in the file."""
    out = {}
    with zipfile.ZipFile(path) as z, path.open("rb") as f:
        for info in z.infolist():
            span = compressed_span(f, info)
            assert span is not None, info.filename
            f.seek(span[0])
            out[info.filename] = (info.CRC, info.file_size, f.read(span[1]))
    return out


def _sync(path: Path) -> None:
    with XlsxBackend(path) as backend:
        backend.read()
        backend.apply(WritePlan(str(path), [CellChange("OKRs", 2, 9, None, "On track")]))


LAYOUTS = ["deflated at level 1", "deflated at level 9", "stored, not deflated",
           "data descriptors", "zip64 local headers"]


@pytest.mark.parametrize("how", LAYOUTS,
                         ids=[f"entries {h} are copied with their packed bytes" for h in LAYOUTS])
def test_untouched_parts_keep_their_packed_bytes(tmp_path: Path, how: str) -> None:
    path = write_okrs(tmp_path / "okrs.xlsx")
    _rezip(path, how)
    before = _packed(path)
    _sync(path)
    after = _packed(path)
    assert set(after) == set(before)
    changed = {name for name in before if after[name] != before[name]}
    assert OKRS_PART in changed
    assert changed <= {OKRS_PART, "xl/styles.xml"}
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        assert z.read(EXTRA_PART) == EXTRA
        # A copied entry no longer needs its data descriptor: the local header holds CRC and size.
        assert not any(i.flag_bits & 0x08 for i in z.infolist() if i.filename not in changed)
    assert openpyxl.load_workbook(path)["OKRs"]["I2"].value == "On track"


def test_raw_copy_and_repacking_give_the_same_parts(tmp_path: Path) -> None:
    path = write_okrs(tmp_path / "okrs.xlsx")
    _rezip(path, "data descriptors")
    outs = {}
    for raw in (True, False):
        pkg = Package(path)
        buf = io.BytesIO()
        xlsx_save.write_zip(pkg, PartChanges({OKRS_PART: b"<replaced/>"}, {}, set()), buf,
                            raw=raw)
        pkg.close()
        with zipfile.ZipFile(buf) as z:
            assert z.testzip() is None
            outs[raw] = [(i.filename, i.date_time, i.CRC, i.file_size, z.read(i))
                         for i in z.infolist()]
    assert outs[True] == outs[False]
    assert (OKRS_PART, b"<replaced/>") in [(o[0], o[4]) for o in outs[True]]


def _rename_in_local_header(path: Path, info: zipfile.ZipInfo) -> None:
    data = bytearray(path.read_bytes())
    at = info.header_offset + 30
    assert data[at:at + len(info.filename)] == info.filename.encode()
    data[at] = ord("X")
    path.write_bytes(bytes(data))


def _encrypted_flag(path: Path, info: zipfile.ZipInfo) -> None:
    info.flag_bits |= 0x01


def _runs_past_the_end(path: Path, info: zipfile.ZipInfo) -> None:
    info.compress_size = path.stat().st_size


def _other_crc(path: Path, info: zipfile.ZipInfo) -> None:
    info.CRC ^= 1


ODD: list[tuple[str, Callable[[Path, zipfile.ZipInfo], None], bool]] = [
    ("a local header naming another file", _rename_in_local_header, True),
    ("an encrypted entry", _encrypted_flag, False),
    ("compressed data running past the end of the file", _runs_past_the_end, False),
    ("a central directory CRC the local header disagrees with", _other_crc, False),
]


@pytest.mark.parametrize("case, spoil, on_disk", ODD,
                         ids=[f"{c[0]} is not copied raw" for c in ODD])
def test_odd_entries_are_left_to_the_repacking_path(
        tmp_path: Path, case: str, spoil: Callable[[Path, zipfile.ZipInfo], None],
        on_disk: bool) -> None:
    path = write_okrs(tmp_path / "okrs.xlsx")
    name = "docProps/app.xml"
    if on_disk:
        with zipfile.ZipFile(path) as z:
            spoil(path, z.getinfo(name))
    with zipfile.ZipFile(path) as src:
        info = src.getinfo(name)
        if not on_disk:
            spoil(path, info)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as dest:
            assert copy_raw(src, info, dest) is False
            assert dest.infolist() == [] and buf.tell() == 0
