"""Three team workbooks and a company workbook, built in code, for the multi-source tests."""

from __future__ import annotations

from pathlib import Path

import openpyxl

TEAM_HEADER = ["Objective ID", "Objective", "Aligns to", "Key Result", "Owner", "Baseline",
               "Target", "Current"]

# team → (objective id, parent, [(kr title, baseline, target, current)])
TEAMS: dict[str, list[tuple[str, str, list[tuple[str, float, float, float]]]]] = {
    "Growth": [
        ("O1", "C1", [("Signups", 0, 100, 50), ("Activation", 0, 10, 10)]),
        ("O2", "C2", [("Pipeline", 0, 200, 40)]),
    ],
    "Platform": [
        ("O1", "C1", [("Uptime work", 0, 4, 1)]),
        ("O2", "", [("Tech debt tickets", 0, 50, 50)]),
    ],
    "Support": [
        ("O1", "C2", [("CSAT", 0, 100, 90), ("Backlog cut", 0, 10, 3)]),
    ],
}


def team_book(path: Path, rows: list[tuple[str, str, list[tuple[str, float, float, float]]]]
               ) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "OKRs"
    ws.append(TEAM_HEADER)
    for oid, parent, krs in rows:
        for title, base, target, cur in krs:
            ws.append([oid, f"Objective {'AB'[oid == 'O2']} of {path.stem}", parent or None,
                       title, f"Owner of {oid}", base, target, cur])
    wb.save(path)
    return path


def company_book(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Company OKRs"
    ws.append(["Objective ID", "Objective", "Level", "Owner", "Key Result", "Target", "Current"])
    ws.append(["C1", "Win the mid-market", "company", "CEO", "Mid-market logos", 20, 5])
    ws.append(["C2", "Customers love us", "company", "COO", "NPS", 50, 40])
    wb.save(path)
    return path


def company_folder(folder: Path) -> Path:
    """FOLDER with the three team workbooks under teams/, the company workbook, and the
    sheetsync.toml that names them; returns FOLDER."""
    (folder / "teams").mkdir()
    for team, rows in TEAMS.items():
        team_book(folder / "teams" / f"{team.lower()}.xlsx", rows)
    company_book(folder / "company.xlsx")
    lines = [f'[[sources]]\nteam = "{t}"\nsource = "teams/{t.lower()}.xlsx"\n' for t in TEAMS]
    (folder / "sheetsync.toml").write_text(
        "\n".join(lines) + '\n[company]\nsource = "company.xlsx"\n', encoding="utf-8")
    return folder
