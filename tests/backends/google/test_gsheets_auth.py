"""GSheetsBackend access and auth: where credentials come from and errors that say what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from google_support import SA_EMAIL, fast_retry, open_backend, user_token_file

from sheetsync.backends.google.backend import GSheetsBackend
from sheetsync.config import GoogleConfig
from sheetsync.errors import AuthError, SourceError
from sheetsync.testing import SheetsEmulator
from sheetsync.testing.emulator_auth import make_service_account
from sheetsync.write.writeplan import CellChange, WritePlan

pytest_plugins = ["google_fixtures"]


def test_403_says_to_share_the_spreadsheet_with_the_service_account(
        emulator: SheetsEmulator, seeded: str, sa_key: Path) -> None:
    emulator.spreadsheets[seeded].private = True
    with pytest.raises(AuthError) as err:
        open_backend(seeded, sa_key).read()
    assert f"share the spreadsheet with {SA_EMAIL}" in str(err.value)


def test_403_on_write_also_names_the_service_account(
        emulator: SheetsEmulator, seeded: str, sa_key: Path) -> None:
    backend = open_backend(seeded, sa_key)
    backend.read()
    emulator.spreadsheets[seeded].private = True
    with pytest.raises(AuthError, match=SA_EMAIL):
        backend.apply(WritePlan(seeded, [CellChange("OKRs", 2, 6, None, "On track")]))


def test_404_names_the_id_it_tried(emulator: SheetsEmulator, sa_key: Path) -> None:
    missing = "1" + "x" * 43
    with pytest.raises(SourceError) as err:
        open_backend(f"https://docs.google.com/spreadsheets/d/{missing}/edit", sa_key).read()
    assert missing in str(err.value) and "not found" in str(err.value)
    assert not isinstance(err.value, AuthError)


def test_the_service_account_token_comes_from_a_real_rsa_signed_jwt(
        emulator: SheetsEmulator, seeded: str, sa_key: Path) -> None:
    open_backend(seeded, sa_key).read()
    grants = emulator.requests("oauth")
    assert grants and grants[0]["summary"] == {
        "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer"}
    assert grants[0]["status"] == 200
    assert SA_EMAIL in emulator.issuer.service_accounts  # so its signature was checked


def test_a_key_the_emulator_does_not_trust_is_refused_with_advice(
        emulator: SheetsEmulator, seeded: str, tmp_path: Path) -> None:
    info, _ = make_service_account(f"{emulator.url}/token", SA_EMAIL)  # new key, not registered
    key = tmp_path / "stale.json"
    key.write_text(json.dumps(info), encoding="utf-8")
    with pytest.raises(AuthError) as err:
        open_backend(seeded, key).read()
    assert f"Google refused a token for service account {SA_EMAIL}" in str(err.value)
    assert "create a new key" in str(err.value)


def test_an_expired_access_token_is_refreshed_transparently(
        emulator: SheetsEmulator, seeded: str, sa_key: Path) -> None:
    backend = open_backend(seeded, sa_key)
    backend.read()
    emulator.issuer.expire_all()
    backend.read()
    assert [r["status"] for r in emulator.requests()] == [200, 401, 200]


def test_an_authorized_user_token_file_works(emulator: SheetsEmulator, seeded: str,
                                             tmp_path: Path) -> None:
    token = user_token_file(emulator, tmp_path / "authorized_user.json")
    assert open_backend(seeded, token).read().titles == ["OKRs", "Check-ins"]
    assert emulator.requests("oauth")[0]["summary"] == {"grant_type": "refresh_token"}


def test_a_revoked_user_token_says_to_sign_in_again(emulator: SheetsEmulator, seeded: str,
                                                    tmp_path: Path) -> None:
    token = user_token_file(emulator, tmp_path / "authorized_user.json", "1//revoked")
    emulator.issuer.revoked.add("1//revoked")
    with pytest.raises(AuthError) as err:
        open_backend(seeded, token).read()
    assert "expired or revoked" in str(err.value) and "sign in again" in str(err.value)


def test_a_403_for_a_user_token_asks_to_share_with_that_account(
        emulator: SheetsEmulator, seeded: str, tmp_path: Path) -> None:
    token = user_token_file(emulator, tmp_path / "authorized_user.json")
    emulator.spreadsheets[seeded].private = True
    with pytest.raises(AuthError, match="the Google account signed in with"):
        open_backend(seeded, token).read()


def test_no_credentials_anywhere_fails_in_one_line_listing_where_it_looked(
        emulator: SheetsEmulator, seeded: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    with pytest.raises(AuthError) as err:
        GSheetsBackend(seeded, GoogleConfig())
    message = str(err.value)
    assert "\n" not in message
    assert "google.credentials" in message and "GOOGLE_APPLICATION_CREDENTIALS" in message
    assert str(tmp_path / ".config/gspread/service_account.json") in message
    assert str(tmp_path / ".config/gspread/authorized_user.json") in message
    assert emulator.requests(None) == []


@pytest.mark.parametrize("where", [
    pytest.param("env", id="GOOGLE_APPLICATION_CREDENTIALS is used when the config names none"),
    pytest.param("gspread", id="gspread's default service_account.json is used last"),
])
def test_credentials_are_found_where_people_put_them(
        emulator: SheetsEmulator, seeded: str, sa_key: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    if where == "env":
        monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(sa_key))
    else:
        target = tmp_path / ".config" / "gspread" / "service_account.json"
        target.parent.mkdir(parents=True)
        target.write_bytes(sa_key.read_bytes())
    backend = GSheetsBackend(seeded, GoogleConfig(), retry=fast_retry())
    assert backend.credentials.email == SA_EMAIL
    assert backend.read().titles == ["OKRs", "Check-ins"]


def test_a_published_to_web_link_is_refused_with_the_link_to_use() -> None:
    with pytest.raises(SourceError, match="published-to-web link cannot be synced"):
        GSheetsBackend("https://docs.google.com/spreadsheets/d/e/2PACX-1vQ/pubhtml", GoogleConfig())
