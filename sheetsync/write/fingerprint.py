"""Sync fingerprint: the run key (as-of, config, version) and a workbook digest, kept on write."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sheetsync import __version__
from sheetsync.config import Config
from sheetsync.grid import Book, CellError

FINGERPRINT_SCHEMA = 1
"""Bump this whenever what a sync writes changes for the same input (a status column, the
summary or history tab's layout, a number format, a chart): a workbook synced by the old code
must take the full path once, or it would keep the old output until its input changed."""

DEFINED_NAME = "_sheetsync_fingerprint"
"""Where an .xlsx keeps the fingerprint: a hidden workbook-level defined name."""
METADATA_KEY = "sheetsync.fingerprint"
"""Where a Google spreadsheet keeps it: spreadsheet-level developer metadata."""

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


def matches(recorded: Fingerprint | None, key: str, content: str) -> bool:
    return recorded is not None and recorded.digest == combine(key, content)


def _cell_token(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, CellError):
        return "e" + value.code
    if isinstance(value, bool):
        return "b1" if value else "b0"
    if isinstance(value, (int, float)):
        return "n" + repr(float(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return "d" + value.isoformat()
    return "s" + str(value)


def book_digest(book: Book, *, leave_out: Iterable[str] = ()) -> str:
    """A digest of every cell value of every tab (titles, order, hidden state, merges and chart
    titles too), for backends that read values rather than bytes. Tabs in `leave_out` (the
    fingerprint's own place, if it is a tab) are not part of it."""
    skip = set(leave_out)
    h = hashlib.sha256()
    for grid in book.sheets:
        if grid.title in skip:
            continue
        h.update(json.dumps(["tab", grid.title, grid.hidden, list(grid.charts),
                             [(m.min_row, m.min_col, m.max_row, m.max_col)
                              for m in grid.merged]]).encode())
        for r, row in enumerate(grid.rows, 1):
            cells = [(c, _cell_token(v)) for c, v in enumerate(row, 1)
                     if v is not None and v != ""]
            if cells:
                h.update(json.dumps([r, cells], ensure_ascii=False).encode())
    return h.hexdigest()
