"""Fixtures for the Google Sheets tests: a running emulator and a service-account key.

Test modules load them with `pytest_plugins = ["google_fixtures"]`; helpers are in google_support.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from google_support import SA_EMAIL, Api, okr_book

from sheetsync.backends.google.auth import forget_shared_credentials
from sheetsync.testing import SheetsEmulator, running_emulator, seed_book, write_service_account


@pytest.fixture(scope="session")
def _emulator_server() -> Iterator[SheetsEmulator]:
    with running_emulator(seed=7) as emu:
        yield emu


@pytest.fixture
def emulator(_emulator_server: SheetsEmulator,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[SheetsEmulator]:
    """The shared emulator with an empty request log and no faults; the backend pointed at it."""
    emu = _emulator_server
    with emu.lock:
        emu.log.clear()
        emu.faults.clear()
    monkeypatch.setenv("SHEETSYNC_SHEETS_ENDPOINT", emu.url)
    # Each test fetches its own token: the process-wide one per credentials file starts afresh.
    forget_shared_credentials()
    # Every backend of a process shares one per-minute budget; each test starts with a fresh
    # one, as each run of the command does, instead of waiting out the budget earlier tests spent.
    monkeypatch.setattr("sheetsync.backends.google.ratelimit._SHARED", {})
    yield emu
    with emu.lock:
        emu.faults.clear()


@pytest.fixture(scope="session")
def sa_key(_emulator_server: SheetsEmulator, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A service-account key file with a real RSA key, registered with the emulator."""
    path = tmp_path_factory.mktemp("google") / "service_account.json"
    write_service_account(_emulator_server, path, SA_EMAIL)
    return path


@pytest.fixture
def seeded(emulator: SheetsEmulator) -> str:
    """A spreadsheet holding okr_book(), in the emulator."""
    return seed_book(emulator, okr_book())


@pytest.fixture
def api(emulator: SheetsEmulator) -> Api:
    """Raw /v4 calls to the emulator with a valid token."""
    return Api(emulator)
