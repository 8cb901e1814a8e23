"""How a summary tab looks: the row builder, score and date formats, status fills, column widths."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sheetsync.grid import CellValue
from sheetsync.models import Scorecard
from sheetsync.write.cellcompare import FLOAT_DIGITS
from sheetsync.write.writeplan import HEADER_FILL, STATUS_FILLS, SummaryTab

SCORE_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"
MIN_WIDTH, MAX_WIDTH, WIDE_WIDTH = 6.0, 24.0, 48.0
"""Column widths in characters: a column fits its cells between MIN and MAX; the last column of
a table (the free text: a title, a note, a message) may grow to WIDE."""
PAD_CHARS = 3
"""Room beside a cell's text, so a right-aligned number and the text of the next column (or a
right-aligned header and the next header) never touch."""
CHAR_PIXELS, PAD_PIXELS = 7, 5
"""Excel's width unit: a character of the default font is 7 px, plus 5 px of padding."""


def rounded(x: float | None) -> float | None:
    """A score as the tab stores it (the digits a cell comparison keeps)."""
    return None if x is None else round(x, FLOAT_DIGITS)


def column_pixels(width: float) -> int:
    """A width in characters as pixels, the way Excel and LibreOffice draw it."""
    return int(width * CHAR_PIXELS + PAD_PIXELS)


def shown_width(value: CellValue, number_format: str | None = None) -> int:
    """How many characters a cell shows in its format."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, bool):
        return 5
    if isinstance(value, float):
        if number_format == SCORE_FORMAT:
            return len(f"{value:.2f}")
        return min(len(f"{value:.4g}"), 12)
    return max((len(line) for line in str(value).splitlines()), default=0)


class TabBuilder:
    """A whole-tab writer: rows appended in order, with bold rows, fills, formats and widths."""

    def __init__(self, title: str) -> None:
        self.tab = SummaryTab(title=title, rows=[])
        self.wide: set[tuple[int, int]] = set()
        """Cells of free text that set their column's width up to WIDE_WIDTH (not MAX)."""
        self.unsized: set[tuple[int, int]] = set()
        """Cells left out of the widths: a title or sentence that runs over empty cells."""
        self.headers: list[int] = []

    def row(self, *cells: CellValue, bold: bool = False) -> int:
        self.tab.rows.append(list(cells))
        n = len(self.tab.rows)
        if bold:
            self.tab.bold.add(n)
        return n

    def blank(self) -> None:
        self.tab.rows.append([])

    def section(self, title: str) -> int:
        """A section title: bold, running over the cells to its right."""
        r = self.row(title, bold=True)
        self.unsized.add((r, 1))
        return r

    def header(self, *cells: str) -> int:
        """A table's header row: bold on the header fill; its last column is the table's text."""
        r = self.row(*cells, bold=True)
        for c in range(1, len(cells) + 1):
            self.tab.fills[(r, c)] = HEADER_FILL
        self.headers.append(r)
        return r

    def line(self, *cells: CellValue, scores: Sequence[int] = (), status: int | None = None,
             dates: Sequence[int] = (), wide: int | None = None) -> int:
        """A table row: SCORES columns as 0.00, the STATUS column filled by its status, DATES
        as dates. Its last column is free text running over the empty cells to its right,
        unless it is the WIDE column, whose width grows to show it (up to WIDE_WIDTH)."""
        r = self.row(*cells)
        for c in scores:
            self.fmt(r, c, SCORE_FORMAT)
        for c in dates:
            self.fmt(r, c, DATE_FORMAT)
        if status is not None:
            self.status_fill(r, status, cells[status - 1])
        if wide is not None:
            self.wide.add((r, wide))
        if wide != len(cells) and cells and isinstance(cells[-1], str):
            self.unsized.add((r, len(cells)))  # numbers never run over: they would show ###
        return r

    def status_fill(self, row: int, col: int, status: CellValue) -> None:
        fill = STATUS_FILLS.get(str(status))
        if fill is not None:
            self.tab.fills[(row, col)] = fill

    def fill(self, row: int, col: int, score: float | None) -> None:
        """Kept for callers that colour a score; the summary colours statuses instead."""
        if score is not None:
            self.fmt(row, col, SCORE_FORMAT)

    def fmt(self, row: int, col: int, number_format: str) -> None:
        self.tab.number_formats[(row, col)] = number_format

    def heading(self, title: str, sc: Scorecard, score_label: str, score: float | None,
                headline: str | None = None) -> None:
        """The top of a summary tab: its title, a headline, the cycle with its start and end,
        the as-of date, a score and the expected pace."""
        self.section(title)
        if headline:
            r = self.row(headline, bold=True)
            self.unsized.add((r, 1))
        r = self.row("Cycle", sc.cycle.name, "Start", sc.cycle.start, "End", sc.cycle.end)
        self.fmt(r, 4, DATE_FORMAT)
        self.fmt(r, 6, DATE_FORMAT)
        r = self.row("As of", sc.as_of)
        self.fmt(r, 2, DATE_FORMAT)
        r = self.row(score_label, rounded(score), "Expected pace", rounded(sc.summary.expected))
        self.fmt(r, 2, SCORE_FORMAT)
        self.fmt(r, 4, SCORE_FORMAT)

    def finish(self, frozen_rows: int = 0) -> SummaryTab:
        """The tab with its widths, frozen rows and landscape page set."""
        self.tab.widths = self.widths()
        self.tab.right = self.number_headers()
        self.tab.frozen_rows = frozen_rows
        self.tab.landscape = True
        return self.tab

    def number_headers(self) -> set[tuple[int, int]]:
        """Header cells over a column of numbers or dates, aligned right like the numbers."""
        out = set()
        rows = self.tab.rows
        for h in self.headers:
            body = []
            for row in rows[h:]:
                if not row:
                    break
                body.append(row)
            for c in range(1, len(rows[h - 1]) + 1):
                values = [row[c - 1] for row in body if c <= len(row) and row[c - 1] is not None]
                if values and all(isinstance(v, int | float | dt.date) for v in values):
                    out.add((h, c))
        return out

    def widths(self) -> list[float]:
        n = max((len(r) for r in self.tab.rows), default=0)
        out = [MIN_WIDTH] * n
        for r, row in enumerate(self.tab.rows, 1):
            for c, value in enumerate(row, 1):
                if (r, c) in self.unsized:
                    continue
                cap = WIDE_WIDTH if (r, c) in self.wide else MAX_WIDTH
                shown = shown_width(value, self.tab.number_formats.get((r, c)))
                bold = 1 if r in self.tab.bold else 0
                out[c - 1] = max(out[c - 1], min(float(shown + PAD_CHARS + bold), cap))
        return out
