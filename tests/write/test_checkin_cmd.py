"""`sheetsync checkin`: appends a validated check-in row or week cell; refuses unknown KRs."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from sheetsync import pipeline
from sheetsync.config import Config, load_config
from sheetsync.errors import UsageError
from sheetsync.write.checkin_add import NewCheckIn

ROOT = Path(__file__).resolve().parents[2]


def _copy(tmp_path: Path, template: str) -> tuple[Path, Config]:
    path = tmp_path / "okrs.xlsx"
    shutil.copy(ROOT / "templates" / f"{template}.xlsx", path)
    return path, load_config(ROOT / "templates" / f"{template}.toml")


def test_a_check_in_row_is_appended_and_then_wins(tmp_path: Path) -> None:
    path, config = _copy(tmp_path, "flat")
    new = NewCheckIn("CO2.2", "6", dt.date(2026, 11, 16), confidence="high", note="=cmd|x")
    pipeline.add_checkin(str(path), new, config)
    ws = openpyxl.load_workbook(path)["Check-ins"]
    last = [c.value for c in ws[ws.max_row]]
    assert last[:5] == ["CO2.2", dt.datetime(2026, 11, 16), 6, 0.9, "=cmd|x"]
    assert ws.cell(ws.max_row, 5).data_type == "s", "a note starting with = stays text"
    kr = next(k for k in pipeline.run(str(path), config, dt.date(2026, 11, 16))
              .scorecard.key_results if k.id == "CO2.2")
    assert (kr.current, kr.score, kr.last_checkin) == (6, 0.5, dt.date(2026, 11, 16))


def test_a_week_column_is_filled_when_there_is_no_check_in_tab(tmp_path: Path) -> None:
    path, config = _copy(tmp_path, "grouped")
    plan = pipeline.add_checkin(str(path), NewCheckIn("O1.KR1", "500", dt.date(2026, 11, 18)),
                                config)
    assert [str(c) for c in plan.changes] == ["Q4 2026!M5: (blank) → 500.0"]
    assert openpyxl.load_workbook(path)["Q4 2026"]["M5"].value == 500


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (NewCheckIn("NOPE", "5", dt.date(2026, 11, 16)), "KR 'NOPE' does not exist"),
        (NewCheckIn("CO2.2", "lots", dt.date(2026, 11, 16)), "VALUE: 'lots' is not a number"),
        (NewCheckIn("CO2.2", "5", dt.date(2027, 1, 5)), "outside the cycle 2026-Q4"),
    ],
    ids=["an unknown KR id", "a value that is not a number", "a date after the cycle"],
)
def test_bad_check_ins_are_refused_and_nothing_is_written(
    tmp_path: Path, new: NewCheckIn, message: str
) -> None:
    path, config = _copy(tmp_path, "flat")
    before = path.read_bytes()
    with pytest.raises(UsageError, match=message):
        pipeline.add_checkin(str(path), new, config)
    assert path.read_bytes() == before


def test_checkin_json_prints_the_row_it_wrote(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    path, _ = _copy(tmp_path, "flat")
    done = subprocess.run(
        [sys.executable, "-m", "sheetsync", "checkin", str(path), "CO2.2", "7", "--date",
         "2026-11-17", "--config", str(ROOT / "templates" / "flat.toml"), "--json"],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["written"] is True
    news = {c["new"] for c in data["changes"] if c["sheet"] == "Check-ins"}
    assert {"CO2.2", "2026-11-17", 7} <= news
