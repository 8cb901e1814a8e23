"""The Google Sheets backend: a sync is one read (metadata and values together), one batched write.

gspread, google-auth and requests are imported only when a GSheetsBackend is made, so choosing a
backend (spreadsheet_id) and using the xlsx backend never pay for them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sheetsync.backends.base import Backend
from sheetsync.backends.google.codec import (
    METADATA_FIELDS,
    READ_OPTIONS,
    SheetMeta,
    as_read,
    grid_from_api,
    same_cell,
    sheet_metas,
)
from sheetsync.backends.google.fingerprint import fingerprint_requests, recorded
from sheetsync.backends.google.ownership import claim_requests, owned_columns, owned_tabs
from sheetsync.config import GoogleConfig
from sheetsync.errors import AuthError, RemoteError, SourceError
from sheetsync.grid import Book, CellValue
from sheetsync.write.fingerprint import Fingerprint, book_digest, combine
from sheetsync.write.writeplan import CellChange, SummaryTab, WritePlan

if TYPE_CHECKING:
    from sheetsync.backends.google.auth import CredentialsFile
    from sheetsync.backends.google.http import SheetsHTTPClient
    from sheetsync.backends.google.ratelimit import RateLimiter
    from sheetsync.backends.google.retry import RetryPolicy

T = TypeVar("T")

_URL = re.compile(r"^https?://docs\.google\.com/spreadsheets/(?:u/\d+/)?d/([A-Za-z0-9_-]+)")
_ID = re.compile(r"^[A-Za-z0-9_-]{25,}$")


def spreadsheet_id(source: str) -> str | None:
    """The spreadsheet id in a Google Sheets URL, or a bare id; None for anything else."""
    text = source.strip()
    m = _URL.match(text)
    if m:
        # /d/e/2PACX-... is a published-to-web copy, which the API cannot open.
        return None if m.group(1) == "e" else m.group(1)
    if _ID.match(text):
        return text
    return None


class GSheetsBackend(Backend):
    """One Google spreadsheet, reached through gspread's HTTP client and google-auth."""

    fingerprint_needs_read = True

    def __init__(self, spreadsheet: str, google: GoogleConfig, *,
                 retry: RetryPolicy | None = None, limiter: RateLimiter | None = None) -> None:
        from sheetsync.backends.google.auth import find_credentials, shared_credentials
        from sheetsync.backends.google.http import SheetsHTTPClient
        from sheetsync.backends.google.ratelimit import shared_limiter
        from sheetsync.backends.google.retry import RetryPolicy

        sid = spreadsheet_id(spreadsheet)
        if sid is None:
            if "/spreadsheets/d/e/" in spreadsheet:
                raise SourceError(f"{spreadsheet}: a published-to-web link cannot be synced; open "
                                  "the spreadsheet and use the URL in the address bar "
                                  "(.../spreadsheets/d/<id>/edit)")
            raise SourceError(f"{spreadsheet}: not a Google Sheets URL or spreadsheet id")
        self.id = sid
        self.name = sid
        self.credentials: CredentialsFile = find_credentials(google.credentials)
        policy = retry or RetryPolicy(max_retries=google.max_retries,
                                      max_seconds=google.max_retry_seconds)
        self.client: SheetsHTTPClient = SheetsHTTPClient(
            shared_credentials(self.credentials), timeout=google.timeout, policy=policy,
            limiter=limiter or shared_limiter(google.requests_per_minute),
        )
        self.one_read = google.one_read
        self.title: str | None = None
        self._sheets: list[SheetMeta] | None = None
        self._book: Book | None = None
        self._read_state: tuple[list[str], list[dict[str, Any]]] | None = None
        self._fingerprint: tuple[int, str] | None = None
        self._prefetched: Book | None = None

    # --- reading ------------------------------------------------------------------------------

    def last_sync(self, key: str) -> Fingerprint | None:
        """The one read (read() then gives that Book without asking again), and the recorded
        fingerprint when it matches this run key over the Book as read: a sync with nothing to
        do then skips its parse, scoring and plan. Requests: the same one read either way."""
        book = self.read()
        self._prefetched = book
        seen = Fingerprint.parse(self._fingerprint[1] if self._fingerprint else None)
        if seen is None or seen.digest != combine(key, book_digest(book)):
            return None
        return seen

    def read(self) -> Book:
        if self._prefetched is not None:
            book, self._prefetched = self._prefetched, None
            return book
        if self.one_read:
            return self._read_with_grid_data()
        metadata = self._metadata()
        grid_sheets = [s for s in metadata.get("sheets", [])
                       if s.get("properties", {}).get("sheetType", "GRID") == "GRID"]
        # Always quoted: an unquoted title such as "T" or "Q1" would read as a column or a cell.
        ranges = ["'" + str(s["properties"]["title"]).replace("'", "''") + "'"
                  for s in grid_sheets]
        value_ranges: list[dict[str, Any]] = []
        if ranges:
            response = self._call("reading values", lambda: self.client.values_batch_get(
                self.id, ranges, params=dict(READ_OPTIONS)))
            value_ranges = response.get("valueRanges", [])
        grids = [grid_from_api(s, value_ranges[i] if i < len(value_ranges) else None)
                 for i, s in enumerate(grid_sheets)]
        for grid, sheet in zip(grids, grid_sheets, strict=True):
            grid.owned_columns = owned_columns(sheet)
        self._book = Book(self.name, grids, owned_tabs=owned_tabs(grid_sheets))
        self._read_state = (ranges, grid_sheets)
        return self._book

    def changed_since_read(self) -> Book | None:
        """Look again right before a write: one read (values:batchGet of the same tabs, or the
        one spreadsheets.get of google.one_read). When people
        changed anything since read() (values, rows or columns moved, a tab renamed or deleted),
        the spreadsheet is read again in full and returned; else None."""
        if self._book is None:
            return None
        old = self._book
        if self.one_read or self._read_state is None:
            fresh = self.read()  # one spreadsheets.get, as the read itself
            return None if fresh == old else fresh
        ranges, grid_sheets = self._read_state
        response: dict[str, Any] | None = None
        try:
            response = self._call("checking for edits", lambda: self.client.values_batch_get(
                self.id, ranges, params=dict(READ_OPTIONS)))
        except (AuthError, RemoteError):
            raise
        except SourceError:
            pass  # 400: a tab renamed or deleted, its range no longer parses; read it all again
        if response is not None:
            value_ranges = response.get("valueRanges", [])
            now = [grid_from_api(s, value_ranges[i] if i < len(value_ranges) else None).rows
                   for i, s in enumerate(grid_sheets)]
            if now == [g.rows for g in old.sheets]:
                return None
        fresh = self.read()
        return None if fresh == old else fresh

    def _read_with_grid_data(self) -> Book:
        """Metadata and values in one spreadsheets.get (docs/google-sheets.md, One read)."""
        from sheetsync.backends.google.griddata import GRID_FIELDS, grid_from_grid_data

        metadata = dict(self._call("reading", lambda: self.client.fetch_sheet_metadata(
            self.id, params={"fields": GRID_FIELDS, "includeGridData": "true"})))
        self.title = metadata.get("properties", {}).get("title")
        self._fingerprint = recorded(metadata)
        grid_sheets = [s for s in metadata.get("sheets", [])
                       if s.get("properties", {}).get("sheetType", "GRID") == "GRID"]
        grids = [grid_from_grid_data(s) for s in grid_sheets]
        for grid, sheet in zip(grids, grid_sheets, strict=True):
            grid.owned_columns = owned_columns(sheet)  # sheetsync's record (ownership.md)
        for sheet in metadata.get("sheets", []):
            sheet.pop("data", None)  # the values live in the Book now, not twice
        self._sheets = sheet_metas(metadata)
        self._book = Book(self.name, grids, owned_tabs=owned_tabs(grid_sheets))
        return self._book

    def _metadata(self) -> dict[str, Any]:
        metadata = dict(self._call("opening", lambda: self.client.fetch_sheet_metadata(
            self.id, params={"fields": METADATA_FIELDS, "includeGridData": "false"})))
        self.title = metadata.get("properties", {}).get("title")
        self._fingerprint = recorded(metadata)
        self._sheets = sheet_metas(metadata)
        return metadata

    def sheet_ids(self) -> dict[str, int]:
        """Tab title → sheetId (the gid in a link), as the last read saw them."""
        if self._sheets is None:
            self._metadata()
        return {m.title: m.sheet_id for m in self._sheets or []}

    # --- writing ------------------------------------------------------------------------------

    def apply(self, plan: WritePlan) -> None:
        from sheetsync.backends.google.write import build_requests

        if plan.is_empty:
            return
        if self._sheets is None:
            self._metadata()
        assert self._sheets is not None
        changes = [ch for ch in plan.changes if not self._unchanged(ch)]
        tabs = [tab for tab in plan.tabs if not self._summary_unchanged(tab)]
        appended = {plan.history.title: plan.history_new} if (
            plan.history is not None and plan.history_new) else {}
        requests = build_requests(changes, tabs, self._sheets, plan.copies, append=appended,
                                  widths=plan.widths)
        ids = {s.title: s.sheet_id for s in self._sheets}
        ids.update({r["addSheet"]["properties"]["title"]: r["addSheet"]["properties"]["sheetId"]
                    for r in requests if "addSheet" in r})
        requests += claim_requests(plan.claims, ids, plan.tab_claims)
        if not requests:
            return
        if self._book is not None:
            requests += fingerprint_requests(self._book, plan, self.pending_fingerprint,
                                             self._fingerprint, changes, tabs)
        self._call("writing", lambda: self.client.batch_update(self.id, {"requests": requests}))
        # The grid sizes and tabs just changed: the next apply must look again.
        self._sheets = None
        self._book = None
        self._read_state = None
        self._fingerprint = None

    def _unchanged(self, change: CellChange) -> bool:
        """A change that would write what the sheet already holds (e.g. a date the plan compared
        with the serial number Sheets returned) is dropped, so a no-op sync makes no write."""
        if self._book is None:
            return False
        grid = self._book.sheet(change.sheet)
        return grid is not None and same_cell(grid.value(change.row, change.col), change.new)

    def _summary_unchanged(self, summary: SummaryTab | None) -> bool:
        if summary is None:
            return True
        grid = self._book.sheet(summary.title) if self._book is not None else None
        if grid is None:
            return False
        if {c.title for c in summary.charts} - set(grid.charts):
            return False  # a chart of its own was deleted by hand: draw it again
        return _trimmed(summary.rows) == _trimmed(grid.rows)

    # --- errors -------------------------------------------------------------------------------

    def _call(self, doing: str, fn: Callable[[], T]) -> T:
        from google.auth.exceptions import RefreshError
        from gspread.exceptions import APIError

        from sheetsync.backends.google.auth import refresh_failed_message

        try:
            return fn()
        except APIError as e:
            message = str(e.error.get("message", ""))
            if getattr(e, "after_lost_write", False) and e.code == 400:
                raise RemoteError(
                    f"spreadsheet {self.id}: an attempt failed while {doing} (no answer, or a "
                    f"server error) and the retry was refused ({message}); the first attempt "
                    "was probably applied: run the sync again to check") from None
            raise self._api_error(doing, e.code, message) from None
        except json.JSONDecodeError as e:
            raise RemoteError(f"spreadsheet {self.id}: the answer while {doing} was not valid "
                              f"JSON ({e.msg} at character {e.pos}): a proxy or firewall between "
                              "this machine and Google may be changing it; run again") from None
        except RefreshError as e:
            if getattr(e, "retryable", False):
                raise RemoteError(f"spreadsheet {self.id}: the Google token endpoint is not "
                                  f"answering ({e}); try again later") from None
            raise AuthError(refresh_failed_message(self.credentials, str(e))) from None

    def _api_error(self, doing: str, code: int, message: str) -> SourceError:
        who = self.credentials.who
        if code == 401:
            return AuthError(f"spreadsheet {self.id}: Google rejected the credentials in "
                             f"{self.credentials.path} (401: {message})")
        if code == 403:
            if "has not been used" in message or "disabled" in message:
                return AuthError(f"spreadsheet {self.id}: the Google Sheets API is not enabled "
                                 f"for the project of {who}: {message}")
            share = self.credentials.email or "that account"
            return AuthError(f"spreadsheet {self.id}: no permission for {who}; share the "
                             f"spreadsheet with {share} (Share → Editor)")
        if code == 404:
            return SourceError(f"spreadsheet {self.id} not found: check the URL or id "
                               "(Google Sheets answered 404)")
        if code == 400:
            return SourceError(f"spreadsheet {self.id}: Google Sheets refused the request while "
                               f"{doing}: {message}")
        return RemoteError(f"spreadsheet {self.id}: Google Sheets error {code} while {doing}: "
                           f"{message}")

    def close(self) -> None:
        self.client.close()


def _trimmed(rows: list[list[CellValue]]) -> list[list[_Loose]]:
    """Rows as a read would see them: serial dates, no trailing blanks."""
    out = [[_Loose(as_read(v)) for v in row] for row in rows]
    for row in out:
        while row and row[-1].value is None:
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


class _Loose:
    """A cell value that compares as Sheets would read it back (see same_cell)."""

    __slots__ = ("value",)

    def __init__(self, value: CellValue) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Loose) and same_cell(self.value, other.value)

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return repr(self.value)
