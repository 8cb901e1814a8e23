"""Outputs that cannot hurt inputs: export and report refuse a target that is a source, `-` and
/dev/stdout are the stream, a device is written into and never replaced; a missing folder is
made, a full disk or an over-long name is one line."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AS_OF = ["--as-of", "2026-11-15"]


def sheetsync(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sheetsync", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    r = sheetsync("init", str(tmp_path / "demo"))
    assert r.returncode == 0, r.stderr
    return tmp_path / "demo" / "okrs.xlsx"


def one_error(r: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in r.stderr + r.stdout
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


def _link(demo: Path, how: str) -> str:
    if how == "symlink":
        (demo.parent / "current.xlsx").symlink_to(demo)
        return "current.xlsx"
    if how == "hard link":
        os.link(demo, demo.parent / "same.xlsx")
        return "same.xlsx"
    return "./okrs.xlsx" if how == "another spelling" else "okrs.xlsx"


@pytest.mark.parametrize("command", ["export-json", "export-sqlite", "report"])
@pytest.mark.parametrize("how", ["the same name", "another spelling", "symlink", "hard link"])
def test_an_output_that_is_the_source_is_refused_and_the_workbook_kept(
        demo: Path, command: str, how: str) -> None:
    target = _link(demo, how)
    before = demo.read_bytes()
    args = {"export-json": ["export", "okrs.xlsx", "--to", target, "--format", "json"],
            "export-sqlite": ["export", "okrs.xlsx", "--to", target, "--format", "sqlite"],
            "report": ["report", "okrs.xlsx", "--html", target]}[command]
    r = sheetsync("-q", *args, *AS_OF, cwd=demo.parent)
    option = "--html" if command == "report" else "--to"
    assert r.returncode == 2
    assert one_error(r) == (f"error: {option} {Path(target)}: is the source okrs.xlsx; sheetsync "
                            "never writes over its input: give another file name")
    assert demo.read_bytes() == before and stat.S_ISREG(demo.lstat().st_mode)


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
@pytest.mark.parametrize("command", ["export", "report"])
def test_dash_and_dev_stdout_are_the_stream(demo: Path, target: str, command: str) -> None:
    args = ["export", "okrs.xlsx", "--to", target] if command == "export" else \
        ["report", "okrs.xlsx", "--html", target]
    r = sheetsync(*args, *AS_OF, cwd=demo.parent)
    assert r.returncode == 0, r.stderr
    if command == "export":
        assert json.loads(r.stdout)["as_of"] == "2026-11-15"
    else:
        assert r.stdout.startswith("<!DOCTYPE html>") and "wrote" not in r.stdout
    assert not (demo.parent / "-").exists()


def test_a_character_device_is_written_into_never_replaced(demo: Path) -> None:
    before = os.stat("/dev/null")
    r = sheetsync("export", "okrs.xlsx", "--to", "/dev/null", "--format", "json", *AS_OF,
                  cwd=demo.parent)
    assert r.returncode == 0, r.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert (after.st_mode, after.st_uid) == (before.st_mode, before.st_uid)


@pytest.mark.parametrize(("args", "code", "expected"), [
    (["export", "okrs.xlsx", "--to", "/dev/full", "--format", "json"], 1,
     "error: cannot write /dev/full: no space left on the device"),
    (["report", "okrs.xlsx", "--html", "/dev/full"], 1,
     "error: cannot write /dev/full: no space left on the device"),
    (["export", "okrs.xlsx", "--to", "x" * 300 + ".json"], 1,
     "error: cannot write " + "x" * 119 + "… (305 chars): the name is too long for the file "
     "system"),
    (["report", "okrs.xlsx", "--html", "okrs.xlsx/report.html"], 1,
     "error: cannot write okrs.xlsx/report.html: okrs.xlsx is a file, not a folder"),
    (["export", "okrs.xlsx", "--to", "-", "--format", "csv"], 2,
     "error: --to -: standard output takes one JSON document; csv writes files: give a file or "
     "folder"),
    (["export", "okrs.xlsx", "--to", "-", "--format", "sqlite"], 2,
     "error: --to -: standard output takes one JSON document; sqlite writes files: give a file "
     "or folder"),
    (["export", "okrs.xlsx", "--to", ".", "--format", "json"], 2,
     "error: --to .: is a folder; give a file name, or - for standard output"),
], ids=["an export onto a full disk is one line",
        "a report onto a full disk is one line",
        "a file name too long is one line",
        "a report into a folder that is a file is one line",
        "csv to standard output is refused",
        "sqlite to standard output is refused",
        "a JSON export onto a folder is refused"])
def test_an_output_that_cannot_be_written_is_one_line(demo: Path, args: list[str], code: int,
                                                      expected: str) -> None:
    before = demo.read_bytes()
    r = sheetsync("-q", *args, *AS_OF, cwd=demo.parent)
    assert r.returncode == code
    assert one_error(r) == expected
    assert demo.read_bytes() == before


def test_a_report_into_a_missing_folder_makes_the_folder(demo: Path) -> None:
    r = sheetsync("report", "okrs.xlsx", "--html", "out/week 47/report.html", *AS_OF,
                  cwd=demo.parent)
    assert r.returncode == 0, r.stderr
    assert (demo.parent / "out" / "week 47" / "report.html").read_text().startswith("<!DOCTYPE")
