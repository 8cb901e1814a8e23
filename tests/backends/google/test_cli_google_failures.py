"""`sheetsync` against Google when things go wrong between it and Google: a write applied and
answered with a 503, HTML pages from a proxy or captive portal, credentials that are key JSON
instead of a path. Always one line, never a traceback, never a secret; a rerun reconciles."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.testing import SheetsEmulator, seed_book

pytest_plugins = ["google_fixtures"]

ROOT = Path(__file__).resolve().parents[3]
AS_OF = ["--as-of", "2026-11-15"]


def run(args: list[str], emulator: SheetsEmulator, home: Path, creds: Path | str | None, *,
        env_creds: str | None = None, retries: int = 2) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GOOGLE_APPLICATION_CREDENTIALS"}
    env.update(HOME=str(home), SHEETSYNC_SHEETS_ENDPOINT=emulator.url)
    if env_creds is not None:
        env["GOOGLE_APPLICATION_CREDENTIALS"] = env_creds
    config = home / "sheetsync-test.toml"
    google = f"max_retries = {retries}\nmax_retry_seconds = 20\n"
    if creds is not None:
        google += f"credentials = {json.dumps(str(creds))}\n"
    config.write_text(f"[google]\n{google}"
                      '[cycle]\nname = "2026-Q4"\nstart = 2026-10-01\nend = 2026-12-31\n',
                      encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "sheetsync", *args, "--config", str(config)],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def sheet(emulator: SheetsEmulator) -> str:
    with XlsxBackend(ROOT / "templates" / "flat.xlsx") as x:
        return seed_book(emulator, x.read())


def state(emu: SheetsEmulator, sid: str) -> list[Any]:
    """Every tab's title, cells and charts (chart ids aside), to compare two spreadsheets."""
    out = []
    for sh in sorted(emu.spreadsheets[sid].sheets, key=lambda s: s.index):
        cells = sorted((k, repr(v.value)) for k, v in sh.cells.items())
        charts = [(c["spec"].get("title"), c["position"]) for c in sh.charts]
        out.append((sh.title, cells, json.dumps(charts, sort_keys=True, default=str)))
    return out


def one_line(r: subprocess.CompletedProcess[str]) -> str:
    lines = r.stderr.strip().splitlines()
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    assert len(lines) == 1, r.stderr
    return lines[0]


# --- a write applied, then a 503 ------------------------------------------------------------


@pytest.mark.parametrize(("count", "expected"), [
    (1, r"error: spreadsheet \S+: an attempt failed while writing \(no answer, or a server "
        r"error\) and the retry was refused \(Invalid requests\[\d+\]\.addSheet: A sheet with "
        r"the name \"OKR Summary\" already exists\. Please enter another name\.\); the first "
        r"attempt was probably applied: run the sync again to check"),
    (10, r"error: Google Sheets API: spreadsheets\.batchUpdate still failing after 3 attempts "
         r"in \d+\.\ds: HTTP 503 \(The service is currently unavailable\.\)\. Try again later "
         r"\(limits: google\.max_retries = 2, google\.max_retry_seconds = 20\)\. The write may "
         r"have been applied before it failed: run the sync again, it reads the sheet afresh "
         r"and writes only what is still missing"),
], ids=["a 503 once, then the retry refused, says the write was probably applied",
        "503 on every attempt says the write may have been applied"])
def test_a_write_applied_then_answered_503_says_so_and_a_rerun_reconciles(
        emulator: SheetsEmulator, sa_key: Path, sheet: str, tmp_path: Path, count: int,
        expected: str) -> None:
    with XlsxBackend(ROOT / "templates" / "flat.xlsx") as x:
        clean = seed_book(emulator, x.read())
    assert run(["sync", clean, *AS_OF], emulator, tmp_path, sa_key).returncode == 0

    emulator.add_fault(503, count=count, path=":batchUpdate", after_serving=True)
    first = run(["sync", sheet, *AS_OF], emulator, tmp_path, sa_key)
    assert first.returncode == 1
    assert re.fullmatch(expected, one_line(first))
    emulator.faults.clear()

    again = run(["sync", sheet, *AS_OF], emulator, tmp_path, sa_key)
    assert again.returncode == 0, again.stderr
    assert state(emulator, sheet) == state(emulator, clean), "the rerun leaves what a clean sync"
    emulator.clear_requests()
    third = run(["sync", sheet, *AS_OF], emulator, tmp_path, sa_key)
    assert third.returncode == 0 and "up to date" in third.stdout
    assert [r for r in emulator.requests() if r["method"] != "GET"] == []


