"""Two names of one workbook (a symlink, a hard link) share one lock, so two syncs under
different names never overlap and the score history keeps the rows of both."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from okr_workbooks import write_okrs

from sheetsync import pipeline
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.config import Config
from sheetsync.errors import LockedError
from sheetsync.write.history_tab import read_history


def _symlink(real: Path, other: Path) -> None:
    other.symlink_to(real.name)


def _hard_link(real: Path, other: Path) -> None:
    os.link(real, other)


LINKS = [pytest.param(_symlink, id="a symlink current.xlsx to okrs.xlsx"),
         pytest.param(_hard_link, id="a hard link current.xlsx of okrs.xlsx")]


@pytest.mark.parametrize("link", LINKS)
def test_a_second_name_of_a_locked_workbook_waits_for_the_lock(
        tmp_path: Path, link: Callable[[Path, Path], None]) -> None:
    real = write_okrs(tmp_path / "okrs.xlsx", 3)
    other = tmp_path / "current.xlsx"
    link(real, other)
    with XlsxBackend(real), pytest.raises(LockedError) as err:
        XlsxBackend(other, lock_timeout=0.2)
    assert "another sheetsync run is using this workbook" in str(err.value)
    with XlsxBackend(other, lock_timeout=0.2):
        pass  # free again once the first run closed


def test_overlapping_syncs_through_a_symlink_keep_every_history_row(tmp_path: Path) -> None:
    real = write_okrs(tmp_path / "okrs.xlsx", 3)
    other = tmp_path / "current.xlsx"
    _symlink(real, other)
    first_day, second_day = dt.date(2026, 11, 10), dt.date(2026, 11, 17)
    holding = threading.Event()
    errors: list[BaseException] = []

    def slow_first() -> None:
        try:
            backend = XlsxBackend(other)
            holding.set()
            try:
                pipeline.run(backend, Config(), first_day, until="apply")
            finally:
                backend.close()
        except BaseException as e:  # noqa: BLE001 - reported by the assertion below
            errors.append(e)

    t = threading.Thread(target=slow_first)
    t.start()
    holding.wait(10)
    pipeline.run(str(real), Config(), second_day, until="apply")  # waits for the first
    t.join(30)
    assert errors == []
    with XlsxBackend(real) as backend:
        days = {p.as_of for p in read_history(backend.read().sheet("Score history"))}
    assert days == {first_day, second_day}


def test_syncs_through_two_hard_links_keep_one_file_with_every_history_row(
        tmp_path: Path) -> None:
    real = write_okrs(tmp_path / "okrs.xlsx", 3)
    other = tmp_path / "current.xlsx"
    _hard_link(real, other)
    first_day, second_day = dt.date(2026, 11, 10), dt.date(2026, 11, 17)
    pipeline.run(str(real), Config(), first_day, until="apply")
    pipeline.run(str(other), Config(), second_day, until="apply")
    assert os.stat(real).st_ino == os.stat(other).st_ino, "still one file under two names"
    for name in (real, other):
        with XlsxBackend(name) as backend:
            days = {p.as_of for p in read_history(backend.read().sheet("Score history"))}
        assert days == {first_day, second_day}, name
