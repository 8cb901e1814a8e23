"""A newcomer's first hour on the terminal: init says what to do next, sync finds the config
init wrote, check warns about stale KRs, score marks them, a long problem list stays readable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sheetsync.cli.text import TTY_PROBLEMS, capped, stale_warning
from sheetsync.models import Problem

AS_OF = ["--as-of", "2026-11-22"]


def sheetsync(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sheetsync", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("first-hour")
    r = sheetsync("init", "team", cwd=root)
    assert r.returncode == 0, r.stderr
    assert "Next steps:" in r.stdout
    return root / "team"


def test_init_prints_the_next_steps(tmp_path: Path) -> None:
    r = sheetsync("init", "okrs", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    for step in ("cd okrs", "sheetsync sync", "OKR Summary", "sheetsync report --html",
                 "set `source` in config.toml", "sheetsync check", "docs/google-sheets.md"):
        assert step in r.stdout, step


def test_sync_inside_the_folder_init_made_needs_no_source(folder: Path) -> None:
    r = sheetsync("sync", "--dry-run", *AS_OF, cwd=folder)
    assert r.returncode == 0, r.stderr
    assert "okrs.xlsx" in r.stdout and "OKR Summary: replaced" in r.stdout


def test_check_warns_about_stale_key_results(folder: Path) -> None:
    r = sheetsync("check", *AS_OF, cwd=folder)
    assert r.returncode == 0, r.stderr
    assert ("warning  6 of 10 key results are stale (no check-in in the last 14 days): "
            "CO1.2, CO1.3, CO2.2, PR1.2, PR1.3, SA1.2\n") in r.stdout


def test_score_marks_stale_key_results(folder: Path) -> None:
    r = sheetsync("score", *AS_OF, cwd=folder)
    assert r.returncode == 0, r.stderr
    lines = {line.split()[0]: line for line in r.stdout.splitlines() if line.strip()}
    assert lines["CO1.2"].endswith("2026-11-06 STALE")
    assert lines["CO1.3"].endswith("never STALE")
    assert lines["CO1.1"].endswith("2026-11-13")
    assert "3 of 10 key results on track; score 0.37 against an expected pace of 0.57; " \
           "6 stale" in r.stdout


def problems(n: int, errors: int = 0) -> list[Problem]:
    return [Problem(severity="error" if i >= n - errors else "warning", sheet="OKRs",
                    cell=f"A{i + 2}", message="no owner") for i in range(n)]


@pytest.mark.parametrize(("n", "errors", "tty", "shown", "more"), [
    (TTY_PROBLEMS, 0, True, TTY_PROBLEMS, None),
    (TTY_PROBLEMS + 1, 0, True, TTY_PROBLEMS, "… and 1 more problem"),
    (20_000, 3, True, TTY_PROBLEMS, "… and 19950 more problems"),
    (20_000, 0, False, 20_000, None),
], ids=["a terminal shows fifty problems in full",
        "one more and the terminal shows a count of the rest",
        "twenty thousand on a terminal are fifty lines and a count, errors first",
        "a pipe gets every problem"])
def test_a_terminal_shows_the_first_problems_and_a_count(
        n: int, errors: int, tty: bool, shown: int, more: str | None) -> None:
    out, line = capped(problems(n, errors), tty)
    assert len(out) == shown
    if more is None:
        assert line is None
    else:
        assert line is not None and line.startswith(more)
        assert "--json" in line and "Problems column" in line
    assert sum(p.severity == "error" for p in out) == errors, "errors are never left out"


def test_the_stale_warning_names_ten_and_counts_the_rest() -> None:
    import datetime as dt

    from sheetsync.models import Cycle, Scorecard, ScoredKeyResult
    krs = [ScoredKeyResult(id=f"K{i}", objective_id="O1", title="t", stale=i % 2 == 0)
           for i in range(30)]
    sc = Scorecard(as_of=dt.date(2026, 11, 1), key_results=krs,
                   cycle=Cycle(name="Q", start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31)))
    line = stale_warning(sc, 14)
    assert line == ("warning  15 of 30 key results are stale (no check-in in the last 14 days): "
                    "K0, K2, K4, K6, K8, K10, K12, K14, K16, K18 and 5 more")