# --- secrets ----------------------------------------------------------------------------------


def secret_parts(info: dict[str, Any]) -> list[str]:
    """Every piece of a key file that must never be printed: each line of the private key, its
    id, and the JSON as a whole (as it is, and as a JSON log would escape it)."""
    key_lines = [line for line in str(info["private_key"]).splitlines()
                 if len(line) >= 16 and "PRIVATE KEY" not in line]
    text = json.dumps(info)
    return [*key_lines, str(info["private_key_id"]), text, json.dumps(text)[1:-1][:200]]


@pytest.mark.parametrize(("where", "log_format", "expected"), [
    ("env", "text", "error: GOOGLE_APPLICATION_CREDENTIALS holds the content of a key (not "
                    "shown) instead of the path of a key file: save the key in a file only you "
                    "can read (chmod 600) and set GOOGLE_APPLICATION_CREDENTIALS to that "
                    "file's path"),
    ("env", "json", "GOOGLE_APPLICATION_CREDENTIALS holds the content of a key (not shown) "
                    "instead of the path of a key file: save the key in a file only you can "
                    "read (chmod 600) and set GOOGLE_APPLICATION_CREDENTIALS to that file's "
                    "path"),
    ("config", "text", "error: google.credentials holds the content of a key (not shown) "
                       "instead of the path of a key file: save the key in a file only you "
                       "can read (chmod 600) and set google.credentials to that file's path"),
    ("config", "json", "google.credentials holds the content of a key (not shown) instead of "
                       "the path of a key file: save the key in a file only you can read "
                       "(chmod 600) and set google.credentials to that file's path"),
], ids=["key JSON in the environment variable, text log",
        "key JSON in the environment variable, JSON log",
        "key JSON in google.credentials, text log",
        "key JSON in google.credentials, JSON log"])
def test_key_json_where_a_path_belongs_is_one_line_that_never_shows_it(
        emulator: SheetsEmulator, sheet: str, tmp_path: Path, where: str, log_format: str,
        expected: str) -> None:
    info = emulator.new_service_account("leaky-ci@sheetsync-tests.iam.gserviceaccount.com")
    key_json = json.dumps(info)
    args = ["--log-format", log_format, "sync", sheet, *AS_OF]
    r = run(args, emulator, tmp_path, key_json if where == "config" else None,
            env_creds=key_json if where == "env" else None)
    assert r.returncode == 1
    line = one_line(r)
    if log_format == "json":
        record = json.loads(line)
        assert (record["level"], record["message"]) == ("error", expected)
    else:
        assert line == expected
    for part in secret_parts(info):
        assert part not in r.stdout and part not in r.stderr


# --- answers that are not Google's ------------------------------------------------------------

PORTAL = ("was answered by something that is not Google (HTTP {status}, text/html, titled "
          "'Sign in to Guest Wi-Fi') instead of the API's JSON: a captive portal, proxy or "
          "firewall is in the way; sign in to the network or check HTTPS_PROXY, then run again")


@pytest.mark.parametrize(("path", "status", "who", "endpoint"), [
    (None, 200, "Google Sheets API: spreadsheets.get", "spreadsheets.get"),
    (":batchUpdate", 200, "Google Sheets API: spreadsheets.batchUpdate",
     "spreadsheets.batchUpdate"),
    ("/token", 200, "Google sign-in: the token call", "oauth.token"),
    (None, 403, "Google Sheets API: spreadsheets.get", "spreadsheets.get"),
    ("/token", 407, "Google sign-in: the token call", "oauth.token"),
], ids=["a captive portal's page on the metadata read",
        "a captive portal's page on the write",
        "a captive portal's page on the token call",
        "a proxy's 403 page on the metadata read",
        "a proxy's 407 page on the token call"])
def test_an_html_page_instead_of_google_is_one_line(
        emulator: SheetsEmulator, sa_key: Path, sheet: str, tmp_path: Path, path: str | None,
        status: int, who: str, endpoint: str) -> None:
    emulator.add_fault(status, count=100, path=path, html=True)
    before = state(emulator, sheet)
    r = run(["sync", sheet, *AS_OF], emulator, tmp_path, sa_key)
    assert r.returncode == 1
    assert one_line(r) == f"error: {who} {PORTAL.format(status=status)}"
    assert state(emulator, sheet) == before
    calls = [c for c in emulator.requests(api=None) if c["endpoint"] == endpoint]
    assert len(calls) == 1, "a portal is not retried"
