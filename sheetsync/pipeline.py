"""run(): open → read → tables → parse → score → plan → apply; the CLI and library entry."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from sheetsync.backends import Backend, open_backend
from sheetsync.config import Config
from sheetsync.errors import SourceError
from sheetsync.grid import Book
from sheetsync.models import Cycle, ParsedOKRs, Scorecard
from sheetsync.read.cycle import cycle_from_book, resolve_cycle
from sheetsync.read.find import find_tables
from sheetsync.read.parse import parse_tables
from sheetsync.read.table import Table
from sheetsync.score.rollup import build_scorecard
from sheetsync.write.checkin_add import NewCheckIn, plan_checkin
from sheetsync.write.fingerprint import Fingerprint, PendingFingerprint, run_key
from sheetsync.write.plan import build_plan
from sheetsync.write.writeplan import WritePlan

Stage = Literal["score", "plan", "apply"]


@dataclass
class RunResult:
    """What one run did to one source: the scorecard, the plan (when asked for) and whether it
    was written."""

    source: str
    book: Book
    tables: list[Table]
    cycle: Cycle
    cycle_rule: str
    """Where the cycle came from: config, sheet, file name or the calendar quarter of as-of."""
    scorecard: Scorecard
    plan: WritePlan | None = None
    applied: bool = False
    unchanged: Fingerprint | None = None
    """Set when the workbook is as the last sync with the same as-of, config and version left
    it (its fingerprint matches): nothing was parsed or scored, the plan is empty."""
    unchanged_after_read: bool = False
    """With `unchanged`: the cells were read to check it (Google Sheets), but not parsed; an
    .xlsx fingerprint is checked without reading a sheet."""


def read_book(
    book: Book, config: Config, as_of: dt.date
) -> tuple[list[Table], ParsedOKRs, Cycle, str]:
    """Tables, parsed model, cycle and the cycle's rule for a Book already read."""
    tables, problems = find_tables(book, config)
    cycle, rule = resolve_cycle(config, cycle_from_book(tables, book, config), book.name, as_of)
    parsed = parse_tables(tables, book, config, cycle)
    parsed.problems[:0] = problems
    return tables, parsed, cycle, rule


def score_book(book: Book, config: Config, as_of: dt.date, *, keep_rows: bool = True,
               keep_grids: bool = False) -> RunResult:
    """Score a Book that is already in memory (no backend, no I/O); with keep_rows=False the
    check-in tables' rows are let go once parsed, and their Grids' rows too unless KEEP_GRIDS
    (release_rows)."""
    tables, parsed, cycle, rule = read_book(book, config, as_of)
    if not keep_rows:
        release_rows(tables, None if keep_grids else book, checkins_only=True)
    sc = build_scorecard(parsed, cycle, as_of, config)
    return RunResult(book.name, book, tables, cycle, rule, sc)


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a run builds its hundreds of thousands of
    objects, almost none of them garbage: it would rescan them all again and again (40% of the
    CPU time of a 10,000-KR sync, docs/benchmarks.md). Reference counting still frees memory."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run(
    source: str | Backend,
    config: Config | None = None,
    as_of: dt.date | None = None,
    *,
    until: Stage = "score",
    skip_unchanged: bool = False,
    keep_rows: bool = True,
) -> RunResult:
    """Read and score SOURCE; with until="plan" also build the write plan (a dry run), with
    until="apply" also write it. A source given as a string is opened and closed here.

    With skip_unchanged (what `sheetsync sync` does) and until="plan"/"apply", a workbook whose
    fingerprint shows it is as the last sync with this as-of, config and version left it is not
    parsed or scored (an .xlsx is not even read; a Google sheet is read once, as always): the
    result has `unchanged` set, an empty plan and an empty scorecard.

    With keep_rows=False (what `sheetsync sync` does) the rows of the tables are let go as soon
    as nothing reads them (release_rows): the check-in tables' once parsed, all the others once
    the plan is built; so are the check-in tabs' Grid rows when the backend's book_is_a_copy
    (an .xlsx file), and the scorecard's check-ins once the plan is built. The result is then
    for writing and its problems, not for reading: its tables, those Grids and
    scorecard.checkins are empty."""
    config = config or Config()
    as_of = as_of or dt.date.today()
    backend = open_backend(source, config) if isinstance(source, str) else source
    try:
        key = run_key(config, as_of) if until in ("plan", "apply") else None
        with no_cyclic_gc():  # from the fingerprint check on: it reads a Google sheet whole
            seen = backend.last_sync(key) if key is not None and skip_unchanged else None
            if seen is not None:
                same = unchanged_result(backend.name, backend.book_name, config, as_of, seen)
                same.unchanged_after_read = backend.fingerprint_needs_read
                return same
            grids = keep_rows or not backend.book_is_a_copy
            result = score_book(backend.read(), config, as_of, keep_rows=keep_rows,
                                keep_grids=grids)
            result.source = backend.name
            if until in ("plan", "apply"):
                result.plan = build_plan(result.scorecard, result.tables, result.book, config)
            if not keep_rows:
                release_rows(result.tables, None if grids else result.book, checkins_only=False)
                result.scorecard.checkins = []
            if until == "apply" and result.plan is not None and not result.plan.is_empty:
                result = apply_current(backend, result, config, as_of, key)
        return result
    finally:
        if isinstance(source, str):
            backend.close()


