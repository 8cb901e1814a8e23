"""Part of saving an xlsx: the new file keeps the old one's owner, group, mode and xattrs.

The workbook is replaced by a rename, so without this a root cron job would hand a user's
workbook to root, and tags, ACLs or quarantine flags kept as extended attributes would be lost.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path


def keep_file_attributes(old: Path, st: os.stat_result, new: str) -> None:
    """Give `new` (the temp file about to replace `old`) what `old` had: its owner (only root may
    give a file away; anyone may keep a group they belong to), its extended attributes (those
    this process may set: `security.*` needs privileges, some file systems keep none) and, last,
    its mode, since a change of owner clears the set-id bits and an ACL sets the group bits."""
    uid = st.st_uid if os.geteuid() == 0 else -1
    try:
        os.chown(new, uid, st.st_gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.chown(new, -1, st.st_gid)
    _copy_xattrs(old, new)
    os.chmod(new, stat.S_IMODE(st.st_mode))


def _copy_xattrs(old: Path, new: str) -> None:
    if not hasattr(os, "listxattr"):  # not on macOS or Windows builds of Python
        return
    try:
        names = os.listxattr(old)
    except OSError:
        return
    for name in names:
        with contextlib.suppress(OSError):
            os.setxattr(new, name, os.getxattr(old, name))
