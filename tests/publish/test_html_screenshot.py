"""The HTML report in a real headless Chromium: the screenshot shows the pace bars at their
widths in the grade colours, the coloured table cells and the trend lines."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from html_fixtures import sample_history, sample_scorecard

from sheetsync.models import Scorecard
from sheetsync.publish.charts_svg import BAR_H, BAR_X, LINE_COLOURS, bar_width
from sheetsync.publish.html_report import render_html
from sheetsync.score.scoring import grade
from sheetsync.write.writeplan import GRADE_FILLS, STATUS_FILLS

WIDTH, HEIGHT = 1200, 1600
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOLERANCE = 10
"""Per-channel distance under which a pixel counts as a given colour (anti-aliasing, blending)."""
RUN_GAP = 3
"""A bar's run of fill pixels may be crossed by the dashed expected-pace marker this wide."""


def _chromium() -> str:
    found = "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None
    found = found or shutil.which("chromium")
    if found is None:
        reason = "chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"{reason}; CI must run the screenshot test")
        pytest.skip(reason)
    return found


@dataclass
class Image:
    width: int
    height: int
    channels: int
    rows: list[bytearray]

    def rgb(self, x: int, y: int) -> tuple[int, int, int]:
        i = x * self.channels
        r, g, b = self.rows[y][i : i + 3]
        return r, g, b