def release_rows(tables: list[Table], book: Book | None, *, checkins_only: bool) -> None:
    """Empty the rows of the check-in tables and, given the BOOK, the Grid rows of their tabs
    (but of no tab an OKR table reads); unless CHECKINS_ONLY, the rows of every table too.
    Once parsed, nothing reads a check-in tab again (the plan writes OKR tabs, the summary and
    the history tab); once the plan is built, nothing reads a table. The other Grids stay: a
    backend may read them as it applies the plan. A 50,000-row check-in tab is a fifth of a big
    sync's peak memory (docs/benchmarks.md, "Peak memory")."""
    okr_tabs = {t.sheet for t in tables if t.kind != "checkin"}
    for table in tables:
        if table.kind != "checkin":
            if not checkins_only:
                table.rows = []
            continue
        table.rows = []
        grid = book.sheet(table.sheet) if book is not None else None
        if grid is not None and table.sheet not in okr_tabs:
            grid.rows = []


def unchanged_result(source: str, name: str, config: Config, as_of: dt.date,
                     seen: Fingerprint) -> RunResult:
    """The result of a sync that found its fingerprint: an empty plan, an empty scorecard (the
    cycle as config or the calendar give it; the sheet was not parsed)."""
    cycle, rule = resolve_cycle(config, None, name, as_of)
    return RunResult(source, Book(name), [], cycle, rule, Scorecard(as_of=as_of, cycle=cycle),
                     plan=WritePlan(name), unchanged=seen)


REPLANS = 3
"""How often a plan is made again because people changed the workbook while it was made."""


def apply_current(backend: Backend, result: RunResult, config: Config,
                  as_of: dt.date, key: str | None = None) -> RunResult:
    """Apply RESULT's plan if the workbook is still as read; else score and plan again from what
    is there now (rows found where they are now), up to REPLANS times, then give up in one line
    having written nothing: the next run picks it up."""
    for _ in range(REPLANS):
        fresh = backend.changed_since_read()
        if fresh is None:
            assert result.plan is not None
            sc = result.scorecard
            backend.pending_fingerprint = None if sc.has_errors or key is None else \
                PendingFingerprint(key, sum(p.severity == "warning" for p in sc.problems))
            backend.apply(result.plan)
            result.applied = True
            return result
        source = result.source
        result = score_book(fresh, config, as_of)
        result.source = source
        result.plan = build_plan(result.scorecard, result.tables, result.book, config)
        if result.plan.is_empty:
            return result
    raise SourceError(f"{backend.name}: changed again and again while sheetsync was writing; "
                      "nothing was written, the next run picks it up")


@dataclass
class Skipped:
    """A source that could not be read: its name and the one-line reason."""

    source: str
    reason: str
    team: str | None = None
    """The team it belongs to, in a multi-source run."""


def expand_sources(sources: list[str]) -> list[str]:
    """Folders become the workbooks in them (.xlsx, .xlsm, sorted); other sources stay as given.

    Excel's `~$` owner files are left out."""
    from pathlib import Path

    out: list[str] = []
    for s in sources:
        p = Path(s)
        if p.is_dir():
            out += sorted(str(f) for f in p.iterdir()
                          if f.suffix.lower() in (".xlsx", ".xlsm") and not f.name.startswith("~$"))
        else:
            out.append(s)
    return out


def score_sources(
    sources: list[str], config: Config, as_of: dt.date
) -> Iterator[RunResult | Skipped]:
    """Score each source in turn; a source that fails is yielded as Skipped, the others go on."""
    from sheetsync.errors import SheetsyncError

    for source in sources:
        try:
            yield run(source, config, as_of)
        except SheetsyncError as e:
            yield Skipped(source, str(e))


def add_checkin(source: str | Backend, new: NewCheckIn, config: Config | None = None) -> WritePlan:
    """Append one check-in to SOURCE (validated like any row) and write it; returns the plan."""
    config = config or Config()
    backend = open_backend(source, config) if isinstance(source, str) else source
    try:
        result = score_book(backend.read(), config, new.date)
        plan = plan_checkin(new, result.scorecard, result.tables, result.book, config)
        backend.apply(plan)
        return plan
    finally:
        if isinstance(source, str):
            backend.close()


def next_cycle(source: str | Backend, config: Config | None = None,
               as_of: dt.date | None = None, *, cycle_name: str | None = None,
               write: bool = True) -> tuple[WritePlan, Cycle]:
    """The next cycle's OKR tab beside the current one (SPEC §10), written unless WRITE is
    False (a dry run); returns the plan and the new cycle. Raises when the tab exists."""
    from sheetsync.read.cycle import parse_cycle
    from sheetsync.score.grading import next_cycle as following
    from sheetsync.write.next_cycle import plan_next_cycle

    config = config or Config()
    backend = open_backend(source, config) if isinstance(source, str) else source
    try:
        result = score_book(backend.read(), config, as_of or dt.date.today())
        new = following(result.cycle)
        if cycle_name:
            named = parse_cycle(cycle_name, config, whole_years=True,
                                fiscal_start_month=config.cycle.fiscal_start_month)
            if named is None:
                from sheetsync.errors import UsageError

                raise UsageError(f"--cycle: {cycle_name!r} does not say its dates; write it "
                                 "like 2027-Q1 or Q1 2027")
            new = Cycle(name=cycle_name, start=named.start, end=named.end)
        plan = plan_next_cycle(result.scorecard, result.tables, result.book, config, new)
        if write:
            backend.apply(plan)
        return plan, new
    finally:
        if isinstance(source, str):
            backend.close()
