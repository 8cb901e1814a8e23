"""`sheetsync sync <Google Sheets URL>` end to end: the real CLI process, real gspread and
google-auth over HTTP to the local Sheets API emulator, checked against the .xlsx sync."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from google_support import SA_EMAIL, write_calls

from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.testing import SheetsEmulator, seed_book

pytest_plugins = ["google_fixtures"]

ROOT = Path(__file__).resolve().parents[3]
AS_OF = ["--as-of", "2026-11-15"]


def run(args: list[str], emulator: SheetsEmulator, home: Path,
        creds: Path | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GOOGLE_APPLICATION_CREDENTIALS"}
    env.update(HOME=str(home), SHEETSYNC_SHEETS_ENDPOINT=emulator.url)
    config = home / "sheetsync-test.toml"
    config.write_text(
        (f'[google]\ncredentials = "{creds}"\nmax_retry_seconds = 20\n' if creds else "")
        + '[cycle]\nname = "2026-Q4"\nstart = 2026-10-01\nend = 2026-12-31\n')
    return subprocess.run([sys.executable, "-m", "sheetsync", *args, "--config", str(config)],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def sheet(emulator: SheetsEmulator) -> str:
    with XlsxBackend(ROOT / "templates" / "flat.xlsx") as x:
        return seed_book(emulator, x.read())


def url(sid: str) -> str:
    return f"https://docs.google.com/spreadsheets/d/{sid}/edit#gid=0"


def test_sync_of_a_url_matches_the_xlsx_sync_in_at_most_5_calls(
    emulator: SheetsEmulator, sa_key: Path, sheet: str, tmp_path: Path
) -> None:
    emulator.clear_requests()
    r = run(["sync", url(sheet), *AS_OF], emulator, tmp_path, sa_key)
    assert r.returncode == 0, r.stderr
    # token, metadata, values, the values read again right before the write (people may
    # have moved rows meanwhile, SPEC §7), the write
    assert len(emulator.requests()) <= 5
    google = json.loads(run(["score", url(sheet), "--json", *AS_OF], emulator, tmp_path,
                            sa_key).stdout)
    xlsx = json.loads(run(["score", str(ROOT / "templates" / "flat.xlsx"), "--json", *AS_OF],
                          emulator, tmp_path, None).stdout)
    assert [(k["id"], k["score"], k["status"]) for k in google["key_results"]] == \
           [(k["id"], k["score"], k["status"]) for k in xlsx["key_results"]]
    assert [(o["id"], o["score"], o["status"]) for o in google["objectives"]] == \
           [(o["id"], o["score"], o["status"]) for o in xlsx["objectives"]]
    emulator.clear_requests()
    again = run(["sync", url(sheet), *AS_OF], emulator, tmp_path, sa_key)
    assert again.returncode == 0 and "up to date" in again.stdout
    assert write_calls(emulator) == []


def test_a_burst_of_429_and_503_is_ridden_out(
    emulator: SheetsEmulator, sa_key: Path, sheet: str, tmp_path: Path
) -> None:
    emulator.add_fault(429, count=2, retry_after=0.1)
    emulator.add_fault(503, count=2)
    r = run(["sync", sheet, *AS_OF], emulator, tmp_path, sa_key)
    assert r.returncode == 0, r.stderr


def test_403_names_the_service_account_in_one_line(
    emulator: SheetsEmulator, sa_key: Path, sheet: str, tmp_path: Path
) -> None:
    emulator.spreadsheets[sheet].private = True
    r = run(["sync", url(sheet), *AS_OF], emulator, tmp_path, sa_key)
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert SA_EMAIL in r.stderr


def test_no_credentials_anywhere_fails_in_one_line_saying_where_it_looked(
    emulator: SheetsEmulator, sheet: str, tmp_path: Path
) -> None:
    r = run(["sync", url(sheet), *AS_OF], emulator, tmp_path, None)
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr
    assert "GOOGLE_APPLICATION_CREDENTIALS" in lines[0]
    assert ".config/gspread/service_account.json" in lines[0]
