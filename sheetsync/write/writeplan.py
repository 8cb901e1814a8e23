"""What a sync would write: cell changes on the KR tables and the summary tab, as plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sheetsync.a1 import cell_name
from sheetsync.grid import CellValue
from sheetsync.write.chartspec import ChartSpec

GRADE_FILLS = {"red": "F4CCCC", "yellow": "FFF2CC", "green": "D9EAD3"}
"""Fill colours (RRGGBB) for the red / yellow / green grades on the summary tab."""


def show(value: CellValue) -> str:
    """A value as printed in a dry run: text quoted, blanks as (blank)."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(round(value, 6))
    return str(value)


@dataclass(frozen=True, slots=True)
class CellChange:
    """One cell sheetsync sets; `new` None clears it. Text is always written as literal text."""

    sheet: str
    row: int
    col: int
    old: CellValue
    new: CellValue
    number_format: str | None = None

    @property
    def cell(self) -> str:
        return cell_name(self.row, self.col)

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}: {show(self.old)} → {show(self.new)}"


@dataclass
class SummaryTab:
    """The whole summary tab, replaced on every sync that changes it."""

    title: str
    rows: list[list[CellValue]]
    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    """(1-based row, col) → RRGGBB fill."""
    bold: set[int] = field(default_factory=set)
    """1-based rows shown bold (titles and table headers)."""
    number_formats: dict[tuple[int, int], str] = field(default_factory=dict)
    charts: list[ChartSpec] = field(default_factory=list)
    """Charts over the tab's own cells; a backend replaces the ones it wrote before."""


@dataclass(frozen=True)
class TabCopy:
    """A new tab made as a copy of another (values, styles, widths), placed right after it;
    the plan's cell changes on `title` then apply to the copy."""

    source: str
    title: str
    unmerge_below: int = 0
    """Merged cells starting below this row are not copied (the rows are packed anew)."""


@dataclass
class WritePlan:
    """Everything one sync writes to one workbook; empty means nothing is written at all."""

    source: str
    changes: list[CellChange] = field(default_factory=list)
    summary: SummaryTab | None = None
    """None: the summary tab is already up to date."""
    history: SummaryTab | None = None
    """The score history tab with this run's rows appended; None: nothing to add."""
    copies: list[TabCopy] = field(default_factory=list)
    """Tabs copied before the cell changes are made (`sheetsync next-cycle`)."""

    @property
    def tabs(self) -> list[SummaryTab]:
        """The tabs written as a whole (summary, history), in that order."""
        return [t for t in (self.summary, self.history) if t is not None]

    @property
    def is_empty(self) -> bool:
        return not self.changes and not self.tabs and not self.copies

    def lines(self) -> list[str]:
        out = [f"{c.title}: new tab, a copy of {c.source}" for c in self.copies]
        out += [str(c) for c in self.changes]
        if self.summary is not None:
            charts = len(self.summary.charts)
            extra = f", {charts} chart{'s' * (charts != 1)}" if charts else ""
            out.append(f"{self.summary.title}: replaced ({len(self.summary.rows)} rows{extra})")
        if self.history is not None:
            out.append(f"{self.history.title}: rows added, {len(self.history.rows)} in all")
        return out
