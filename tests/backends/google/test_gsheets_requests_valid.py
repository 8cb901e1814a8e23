"""sheetsync's real requests against the strict emulator (Google's Discovery document and chart
rules): the sample workbooks and a narrow summary tab sync with no call refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from google_support import open_backend

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


@pytest.mark.parametrize(("rows", "cols"), [(40, 10), (5, 3), (12, 26)],
                         ids=["a summary tab of 10 columns is widened for the charts",
                              "a tiny summary tab grows to hold the table and the charts",
                              "a summary tab too short for its rows grows down"])
def test_a_narrow_summary_tab_gets_its_charts_inside_the_grid(
        emulator: SheetsEmulator, sa_key: Path, rows: int, cols: int) -> None:
    spec = spec_from_xlsx(ROOT / "templates" / "flat.xlsx")
    spec["sheets"].append({"title": "OKR Summary", "rowCount": rows, "columnCount": cols,
                           "rows": [["kept by nobody"]]})
    sid = emulator.create_spreadsheet(spec)
    config = load_config(ROOT / "templates" / "flat.toml")
    result = pipeline.run(open_backend(sid, sa_key), config, DAY1, until="apply")
    assert result.applied and refused(emulator) == []
    tab = emulator.spreadsheets[sid].by_title("OKR Summary")
    assert tab is not None and len(tab.charts) == 2
    for chart in tab.charts:
        anchor = chart["position"]["overlayPosition"]["anchorCell"]
        assert anchor["rowIndex"] < tab.row_count and anchor["columnIndex"] < tab.col_count


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
