"""One Sheets API budget per run: the limiter's window arithmetic, and a multi-source run over
Google sheets in the emulator that never sends more than the budget in any minute."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from company_books import TEAMS, company_book, team_book

from sheetsync.backends.google.ratelimit import WINDOW, RateLimiter, shared_limiter
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.company.run import run_many
from sheetsync.config import load_config
from sheetsync.testing import SheetsEmulator, seed_book

pytest_plugins = ["google_fixtures"]

AS_OF = dt.date(2026, 11, 15)


class FakeClock:
    """time.monotonic and time.sleep for a limiter, without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []
        self.stamps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _limiter(per_minute: int) -> tuple[RateLimiter, FakeClock]:
    clock = FakeClock()
    limiter = RateLimiter(per_minute, clock=clock, sleep=clock.sleep)
    original = limiter.acquire

    def acquire() -> float:
        waited = original()
        clock.stamps.append(clock.now)
        return waited

    limiter.acquire = acquire  # type: ignore[method-assign]
    return limiter, clock


def _most_in_any_window(stamps: list[float]) -> int:
    return max((sum(1 for t in stamps if s <= t < s + WINDOW) for s in stamps), default=0)


@pytest.mark.parametrize(("per_minute", "calls", "waits"), [
    pytest.param(5, 5, 0, id="calls within the budget never wait"),
    pytest.param(5, 6, 1, id="one call over the budget waits once"),
    pytest.param(3, 10, 3, id="ten calls at three a minute wait for three windows"),
    pytest.param(1, 4, 3, id="one a minute spaces every call by a minute"),
])
def test_the_window_holds_at_most_the_budget(per_minute: int, calls: int, waits: int) -> None:
    limiter, clock = _limiter(per_minute)
    for _ in range(calls):
        limiter.acquire()
    assert _most_in_any_window(clock.stamps) <= per_minute
    assert len(clock.slept) == waits
    assert limiter.waited == pytest.approx(sum(clock.slept))


def test_calls_spread_over_time_do_not_wait() -> None:
    limiter, clock = _limiter(2)
    for _ in range(6):
        limiter.acquire()
        clock.now += 30.0
    assert clock.slept == []


def test_a_budget_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RateLimiter(0)


def test_backends_with_the_same_budget_share_one_limiter() -> None:
    assert shared_limiter(55) is shared_limiter(55)
    assert shared_limiter(55) is not shared_limiter(54)


def test_three_google_teams_share_one_budget_and_score_as_their_xlsx_copies(
    emulator: SheetsEmulator, sa_key: Path, tmp_path: Path
) -> None:
    sheets = {}
    for team, rows in TEAMS.items():
        path = team_book(tmp_path / f"{team.lower()}.xlsx", rows)
        with XlsxBackend(path) as x:
            sheets[team] = seed_book(emulator, x.read(), title=f"{team} OKRs")
    company_book(tmp_path / "company.xlsx")
    lines = [f'[[sources]]\nteam = "{t}"\nsource = "https://docs.google.com/spreadsheets/d/'
             f'{sid}/edit"\n' for t, sid in sheets.items()]
    (tmp_path / "google.toml").write_text(
        f'[google]\ncredentials = "{sa_key}"\n' + "\n".join(lines)
        + '\n[company]\nsource = "company.xlsx"\n', encoding="utf-8")
    (tmp_path / "files.toml").write_text("\n".join(
        f'[[sources]]\nteam = "{t}"\nsource = "{t.lower()}.xlsx"\n' for t in TEAMS)
        + '\n[company]\nsource = "company.xlsx"\n', encoding="utf-8")

    emulator.clear_requests()
    limiter, clock = _limiter(4)
    google = run_many(load_config(tmp_path / "google.toml"), AS_OF, until="apply",
                      limiter=limiter)
    calls = emulator.requests()
    # Three sheets: one read (metadata and values together), the same read again right before
    # the write (a person may have moved rows meanwhile) and one write each, nine calls in all,
    # every one through the shared limiter, never more than 4 in a minute.
    assert len(calls) == 9
    assert len(clock.stamps) == len(calls)
    assert _most_in_any_window(clock.stamps) == 4
    assert sum(clock.slept) >= WINDOW - 1e-6
    assert google.failed == 0 and all(r.applied for r in google.runs)

    files = run_many(load_config(tmp_path / "files.toml"), AS_OF)
    assert [(o.id, o.score, o.aligned_score) for o in google.scorecard.objectives] == [
        (o.id, o.score, o.aligned_score) for o in files.scorecard.objectives]

    emulator.clear_requests()
    again = run_many(load_config(tmp_path / "google.toml"), AS_OF, until="apply",
                     limiter=_limiter(4)[0])
    assert [c for c in emulator.requests() if c["method"] != "GET"] == []
    assert not any(r.applied for r in again.runs)
