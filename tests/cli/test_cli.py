"""The CLI contract: every command has help and is in the README, exit codes, exact error lines."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sheetsync.cli.commands import cli

ROOT = Path(__file__).resolve().parents[2]
AS_OF = ["--as-of", "2026-11-15"]


def sheetsync(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real entry point in a child process: exit code, stdout and stderr as a user sees them."""
    return subprocess.run([sys.executable, "-m", "sheetsync", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert cli.commands[name].help, f"{name} has no help text"
    assert f"sheetsync {name}" in (ROOT / "README.md").read_text()


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    r = sheetsync("init", str(tmp_path / "demo"))
    assert r.returncode == 0, r.stderr
    return tmp_path / "demo" / "okrs.xlsx"


def test_init_sync_and_a_second_sync_that_writes_nothing(demo: Path) -> None:
    first = sheetsync("sync", str(demo), *AS_OF)
    assert first.returncode == 0, first.stderr
    assert "OKRs!R4: (blank) → \"On track\"" in first.stdout
    before = (demo.read_bytes(), demo.stat().st_mtime_ns)
    second = sheetsync("sync", str(demo), *AS_OF)
    assert second.returncode == 0
    assert "up to date, nothing to write" in second.stdout
    assert (demo.read_bytes(), demo.stat().st_mtime_ns) == before
    ws = openpyxl.load_workbook(demo)["OKR Summary"]
    assert ws["A1"].value == "OKR Summary"


def test_dry_run_prints_the_changes_and_writes_nothing(demo: Path) -> None:
    before = demo.read_bytes()
    r = sheetsync("sync", str(demo), "--dry-run", *AS_OF)
    assert r.returncode == 0
    assert 'OKRs!Q3: (blank) → "Score"' in r.stdout
    assert "OKR Summary: replaced" in r.stdout
    assert demo.read_bytes() == before


def test_sync_json_says_what_it_wrote_and_then_that_it_is_up_to_date(demo: Path) -> None:
    dry = json.loads(sheetsync("sync", str(demo), "--dry-run", "--json", *AS_OF).stdout)
    assert dry["written"] is False and dry["up_to_date"] is False
    assert {"sheet": "OKRs", "cell": "R4", "old": None, "new": "On track"} in dry["changes"]
    first = sheetsync("sync", str(demo), "--json", *AS_OF)
    assert first.returncode == 0, first.stderr
    done = json.loads(first.stdout)
    assert done["written"] is True
    assert done["changes"] == dry["changes"]
    assert [t["title"] for t in done["tabs"]] == ["OKR Summary", "Score history"]
    again = json.loads(sheetsync("sync", str(demo), "--json", *AS_OF).stdout)
    assert again == {"source": done["source"], "written": False, "up_to_date": True,
                     "changes": [], "tabs": []}


def test_init_refuses_to_overwrite(demo: Path) -> None:
    r = sheetsync("init", str(demo.parent))
    assert r.returncode == 2
    assert r.stderr.strip() == f"error: {demo}, {demo.parent / 'config.toml'} already exists; " \
                               "choose another folder"


def test_score_json_has_the_spec_shape(demo: Path) -> None:
    r = sheetsync("score", str(demo), "--json", *AS_OF)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert {"as_of", "cycle", "objectives", "key_results", "checkins", "problems"} <= doc.keys()
    kr = next(k for k in doc["key_results"] if k["id"] == "CO1.2")
    assert kr["direction"] == "decrease"
    assert kr["score"] == pytest.approx((10 - 6.5) / (10 - 3), abs=1e-6)
    assert kr["last_checkin"] == "2026-11-06"


def _bad_workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "OKRs"
    ws.append(["Objective", "Key Result", "Owner", "Baseline", "Target", "Current"])
    ws.append(["Grow", "Sign 10 logos", "Ann", 0, 10, 4])
    ws.append(["Grow", "Raise NPS from 30 to 50", "Bob", 30, "tbd", 35])
    wb.save(path)


def test_a_bad_cell_is_named_exactly_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    _bad_workbook(path)
    r = sheetsync("check", str(path), *AS_OF)
    assert r.returncode == 1
    assert "OKRs!E3 (Target): 'tbd' is not a number" in r.stdout
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["check", "{tmp}/missing.xlsx"], 1, "error: {tmp}/missing.xlsx: "),
        (["check", "{tmp}/old.xls"], 1, "error: {tmp}/old.xls: .xls workbooks are not supported"),
        (["check", "{tmp}/x.xlsx", "--as-of", "15.11.2026"], 2,
         "error: --as-of: '15.11.2026' is not a date in the form YYYY-MM-DD"),
        (["check", "{tmp}/x.xlsx", "--config", "{tmp}/nope.toml"], 2,
         "error: {tmp}/nope.toml: config file not found"),
        (["check"], 2, "error: no SOURCE given and the config names none"),
        (["init", "{tmp}/d", "--template", "fancy"], 2,
         "error: --template: unknown template 'fancy'; choose one of: flat, grouped"),
    ],
    ids=["a missing workbook", "an old .xls workbook", "an as-of date in the wrong form",
         "a config file that does not exist", "no source at all", "an unknown template"],
)
def test_errors_are_one_line_with_the_right_exit_code(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    shutil.copy(ROOT / "templates" / "flat.xlsx", tmp_path / "x.xlsx")
    r = sheetsync(*[a.format(tmp=tmp_path) for a in args], cwd=tmp_path)
    assert r.returncode == code, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith(message.format(tmp=tmp_path))


def test_quiet_prints_nothing_on_a_clean_sync_and_json_logs_are_json(demo: Path) -> None:
    r = sheetsync("--quiet", "sync", str(demo), *AS_OF)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    r = sheetsync("--log-format", "json", "sync", str(demo), *AS_OF)
    records = [json.loads(line) for line in r.stderr.splitlines()]
    assert records and all({"time", "level", "message"} <= rec.keys() for rec in records)
    assert records[-1]["written"] is False


def test_export_of_a_folder_reports_cycles_and_skips_a_broken_workbook(tmp_path: Path) -> None:
    folder = tmp_path / "okrs"
    folder.mkdir()
    shutil.copy(ROOT / "templates" / "flat.xlsx", folder / "2026-Q4.xlsx")
    shutil.copy(ROOT / "templates" / "grouped.xlsx", folder / "eng.xlsx")
    (folder / "broken.xlsx").write_text("not a workbook")
    r = sheetsync("export", str(folder), "--to", str(tmp_path / "okrs.sqlite"), *AS_OF)
    assert r.returncode == 1
    assert "broken.xlsx: is not an .xlsx workbook" in r.stderr
    assert "1 of 3 sources skipped" in r.stderr
    assert "2026-Q4.xlsx: cycle 2026-Q4" in r.stderr
    assert (tmp_path / "okrs.sqlite").exists()


def test_status_words_are_coloured_on_a_terminal_and_plain_when_piped() -> None:
    import datetime as dt

    from sheetsync import pipeline
    from sheetsync.cli import text as report
    from sheetsync.config import load_config

    result = pipeline.run(
        str(ROOT / "templates" / "flat.xlsx"), load_config(ROOT / "templates" / "flat.toml"),
        dt.date(2026, 11, 15))
    plain = report.render_scorecard(result.scorecard)
    coloured = report.render_scorecard(result.scorecard, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[31mOff track\x1b[0m" in coloured and "\x1b[32mOn track\x1b[0m" in coloured
    assert coloured.replace("\x1b[31m", "").replace("\x1b[32m", "").replace(
        "\x1b[33m", "").replace("\x1b[0m", "") == plain


def test_check_json_lists_problems_with_their_cells(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    _bad_workbook(path)
    r = sheetsync("check", str(path), "--json", *AS_OF)
    assert r.returncode == 1
    problems = json.loads(r.stdout)["problems"]
    bad = next(p for p in problems if p["cell"] == "E3")
    assert (bad["severity"], bad["sheet"], bad["column"]) == ("error", "OKRs", "Target")
    assert bad["message"] == "'tbd' is not a number"