def read_png(path: Path) -> Image:
    """Decode an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes) with zlib alone."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    pos, idat, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows: list[bytearray] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        line = bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(raw[start], line, prev, channels)
        rows.append(line)
        prev = line
    return Image(width, height, channels, rows)


def _unfilter(ft: int, line: bytearray, prev: bytearray, bpp: int) -> None:
    n = len(line)
    if ft == 1:
        for i in range(bpp, n):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
    elif ft == 2:
        line[:] = bytes((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
    elif ft == 3:
        for i in range(n):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
    elif ft == 4:
        for i in range(n):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[i] = (line[i] + pred) & 0xFF
    else:
        assert ft == 0, f"unknown PNG filter {ft}"


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _near(px: tuple[int, int, int], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= TOLERANCE for a, b in zip(px, colour, strict=True))


@dataclass(frozen=True)
class Run:
    grade: str
    y: int
    x: int
    length: int


def pixels(img: Image, y: int) -> list[tuple[int, int, int]]:
    row, ch = img.rows[y], img.channels
    return list(zip(row[0::ch], row[1::ch], row[2::ch], strict=True))


def grade_runs(img: Image) -> list[Run]:
    """Horizontal runs of a grade fill on every row; a run survives gaps of up to RUN_GAP
    pixels (the dashed expected-pace marker drawn across a bar)."""
    fills = {g: _hex(c) for g, c in GRADE_FILLS.items()}
    memo: dict[tuple[int, int, int], str | None] = {}

    def which(px: tuple[int, int, int]) -> str | None:
        if px not in memo:
            memo[px] = next((g for g, c in fills.items() if _near(px, c)), None)
        return memo[px]

    out = []
    for y in range(img.height):
        labels = [which(px) for px in pixels(img, y)]
        x = 0
        while x < img.width:
            g = labels[x]
            if g is None:
                x += 1
                continue
            end, last = x, x
            while end + 1 < img.width and end - last <= RUN_GAP:
                end += 1
                if labels[end] == g:
                    last = end
            out.append(Run(g, y, x, last - x + 1))
            x = last + 1
    return out


def colour_count(img: Image, colour: str) -> int:
    """How many pixels of the image are close to an RRGGBB colour."""
    counts: Counter[tuple[int, int, int]] = Counter()
    for y in range(img.height):
        counts.update(pixels(img, y))
    c = _hex(colour)
    return sum(n for px, n in counts.items() if _near(px, c))


@pytest.fixture(scope="module")
def scorecard() -> Scorecard:
    return sample_scorecard()


@pytest.fixture(scope="module")
def screenshot(tmp_path_factory: pytest.TempPathFactory, scorecard: Scorecard) -> Image:
    chromium = _chromium()
    tmp = tmp_path_factory.mktemp("html-report")
    page, png = tmp / "report.html", tmp / "report.png"
    page.write_text(render_html([("team.xlsx", scorecard)], sample_history(scorecard)),
                    encoding="utf-8")
    cmd = [chromium, *FLAGS, f"--user-data-dir={tmp / 'profile'}", f"--screenshot={png}",
           f"--window-size={WIDTH},{HEIGHT}", page.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HOME": str(tmp)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert png.is_file() and png.stat().st_size > 0, done.stderr[-2000:]
    return read_png(png)


def test_the_screenshot_has_the_window_size(screenshot: Image) -> None:
    assert (screenshot.width, screenshot.height) == (WIDTH, HEIGHT)


def test_the_screenshot_is_not_blank(screenshot: Image) -> None:
    step = 4
    sample = [screenshot.rgb(x, y) for y in range(0, HEIGHT, step) for x in range(0, WIDTH, step)]
    dark = sum(1 for px in sample if sum(px) < 200)  # text and lines
    white = sum(1 for px in sample if min(px) > 245)
    assert len(set(sample)) > 50
    assert dark > 500
    assert white > len(sample) // 3  # a page, not a block of colour


@pytest.fixture(scope="module")
def runs(screenshot: Image) -> list[Run]:
    return grade_runs(screenshot)


@pytest.fixture(scope="module")
def bars(runs: list[Run], scorecard: Scorecard) -> dict[str, list[Run]]:
    """Objective id → the rows of its bar: runs of its grade colour as wide as its bar should
    be (±3 px for the edge stroke), starting at the x where every objective has such a run
    (a table cell may happen to be as wide as one bar, not at the same x as all of them)."""
    candidates = {}
    for o in scorecard.objectives:
        assert o.score is not None
        width = bar_width(o.score, 1.0)
        candidates[o.id] = [r for r in runs if r.grade == grade(o.score)
                            and abs(r.length - width) <= 3 and r.length >= 6]
    shared = set.intersection(*({r.x for r in found} for found in candidates.values()))
    return {oid: [r for r in found if r.x in shared] for oid, found in candidates.items()}


def test_each_objective_is_a_bar_of_its_grade_colour_and_width(
    bars: dict[str, list[Run]]
) -> None:
    for oid, found in bars.items():
        assert found, f"no bar of the right colour and width for {oid}, aligned with the others"
        # A bar is BAR_H pixels tall: many consecutive rows, not one stray line.
        ys = sorted({r.y for r in found})
        assert len(ys) >= BAR_H - 4 and ys[-1] - ys[0] == len(ys) - 1, oid
        assert min(r.x for r in found) > BAR_X  # the page margin plus the label column
    # One chart: the bars are stacked in the objectives' order, top to bottom.
    tops = [min(r.y for r in found) for found in bars.values()]
    assert tops == sorted(tops)


def test_table_cells_are_painted_in_every_grade_colour(
    runs: list[Run], bars: dict[str, list[Run]]
) -> None:
    below_bars = max(r.y for found in bars.values() for r in found) + 1
    # Below the pace chart, long runs of a fill are table cells (trend markers are 10 px wide).
    cells = {r.grade for r in runs if r.y > below_bars and r.length >= 30}
    assert cells == {"red", "yellow", "green"}


def test_the_trend_chart_draws_its_lines(screenshot: Image, scorecard: Scorecard) -> None:
    for colour in LINE_COLOURS[: len(scorecard.objectives)]:
        assert colour_count(screenshot, colour) > 50, f"no line in #{colour}"


@pytest.mark.parametrize(
    ("ci", "outcome"),
    [(None, pytest.skip.Exception), ("true", pytest.fail.Exception),
     ("false", pytest.skip.Exception)],
    ids=["without CI a missing chromium skips", "on CI a missing chromium fails",
         "CI=false counts as not on CI"],
)
def test_a_missing_chromium(
    monkeypatch: pytest.MonkeyPatch, ci: str | None, outcome: type[BaseException]
) -> None:
    monkeypatch.setattr(os, "access", lambda *_: False)
    monkeypatch.setattr(shutil, "which", lambda *_: None)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="chromium is not installed"):
        _chromium()


@pytest.mark.parametrize("status", ["Off track", "On track"],
                         ids=["an off-track status cell is red", "an on-track one is green"])
def test_status_cells_show_their_status_colour(screenshot: Image, scorecard: Scorecard,
                                               status: str) -> None:
    assert any(o.status.value == status for o in scorecard.objectives)
    # Status cells (objectives, key results, the count by status) besides the score cells.
    cells = sum(1 for o in scorecard.objectives if o.status.value == status)
    assert colour_count(screenshot, STATUS_FILLS[status]) > 400 * cells
