"""Last step of an xlsx save for a workbook with several hard links: the new bytes go into the
same file, so every name of it sees them (an atomic rename would give only one name the new
workbook and leave the others on the old one, splitting their score history)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def swap_in(tmp: str, real: Path, links: int) -> None:
    """Put the finished temp file TMP in place of REAL: renamed over it (atomic) when REAL has
    one name, copied into it (same inode, every hard link updated) when it has LINKS > 1."""
    if links <= 1:
        os.replace(tmp, real)
        return
    with open(tmp, "rb") as src, open(real, "r+b") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
        dst.truncate()
        dst.flush()
        os.fsync(dst.fileno())
    os.unlink(tmp)
