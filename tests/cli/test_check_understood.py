"""`check` shows what it understood (SPEC §8), and says which tab came closest when no OKR table
is found; `sync` on a workbook with no OKR table writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import okr_fixtures_i18n as fx
from click.testing import CliRunner

from sheetsync.cli.commands import cli

AS_OF = ["--as-of", "2026-05-10"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_check_prints_each_tabs_header_rows_fields_and_counts(tmp_path: Path) -> None:
    path = fx.save_xlsx(fx.quarter_blocks(), tmp_path / "okr.xlsx")
    code, out = run("check", str(path), *AS_OF)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[:8] == [
        "Sheet 'OKR 2026': key results (merged layout), header rows 1 and 2; block Q2 read, "
        "Q1, Q3, Q4 left out",
        "    A  Objetivo         → objective",
        "    B  Resultado clave  → key_result",
        "    H  Q2 / Baseline    → baseline",
        "    I  Q2 / Real        → current",
        "    J  Q2 / Target      → target",
        "    K  Q2 / % Avance    → person_progress",
        "    L  Q2 / Confianza   → confidence",
    ]
    assert lines[8].startswith("  left unread: C Q1 / Baseline, D Q1 / Real, E Q1 / Target")
    assert lines[9] == "  rows 3–5 read: 3 rows; objectives 2, key results 3, check-ins 0"


def test_check_json_gives_the_same_mapping(tmp_path: Path) -> None:
    path = fx.save_xlsx(fx.several_owners(), tmp_path / "okr.xlsx")
    code, out = run("check", str(path), "--json", *AS_OF)
    assert code == 0, out
    data = json.loads(out)
    (tab,) = data["tabs"]
    assert (tab["sheet"], tab["read_as"], tab["header_rows"], tab["rows_read"]) == (
        "OKRs", "key results", [1], 3)
    assert [(c["column"], c["header"], c["field"]) for c in tab["columns"]] == [
        ("A", "Objective", "objective"), ("B", "Key Result", "key_result"),
        ("C", "Target", "target"), ("D", "Current", "current"), ("E", "Eng Owner", "owner"),
        ("F", "PM Owner", "owner (one more)")]
    assert data["counts"] == {"objectives": 1, "key_results": 3, "checkins": 0}
    assert any(p["message"] == "several owners ('Ann, Pat'); one person should own each key "
               "result" for p in data["problems"])


def test_a_tab_left_out_says_why_in_one_line(tmp_path: Path) -> None:
    path = fx.save_xlsx(fx.kpi_tabs_beside_krs(), tmp_path / "okr.xlsx")
    code, out = run("check", str(path), *AS_OF)
    assert code == 0, out
    assert ("Sheet 'KPIs': not read: sheet 'KPIs' looks like a KPI table, not key results (its "
            "'KPI' column names metrics and sheet 'OKRs' has a Key Result column), so it is not "
            'read; to read it as key results, name it in config: [sheets] okr = ["OKRs", '
            '"KPIs"]') in out.splitlines()


def test_no_okr_table_names_the_closest_tab_and_the_lines_to_map_it(tmp_path: Path) -> None:
    path = fx.save_xlsx(fx.kpi_scorecard(), tmp_path / "kpis.xlsx")
    code, out = run("check", str(path), *AS_OF)
    assert code == 1
    assert (f"error    {path.name}: no OKR table found: no sheet has a header row with a Key "
            "Result column in its first 30 rows; the tab that came closest is 'Scorecard' "
            "(header on row 1: ID, Indicator, Objective, Goal, Actual, Unit), not read as "
            "objectives: its rows carry numbers ('Actual'), as KPIs do; if it holds key "
            'results, map it in config: [columns] key_result = "Indicator"; target = "Goal"'
            ) in out.splitlines()


def test_sync_of_an_action_list_writes_nothing(tmp_path: Path) -> None:
    path = fx.save_xlsx(fx.action_list(), tmp_path / "actions.xlsx")
    before = path.read_bytes()
    code, out = run("sync", str(path), *AS_OF)
    assert code == 1
    assert "no OKR table found" in out
    assert path.read_bytes() == before
