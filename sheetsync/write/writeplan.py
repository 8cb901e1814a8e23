"""What a sync would write: cell changes on the KR tables and the summary tab, as plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sheetsync.a1 import cell_name, col_letter
from sheetsync.grid import CellValue
from sheetsync.write.chartspec import ChartSpec

GRADE_FILLS = {"red": "F4CCCC", "yellow": "FFF2CC", "green": "D9EAD3"}
"""Fill colours (RRGGBB) for the red / yellow / green grades on the summary tab."""

STATUS_FILLS = {"Done": GRADE_FILLS["green"], "On track": GRADE_FILLS["green"],
                "At risk": "FCE5CD", "Off track": GRADE_FILLS["red"],
                "Missed": GRADE_FILLS["red"], "Not started": "EEEEEE", "Invalid": "EEEEEE"}
"""Fill colours (RRGGBB) of a status cell, by status (never by score): green, amber, red, grey."""
HEADER_FILL = "DCE3EC"
"""The fill of a table's header row on the summary tab (bold text on a light blue-grey)."""


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
    fill: str | None = None
    """RRGGBB background (a status cell's colour); None keeps the cell's own."""
    like: int | None = None
    """A column of the same row whose look (font, fill, border) the cell takes: the header
    sheetsync adds looks like the table's own header."""

    @property
    def cell(self) -> str:
        return cell_name(self.row, self.col)

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}: {show(self.old)} → {show(self.new)}"


@dataclass(frozen=True)
class ColumnClaim:
    """A column sheetsync records in the workbook as its own (SPEC §7), so the record follows
    the column when people insert, delete or move columns."""

    sheet: str
    role: str
    """The status column it is: progress, score, status, confidence, last_checkin, ..."""
    col: int
    why: str = "created"

    def __str__(self) -> str:
        return f"{self.sheet}!{col_letter(self.col)}: recorded as sheetsync's {self.role} " \
               f"column ({self.why})"


@dataclass(frozen=True)
class TabClaim:
    """A tab sheetsync records as its own (summary, history), so it is found when renamed and a
    person's tab of the same name is never taken for it."""

    role: str
    title: str
    why: str = "created"

    def __str__(self) -> str:
        return f"{self.title}: recorded as sheetsync's {self.role} tab ({self.why})"


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
    widths: list[float] = field(default_factory=list)
    """Column widths in characters (Excel's unit), A first; empty: the backend sizes them."""
    right: set[tuple[int, int]] = field(default_factory=set)
    """(row, col) of text cells aligned right: the header of a column of numbers."""
    frozen_rows: int = 0
    """Rows kept in view when scrolling."""
    landscape: bool = False
    """Printed landscape, one page wide (as many pages down as it takes)."""


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
    widths: dict[tuple[str, int], float] = field(default_factory=dict)
    """(sheet, column) → width in characters, for the columns this plan adds."""
    copies: list[TabCopy] = field(default_factory=list)
    """Tabs copied before the cell changes are made (`sheetsync next-cycle`)."""
    history_new: int = 0
    """How many of `history`'s last rows this run adds to a tab that already has rows: a
    backend that can append (Google) sends only these, so an overlapping run's rows stay."""
    claims: list[ColumnClaim] = field(default_factory=list)
    """Columns to record as sheetsync's: the ones it creates, and earlier releases' or handed
    over ones found on this read (written even when no cell changes)."""
    tab_claims: list[TabClaim] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """One line per thing deliberately left unwritten (a table whose rows could not be matched,
    a workbook with no OKR table); shown with the plan, never counted as changes."""

    @property
    def tabs(self) -> list[SummaryTab]:
        """The tabs written as a whole (summary, history), in that order."""
        return [t for t in (self.summary, self.history) if t is not None]

    @property
    def is_empty(self) -> bool:
        return (not self.changes and not self.tabs and not self.copies and not self.claims
                and not self.tab_claims)

    def lines(self) -> list[str]:
        out = [f"{c.title}: new tab, a copy of {c.source}" for c in self.copies]
        out += [str(c) for c in self.changes]
        out += [str(c) for c in self.claims if c.why != "created"]
        out += [str(c) for c in self.tab_claims if c.why != "created"]
        if self.summary is not None:
            charts = len(self.summary.charts)
            extra = f", {charts} chart{'s' * (charts != 1)}" if charts else ""
            out.append(f"{self.summary.title}: replaced ({len(self.summary.rows)} rows{extra})")
        if self.history is not None:
            out.append(f"{self.history.title}: rows added, {len(self.history.rows)} in all")
        return out
