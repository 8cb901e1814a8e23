"""A synced workbook keeps its owner, group, mode and extended attributes: the new file that
replaces it gets them (a root cron job must not hand a user's workbook to root)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
from pathlib import Path

import pytest

from sheetsync import pipeline
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.config import load_config

ROOT = Path(__file__).resolve().parents[3]
AS_OF = dt.date(2026, 11, 15)


def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "okrs.xlsx"
    shutil.copy(ROOT / "templates" / "flat.xlsx", path)
    return path


def sync(path: Path) -> None:
    result = pipeline.run(XlsxBackend(path), load_config(ROOT / "templates" / "flat.toml"),
                          AS_OF, until="apply")
    assert result.applied


def set_xattr(path: Path, name: str, value: bytes) -> None:
    try:
        os.setxattr(path, name, value)
    except (OSError, AttributeError) as e:
        pytest.skip(f"this file system keeps no extended attributes here ({e})")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="giving a file to another user needs root")
@pytest.mark.parametrize(("uid", "gid", "mode"), [
    (12345, 23456, 0o640), (0, 0, 0o600), (4242, 0, 0o664)],
    ids=["a user's workbook synced by root stays the user's",
         "root's own private workbook stays private",
         "a group-writable workbook stays group-writable"])
def test_owner_group_and_mode_survive_the_replace(tmp_path: Path, uid: int, gid: int,
                                                  mode: int) -> None:
    path = workbook(tmp_path)
    os.chown(path, uid, gid)
    os.chmod(path, mode)
    inode = path.stat().st_ino
    sync(path)
    st = path.stat()
    assert st.st_ino != inode, "the workbook was replaced, not written in place"
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (uid, gid, mode)


def test_extended_attributes_survive_the_replace(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    set_xattr(path, "user.sheetsync.test", b"kept")
    set_xattr(path, "user.xdg.tags", b"okr,q4")
    inode = path.stat().st_ino
    sync(path)
    assert path.stat().st_ino != inode
    assert os.getxattr(path, "user.sheetsync.test") == b"kept"
    assert os.getxattr(path, "user.xdg.tags") == b"okr,q4"


def test_a_workbook_reached_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    link = tmp_path / "current.xlsx"
    link.symlink_to(path)
    os.chmod(path, 0o640)
    sync(link)
    assert link.is_symlink() and link.resolve() == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
