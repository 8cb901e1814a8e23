"""run_many(): the config's team sources and company workbook read, scored as one run (parents
resolve across them), and each written back: team status and summary, the company summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.backends import Backend, is_google_source, open_backend
from sheetsync.backends.google.ratelimit import RateLimiter, shared_limiter
from sheetsync.company.namespace import SEP, local_view, qualify
from sheetsync.company.summary import COMPANY, SourceLine, build_company_summary
from sheetsync.config import Config
from sheetsync.errors import SheetsyncError, UsageError
from sheetsync.grid import Book
from sheetsync.models import Cycle, ParsedOKRs, Problem, Scorecard
from sheetsync.pipeline import Skipped, Stage, expand_sources, read_book
from sheetsync.read.table import Table
from sheetsync.score.rollup import build_scorecard
from sheetsync.write.plan import build_plan
from sheetsync.write.writeplan import WritePlan


@dataclass
class SourceRun:
    """One workbook of the run: what was read, its own view of the scores, what was written."""

    team: str | None
    """None for the company workbook."""
    name: str
    backend: Backend
    book: Book
    tables: list[Table]
    cycle: Cycle
    cycle_rule: str
    parsed: ParsedOKRs
    """As read, with the workbook's own ids."""
    prefix: str | None = None
    to_local: dict[str, str] = field(default_factory=dict)
    scorecard: Scorecard | None = None
    plan: WritePlan | None = None
    applied: bool = False
    error: str | None = None
    """Why its write failed; the run went on with the others."""


@dataclass
class ManyResult:
    """A multi-source run: the whole company's scorecard (run ids) and each source's outcome."""

    scorecard: Scorecard
    runs: list[SourceRun]
    skipped: list[Skipped]
    company: SourceRun | None = None

    @property
    def failed(self) -> int:
        """Sources not read or not written."""
        return len(self.skipped) + sum(1 for r in self.runs if r.error)

    @property
    def has_errors(self) -> bool:
        return self.failed > 0 or self.scorecard.has_errors


def planned_sources(config: Config) -> list[tuple[str | None, str]]:
    """(team, source) for every workbook of the run, folders expanded, the company last."""
    if not config.sources:
        raise UsageError("no sources to run: list them in the config as [[sources]] "
                         "with a team and a source each (see config.example.toml)")
    out: list[tuple[str | None, str]] = []
    seen: set[str] = set()
    entries: list[tuple[str | None, str]] = [(e.team.strip(), e.source) for e in config.sources]
    if config.company is not None:
        entries.append((None, config.company.source))
    for team, source in entries:
        names = expand_sources([source])
        if not names and team is not None:
            raise UsageError(f"sources: team {team}: no .xlsx workbooks in folder {source}")
        for name in names:
            key = name if is_google_source(name) else str(Path(name).resolve())
            if key in seen:
                raise UsageError(f"{name}: listed twice in the config's sources")
            seen.add(key)
            out.append((team, name))
    return out


def run_many(
    config: Config,
    as_of: dt.date | None = None,
    *,
    until: Stage = "score",
    limiter: RateLimiter | None = None,
    progress: Callable[[str], None] | None = None,
    planned: list[tuple[str | None, str]] | None = None,
) -> ManyResult:
    """Read every source of the config, score them as one run, and (until="plan"/"apply") plan
    and write each. A source that cannot be read or written is reported and the others go on.

    Google sources share LIMITER (default: the process's one for google.requests_per_minute).
    PLANNED is planned_sources(config), for a caller that already has it."""
    as_of = as_of or dt.date.today()
    limiter = limiter or shared_limiter(config.google.requests_per_minute)
    planned = planned if planned is not None else planned_sources(config)
    per_team = Counter(team for team, _ in planned if team is not None)
    runs: list[SourceRun] = []
    skipped: list[Skipped] = []
    try:
        for team, name in planned:
            if progress:
                progress(name)
            try:
                run = _read(team, name, config, as_of, limiter)
            except SheetsyncError as e:
                skipped.append(Skipped(name, str(e), team or COMPANY))
                continue
            run.prefix = _prefix(team, name, per_team)
            runs.append(run)
        result = _score(runs, skipped, config, as_of)
        if until != "score":
            _plan_and_apply(result, config, apply=until == "apply")
        return result
    finally:
        for r in runs:
            r.backend.close()


