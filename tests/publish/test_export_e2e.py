"""Migration end to end: a folder of workbooks in different layouts → SQLite through the real CLI,
checked against `sheetsync score --json` of each workbook."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sheetsync", *args], capture_output=True,
                          text=True, timeout=120)


def _merged_layout(path: Path) -> None:
    """A third layout: objective cells merged over their KR rows, cycle in a title cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "OKRs"
    ws["A1"] = "Support OKRs 2026-Q4"
    ws.append([])
    ws.append(["Objective", "Key Result", "Owner", "Baseline", "Target", "Current"])
    ws.append(["Answer faster", "Cut first reply from 10 h to 2 h", "Sam", 10, 2, 6])
    ws.append([None, "Raise CSAT from 80% to 90%", "Ivy", 0.8, 0.9, 0.86])
    ws.append(["Fewer tickets", "Cut tickets from 500 to 300 a week", "Sam", 500, 300, 450])
    ws.append([None, "Publish 20 help articles", "Ivy", 0, 20, 5])
    ws.merge_cells("A4:A5")
    ws.merge_cells("A6:A7")
    wb.save(path)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    f = tmp_path / "okrs"
    f.mkdir()
    shutil.copy(ROOT / "templates" / "flat.xlsx", f / "2026-Q4 company.xlsx")
    shutil.copy(ROOT / "templates" / "grouped.xlsx", f / "2026-Q4 engineering.xlsx")
    _merged_layout(f / "2026-Q4 support.xlsx")
    return f


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_a_folder_exports_to_sqlite_with_the_scores_of_score_json(folder: Path,
                                                                 tmp_path: Path) -> None:
    db = tmp_path / "okrs.sqlite"
    r = cli("export", str(folder), "--to", str(db), "--as-of", "2026-11-15")
    assert r.returncode == 0, r.stderr
    for workbook in sorted(folder.glob("*.xlsx")):
        doc = json.loads(cli("score", str(workbook), "--json", "--as-of", "2026-11-15").stdout)
        got = dict(_rows(db, f"""
            SELECT k.id, s.score FROM scores s JOIN key_results k ON k.pk = s.kr_pk
            JOIN cycles c ON c.pk = k.cycle_pk
            WHERE c.source = '{workbook}' AND s.as_of = '2026-11-15'"""))
        want = {kr["id"]: kr["score"] for kr in doc["key_results"]}
        assert got.keys() == want.keys() and want, workbook.name
        for kr_id, score in want.items():
            assert got[kr_id] == pytest.approx(score, abs=1e-9), (workbook.name, kr_id)
        n_obj = _rows(db, f"SELECT count(*) FROM objectives o JOIN cycles c ON c.pk = "
                          f"o.cycle_pk WHERE c.source = '{workbook}'")[0][0]
        assert n_obj == len(doc["objectives"])

    before = db.read_bytes()
    again = cli("export", str(folder), "--to", str(db), "--as-of", "2026-11-15")
    assert again.returncode == 0
    assert db.read_bytes() == before, "a second run changes no row"

    n_krs = _rows(db, "SELECT count(*) FROM key_results")[0][0]
    n_scores = _rows(db, "SELECT count(*) FROM scores")[0][0]
    later = cli("export", str(folder), "--to", str(db), "--as-of", "2026-11-22")
    assert later.returncode == 0
    assert _rows(db, "SELECT count(*) FROM scores")[0][0] == n_scores + n_krs
    assert _rows(db, "SELECT count(*) FROM scores WHERE as_of = '2026-11-22'")[0][0] == n_krs


def test_a_hyperlink_title_comes_out_of_the_csv_export_guarded(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "OKRs"
    ws.append(["Objective", "Key Result", "Baseline", "Target", "Current"])
    ws.append(["Grow", '=HYPERLINK("http://evil","click")', 0, 10, 5])
    ws["B2"].data_type = "s"  # text that looks like a formula, as a user may paste it
    wb.save(tmp_path / "okrs.xlsx")
    r = cli("export", str(tmp_path / "okrs.xlsx"), "--to", str(tmp_path / "csv"))
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "csv" / "key_results.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in text
    assert ',=HYPERLINK(' not in text and '"=HYPERLINK(' not in text
