"""Builds the starter workbooks in this folder (run: python templates/build_templates.py).

The example OKRs follow the patterns of the OKR literature (measurable outcomes with a baseline and
a target, a mix of committed and aspirational objectives, team objectives aligned to company ones).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2026, 1, 1)
"""Workbook properties get a fixed time so a rebuild gives the same bytes when nothing changed."""
HEAD_FILL = PatternFill("solid", fgColor="DDE7F5")
BOLD = Font(bold=True)
D = dt.date

# (id, objective, level, team, owner, type, aligns to)
OBJECTIVES = [
    ("CO1", "Delight our customers", "company", "Company", "Maya Chen", "committed", None),
    ("CO2", "Grow revenue from mid-market accounts", "company", "Company", "Leo Park",
     "aspirational", None),
    ("PR1", "Make onboarding effortless", "team", "Product", "Ana Ruiz", "aspirational", "CO1"),
    ("SA1", "Build a predictable sales engine", "team", "Sales", "Tom Berg", "committed", "CO2"),
]
# (id, objective id, key result, owner, kind, baseline, target, current, confidence, weight)
KEY_RESULTS = [
    ("CO1.1", "CO1", "Raise Net Promoter Score from 32 to 50", "Maya Chen", "number", 32, 50,
     None, "medium", 1),
    ("CO1.2", "CO1", "Cut median first response time from 10 h to 3 h", "Sam Ito", "number", 10,
     3, None, None, 1),
    ("CO1.3", "CO1", "Raise 90-day retention from 70% to 85%", "Maya Chen", "percent", 0.70,
     0.85, 0.76, 0.8, 2),
    ("CO2.1", "CO2", "Grow ARR from $1.2M to $2M", "Leo Park", "currency", 1_200_000, 2_000_000,
     None, None, 2),
    ("CO2.2", "CO2", "Sign 12 new mid-market logos", "Leo Park", "number", 0, 12, 3, 0.5, 1),
    ("PR1.1", "PR1", "Lift activation rate from 40% to 60%", "Ana Ruiz", "percent", 0.40, 0.60,
     None, None, 1),
    ("PR1.2", "PR1", "Reduce onboarding tickets from 120 to 40 a month", "Ben Ali", "number",
     120, 40, None, None, 1),
    ("PR1.3", "PR1", "Self-serve checkout live for all plans", "Ana Ruiz", "milestone", None,
     "done", "not done", "high", 1),
    ("SA1.1", "SA1", "Increase qualified pipeline from $3M to $5M", "Tom Berg", "currency",
     3_000_000, 5_000_000, None, None, 1),
    ("SA1.2", "SA1", "Raise win rate from 18% to 25%", "Tom Berg", "percent", 0.18, 0.25, 0.21,
     0.6, 1),
]
# (kr id, date, value, confidence, note, author)
CHECKINS = [
    ("CO1.1", D(2026, 10, 9), 34, 0.6, "Survey wave 1", "Maya Chen"),
    ("CO1.1", D(2026, 10, 30), 39, 0.6, "Support macros shipped", "Maya Chen"),
    ("CO1.1", D(2026, 11, 13), 42, 0.7, "", "Maya Chen"),
    ("CO1.2", D(2026, 10, 16), 8, 0.5, "Hired two agents", "Sam Ito"),
    ("CO1.2", D(2026, 11, 6), 6.5, 0.5, "Triage bot live", "Sam Ito"),
    ("CO2.1", D(2026, 10, 31), 1_350_000, 0.4, "", "Leo Park"),
    ("CO2.1", D(2026, 11, 14), 1_420_000, 0.4, "Two renewals slipped", "Leo Park"),
    ("PR1.1", D(2026, 10, 20), 0.44, 0.8, "New checklist", "Ana Ruiz"),
    ("PR1.1", D(2026, 11, 10), 0.52, 0.8, "", "Ana Ruiz"),
    ("PR1.2", D(2026, 10, 25), 118, 0.3, "Docs rewrite not started", "Ben Ali"),
    ("SA1.1", D(2026, 10, 15), 3_400_000, 0.7, "", "Tom Berg"),
    ("SA1.1", D(2026, 11, 12), 4_100_000, 0.8, "Partner channel opened", "Tom Berg"),
]


def _header(ws, row: int, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    for col, name in enumerate(names, start=1):
        c = ws.cell(row, col, name)
        c.font = BOLD
        c.fill = HEAD_FILL


def _save(wb: Workbook, path: Path) -> None:
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "sheetsync"
    wb.save(path)


def build_flat(path: Path) -> None:
    """One row per KR with the objective repeated, and a check-in tab."""
    wb = Workbook()
    ws = wb.active
    ws.title = "OKRs"
    ws["A1"] = "Company and team OKRs, Q4 2026"
    ws["A1"].font = Font(bold=True, size=14)
    cols = ["ID", "Objective ID", "Objective", "Level", "Team", "Type", "Aligns to",
            "Key Result", "Owner", "Kind", "Baseline", "Target", "Current", "Confidence",
            "Weight"]
    _header(ws, 3, cols)
    objectives = {o[0]: o for o in OBJECTIVES}
    for r, kr in enumerate(KEY_RESULTS, start=4):
        o = objectives[kr[1]]
        values = [kr[0], o[0], o[1], o[2], o[3], o[5], o[6], kr[2], kr[3], kr[4], kr[5], kr[6],
                  kr[7], kr[8], kr[9]]
        for col, v in enumerate(values, start=1):
            ws.cell(r, col, v)
        if kr[4] == "percent":
            for col in (11, 12, 13):
                ws.cell(r, col).number_format = "0%"
    ws.freeze_panes = "D4"
    for col, width in zip("ABCDEFGHIJKLMNO", (8, 10, 36, 10, 10, 13, 10, 46, 12, 10, 11, 11,
                                                 11, 11, 8), strict=True):
        ws.column_dimensions[col].width = width
    dv = DataValidation(type="list", formula1='"committed,aspirational,learning"')
    ws.add_data_validation(dv)
    dv.add("F4:F200")

    ci = wb.create_sheet("Check-ins")
    _header(ci, 1, ["KR", "Date", "Value", "Confidence", "Note", "Author"])
    for r, row in enumerate(CHECKINS, start=2):
        for col, v in enumerate(row, start=1):
            ci.cell(r, col, v)
        ci.cell(r, 2).number_format = "yyyy-mm-dd"
    ci.column_dimensions["B"].width = 12
    ci.column_dimensions["E"].width = 28
    _save(wb, path)


# Grouped layout: objective rows followed by their KR rows, weekly values in W1..W13.
GROUPED = [
    ("Ship a platform developers love", None, None, None, None, None, []),
    (None, "Cut p95 API latency from 800 ms to 300 ms", "Ivo Lind", 800, 300, "high",
     [780, 760, 700, 650, 610, 560]),
    (None, "Raise weekly active API keys from 1,200 to 2,000", "Ivo Lind", 1200, 2000, "medium",
     [1210, 1260, 1300, 1350, 1400, 1440]),
    (None, "Grow SDK test coverage from 55% to 80%", "Kim Novak", 0.55, 0.80, 0.8,
     [0.56, 0.6, 0.64, 0.7, 0.74, 0.78]),
    ("Make releases boring", None, None, None, None, None, []),
    (None, "Reduce failed deployments from 12 to 2 a month", "Raj Das", 12, 2, "low",
     [12, 11, 11, 10]),
    (None, "Cut lead time for changes from 5 days to 1 day", "Raj Das", 5, 1, 0.6,
     [5, 4.5, 4, 3.2, 3, 2.5]),
]


def build_grouped(path: Path) -> None:
    """Objective rows with KR rows under them, and a weekly check-in column per week."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Q4 2026"
    ws["A1"] = "Engineering OKRs"
    ws["A1"].font = Font(bold=True, size=14)
    weeks = [f"W{n}" for n in range(1, 14)]
    _header(ws, 3, ["Objective", "Key Result", "Owner", "Start", "Target", "Confidence",
                    *weeks])
    for r, (obj, kr, owner, start, target, conf, values) in enumerate(GROUPED, start=4):
        if obj:
            ws.cell(r, 1, obj).font = BOLD
            continue
        for col, v in enumerate([None, kr, owner, start, target, conf, *values], start=1):
            if v is not None:
                ws.cell(r, col, v)
        if isinstance(target, float) and target < 1:
            for col in [4, 5] + list(range(7, 20)):
                ws.cell(r, col).number_format = "0%"
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 50
    ws.freeze_panes = "C4"
    ws["A2"] = "Type a week's value under W1..W13; sheetsync fills the status columns."
    ws["A2"].alignment = Alignment(wrap_text=False)
    _save(wb, path)


CONFIGS = {
    "flat": """\
# sheetsync settings for the flat starter workbook (see config.example.toml for every key).
source = "okrs.xlsx"

[cycle]
name = "2026-Q4"
start = 2026-10-01
end = 2026-12-31
""",
    "grouped": """\
# sheetsync settings for the grouped starter workbook (see config.example.toml for every key).
source = "okrs.xlsx"

[cycle]
name = "2026-Q4"
start = 2026-10-01
end = 2026-12-31

[scoring]
default_type = "committed"
""",
}


def main() -> None:
    build_flat(HERE / "flat.xlsx")
    build_grouped(HERE / "grouped.xlsx")
    for name, text in CONFIGS.items():
        (HERE / f"{name}.toml").write_text(text, encoding="utf-8")
    print("built", ", ".join(sorted(p.name for p in HERE.glob("*.xlsx"))))


if __name__ == "__main__":
    main()
