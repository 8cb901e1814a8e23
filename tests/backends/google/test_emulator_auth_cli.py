"""The emulator's OAuth token endpoint, gspread's own client against it, seeding, and its CLI."""

from __future__ import annotations

import base64
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from google_support import Api, api_token, new_sheet

from sheetsync.grid import Book, CellError, Grid, MergedRange
from sheetsync.testing import SheetsEmulator, seed_book, spec_from_xlsx

pytest_plugins = ["google_fixtures"]


# --- OAuth token endpoint -----------------------------------------------------------------------


def _jwt(claims: dict[str, Any]) -> str:
    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.{part({'sig': 'forged'})}"


@pytest.mark.parametrize(("form", "error"), [
    pytest.param({"grant_type": "refresh_token", "refresh_token": "gone", "client_id": "c"},
                 "invalid_grant", id="a revoked refresh token is refused"),
    pytest.param({"grant_type": "password"}, "unsupported_grant_type",
                 id="an unknown grant type is refused"),
    pytest.param({"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                  "assertion": "EMAIL_FORGED"}, "invalid_grant",
                 id="a forged signature for a known service account is refused"),
    pytest.param({"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                  "assertion": "EXPIRED"}, "invalid_grant", id="an expired assertion is refused"),
])
def test_the_token_endpoint_refuses_bad_grants(emulator: SheetsEmulator, sa_key: Path,
                                               form: dict[str, str], error: str) -> None:
    emulator.issuer.revoked.add("gone")
    email = json.loads(sa_key.read_text())["client_email"]
    now = int(time.time())
    claims = {"iss": email, "aud": "https://oauth2.googleapis.com/token", "scope": "s"}
    if form.get("assertion") == "EMAIL_FORGED":
        form = {**form, "assertion": _jwt({**claims, "iat": now, "exp": now + 3600})}
    elif form.get("assertion") == "EXPIRED":
        form = {**form, "assertion": _jwt({**claims, "iss": "other@x.iam.gserviceaccount.com",
                                           "iat": now - 7200, "exp": now - 3600})}
    resp = requests.post(f"{emulator.url}/token", data=form, timeout=10)
    assert resp.status_code == 400
    assert resp.json()["error"] == error and resp.json()["error_description"]


def test_a_refresh_grant_gives_a_bearer_token_the_api_accepts(emulator: SheetsEmulator) -> None:
    token = api_token(emulator)
    sid = new_sheet(emulator)
    ok = requests.get(f"{emulator.url}/v4/spreadsheets/{sid}", timeout=10,
                      headers={"Authorization": f"Bearer {token}"})
    bad = requests.get(f"{emulator.url}/v4/spreadsheets/{sid}", timeout=10,
                       headers={"Authorization": "Bearer made-up"})
    assert ok.status_code == 200 and bad.status_code == 401


# --- gspread, seeding, CLI ----------------------------------------------------------------------


def test_gspread_open_by_key_reads_the_emulator(emulator: SheetsEmulator,
                                                sa_key: Path) -> None:
    import gspread
    from google.oauth2 import service_account

    from sheetsync.backends.google.http import SheetsHTTPClient

    sid = emulator.create_spreadsheet({"title": "Plan", "sheets": [
        {"title": "OKRs", "rows": [["Objective", "Score"], ["Grow", 0.5]]},
        {"title": "Hidden", "hidden": True}]})
    creds = service_account.Credentials.from_service_account_file(  # type: ignore[no-untyped-call]
        str(sa_key), scopes=["https://www.googleapis.com/auth/spreadsheets"])
    client = gspread.Client(auth=creds, http_client=SheetsHTTPClient)
    spreadsheet = client.open_by_key(sid)
    assert spreadsheet.title == "Plan"
    assert [w.title for w in spreadsheet.worksheets()] == ["OKRs", "Hidden"]
    assert [w.title for w in spreadsheet.worksheets(exclude_hidden=True)] == ["OKRs"]
    assert spreadsheet.worksheet("OKRs").get_all_values() == [["Objective", "Score"],
                                                              ["Grow", "0.5"]]


def test_seeding_a_book_keeps_values_dates_errors_and_merges(emulator: SheetsEmulator,
                                                             api: Api) -> None:
    book = Book("plan.xlsx", [Grid("OKRs", [
        ["=not a formula", dt.date(2026, 1, 5), CellError("#REF!"), True, 1.5],
        [None, dt.datetime(2026, 1, 5, 6, 0)]], [MergedRange(1, 1, 2, 1)], hidden=True)])
    sid = seed_book(emulator, book)
    out = api.ok("GET", f"{sid}/values/OKRs", valueRenderOption="UNFORMATTED_VALUE")
    assert out["values"] == [["=not a formula", 46027, "#REF!", True, 1.5], ["", 46027.25]]
    meta = api.ok("GET", sid)
    assert meta["properties"]["title"] == "plan"
    assert meta["sheets"][0]["properties"]["hidden"] is True
    assert meta["sheets"][0]["merges"] == [{"startRowIndex": 0, "endRowIndex": 2,
                                            "startColumnIndex": 0, "endColumnIndex": 1}]


def _workbook(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "OKRs"
    ws.append(["Objective", "Due", "Progress"])
    ws.append(["Grow", dt.datetime(2026, 3, 31), 0.5])
    ws["C2"].number_format = "0%"
    ws.merge_cells("A2:A3")
    notes = wb.create_sheet("Notes")
    notes["A1"] = "=1+1 as text"
    notes["A1"].data_type = "s"  # text that only looks like a formula
    wb.save(path)
    return path


def test_the_cli_seeds_a_workbook_prints_its_id_and_writes_a_key(tmp_path: Path) -> None:
    workbook = _workbook(tmp_path / "plan.xlsx")
    key = tmp_path / "sa.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sheetsync.testing.sheets_emulator", "--port", "0",
         "--seed", str(workbook), "--service-account", str(key)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None and proc.stdout is not None
        url = proc.stderr.readline().split()[4]
        sid = proc.stdout.readline().strip()
        for _ in range(100):
            if key.exists() and key.stat().st_size:
                break
            time.sleep(0.05)
        state = requests.get(f"{url}/_emulator/spreadsheets/{sid}", timeout=10).json()
        assert json.loads(key.read_text())["token_uri"] == f"{url}/token"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert len(sid) == 44
    okrs, notes = state["sheets"]
    assert okrs["title"] == "OKRs" and notes["title"] == "Notes"
    assert okrs["rows"][1][0] == "Grow"
    assert okrs["rows"][1][1]["date"] == "2026-03-31"
    assert okrs["rows"][1][2]["format"]["numberFormat"]["type"] == "PERCENT"
    assert okrs["merges"] == [{"startRowIndex": 1, "endRowIndex": 3, "startColumnIndex": 0,
                               "endColumnIndex": 1}]
    assert notes["rows"] == [["=1+1 as text"]]


@pytest.mark.samples
def test_every_real_sample_workbook_seeds_with_all_its_tabs(samples_dir: Path) -> None:
    import openpyxl

    for path in sorted(samples_dir.glob("*.xlsx")):
        spec = spec_from_xlsx(path)
        wb = openpyxl.load_workbook(path, read_only=True)
        assert [s["title"] for s in spec["sheets"]] == [ws.title for ws in wb.worksheets], path
        assert any(s["rows"] for s in spec["sheets"]), path
        wb.close()
