"""Native charts in the .xlsx summary tab: DrawingML parts, rels and content types, rewritten in
place on every sync, with everything else in the package left byte for byte."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from xlsx_parts import (
    SUMMARY,
    charts_of_summary,
    formulas,
    overrides,
    parts,
    reachable,
    rels_of,
    summary_part,
)

from sheetsync import pipeline
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.backends.xlsx.fingerprint import without_fingerprint
from sheetsync.config import Config, load_config
from sheetsync.write.chartspec import CellBlock, ChartSeries, ChartSpec
from sheetsync.write.writeplan import SummaryTab, WritePlan

ROOT = Path(__file__).resolve().parents[3]
DAY1, DAY2, DAY3 = dt.date(2026, 11, 1), dt.date(2026, 11, 15), dt.date(2026, 11, 29)


def workbook_with_dashboard(tmp_path: Path) -> Path:
    """The flat starter workbook plus a person's own chart on a Dashboard tab."""
    path = tmp_path / "okrs.xlsx"
    shutil.copy(ROOT / "templates" / "flat.xlsx", path)
    wb = openpyxl.load_workbook(path)
    okrs = wb["OKRs"]
    dash = wb.create_sheet("Dashboard")
    chart = BarChart()
    chart.title = "Mine"
    chart.add_data(Reference(okrs, min_col=5, min_row=3, max_row=8), titles_from_data=True)
    dash.add_chart(chart, "B2")
    wb.save(path)
    return path


@pytest.fixture
def config() -> Config:
    return load_config(ROOT / "templates" / "flat.toml")


def sync(path: Path, config: Config, day: dt.date) -> pipeline.RunResult:
    return pipeline.run(str(path), config, day, until="apply")


def objective_rows(path: Path) -> tuple[int, int]:
    """First and last row of the objectives table on the summary tab, read back with openpyxl."""
    ws = openpyxl.load_workbook(path)[SUMMARY]
    header = next(r for r in range(1, ws.max_row + 1)
                  if ws.cell(r, 1).value == "ID" and ws.cell(r, 2).value == "Score")
    last = header
    while ws.cell(last + 1, 1).value:
        last += 1
    return header + 1, last


def test_first_sync_adds_a_drawing_with_two_charts_on_the_summary_sheet(
        tmp_path: Path, config: Config) -> None:
    path = workbook_with_dashboard(tmp_path)
    before = parts(path)
    sync(path, config, DAY1)
    after = parts(path)
    drawing, charts = charts_of_summary(after)
    assert len(charts) == 2
    assert drawing not in before and not set(charts) & set(before)
    types = overrides(after)
    assert types[drawing] == "application/vnd.openxmlformats-officedocument.drawing+xml"
    assert all(types[c] == "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
               for c in charts)
    assert re.search(rb'<drawing r:id="rId1"/></worksheet>', after[summary_part(after)])
    first, last = objective_rows(path)
    bar = formulas(after[charts[0]])
    assert f"'{SUMMARY}'!$J${first}:$J${last}" in bar, "the objectives' titles"
    assert f"'{SUMMARY}'!$B${first}:$B${last}" in bar and f"'{SUMMARY}'!$D${first}:$D${last}" in bar
    assert re.search(rb'<barDir val="bar"\s*/>', after[charts[0]])
    assert b"<lineChart>" in after[charts[1]]
    for part in charts:  # colours of their own: LibreOffice drops the theme when it saves
        series = re.findall(rb"<ser>.*?</ser>", after[part], re.S)
        assert series and all(b"<a:srgbClr" in s for s in series)
    assert b'<a:prstDash val="dash"' in after[charts[1]], "the expected pace, dashed"
    assert reachable(after) >= {drawing, *charts}


def test_later_syncs_rewrite_the_same_parts_and_leave_the_rest_byte_identical(
        tmp_path: Path, config: Config) -> None:
    path = workbook_with_dashboard(tmp_path)
    sync(path, config, DAY1)
    first = parts(path)
    drawing, charts = charts_of_summary(first)
    for day in (DAY2, DAY3):
        sync(path, config, day)
    last = parts(path)
    assert charts_of_summary(last) == (drawing, charts)
    assert set(last) == set(first), "parts were added or lost"
    # Status cells, the summary and history tabs and the chart parts are sheetsync's own; the
    # styles part gains the cell formats new grades need.
    owned = {summary_part(last, tab) for tab in ("OKRs", SUMMARY, "Score history")}
    owned.add("xl/styles.xml")
    owned |= {drawing, *charts, "xl/drawings/_rels/" + posixpath.basename(drawing) + ".rels"}
    # workbook.xml holds the sync's fingerprint, which changes with the as-of; nothing else.
    first["xl/workbook.xml"] = without_fingerprint(first["xl/workbook.xml"])
    last["xl/workbook.xml"] = without_fingerprint(last["xl/workbook.xml"])
    for name, data in first.items():
        if name not in owned:
            assert last[name] == data, f"{name} changed"
    trend = formulas(last[charts[1]])
    assert any(re.fullmatch(rf"'{SUMMARY}'!\$A\$(\d+):\$A\$(\d+)", f) for f in trend)
    rows = [re.fullmatch(rf"'{SUMMARY}'!\$A\$(\d+):\$A\$(\d+)", f) for f in trend]
    span = next(m for m in rows if m)
    assert int(span.group(2)) - int(span.group(1)) + 1 == 3, "one trend row per sync date"
    wb = openpyxl.load_workbook(path)
    assert len(wb[SUMMARY]._charts) == 2 and len(wb["Dashboard"]._charts) == 1