def _read(team: str | None, name: str, config: Config, as_of: dt.date,
          limiter: RateLimiter) -> SourceRun:
    backend = open_backend(name, config, limiter=limiter)
    try:
        book = backend.read()
        # Two teams' workbooks may share a file name; the run tells them apart by full source.
        book.name = backend.name
        tables, parsed, cycle, rule = read_book(book, config, as_of)
    except BaseException:
        backend.close()
        raise
    return SourceRun(team, backend.name, backend, book, tables, cycle, rule, parsed)


def _prefix(team: str | None, name: str, per_team: Counter[str]) -> str | None:
    """What a source's ids are prefixed with: its team, and its file name when the team has
    several workbooks; none for the company. Counted over the planned sources, so ids stay the
    same when one of a team's workbooks cannot be read."""
    if team is None:
        return None
    if per_team[team] == 1:
        return team
    stem = name if is_google_source(name) else Path(name).stem
    return f"{team}{SEP}{stem}"


def _score(runs: list[SourceRun], skipped: list[Skipped], config: Config,
           as_of: dt.date) -> ManyResult:
    company = next((r for r in runs if r.team is None), None)
    leading = company or (runs[0] if runs else None)
    run_cycle = leading.cycle if leading else Cycle(name="(none)", start=as_of, end=as_of)
    combined = ParsedOKRs(cycle=run_cycle)
    for r in runs:
        parsed = r.parsed
        if r.team is not None:
            parsed = parsed.model_copy(update={"objectives": [
                o if o.team else o.model_copy(update={"team": r.team})
                for o in parsed.objectives]})
        qualified, r.to_local = qualify(parsed, r.prefix, r.book.name)
        combined.objectives += qualified.objectives
        combined.key_results += qualified.key_results
        combined.checkins += qualified.checkins
        combined.problems += qualified.problems
        if (r.cycle.start, r.cycle.end) != (run_cycle.start, run_cycle.end):
            combined.problems.append(Problem(
                severity="warning", workbook=r.book.name,
                message=f"its cycle {r.cycle.name} ({r.cycle_rule}) differs from the run's "
                        f"{run_cycle.name}; scored on {run_cycle.name}"))
    sc = build_scorecard(combined, run_cycle, as_of, config)
    for r in runs:
        r.scorecard = local_view(sc, r.to_local, r.book.name)
    return ManyResult(sc, runs, skipped, company)


def _plan_and_apply(result: ManyResult, config: Config, *, apply: bool) -> None:
    for r in result.runs:
        if r is result.company or not r.backend.writable:
            continue
        assert r.scorecard is not None
        r.plan = build_plan(r.scorecard, r.tables, r.book, config)
        if apply:
            _apply(r)
    if result.company is None or config.company is None:
        return
    c = result.company
    assert c.scorecard is not None
    lines = [SourceLine(r.team or COMPANY, r.name, r.error) for r in result.runs]
    lines += [SourceLine(s.team or COMPANY, s.source, s.reason) for s in result.skipped]
    teams = {run_id: r.team or COMPANY for r in result.runs for run_id in r.to_local}
    tab = build_company_summary(result.scorecard, teams, lines, config.company.summary_tab,
                                charts=config.output.charts)
    c.plan = build_plan(c.scorecard, c.tables, c.book, config, summary=tab)
    if apply:
        _apply(c)


def _apply(r: SourceRun) -> None:
    if r.plan is None or r.plan.is_empty:
        return
    try:
        if r.backend.changed_since_read() is not None:
            # Scored with the other sources: it cannot be planned again alone.
            r.error = (f"{r.name}: changed while sheetsync was writing; nothing was written "
                       "to it, the next run picks it up")
            return
        r.backend.apply(r.plan)
        r.applied = True
    except SheetsyncError as e:
        r.error = str(e)

