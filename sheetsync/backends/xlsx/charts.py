"""A summary tab's ChartSpecs → DrawingML parts for the xlsx writer, reusing the old tab's parts.

The summary sheet is replaced whole; the drawing and chart parts it pointed to are rewritten
under the same names (extra old charts are dropped, missing ones added), so any number of syncs
leaves exactly one drawing and one chart part per chart behind the tab, and no orphans.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from openpyxl.chart import BarChart, LineChart
from openpyxl.chart.data_source import AxDataSource, NumDataSource, NumRef, StrRef
from openpyxl.chart.marker import Marker
from openpyxl.chart.series import Series, SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.xml.functions import tostring

from sheetsync.backends.xlsx import workbook as wb
from sheetsync.backends.xlsx.package import (
    DOC_REL_NS,
    PKG_REL_NS,
    RT_CHART,
    RT_DRAWING,
    Package,
    drawing_charts,
    rels_path,
)
from sheetsync.write.chartspec import CellBlock, ChartSeries, ChartSpec
from sheetsync.write.writeplan import SummaryTab

CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XDR_NS = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
EMU_PER_PIXEL = 9525
DRAWING_RID = "rId1"
"""The summary sheet's only relationship, so its id is fixed."""
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass
class ChartParts:
    """What the charts of one tab add to the package: parts to write or drop, new types."""

    parts: dict[str, bytes] = field(default_factory=dict)
    """Part name → bytes: the sheet's rels, the drawing, its rels and one part per chart."""
    removed: set[str] = field(default_factory=set)
    types: bytes = b""
    drawing_rid: str | None = None
    """The r:id the sheet's <drawing> element names; None when the tab has no charts."""


def chart_xml(chart: ChartSpec, sheet: str) -> bytes:
    """One chart part (c:chartSpace) plotting the tab's own cells."""
    plot: BarChart | LineChart
    if chart.kind == "bar":
        plot = BarChart()
        plot.type = "bar"
        plot.grouping = "clustered"
        # Horizontal bars list categories bottom-up; reversed, they read in table order.
        plot.x_axis.scaling.orientation = "maxMin"
        plot.y_axis.scaling.min = 0
    else:
        plot = LineChart()
        plot.x_axis.number_format = "yyyy-mm-dd"
        plot.x_axis.axPos = "b"
        plot.y_axis.scaling.min = 0
    plot.title = chart.title
    plot.y_axis.title = chart.y_axis or None
    plot.x_axis.title = chart.x_axis or None
    # openpyxl 3.1 leaves <c:delete> unset, which recent Excel reads as "axis hidden".
    plot.x_axis.delete = False
    plot.y_axis.delete = False
    plot.legend.position = "b"
    categories = chart.categories.absolute(sheet)
    for i, s in enumerate(chart.series):
        series = Series(idx=i, order=i)
        series.tx = SeriesLabel(strRef=StrRef(f=_cell(sheet, s.name_cell)))
        series.val = NumDataSource(numRef=NumRef(f=s.values.absolute(sheet)))
        series.cat = (AxDataSource(strRef=StrRef(f=categories)) if chart.kind == "bar"
                      else AxDataSource(numRef=NumRef(f=categories)))
        _colour(series, s, chart.kind)
        plot.series.append(series)
    body: bytes = tostring(plot._write())
    return _XML_DECL.encode() + body


def _colour(series: Series, spec: ChartSeries, kind: str) -> None:
    """Explicit colours for the bars, the line and its markers: a series left to the theme
    goes blank in a client that drops the theme (LibreOffice does when it saves)."""
    if kind == "bar":
        series.graphicalProperties = GraphicalProperties(
            solidFill=spec.colour, ln=LineProperties(solidFill=spec.colour))
        return
    series.smooth = False
    line = LineProperties(solidFill=spec.colour, w=28575 if not spec.dashed else 19050,
                          prstDash="dash" if spec.dashed else "solid")
    series.graphicalProperties = GraphicalProperties(ln=line)
    # A marker per date: the first sync has one date, and a line of one point is invisible
    # without it.
    series.marker = Marker(symbol="circle", size=6, spPr=GraphicalProperties(
        solidFill=spec.colour, ln=LineProperties(solidFill=spec.colour)))


