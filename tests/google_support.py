"""Helpers for the Google Sheets tests: fast retries, token files, raw API tokens, call counts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import requests

from sheetsync.backends.google.backend import GSheetsBackend
from sheetsync.backends.google.retry import RetryPolicy
from sheetsync.config import GoogleConfig
from sheetsync.grid import Book, CellError, Grid, MergedRange
from sheetsync.testing import SheetsEmulator
from sheetsync.testing.emulator_cells import Cell

SA_EMAIL = "okr-bot@sheetsync-tests.iam.gserviceaccount.com"


def fast_retry(max_retries: int = 5, max_seconds: float = 5.0) -> RetryPolicy:
    """Real backoff arithmetic with millisecond waits, so retry tests stay fast."""
    return RetryPolicy(max_retries=max_retries, max_seconds=max_seconds, base=0.002, cap=0.02)


def user_token_file(emu: SheetsEmulator, path: Path, refresh_token: str = "1//refresh") -> Path:
    """An authorized-user token file as gspread.oauth() saves it (no "type" key)."""
    path.write_text(json.dumps({
        "refresh_token": refresh_token, "client_id": "client-123.apps.googleusercontent.com",
        "client_secret": "not-a-secret", "token_uri": f"{emu.url}/token",
        "scopes": ["https://www.googleapis.com/auth/spreadsheets"],
    }), encoding="utf-8")
    return path


def api_token(emu: SheetsEmulator) -> str:
    """An access token from the emulator's token endpoint, for raw API calls in tests."""
    resp = requests.post(f"{emu.url}/token", data={
        "grant_type": "refresh_token", "refresh_token": "test", "client_id": "test-client",
        "client_secret": "x"}, timeout=10)
    resp.raise_for_status()
    return str(resp.json()["access_token"])


def write_calls(emu: SheetsEmulator) -> list[dict[str, Any]]:
    return [r for r in emu.requests() if r["method"] != "GET"]


EPOCH = dt.date(1899, 12, 30)


def days(d: dt.date) -> int:
    return (d - EPOCH).days


def okr_book() -> Book:
    return Book("okrs", [
        Grid("OKRs", [
            ["Objective", "Key result", "Target", "Current", "Due", "Status"],
            ["Grow revenue", '=HYPERLINK("https://crm","Deals")', 100, 45.5, dt.date(2026, 3, 31)],
            [None, "+1 NPS", 10, CellError("#DIV/0!"), dt.date(2026, 3, 31), "At risk"],
            ["Ship v2", "Beta live", 1, True],
        ], merged=[MergedRange(2, 1, 3, 1)]),
        Grid("Check-ins", [["KR", "Date", "Value"],
                           ["O1.KR1", dt.datetime(2026, 1, 15, 12, 0), 12]], hidden=True),
    ])


def open_backend(sid: str, key: Path | None, *, retry: RetryPolicy | None = None,
                 timeout: float = 10.0) -> GSheetsBackend:
    return GSheetsBackend(sid, GoogleConfig(credentials=key, timeout=timeout),
                          retry=retry or fast_retry())


def stored(emu: SheetsEmulator, sid: str, sheet: str, row: int, col: int) -> Cell:
    grid = emu.spreadsheets[sid].by_title(sheet)
    assert grid is not None
    return grid.cells.get((row - 1, col - 1), Cell())


class Api:
    """Raw calls to the emulator's /v4 endpoints with a valid bearer token."""

    def __init__(self, emu: SheetsEmulator) -> None:
        self.emu = emu
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {api_token(emu)}"

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> requests.Response:
        return self.session.request(method, f"{self.emu.url}/v4/spreadsheets/{path}",
                                    json=body, params=params, timeout=10)

    def ok(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        resp = self.call(method, path, body, **params)
        assert resp.status_code == 200, resp.text
        return resp.json()


def new_sheet(emu: SheetsEmulator, rows: list[list[Any]] | None = None, **sheet: Any) -> str:
    return emu.create_spreadsheet({"title": "Test", "sheets": [
        {"title": "Sheet1", "rows": rows or [], **sheet}]})
