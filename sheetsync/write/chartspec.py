"""A chart of a summary tab as plain values: kind, title, place and the cell blocks it plots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sheetsync.a1 import cell_name, col_letter

LINE_COLOURS = ("4E79A7", "F28E2B", "B07AA1", "76B7B2", "9C755F", "EDC948", "E15759", "59A14F",
                "FF9DA7")
MAX_OBJECTIVE_LINES = len(LINE_COLOURS) - 1
EXPECTED_COLOUR = "9AA0A6"
"""The expected pace, grey (dashed on a line chart) beside the coloured scores."""
"""Beyond this many objectives the trend chart shows the overall line only: more is noise."""

ChartKind = Literal["bar", "line"]


@dataclass(frozen=True)
class CellBlock:
    """An inclusive, 1-based block of cells on the tab that holds the chart."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int

    def absolute(self, sheet: str) -> str:
        """The block as an Excel chart formula uses it: 'OKR Summary'!$B$9:$B$12.

        Always quoted: a quoted plain name is valid too, and one rule is easier to check."""
        quoted = "'" + sheet.replace("'", "''") + "'"
        start = f"${col_letter(self.first_col)}${self.first_row}"
        end = f"${col_letter(self.last_col)}${self.last_row}"
        return f"{quoted}!{start}" if start == end else f"{quoted}!{start}:{end}"

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1


@dataclass(frozen=True)
class ChartSeries:
    """One line or set of bars: its legend name (the header cell above it) and its values."""

    name: str
    name_cell: tuple[int, int]
    """(row, col) of the header cell holding `name`, so the legend follows the sheet."""
    values: CellBlock
    colour: str = LINE_COLOURS[0]
    """RRGGBB of the line, its markers or the bars: given, never left to a theme (LibreOffice
    drops the theme when it saves a workbook, and series without colours then go blank)."""
    dashed: bool = False


@dataclass(frozen=True)
class ChartSpec:
    """One chart sheetsync owns on a summary tab; the title tells it apart from a person's."""

    kind: ChartKind
    """bar: horizontal bars, one group per category; line: one line per series."""
    title: str
    anchor: tuple[int, int]
    """(row, col) of the cell under the chart's top-left corner."""
    width: int
    height: int
    """Size in pixels (96 per inch), as both Excel and Google Sheets take it."""
    categories: CellBlock
    series: tuple[ChartSeries, ...]
    y_axis: str = ""
    """Title of the value axis; empty for none."""
    x_axis: str = ""
    """Title of the category axis (the dates of a trend); empty for none."""

    def describe(self, sheet: str) -> str:
        """One line naming everything the chart shows, for golden files and messages."""
        series = ", ".join(f"{s.name} {s.values.absolute(sheet)}" for s in self.series)
        return (f"{self.kind} chart {self.title!r} at {cell_name(*self.anchor)} "
                f"({self.width}x{self.height} px): categories "
                f"{self.categories.absolute(sheet)}; series {series}")
