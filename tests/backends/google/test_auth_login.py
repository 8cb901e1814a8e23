"""`sheetsync auth login` offline: the installed-app flow against the emulator's token endpoint,
driven by a real HTTP request to its local redirect; and one token for every source of a run."""

from __future__ import annotations

import datetime as dt
import json
import stat
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import requests
from google_support import okr_book, open_backend, user_token_file

from sheetsync import pipeline
from sheetsync.backends.google.login import login
from sheetsync.config import Config
from sheetsync.errors import AuthError
from sheetsync.testing import SheetsEmulator
from sheetsync.testing.seeding import seed_book

pytest_plugins = ["google_fixtures"]


def client_file(emu: SheetsEmulator, path: Path) -> Path:
    path.write_text(json.dumps({"installed": {
        "client_id": "desktop-1.apps.googleusercontent.com", "client_secret": "not-a-secret",
        "auth_uri": f"{emu.url}/auth", "token_uri": f"{emu.url}/token",
        "redirect_uris": ["http://localhost"]}}), encoding="utf-8")
    return path


def come_back(url: str, replies: list[requests.Response]) -> None:
    """What the browser does after the person agrees: follow the redirect with a code."""
    query = parse_qs(urlparse(url).query)
    target = query["redirect_uri"][0] + "?" + urlencode(
        {"state": query["state"][0], "code": "4/emulated-code", "scope": query["scope"][0]})

    def go() -> None:
        for _ in range(100):
            try:
                replies.append(requests.get(target, timeout=10))
                return
            except requests.ConnectionError:
                time.sleep(0.05)

    threading.Thread(target=go, daemon=True).start()


def test_login_stores_a_token_where_gspread_looks_and_it_syncs(
        emulator: SheetsEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # oauthlib insists on https for the token endpoint; the emulator is plain http on loopback.
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    shown: list[str] = []
    replies: list[requests.Response] = []

    def show(url: str) -> None:
        shown.append(url)
        come_back(url, replies)

    path = login(client_file(emulator, tmp_path / "client.json"), open_browser=False,
                 show_url=show, timeout=30)
    assert path == tmp_path / ".config" / "gspread" / "authorized_user.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text())
    assert saved["refresh_token"].startswith("1//emulated-")
    assert saved["token_uri"] == f"{emulator.url}/token" and "token" not in saved
    assert shown and "spreadsheets" in parse_qs(urlparse(shown[0]).query)["scope"][0]
    assert replies and replies[0].status_code == 200 and "signed in" in replies[0].text
    # The stored sign-in is what sheetsync finds with no credentials configured.
    sid = seed_book(emulator, okr_book())
    result = pipeline.run(open_backend(sid, None), Config(), dt.date(2026, 2, 1), until="apply")
    assert result.plan is not None and not result.plan.is_empty


def test_a_missing_client_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(AuthError, match="OAuth client ID → Desktop app"):
        login(tmp_path / "nope.json", open_browser=False)


def test_every_source_of_a_run_shares_one_token(emulator: SheetsEmulator,
                                                tmp_path: Path) -> None:
    token = user_token_file(emulator, tmp_path / "authorized_user.json")
    sids = [seed_book(emulator, okr_book()) for _ in range(3)]
    before = len(emulator.issuer.tokens)
    for sid in sids:
        pipeline.run(open_backend(sid, token), Config(), dt.date(2026, 2, 1), until="apply")
    assert len(emulator.issuer.tokens) - before == 1
