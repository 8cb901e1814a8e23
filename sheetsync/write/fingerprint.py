"""Sync fingerprint: the run key (as-of, config, version) and a workbook digest, kept on write."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass

from sheetsync import __version__
from sheetsync.config import Config
from sheetsync.grid import Book, CellError, CellValue

FINGERPRINT_SCHEMA = 3
"""Bump this whenever what a sync writes changes for the same input (a status column, the
summary or history tab's layout, a number format, a chart): a workbook synced by the old code
must take the full path once, or it would keep the old output until its input changed."""

DEFINED_NAME = "_sheetsync_fingerprint"
"""Where an .xlsx keeps the fingerprint: a hidden workbook-level defined name."""

_TEXT = re.compile(r"^(\d+):([0-9a-f]{64}):(\d+)$")


def run_key(config: Config, as_of: dt.date) -> str:
    """Everything about a run that is not in the workbook: the as-of, the config (its canonical
    dump, defaults included, so an edit that changes nothing gives the same key), sheetsync's
    version and FINGERPRINT_SCHEMA."""
    doc = {"schema": FINGERPRINT_SCHEMA, "version": __version__, "as_of": as_of.isoformat(),
           "config": config.model_dump(mode="json")}
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    """What a sync records with what it writes: the hash of its run key and of the workbook as
    it left it, and how many warnings that run reported (shown again when a later run stops
    early). A run that found errors records none, so its problems are listed every time."""

    digest: str
    warnings: int = 0

    def text(self) -> str:
        return f"{FINGERPRINT_SCHEMA}:{self.digest}:{self.warnings}"

    @classmethod
    def parse(cls, text: str | None) -> Fingerprint | None:
        """The recorded fingerprint, or None when absent, from another schema, or damaged."""
        m = _TEXT.match((text or "").strip())
        if m is None or int(m.group(1)) != FINGERPRINT_SCHEMA:
            return None
        return cls(m.group(2), int(m.group(3)))


def combine(key: str, content: str) -> str:
    """The digest of one run key over one workbook content digest."""
    return hashlib.sha256(f"{key}\n{content}".encode()).hexdigest()


@dataclass(frozen=True)
class PendingFingerprint:
    """Handed to a backend's apply(): the run key and the warnings count to record."""

    key: str
    warnings: int = 0

    def over(self, content: str) -> Fingerprint:
        return Fingerprint(combine(self.key, content), self.warnings)


def _cell_text(value: CellValue) -> str:
    """One value as the digest sees it: a number by its 12 significant digits (an int and the
    float it equals are one value, and so are -0.0 and 0), text as it is, a date by its ISO
    form."""
    if isinstance(value, bool):
        return "b1" if value else "b0"
    if isinstance(value, int | float):
        return "n" + format(float(value) + 0.0, ".12g")  # -0.0 reads back as 0
    if isinstance(value, CellError):
        return "e" + value.code
    if isinstance(value, dt.date):
        return "d" + value.isoformat()
    return "s" + str(value)


def book_digest(book: Book) -> str:
    """The digest of a Book's content as a backend reads it, for a backend that keeps no
    cheaper stamp of its own (Google Sheets): every tab in order (title, hidden, merges, chart
    titles, sheetsync's column record) with every non-blank cell and its place, and sheetsync's
    tab record. Blank cells, trailing or not, count for nothing."""
    h = hashlib.sha256()
    for grid in book.sheets:
        h.update(json.dumps([grid.title, grid.hidden, sorted(
            (m.min_row, m.min_col, m.max_row, m.max_col) for m in grid.merged),
            sorted(grid.charts), sorted(grid.owned_columns.items())]).encode())
        for r, row in enumerate(grid.rows, start=1):
            cells = "\x1f".join(f"{c}\x1e{_cell_text(v)}" for c, v in enumerate(row, start=1)
                                if v is not None)
            if cells:
                h.update(f"\x1d{r}\x1d{cells}".encode("utf-8", "surrogatepass"))
        h.update(b"\x1c")
    h.update(json.dumps(sorted(book.owned_tabs.items())).encode())
    return h.hexdigest()
