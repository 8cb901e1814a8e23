"""The summary tab as a whole worksheet part for the xlsx writer: values, fills, bold rows,
widths, frozen rows and page setup."""

from __future__ import annotations

import datetime as dt

from sheetsync.a1 import cell_name, col_letter
from sheetsync.backends.xlsx.cells import cell_xml
from sheetsync.backends.xlsx.package import DOC_REL_NS, MAIN_NS
from sheetsync.backends.xlsx.styles import DATE_FORMAT, StyleBook
from sheetsync.grid import CellValue
from sheetsync.write.summary_layout import shown_width
from sheetsync.write.writeplan import SummaryTab

MIN_WIDTH, MAX_WIDTH = 8, 60


def _widths(rows: list[list[CellValue]]) -> list[float]:
    n = max((len(r) for r in rows), default=0)
    out = []
    for c in range(n):
        longest = max((shown_width(r[c]) for r in rows if c < len(r)), default=0)
        out.append(float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)))
    return out


def _sheet_view(frozen_rows: int) -> str:
    if not frozen_rows:
        return '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    top = cell_name(frozen_rows + 1, 1)
    return ('<sheetViews><sheetView workbookViewId="0">'
            f'<pane ySplit="{frozen_rows}" topLeftCell="{top}" activePane="bottomLeft" '
            'state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>')


def _page(landscape: bool) -> str:
    """Margins, and for a landscape tab the page setup: one page wide, as long as it takes
    (fitToHeight 0), so columns never split across pages."""
    if not landscape:
        return ('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
                'footer="0.3"/>')
    return ('<printOptions horizontalCentered="1"/>'
            '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" '
            'footer="0.3"/><pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>')


def summary_xml(tab: SummaryTab, styles: StyleBook, date1904: bool,
                drawing_rid: str | None = None) -> bytes:
    """A fresh worksheet holding the tab; only the styles it needs are added to `styles`.
    With `drawing_rid`, the sheet points to its drawing (the tab's charts) through it."""
    bold = styles.bold_font_id() if tab.bold else None
    keys = {(r, c) for r, row in enumerate(tab.rows, 1) for c in range(1, len(row) + 1)}
    keys |= set(tab.fills)
    by_row: dict[int, list[int]] = {}
    for r, c in sorted(keys):
        by_row.setdefault(r, []).append(c)
    rows_xml = []
    letters: dict[int, str] = {}
    looks: dict[tuple[str | None, int | None, str | None, str | None], int] = {}
    for r, cols in by_row.items():
        row = tab.rows[r - 1] if r <= len(tab.rows) else []
        font = bold if r in tab.bold else None
        cells = []
        for c in cols:
            value = row[c - 1] if c <= len(row) else None
            fill = tab.fills.get((r, c))
            if value is None and fill is None:
                continue
            fmt = tab.number_formats.get((r, c))
            if fmt is None and isinstance(value, dt.date):
                fmt = DATE_FORMAT
            # Numbers and the headers over them sit one character in from the right edge, so
            # they never touch the left-aligned text of the next column.
            number = isinstance(value, int | float | dt.date) and not isinstance(value, bool)
            align = "right" if (r, c) in tab.right or (number and tab.right) else None
            look = (fmt, font, fill, align)
            style = looks.get(look)
            if style is None:  # one style per look, derived once (a big tab has a handful)
                style = looks[look] = styles.derive(
                    0, fmt=fmt, font=font, fill=styles.fill_id(fill) if fill else None,
                    align=align, indent=1 if align else 0) if fmt or font is not None or fill \
                    or align else 0
            letter = letters.get(c)
            if letter is None:
                letter = letters[c] = col_letter(c)
            cells.append(cell_xml(f"{letter}{r}", value, style, date1904))
        if cells:
            rows_xml.append(f'<row r="{r}">{"".join(cells)}</row>')
    last_r = max(by_row, default=1)
    last_c = max((max(cols) for cols in by_row.values()), default=1)
    ref = "A1" if (last_r, last_c) == (1, 1) else f"A1:{cell_name(last_r, last_c)}"
    widths = tab.widths or _widths(tab.rows)
    cols_xml = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                       for i, w in enumerate(widths, 1))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{DOC_REL_NS}">'
        + ('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if tab.landscape else "")
        +         f'<dimension ref="{ref}"/>'
        + _sheet_view(tab.frozen_rows)
        + '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols_xml}</cols>" if cols_xml else "")
        + f'<sheetData>{"".join(rows_xml)}</sheetData>'
        + _page(tab.landscape)
        + (f'<drawing r:id="{drawing_rid}"/>' if drawing_rid else "")
        + "</worksheet>"
    ).encode("utf-8")