def test_a_person_s_own_chart_parts_stay_byte_identical(tmp_path: Path, config: Config) -> None:
    path = workbook_with_dashboard(tmp_path)
    before = parts(path)
    theirs = {n: d for n, d in before.items() if "/charts/" in n or "/drawings/" in n}
    assert theirs, "the fixture has a chart of its own"
    for day in (DAY1, DAY2):
        sync(path, config, day)
    after = parts(path)
    assert {n: after.get(n) for n in theirs} == theirs


def test_a_second_sync_on_the_same_date_does_not_rewrite_the_file(
        tmp_path: Path, config: Config) -> None:
    path = workbook_with_dashboard(tmp_path)
    sync(path, config, DAY1)
    data, mtime = path.read_bytes(), path.stat().st_mtime_ns
    result = sync(path, config, DAY1)
    assert result.plan is not None and result.plan.is_empty and not result.applied
    assert path.read_bytes() == data and path.stat().st_mtime_ns == mtime


def _chart(n: int) -> ChartSpec:
    block = CellBlock(2, 2, 3, 2)
    return ChartSpec("bar" if n % 2 else "line", f"Chart {n}", (1, 4 + n * 8), 320, 200,
                     CellBlock(2, 1, 3, 1), (ChartSeries("Score", (1, 2), block),))


def _tab(count: int) -> SummaryTab:
    return SummaryTab(SUMMARY, [["Name", "Score"], ["A", 0.5], ["B", 0.25]],
                      charts=[_chart(n) for n in range(count)])


@pytest.mark.parametrize(("counts"), [(2, 1), (1, 3), (2, 0, 2), (3, 3)],
                         ids=["two charts then one drops the second chart part",
                              "one chart then three adds two chart parts",
                              "charts switched off then on again leave no drawing behind",
                              "the same three charts twice keep their part names"])
def test_the_chart_parts_follow_the_number_of_charts(tmp_path: Path,
                                                    counts: tuple[int, ...]) -> None:
    path = tmp_path / "book.xlsx"
    shutil.copy(ROOT / "templates" / "flat.xlsx", path)
    for i, count in enumerate(counts):
        tab = _tab(count)
        tab.rows.append([f"sync {i}"])  # each apply really rewrites the tab
        with XlsxBackend(path) as backend:
            backend.read()
            backend.apply(WritePlan(str(path), summary=tab))
        pkg = parts(path)
        chart_parts = {n for n in pkg if n.startswith(("xl/charts/", "xl/drawings/"))
                       and n.endswith(".xml")}
        types = overrides(pkg)
        assert chart_parts <= reachable(pkg), "orphan drawing or chart part"
        assert {n for n in types if "/charts/" in n or "/drawings/" in n} == chart_parts
        assert len([n for n in chart_parts if "/charts/" in n]) == count
        assert len([n for n in chart_parts if "/drawings/" in n]) == (1 if count else 0)
        sheet_rels = rels_of(pkg, summary_part(pkg))
        assert [k for k, _ in sheet_rels] == (["drawing"] if count else [])
        assert len(openpyxl.load_workbook(path)[SUMMARY]._charts) == count


def test_a_chart_deleted_by_hand_is_drawn_again_by_the_next_sync_of_the_same_day(
        tmp_path: Path, config: Config) -> None:
    path = workbook_with_dashboard(tmp_path)
    sync(path, config, DAY1)
    pkg = parts(path)
    sheet = summary_part(pkg)
    rels = posixpath.join(posixpath.dirname(sheet), "_rels", posixpath.basename(sheet) + ".rels")
    # As if the charts were deleted in Excel: the sheet no longer points to its drawing.
    pkg[sheet] = re.sub(rb"<drawing [^>]*/>", b"", pkg[sheet])
    del pkg[rels]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in pkg.items():
            z.writestr(name, data)
    with XlsxBackend(path) as x:
        assert x.read().sheet(SUMMARY).charts == ()  # type: ignore[union-attr]
    again = sync(path, config, DAY1)
    assert again.applied
    _, charts = charts_of_summary(parts(path))
    assert len(charts) == 2
    before = path.read_bytes()
    assert not sync(path, config, DAY1).applied
    assert path.read_bytes() == before
