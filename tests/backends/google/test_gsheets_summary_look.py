"""The summary tab in Google Sheets looks finished: widths, frozen title rows, scores as 0.00,
status cells coloured by status (synced against the emulator)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from google_support import open_backend

from sheetsync import pipeline
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.config import load_config
from sheetsync.testing import SheetsEmulator
from sheetsync.testing.seeding import seed_book
from sheetsync.write.summary_layout import column_pixels
from sheetsync.write.writeplan import STATUS_FILLS

pytest_plugins = ["google_fixtures"]

ROOT = Path(__file__).resolve().parents[3]
SUMMARY = "OKR Summary"


def close(colour: dict[str, float], rrggbb: str) -> bool:
    """The API's colour is RRGGBB within one step a channel (Sheets keeps 0..1 its own way)."""
    want = [int(rrggbb[i:i + 2], 16) for i in (0, 2, 4)]
    got = [colour.get(k, 0.0) * 255 for k in ("red", "green", "blue")]
    return all(abs(g - w) < 1.5 for g, w in zip(got, want, strict=True))


@pytest.fixture
def synced(emulator: SheetsEmulator, sa_key: Path) -> tuple[SheetsEmulator, str,
                                                             pipeline.RunResult]:
    with XlsxBackend(ROOT / "templates" / "flat.xlsx") as xlsx:
        sid = seed_book(emulator, xlsx.read())
    config = load_config(ROOT / "templates" / "flat.toml")
    result = pipeline.run(open_backend(sid, sa_key), config, dt.date(2026, 11, 15),
                          until="apply")
    return emulator, sid, result


def test_the_summary_tab_gets_its_widths_and_frozen_title_rows(
        synced: tuple[SheetsEmulator, str, pipeline.RunResult]) -> None:
    emulator, sid, result = synced
    tab = emulator.spreadsheets[sid].by_title(SUMMARY)
    assert tab is not None and result.plan is not None and result.plan.summary is not None
    planned = result.plan.summary
    assert tab.frozen_rows == planned.frozen_rows == 2
    assert tab.column_pixels == {i: column_pixels(w) for i, w in enumerate(planned.widths)}


def test_status_cells_are_coloured_by_status_and_scores_formatted(
        synced: tuple[SheetsEmulator, str, pipeline.RunResult]) -> None:
    emulator, sid, result = synced
    tab = emulator.spreadsheets[sid].by_title(SUMMARY)
    assert tab is not None
    header = next(r for (r, c), cell in tab.cells.items() if c == 0 and cell.value == "ID"
                  and tab.cells[(r, 1)].value == "Score")
    seen = set()
    for o in result.scorecard.objectives:
        header += 1
        status = tab.cells[(header, 2)]
        assert status.value == o.status.value
        assert close(status.fmt["backgroundColor"], STATUS_FILLS[o.status.value])
        assert tab.cells[(header, 1)].fmt["numberFormat"]["pattern"] == "0.00"
        seen.add(o.status.value)
    assert len(seen) > 1, "the template has objectives of more than one status"


def test_added_status_columns_take_the_header_look_a_width_and_status_colours(
        emulator: SheetsEmulator, sa_key: Path) -> None:
    with XlsxBackend(ROOT / "templates" / "flat.xlsx") as xlsx:
        sid = seed_book(emulator, xlsx.read())
    okrs = emulator.spreadsheets[sid].by_title("OKRs")
    assert okrs is not None
    okrs.set(2, 0, replace(okrs.cells[(2, 0)], fmt={"textFormat": {"bold": True},
                                                     "backgroundColor": {"blue": 0.8}}))
    for c in range(1, 16):  # the table's header row has one look
        if (2, c) in okrs.cells:
            okrs.set(2, c, replace(okrs.cells[(2, c)], fmt=dict(okrs.cells[(2, 0)].fmt)))
    config = load_config(ROOT / "templates" / "flat.toml")
    result = pipeline.run(open_backend(sid, sa_key), config, dt.date(2026, 11, 15),
                          until="apply")
    assert result.plan is not None
    okrs = emulator.spreadsheets[sid].by_title("OKRs")  # a batch replaces the stored sheet
    assert okrs is not None
    added = {ch.col - 1: ch.new for ch in result.plan.changes if ch.like is not None}
    assert set(added.values()) >= {"Progress", "Score", "Status", "Last check-in"}
    for c, name in added.items():
        cell = okrs.cells[(2, c)]
        assert cell.value == name
        assert cell.fmt["textFormat"]["bold"] and "backgroundColor" in cell.fmt
        assert okrs.column_pixels[c] >= column_pixels(len(str(name)))
    status_col = next(c for c, name in added.items() if name == "Status")
    for (r, c), cell in okrs.cells.items():
        if c == status_col and r > 2 and cell.value:
            assert close(cell.fmt["backgroundColor"], STATUS_FILLS[str(cell.value)])
