"""Golden dry-run plans of the starter workbooks: any change in what a sync writes shows up here.

Regenerate after an intended change with SHEETSYNC_UPDATE_GOLDEN=1 and review the diff."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from sheetsync import pipeline
from sheetsync.cli import text as report
from sheetsync.config import load_config

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize("template", ["flat", "grouped"],
                         ids=["flat workbook with a check-in tab",
                              "grouped workbook with weekly columns"])
def test_dry_run_plan_matches_the_golden_file(tmp_path: Path, template: str) -> None:
    book = tmp_path / "okrs.xlsx"
    shutil.copy(ROOT / "templates" / f"{template}.xlsx", book)
    config = load_config(ROOT / "templates" / f"{template}.toml")
    result = pipeline.run(str(book), config, dt.date(2026, 11, 15), until="plan")
    assert result.plan is not None
    summary = result.plan.summary
    assert summary is not None
    text = report.render_plan(result.plan) + "\n\n" + "\n".join(
        "\t".join("" if v is None else str(v) for v in row) for row in summary.rows) + "\n"
    text += "\n" + "".join(chart.describe(summary.title) + "\n" for chart in summary.charts)
    golden = GOLDEN / f"{template}.txt"
    if os.environ.get("SHEETSYNC_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
