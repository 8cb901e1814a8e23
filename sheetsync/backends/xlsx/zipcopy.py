"""Part of saving an xlsx: copy an untouched zip entry's compressed bytes into the new package.

Re-deflating a part nobody changed costs seconds on a big one (an embedded video, a large pivot
cache) and can change its packed bytes. The entry is instead copied as stored: a fresh local header
carrying the same CRC, sizes, method, date and flags, then the compressed data byte for byte.
Entries this cannot vouch for (encrypted, a local header that disagrees with the central
directory, data running past the end of the file) return False so the caller falls back to
unpacking and packing them again."""

from __future__ import annotations

import struct
import zipfile
from typing import IO

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_ENCRYPTED = 0x01
_DATA_DESCRIPTOR = 0x08
_STRONG_ENCRYPTION = 0x40
_ZIP64_EXTRA = 0x0001
_SIZE_IN_ZIP64 = 0xFFFFFFFF
_CHUNK = 1 << 20


def compressed_span(fp: IO[bytes], info: zipfile.ZipInfo) -> tuple[int, int] | None:
    """Where an entry's compressed data starts in the zip file and how long it is; None when its
    local header is missing, names another file, or disagrees on sizes or CRC."""
    fp.seek(info.header_offset)
    head = fp.read(_LOCAL_HEADER.size)
    if len(head) != _LOCAL_HEADER.size:
        return None
    (sig, _v, _os, flags, method, _t, _d, crc, csize, usize,
     name_len, extra_len) = _LOCAL_HEADER.unpack(head)
    if sig != _LOCAL_SIGNATURE or method != info.compress_type:
        return None
    name = fp.read(name_len)
    expected = info.orig_filename.encode("utf-8" if flags & 0x800 else "cp437", "replace")
    if name != expected:
        return None
    # With a data descriptor the local header holds zeros; in zip64 it holds 0xFFFFFFFF markers.
    if not flags & _DATA_DESCRIPTOR:
        if crc != info.CRC:
            return None
        if csize != _SIZE_IN_ZIP64 and (csize, usize) != (info.compress_size, info.file_size):
            return None
    start = info.header_offset + _LOCAL_HEADER.size + name_len + extra_len
    end = fp.seek(0, 2)
    if start + info.compress_size > end:
        return None
    return start, info.compress_size


def _strip_zip64(extra: bytes) -> bytes:
    """The extra field without its zip64 record: zipfile writes a fresh one when sizes need it."""
    out, pos = bytearray(), 0
    while pos + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, pos)
        if kind != _ZIP64_EXTRA:
            out += extra[pos:pos + 4 + size]
        pos += 4 + size
    return bytes(out)


def copy_raw(src: zipfile.ZipFile, info: zipfile.ZipInfo, dest: zipfile.ZipFile) -> bool:
    """Append `info` of `src` to `dest` without decompressing it; False (nothing written) when
    the entry is one to unpack and repack instead."""
    if info.flag_bits & (_ENCRYPTED | _STRONG_ENCRYPTION) or src.fp is None or dest.fp is None:
        return False
    span = compressed_span(src.fp, info)
    if span is None:
        return False
    start, size = span
    new = zipfile.ZipInfo(info.filename, info.date_time)
    new.compress_type = info.compress_type
    new.external_attr = info.external_attr
    new.internal_attr = info.internal_attr
    new.create_system = info.create_system
    new.comment = info.comment
    new.extra = _strip_zip64(info.extra)
    # The descriptor is dropped: the new local header carries CRC and sizes itself.
    new.flag_bits = info.flag_bits & ~_DATA_DESCRIPTOR
    new.CRC = info.CRC
    new.compress_size = size
    new.file_size = info.file_size
    zip64 = size > zipfile.ZIP64_LIMIT or info.file_size > zipfile.ZIP64_LIMIT
    # zipfile's own writers do these same steps (ZipFile._open_to_write and
    # _ZipWriteFile.close); there is no public call that writes pre-compressed data.
    with dest._lock:  # type: ignore[attr-defined]
        if dest._writing:  # type: ignore[attr-defined]
            raise ValueError("another entry of the new package is still being written")
        dest.fp.seek(dest.start_dir)
        new.header_offset = dest.fp.tell()
        dest._writecheck(new)  # type: ignore[attr-defined]
        dest._didModify = True  # type: ignore[attr-defined]
        dest.fp.write(new.FileHeader(zip64))
        src.fp.seek(start)
        _copy_exactly(src.fp, dest.fp, size)
        dest.start_dir = dest.fp.tell()
        dest.filelist.append(new)
        dest.NameToInfo[new.filename] = new
    return True


def _copy_exactly(src: IO[bytes], dest: IO[bytes], size: int) -> None:
    left = size
    while left:
        block = src.read(min(left, _CHUNK))
        if not block:
            raise OSError("the workbook ended inside one of its parts")
        dest.write(block)
        left -= len(block)
