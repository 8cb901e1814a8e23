"""The emulator against real recorded Sheets API traffic: same statuses, same keys and value types.

The recordings (gspread's test cassettes, MIT) are read from ../shared/sheets-api-recordings and
the tests are skipped when they are absent. Each file is replayed in order against the emulator:
spreadsheets the recording created through Drive are created first, ids Google chose for new tabs
are reused, and every Sheets call's response is compared with the recorded one, recursively.
"""

from __future__ import annotations

import json

import pytest
from google_support import api_token
from recordings_replay import RECORDINGS, Recording, replay, shape

from sheetsync.testing import SheetsEmulator

pytest_plugins = ["google_fixtures"]

pytestmark = pytest.mark.skipif(not RECORDINGS.is_dir(),
                                reason=f"recorded API traffic not present at {RECORDINGS}")

SHEETSYNC_ENDPOINTS = {"spreadsheets.get", "values.batchGet", "values.batchUpdate",
                       "spreadsheets.batchUpdate", "values.get", "values.update"}
"""What the backend and gspread's open_by_key call (values.get/update for library users)."""
SHEETSYNC_REQUESTS = {"addSheet", "updateCells", "appendDimension", "updateSheetProperties",
                      "unmergeCells"}
"""The spreadsheets.batchUpdate requests a sync sends."""


def _recordings() -> list[Recording]:
    if not RECORDINGS.is_dir():
        return []
    return [Recording.load(p) for p in sorted(RECORDINGS.glob("*.json"))]


ALL = _recordings()
REPLAYABLE = [r for r in ALL if not r.unsupported()]


@pytest.mark.parametrize(
    "recording", REPLAYABLE,
    ids=[f"{r.path.stem} replays with the recorded shapes" for r in REPLAYABLE])
def test_recorded_calls_get_responses_of_the_same_shape(emulator: SheetsEmulator,
                                                        recording: Recording) -> None:
    outcomes = replay(recording, emulator, api_token(emulator))
    assert outcomes
    for o in outcomes:
        where = f"{o.endpoint} {o.uri}"
        assert o.status == o.recorded_status, f"{where}: {json.dumps(o.emulated)[:300]}"
        assert shape(o.emulated) == shape(o.recorded), (
            f"{where}\nrecorded: {json.dumps(o.recorded)[:600]}\n"
            f"emulated: {json.dumps(o.emulated)[:600]}")


def test_the_replayed_recordings_cover_every_endpoint_and_error_sheetsync_meets() -> None:
    covered = {(i.endpoint, i.status) for r in REPLAYABLE for i in r.interactions if i.endpoint}
    assert {e for e, status in covered if status == 200} >= SHEETSYNC_ENDPOINTS
    assert {status for e, status in covered if e == "spreadsheets.get"} >= {200, 403, 404}
    kinds = {next(iter(req)) for r in REPLAYABLE for i in r.interactions
             if i.endpoint == "spreadsheets.batchUpdate" and i.body
             for req in json.loads(i.body)["requests"]}
    assert kinds >= SHEETSYNC_REQUESTS - {"appendDimension"}  # no recording grows a grid


def test_only_recordings_of_features_sheetsync_never_uses_are_skipped() -> None:
    assert len(REPLAYABLE) >= 45
    for recording in ALL:
        for reason in recording.unsupported():
            assert reason not in SHEETSYNC_ENDPOINTS, (recording.path.name, reason)
            kinds = reason.removeprefix("batchUpdate:").split(",")
            assert not SHEETSYNC_REQUESTS & set(kinds), (recording.path.name, reason)

