"""Workbooks of key results as teams write them (SPEC §2b), built in code for the kinds tests.

    kr_row(title, **cells) -> one KR row under HEADER
    score_rows(rows, as_of, checkins=...) -> the Scorecard of a memory run
    mixed_book() -> every kind with check-ins in one workbook (the backend tests use it)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sheetsync import pipeline
from sheetsync.backends.memory import MemoryBackend
from sheetsync.config import Config
from sheetsync.grid import Book, CellValue, Grid
from sheetsync.models import Scorecard

CYCLE = {"name": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31"}
MID_NOVEMBER = dt.date(2026, 11, 15)
AFTER_THE_END = dt.date(2027, 1, 10)
HEADER = ["Objective", "Type", "Key Result", "Kind", "Baseline", "Commit", "Target", "Stretch",
          "Current", "Confidence", "Grade"]
CHECKIN_HEADER = ["KR", "Date", "Value"]


def config(**extra: Any) -> Config:
    return Config.model_validate({"cycle": CYCLE, **extra})


def kr_row(title: str, *, objective: str = "Onboarding", type: str | None = None,
           kind: CellValue = None, baseline: CellValue = None, commit: CellValue = None,
           target: CellValue = None, stretch: CellValue = None, current: CellValue = None,
           confidence: CellValue = None, grade: CellValue = None) -> list[CellValue]:
    return [objective, type, title, kind, baseline, commit, target, stretch, current, confidence,
            grade]


def book(rows: list[list[CellValue]], checkins: list[list[CellValue]] | None = None) -> Book:
    grids = [Grid("OKRs", [HEADER, *rows])]
    if checkins:
        grids.append(Grid("Check-ins", [CHECKIN_HEADER, *checkins]))
    return Book("okrs.xlsx", grids)


def score_rows(rows: list[list[CellValue]], as_of: dt.date = MID_NOVEMBER,
               checkins: list[list[CellValue]] | None = None,
               cfg: Config | None = None) -> Scorecard:
    result = pipeline.run(MemoryBackend(book(rows, checkins)), cfg or config(), as_of)
    return result.scorecard


def mixed_book() -> Book:
    """Every kind of SPEC §2b with check-ins, as a team would write them; no row is ill-formed."""
    rows = [
        kr_row("Maintain CSAT of 90%+ in onboarding conversations", type="committed",
               current="92%"),
        kr_row("Keep monthly churn below 2%", kind="threshold", baseline="3%", target="2%",
               current="2.5%"),
        kr_row("Reduce onboarding ticket volume by 25%", objective="Support", baseline=120,
               current=100),
        kr_row("Generate 120+ qualified leads", objective="Support", baseline=0, current=90),
        kr_row("Increase activation by 5 points", objective="Support", baseline="38%",
               current="41%"),
        kr_row("Weekly active teams", objective="Growth", baseline=0, commit=50, target=100,
               stretch=150, current=120),
        kr_row("Partner integrations live", objective="Growth", baseline=0, commit=2, target=4,
               stretch=6, current="commit"),
        kr_row("Hire a great head of design", objective="Growth", grade=0.8),
        kr_row("Uptime", objective="Growth", kind="threshold", target="≥ 99.9%",
               current="99.95%", grade="90%"),
    ]
    checkins = [
        ["O1.KR1", "2026-10-12", "88%"],
        ["O1.KR1", "2026-11-09", "92%"],
        ["O1.KR2", "2026-10-05", "2.8%"],
        ["O1.KR2", "2026-11-02", "2.5%"],
        ["O3.KR2", "2026-11-10", "commit"],
    ]
    return book(rows, checkins)
