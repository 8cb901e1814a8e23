"""sheetsync's real requests against the strict emulator (Google's Discovery document and chart
rules): the sample workbooks and a narrow summary tab sync with no call refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from google_support import Api, open_backend

from sheetsync import pipeline
from sheetsync.config import Config, load_config
from sheetsync.errors import SheetsyncError
from sheetsync.testing import SheetsEmulator
from sheetsync.testing.seeding import spec_from_xlsx

pytest_plugins = ["google_fixtures"]

ROOT = Path(__file__).resolve().parents[3]
DAY1, DAY2 = dt.date(2026, 11, 1), dt.date(2026, 11, 15)


def refused(emu: SheetsEmulator) -> list[dict[str, Any]]:
    return [r for r in emu.requests() if r["status"] == 400]


@pytest.mark.parametrize("cols", [5, 1],
                         ids=["a summary tab cut to 5 columns is widened for the charts",
                              "a summary tab cut to 1 column is widened for the charts"])
def test_charts_drawn_again_on_a_narrowed_summary_tab_are_inside_the_grid(
        emulator: SheetsEmulator, sa_key: Path, api: Api, cols: int) -> None:
    sid = emulator.create_spreadsheet(spec_from_xlsx(ROOT / "templates" / "flat.xlsx"))
    config = load_config(ROOT / "templates" / "flat.toml")
    first = pipeline.run(open_backend(sid, sa_key), config, DAY1, until="apply")
    assert first.plan is not None and first.plan.summary is not None
    title = first.plan.summary.title
    tab = emulator.spreadsheets[sid].by_title(title)
    assert tab is not None and len(tab.charts) == 2
    # A person deletes the charts and the columns right of the tables.
    api.ok("POST", f"{sid}:batchUpdate", {"requests": [
        *({"deleteEmbeddedObject": {"objectId": c["chartId"]}} for c in tab.charts),
        {"updateSheetProperties": {"properties": {"sheetId": tab.sheet_id, "gridProperties": {
            "columnCount": cols}}, "fields": "gridProperties.columnCount"}}]})
    emulator.clear_requests()
    again = pipeline.run(open_backend(sid, sa_key), config, DAY1, until="apply")
    assert again.applied and refused(emulator) == []
    tab = emulator.spreadsheets[sid].by_title(title)
    assert tab is not None and len(tab.charts) == 2
    for chart in tab.charts:
        anchor = chart["position"]["overlayPosition"]["anchorCell"]
        assert anchor["rowIndex"] < tab.row_count and anchor["columnIndex"] < tab.col_count
    assert tab.col_count >= max(c.anchor[1] for c in again.plan.summary.charts)  # type: ignore[union-attr]


def _sample_sync(emu: SheetsEmulator, key: Path, path: Path, config: Config) -> None:
    sid = emu.create_spreadsheet(spec_from_xlsx(path))
    for day in (DAY1, DAY2):
        try:
            pipeline.run(open_backend(sid, key), config, day, until="apply")
        except SheetsyncError as e:
            assert "refused" not in str(e), f"{path.name}: {e}"


@pytest.mark.samples
def test_every_sample_workbook_syncs_with_no_request_google_would_refuse(
        emulator: SheetsEmulator, sa_key: Path, samples_dir: Path) -> None:
    config = Config()
    synced = 0
    for path in sorted(samples_dir.glob("*.xlsx")):
        emulator.clear_requests()
        _sample_sync(emulator, sa_key, path, config)
        assert refused(emulator) == [], path.name
        synced += any(r["endpoint"] == "spreadsheets.batchUpdate" for r in emulator.requests())
    assert synced >= 3, "most samples hold an OKR table, so their syncs write"
