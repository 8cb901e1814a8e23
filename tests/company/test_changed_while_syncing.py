"""A multi-source run does not write a source that people changed between its read and its
write (it was scored together with the others and cannot be planned again alone): one line
says so, the others are written, and the next run picks it up."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from company_books import TEAMS, company_folder

from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.company.run import run_many
from sheetsync.config import load_config
from sheetsync.grid import Book

AS_OF = dt.date(2026, 11, 15)


def test_a_team_workbook_saved_during_the_run_is_not_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    company_folder(tmp_path)
    team = next(iter(TEAMS)).lower()
    edited = tmp_path / "teams" / f"{team}.xlsx"
    before = edited.read_bytes()
    changed = XlsxBackend.changed_since_read

    def someone_saved(self: XlsxBackend) -> Book | None:
        if self.path.name == edited.name:
            os.utime(self.path, ns=(10**18, 10**18))
        return changed(self)

    monkeypatch.setattr(XlsxBackend, "changed_since_read", someone_saved)
    result = run_many(load_config(tmp_path / "sheetsync.toml"), AS_OF, until="apply")
    (failed,) = [r for r in result.runs if r.error]
    assert failed.name.endswith(edited.name)
    assert failed.error == (f"{failed.name}: changed while sheetsync was writing; nothing was "
                            "written to it, the next run picks it up")
    assert edited.read_bytes() == before
    assert all(r.applied for r in result.runs if not r.error)
