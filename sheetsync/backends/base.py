"""The small interface every backend implements: read the workbook, apply a plan."""

from __future__ import annotations

from abc import ABC, abstractmethod

from sheetsync.grid import Book
from sheetsync.write.fingerprint import Fingerprint, PendingFingerprint
from sheetsync.write.writeplan import WritePlan


class Backend(ABC):
    """One open workbook or spreadsheet."""

    name: str
    """How the source is named in messages: a file path or a spreadsheet id."""
    writable: bool = True
    """False for sources that are only read (CSV): a multi-source run does not plan writes."""
    pending_fingerprint: PendingFingerprint | None = None
    """Set by the pipeline before apply(): the fingerprint to record with what is written
    (docs/benchmarks.md, The no-op sync); None takes an old one out."""
    fingerprint_needs_read: bool = False
    """True when last_sync() has to read the workbook's cells to check the fingerprint (Google
    Sheets: it then saves the parse, not the read); False when it checks a cheaper stamp."""
    book_is_a_copy: bool = False
    """True when the Book read() returns is the caller's alone (the backend never looks at it
    again: apply() works from the file): a sync may then let its rows go (pipeline.release_rows).
    False for a backend that compares it with the source before writing."""

    @property
    def book_name(self) -> str:
        """The name read() gives the Book (a plan's source): the file name, the id."""
        return self.name

    def last_sync(self, key: str) -> Fingerprint | None:
        """The fingerprint the last sync recorded, when it still matches this run key and the
        workbook as it is now; then nothing needs reading. None: read as usual."""
        return None

    @abstractmethod
    def read(self) -> Book:
        """Every sheet's values (formulas as their cached values), merged ranges and titles."""

    @abstractmethod
    def apply(self, plan: WritePlan) -> None:
        """Write the plan all at once, or raise a SourceError having written nothing.

        An empty plan writes nothing at all (no file rewrite, no API call)."""

    def changed_since_read(self) -> Book | None:
        """The workbook as it is now when people changed it since the last read(), else None.

        Called right before apply(), so that a plan made from a stale read is made again from
        what is there (SPEC §7: every written cell belongs to its KR). Backends that nobody else
        edits keep this default."""
        return None

    def close(self) -> None:  # noqa: B027 - an optional hook, not abstract
        """Release locks and connections; safe to call twice."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