def _cell(sheet: str, cell: tuple[int, int]) -> str:
    return CellBlock(*cell, *cell).absolute(sheet)


def drawing_xml(charts: list[ChartSpec]) -> bytes:
    """The drawing part: one anchored graphic frame per chart, chart i at relationship rId{i}."""
    frames = []
    for i, chart in enumerate(charts, 1):
        row, col = chart.anchor
        frames.append(
            "<xdr:oneCellAnchor>"
            f"<xdr:from><xdr:col>{col - 1}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f'<xdr:ext cx="{chart.width * EMU_PER_PIXEL}" cy="{chart.height * EMU_PER_PIXEL}"/>'
            '<xdr:graphicFrame macro="">'
            f'<xdr:nvGraphicFramePr><xdr:cNvPr id="{i + 1}" name="Chart {i}" '
            f"descr={quoteattr(chart.title)}/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>"
            '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
            f'<a:graphic><a:graphicData uri="{C_NS}"><c:chart xmlns:c="{C_NS}" '
            f'xmlns:r="{DOC_REL_NS}" r:id="rId{i}"/></a:graphicData></a:graphic>'
            "</xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>")
    return (f'{_XML_DECL}<xdr:wsDr xmlns:xdr="{XDR_NS}" xmlns:a="{A_NS}">'
            f'{"".join(frames)}</xdr:wsDr>').encode()


def _rels(targets: list[tuple[str, str]]) -> bytes:
    items = "".join(f'<Relationship Id="rId{i}" Type="{t}" Target={quoteattr(target)}/>'
                    for i, (t, target) in enumerate(targets, 1))
    return f'{_XML_DECL}<Relationships xmlns="{PKG_REL_NS}">{items}</Relationships>'.encode()


def _free(pkg: Package, taken: set[str], folder: str, stem: str) -> str:
    n = 1
    while True:
        name = posixpath.join(folder, f"{stem}{n}.xml")
        if pkg.find(name) is None and name.lower() not in taken:
            return name
        n += 1


def _has_override(types: bytes, part: str) -> bool:
    return re.search(rb'PartName="/?' + re.escape(part.encode()) + rb'"', types, re.I) is not None


def chart_parts(pkg: Package, tab: SummaryTab, sheet_part: str, old_sheet_part: str | None,
                types: bytes, taken: set[str]) -> ChartParts:
    """The parts behind `tab`'s charts, written over the old tab's drawing and charts.

    `taken` holds the names other new parts of this apply already use (lower case); the names
    chosen here are added to it."""
    out = ChartParts(types=types)
    old_drawing, old_charts = drawing_charts(pkg, old_sheet_part)
    if not tab.charts:
        for name in ([old_drawing] if old_drawing else []) + old_charts:
            _drop(pkg, name, out)
        return out
    xl = posixpath.dirname(posixpath.dirname(sheet_part))
    drawing = old_drawing or _free(pkg, taken, posixpath.join(xl, "drawings"), "drawing")
    taken.add(drawing.lower())
    names = []
    for i in range(len(tab.charts)):
        name = old_charts[i] if i < len(old_charts) else _free(
            pkg, taken, posixpath.join(xl, "charts"), "chart")
        taken.add(name.lower())
        names.append(name)
    for extra in old_charts[len(tab.charts):]:
        _drop(pkg, extra, out)

    def rel(source: str, target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(source))

    out.parts[rels_path(sheet_part)] = _rels([(RT_DRAWING, rel(sheet_part, drawing))])
    out.parts[drawing] = drawing_xml(tab.charts)
    out.parts[rels_path(drawing)] = _rels([(RT_CHART, rel(drawing, n)) for n in names])
    for chart, name in zip(tab.charts, names, strict=True):
        out.parts[name] = chart_xml(chart, tab.title)
    for name, content_type in [(drawing, CT_DRAWING), *((n, CT_CHART) for n in names)]:
        if not _has_override(out.types, name):
            out.types = wb.add_override(out.types, name, content_type)
    out.drawing_rid = DRAWING_RID
    return out


def _drop(pkg: Package, name: str, out: ChartParts) -> None:
    """Leave a part out of the new package with its rels and its content type."""
    out.removed.add(name)
    rels = pkg.find(rels_path(name))
    if rels is not None:
        out.removed.add(rels)
    out.types = wb.remove_override(out.types, name)

