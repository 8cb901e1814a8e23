"""Last step of an xlsx apply: the new zip in a temp file beside the workbook, then os.replace."""

from __future__ import annotations

import contextlib
import os
import stat
import zipfile
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING

from sheetsync.backends.xlsx.hardlinks import swap_in
from sheetsync.backends.xlsx.package import Package
from sheetsync.backends.xlsx.tempfile import (
    StopGuard,
    create_temp,
    remove_stale_temps,
    temp_names,
)
from sheetsync.backends.xlsx.zipcopy import copy_raw
from sheetsync.errors import SourceError

if TYPE_CHECKING:
    from sheetsync.backends.xlsx.write import PartChanges


def _writable(st: os.stat_result) -> bool:
    return bool(st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def check_writable(path: Path) -> None:
    """SourceError unless the workbook and its folder may be written (the read-only bit counts,
    even for a user who could override it)."""
    real = Path(os.path.realpath(path))
    try:
        st = real.stat()
    except FileNotFoundError:
        raise SourceError(f"{path}: vanished before it could be written; nothing was written") \
            from None
    if not _writable(st) or not os.access(real, os.W_OK):
        raise SourceError(f"{path}: is read-only; make it writable to sync")
    folder = real.parent
    if not _writable(folder.stat()) or not os.access(folder, os.W_OK | os.X_OK):
        raise SourceError(f"{path}: its folder {folder} is read-only; sheetsync writes the new "
                          "file beside the old one")


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    new = zipfile.ZipInfo(info.filename, info.date_time)
    new.compress_type = info.compress_type
    new.external_attr = info.external_attr
    new.create_system = info.create_system
    new.comment = info.comment
    return new


class _NewPackage(zipfile.ZipFile):
    """The zip being written. It is closed explicitly once complete; a write stopped half-way is
    thrown away, so garbage collection must not try to finish it (zipfile's own __del__ would,
    and print an error about the entry still open for writing)."""

    def __del__(self) -> None:
        pass


def write_zip(pkg: Package, parts: PartChanges, out: IO[bytes], *, raw: bool = True) -> None:
    """Entries in their original order and settings; contents byte-identical unless replaced.

    An untouched entry is copied still compressed (its packed bytes too stay identical); one
    that cannot be copied that way, or every one when `raw` is False, is unpacked and packed."""
    infos = pkg.zip.infolist()
    z = _NewPackage(out, "w", allowZip64=True)
    try:
        _write_entries(pkg, parts, z, infos, raw)
    except BaseException:
        # Stopped half-way (a stop signal, a full disk): the half-written file is thrown away,
        # so the ZipFile must not try to finish it, now or when it is garbage-collected, where
        # an entry still open for writing would print an error of its own.
        z.fp = None
        raise
    z.close()


def _write_entries(pkg: Package, parts: PartChanges, z: zipfile.ZipFile,
                   infos: list[zipfile.ZipInfo], raw: bool) -> None:
    for info in infos:
        if info.filename in parts.removed:
            continue
        data = parts.replaced.get(info.filename)
        if data is None:
            if raw and copy_raw(pkg.zip, info, z):
                continue
            data = pkg.read(info.filename)
        z.writestr(_copy_info(info), data)
    stamp = next((i.date_time for i in infos if i.filename == pkg.workbook_part),
                 (1980, 1, 1, 0, 0, 0))
    for name, data in parts.added.items():
        info = zipfile.ZipInfo(name, stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)
    z.comment = pkg.zip.comment


def save_atomically(pkg: Package, parts: PartChanges) -> None:
    """Write the new package to a temp file in the same folder, fsync it, then swap it in.

    At every instant the path holds either the old file or the complete new one; on any failure,
    and on SIGTERM or SIGINT while writing (Interrupted), the temp file is removed and the old
    file is left as it was. Temp files that killed runs left long ago are swept first."""
    path = pkg.path
    check_writable(path)
    real = Path(os.path.realpath(path))
    st = real.stat()
    remove_stale_temps(real)
    tmp: str | None = None
    with StopGuard(path) as guard:
        try:
            fd = -1
            for candidate in islice(temp_names(real), 100):
                # Named before it exists: a stop signal right after the create still finds it.
                tmp = candidate
                try:
                    fd = create_temp(candidate)
                    break
                except FileExistsError:
                    tmp = None
                except OSError as exc:
                    tmp = None
                    raise SourceError(f"{path}: cannot write beside it ({exc.strerror})") \
                        from None
            if fd < 0 or tmp is None:
                raise SourceError(f"{path}: cannot write beside it (no free temp file name)")
            with os.fdopen(fd, "wb") as f:
                write_zip(pkg, parts, f)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            with contextlib.suppress(OSError):
                os.chown(tmp, -1, st.st_gid)
            if not real.exists():
                raise SourceError(f"{path}: vanished while being written; nothing was written")
            guard.disarm()
            swap_in(tmp, real, st.st_nlink)  # several hard links: written in place
        except BaseException as exc:
            guard.disarm()
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            if guard.stopped is not None:
                raise guard.stopped from None
            if isinstance(exc, OSError):
                raise SourceError(f"{path}: could not be written ({exc.strerror or exc}); "
                                  "the file is unchanged") from None
            raise
        _fsync_dir(real.parent)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not every platform can open a folder.
    with contextlib.suppress(OSError):
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
