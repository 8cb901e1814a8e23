"""Synced workbooks in a real client nobody here wrote: LibreOffice prints the bundled template
after two syncs, and again after it has saved the workbook itself (which drops the theme).
The summary prints on at most two landscape pages, with formatted scores, no ###, and charts
whose series are drawn in their own colours."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sheetsync import pipeline
from sheetsync.config import load_config
from sheetsync.write.chartspec import EXPECTED_COLOUR, LINE_COLOURS

ROOT = Path(__file__).resolve().parents[3]
DAYS = (dt.date(2026, 11, 15), dt.date(2026, 11, 29))
TOLERANCE = 24
"""Per-channel distance under which a pixel counts as a series colour (anti-aliasing)."""


def _on_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        reason = f"{name} is not installed (apt-get install {package})"
        if _on_ci():
            pytest.fail(f"{reason}; CI must run the LibreOffice tests")
        pytest.skip(reason)
    return found


def convert(book: Path, to: str, out: Path, profile: Path) -> Path:
    """LibreOffice headless conversion with a private profile, so runs never share one."""
    soffice = _tool("soffice", "libreoffice-calc")
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to,
         "--outdir", str(out), str(book)], capture_output=True, text=True, timeout=180)
    target = out / f"{book.stem}.{to}"
    assert done.returncode == 0 and target.is_file(), done.stderr[-2000:]
    return target


def page_texts(pdf: Path) -> list[str]:
    pdftotext = _tool("pdftotext", "poppler-utils")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, timeout=60, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def summary_pages(pages: list[str]) -> list[int]:
    """0-based numbers of the summary tab's pages: from its title to the history tab."""
    start = next(i for i, t in enumerate(pages) if t.lstrip().startswith("OKR Summary"))
    end = next((i for i in range(start + 1, len(pages))
                if re.match(r"\s*Date\s+KR\s+Objective", pages[i])), len(pages))
    return list(range(start, end))


def page_sizes(pdf: Path) -> dict[int, tuple[float, float]]:
    """0-based page → (width, height) in points, from pdfinfo."""
    pdfinfo = _tool("pdfinfo", "poppler-utils")
    out = subprocess.run([pdfinfo, "-f", "1", "-l", "999", str(pdf)], capture_output=True,
                         text=True, timeout=60, check=True).stdout
    return {int(m.group(1)) - 1: (float(m.group(2)), float(m.group(3)))
            for m in re.finditer(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", out)}


def ppm(pdf: Path, page: int, tmp: Path) -> tuple[int, int, bytes]:
    """One page as raw RGB (pdftoppm's PPM: a short header, then the bytes)."""
    pdftoppm = _tool("pdftoppm", "poppler-utils")
    stem = tmp / f"page{page}"
    subprocess.run([pdftoppm, "-r", "60", "-f", str(page + 1), "-l", str(page + 1),
                    "-singlefile", str(pdf), str(stem)], check=True, timeout=60)
    data = (stem.with_suffix(".ppm")).read_bytes()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    assert m is not None
    return int(m.group(1)), int(m.group(2)), data[m.end():]


def colour_runs(width: int, rgb: bytes, colour: str, shortest: int = 8) -> int:
    """Pixels of COLOUR in horizontal runs of at least SHORTEST: bars and line segments, not
    the odd anti-aliased pixel of text that happens to be near the colour."""
    want = bytes.fromhex(colour)
    total = 0
    for y in range(len(rgb) // (3 * width)):
        run = 0
        for x in range(width + 1):
            i = 3 * (y * width + x)
            if x < width and all(abs(rgb[i + k] - want[k]) <= TOLERANCE for k in range(3)):
                run += 1
                continue
            total += run if run >= shortest else 0
            run = 0
    return total


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The synced template as PDF, straight and after a LibreOffice save."""
    tmp = tmp_path_factory.mktemp("libreoffice")
    book = tmp / "okrs.xlsx"
    shutil.copy(ROOT / "templates" / "flat.xlsx", book)
    config = load_config(ROOT / "templates" / "flat.toml")
    for day in DAYS:
        pipeline.run(str(book), config, day, until="apply")
    profile = tmp / "profile"
    saved = convert(book, "xlsx", tmp / "saved", profile)
    return {"synced": convert(book, "pdf", tmp / "pdf", profile),
            "saved by LibreOffice": convert(saved, "pdf", tmp / "saved-pdf", profile),
            "tmp": tmp}


CASES = ["synced", "saved by LibreOffice"]


@pytest.mark.parametrize("case", CASES, ids=["a synced workbook", "after LibreOffice saved it"])
def test_the_summary_prints_on_at_most_two_pages_with_formatted_numbers(
        books: dict[str, Path], case: str) -> None:
    pages = page_texts(books[case])
    assert not any("###" in t for t in pages), "a column too narrow for its value"
    summary = summary_pages(pages)
    assert 1 <= len(summary) <= 2, f"the summary spans {len(summary)} pages"
    sizes = page_sizes(books[case])
    assert all(sizes[i][0] > sizes[i][1] for i in summary), "the summary prints landscape"
    text = "\n".join(pages[i] for i in summary)
    assert re.search(r"key results on track; score 0\.\d\d against an expected pace", text)
    assert not re.search(r"\b0\.\d{3,}\b", text), "a score not formatted as 0.00"
    for heading in ("Objectives (4)", "By owner (key results)", "What changed since the last "
                    "sync (2026-11-15)", "Score trend", "Start", "End"):
        assert heading in text, heading


@pytest.mark.parametrize("case", CASES, ids=["a synced workbook", "after LibreOffice saved it"])
def test_the_charts_plot_their_series_in_their_own_colours(
        books: dict[str, Path], case: str) -> None:
    pages = page_texts(books[case])
    first = summary_pages(pages)[0]
    width, _, rgb = ppm(books[case], first, books["tmp"])
    # Bars of the pace chart and the overall line are the first colour; the expected pace
    # (bars and the dashed line) is grey; the objectives' lines take the next colours.
    assert colour_runs(width, rgb, LINE_COLOURS[0]) > 300, "no score bars or overall line"
    assert colour_runs(width, rgb, EXPECTED_COLOUR) > 300, "no expected pace"
    assert colour_runs(width, rgb, LINE_COLOURS[1]) > 20, "no objective line"


def test_a_missing_libreoffice_fails_on_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the LibreOffice tests"):
        _tool("soffice", "libreoffice-calc")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        _tool("soffice", "libreoffice-calc")
