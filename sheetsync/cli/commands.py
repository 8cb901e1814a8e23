"""The `sheetsync` command: click options in, library calls, rendered text out (no logic here)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from sheetsync import __version__, pipeline
from sheetsync.cli import text as report
from sheetsync.cli.files import write_export, write_report
from sheetsync.cli.output import OUT, failure_line, many_exit, multi_config, run_many_shown
from sheetsync.config import Config, discover_config, load_config
from sheetsync.errors import SheetsyncError, UsageError
from sheetsync.publish.outputs import check_output, is_stream
from sheetsync.read.understood import understood


def _as_of(value: str | None, option: str = "--as-of") -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: '{report.printable(value)}' is not a date in the form "
                         "YYYY-MM-DD") from None


def common(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--config and --as-of, shared by every command that reads a workbook."""

    @click.option("--config", "config_path", type=click.Path(dir_okay=False),
                  help="TOML settings (default: sheetsync.toml or config.toml here, or beside "
                       "the workbook).")
    @click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
                  help="Score as of this date (default: today), for reproducible runs.")
    @functools.wraps(fn)
    def wrapper(*args: Any, config_path: str | None, as_of: str | None, **kw: Any) -> Any:
        return fn(*args, config_path=config_path, as_of=_as_of(as_of), **kw)

    return wrapper


def _setup(source: str | None, config_path: str | None) -> tuple[str, Config]:
    config = load_config(discover_config(config_path, source))
    source = source or config.source
    if not source:
        raise UsageError("no SOURCE given and the config names none (set `source` in the config)")
    return source, config


def _problems(result: pipeline.RunResult) -> None:
    problems, more = report.capped(result.scorecard.problems,
                                   not OUT.json_log and sys.stdout.isatty())
    for p in problems:
        if OUT.json_log:
            OUT.warn(str(p), severity=p.severity, source=result.source, sheet=p.sheet,
                     cell=p.cell)
        elif not OUT.quiet or p.severity == "error":
            click.echo(report.problem_line(p), err=OUT.quiet)
    if more and not OUT.quiet:
        click.echo(more)


def _exit_for(result: pipeline.RunResult) -> None:
    if result.scorecard.has_errors:
        sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sheetsync")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors (for cron).")
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: one JSON object per message on stderr.")
def cli(quiet: bool, log_format: str) -> None:
    """Score OKRs kept in Excel or Google Sheets and write status back to the sheet."""
    OUT.quiet, OUT.json_log = quiet, log_format == "json"


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--template", default="flat", show_default=True,
              help="Starter layout: flat (check-in tab) or grouped (weekly columns).")
def init(directory: str, template: str) -> None:
    """Create a starter OKR workbook and its config in DIRECTORY."""
    from sheetsync.cli.init_files import install_template, next_steps

    for path in install_template(Path(directory), template):
        OUT.info(f"created {path}", path=str(path))
    if not OUT.quiet and not OUT.json_log:
        click.echo(next_steps(Path(directory)))


@cli.group()
def auth() -> None:
    """Sign in to Google (for people who cannot create a service account)."""


@auth.command()
@click.option("--client-secrets", type=click.Path(dir_okay=False),
              help="OAuth client JSON (Desktop app); default: ~/.config/gspread/credentials.json.")
@click.option("--no-browser", is_flag=True, help="Print the sign-in URL, open no browser.")
@click.option("--port", type=int, default=0, show_default=True,
              help="Local port the sign-in comes back to (0: any free one).")
def login(client_secrets: str | None, no_browser: bool, port: int) -> None:
    """Sign in with Google in a browser; the token is saved where gspread and sheetsync look."""
    from sheetsync.backends.google.login import default_client_secrets
    from sheetsync.backends.google.login import login as google_login

    secrets = Path(client_secrets) if client_secrets else default_client_secrets()
    path = google_login(secrets, open_browser=not no_browser, port=port,
                        show_url=lambda url: click.echo(
                            f"Sign in with Google at this address:\n  {url}", err=True))
    OUT.info(f"signed in; token saved to {path} (every Google source uses it when no "
             "google.credentials is set)", path=str(path))


@cli.command()
@click.argument("source", required=False)
@click.option("--json", "as_json", is_flag=True,
              help="Print what was understood and the problems as one JSON object.")
@common
def check(source: str | None, config_path: str | None, as_of: dt.date, as_json: bool) -> None:
    """Parse, validate and lint SOURCE; print every problem with its cell.

    With no SOURCE and [[sources]] in the config: every team source and the company workbook."""
    many = multi_config(source, config_path)
    if many is not None:
        res = run_many_shown(many, as_of, "score")
        sources = []
        for r in res.runs:
            assert r.scorecard is not None
            sc = r.scorecard
            tabs = understood(r.book, r.tables, sc.objectives, sc.key_results, sc.checkins,
                              sc.problems)
            if as_json:  # standard output is the one JSON object, nothing else
                sources.append(report.check_dict(r.name, tabs, sc))
                continue
            if not OUT.quiet:
                OUT.data(f"{r.name}:\n" + report.render_understood(tabs))
            OUT.info(report.counts_line(r.name, r.scorecard), source=r.name)
        if as_json:
            OUT.data(json.dumps({"sources": sources, "problems": [
                p.model_dump(mode="json") for p in res.scorecard.problems]}, indent=2))
        many_exit(res, problems=not as_json)
        return
    source, config = _setup(source, config_path)
    result = pipeline.run(source, config, as_of)
    sc = result.scorecard
    tabs = understood(result.book, result.tables, sc.objectives, sc.key_results, sc.checkins,
                      sc.problems)
    if as_json:
        OUT.data(json.dumps(report.check_dict(result.source, tabs, sc), indent=2))
        _exit_for(result)
        return
    if not OUT.quiet:
        OUT.data(report.render_understood(tabs))
    _problems(result)
    stale = report.stale_warning(result.scorecard, config.checkin.stale_after_days)
    if stale and not OUT.quiet:
        click.echo(stale)
    OUT.info(report.counts_line(result.source, result.scorecard), source=result.source)
    _exit_for(result)


@cli.command()
@click.argument("source", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the scorecard as JSON.")
@common
def score(source: str | None, config_path: str | None, as_of: dt.date, as_json: bool) -> None:
    """Print the scorecard of SOURCE: scores and statuses per objective and key result.

    With no SOURCE and [[sources]] in the config: the whole company, ids prefixed by team."""
    from sheetsync.publish.exports import scorecard_json

    many = multi_config(source, config_path)
    if many is not None:
        res = run_many_shown(many, as_of, "score")
        OUT.data(scorecard_json(res.scorecard) if as_json
                 else report.render_scorecard(res.scorecard, color=sys.stdout.isatty()))
        many_exit(res, problems=not as_json)
        return
    source, config = _setup(source, config_path)
    result = pipeline.run(source, config, as_of)
    if as_json:
        OUT.data(scorecard_json(result.scorecard))
    else:
        OUT.data(report.render_scorecard(result.scorecard, color=sys.stdout.isatty()))
        _problems(result)
    _exit_for(result)


@cli.command()
@click.argument("source", required=False)
@click.option("--dry-run", is_flag=True, help="Print the exact cell changes; write nothing.")
@click.option("--json", "as_json", is_flag=True,
              help="Print what was (or would be) written as JSON: cells, tabs, written or not.")
@common
def sync(source: str | None, config_path: str | None, as_of: dt.date, dry_run: bool,
         as_json: bool) -> None:
    """Write the status columns and the summary tab of SOURCE (only when something changed).

    With no SOURCE and [[sources]] in the config: every team workbook, then the company
    summary into the company workbook; a source that fails does not stop the others."""
    many = multi_config(source, config_path)
    if many is not None:
        res = run_many_shown(many, as_of, "plan" if dry_run else "apply")
        if as_json:
            OUT.data(json.dumps([report.plan_dict(r.plan, r.applied) for r in res.runs
                                 if r.plan is not None], indent=2))
        for r in res.runs:
            if r.plan is None or as_json:
                continue
            if dry_run:
                OUT.text(report.render_plan(r.plan))
            elif not r.error:
                OUT.info(report.render_plan(r.plan), source=r.name,
                         changes=len(r.plan.lines()), written=r.applied)
        many_exit(res, problems=not as_json)
        return
    source, config = _setup(source, config_path)
    result = pipeline.run(source, config, as_of, until="plan" if dry_run else "apply",
                          skip_unchanged=True, keep_rows=False)
    assert result.plan is not None
    if as_json:
        OUT.data(json.dumps(report.plan_dict(result.plan, result.applied), indent=2))
        _exit_for(result)
        return
    if result.unchanged is not None:  # nothing was read: the one line says why
        OUT.info(report.unchanged_line(result.source, result.unchanged.warnings,
                                       read=result.unchanged_after_read),
                 source=result.source, changes=0, written=False)
    elif dry_run:
        OUT.text(report.render_plan(result.plan))
    else:
        OUT.info(report.render_plan(result.plan), source=result.source,
                 changes=len(result.plan.changes) + len(result.plan.tabs),
                 written=result.applied)
    _problems(result)
    _exit_for(result)


@cli.command()
@click.argument("sources", nargs=-1)
@click.option("--to", "to", required=True, type=click.Path(),
              help="Output file (.json, .sqlite/.db) or folder (csv, json --split).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "sqlite"]),
              help="Default: from the extension of --to (a folder means csv).")
@click.option("--split", is_flag=True, help="JSON: one file per source in the --to folder.")
@common
def export(sources: tuple[str, ...], to: str, fmt: str | None, split: bool,
           config_path: str | None, as_of: dt.date) -> None:
    """Export SOURCES (workbooks, folders of them, Google Sheets) to JSON, CSV or SQLite.

    With no SOURCES and [[sources]] in the config: every team source and the company workbook,
    scored as one run so that parents resolve across them."""
    from sheetsync.publish import exports as ex

    fmt = fmt or ("json" if is_stream(to) else ex.format_for(Path(to)))
    items: list[tuple[str, Any]] = []
    skipped = 0
    many = multi_config(None, config_path) if not sources else None
    if many is not None:
        res = run_many_shown(many, as_of, "score")
        items = [(r.name, r.scorecard) for r in res.runs]
        skipped = len(res.skipped)
        names = [r.name for r in res.runs] + [s.source for s in res.skipped]
        write_export(ex, items, to, fmt, split, as_of, skipped, len(names))
        return
    first = sources[0] if sources else None
    _, config = _setup(first, config_path)
    names = pipeline.expand_sources(list(sources) or [config.source or ""])
    if not is_stream(to):
        check_output(Path(to), names)  # before any work: never over an input
    show_bar = not OUT.quiet and not OUT.json_log and sys.stderr.isatty() and len(names) > 1
    with click.progressbar(length=len(names), label="Exporting", file=sys.stderr,
                           hidden=not show_bar) as bar:
        for outcome in pipeline.score_sources(names, config, as_of):
            bar.update(1)
            if isinstance(outcome, pipeline.Skipped):
                skipped += 1
                OUT.error(f"{outcome.reason} (skipped)", source=outcome.source)
                continue
            items.append((outcome.source, outcome.scorecard))
            OUT.warn(f"{outcome.source}: cycle {outcome.cycle.name} ({outcome.cycle_rule}), "
                     f"{len(outcome.scorecard.key_results)} key results",
                     source=outcome.source, cycle=outcome.cycle.name, rule=outcome.cycle_rule)
    write_export(ex, items, to, fmt, split, as_of, skipped, len(names))


@cli.command()
@click.argument("source")
@click.argument("kr")
@click.argument("value")
@click.option("--confidence", help="0-1, 0-100%, 1-10, high/medium/low or green/amber/red.")
@click.option("--note", help="What happened.")
@click.option("--author", help="Who reports it.")
@click.option("--date", "date", metavar="YYYY-MM-DD", help="Default: today.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML settings.")
@click.option("--json", "as_json", is_flag=True, help="Print the cells written as JSON.")
def checkin(source: str, kr: str, value: str, confidence: str | None, note: str | None,
            author: str | None, date: str | None, config_path: str | None,
            as_json: bool) -> None:
    """Record VALUE for key result KR in SOURCE (check-in tab row or week column)."""
    from sheetsync.write.checkin_add import NewCheckIn

    _, config = _setup(source, config_path)
    new = NewCheckIn(kr, value, _as_of(date, "--date"), confidence, note, author)
    plan = pipeline.add_checkin(source, new, config)
    if as_json:
        OUT.data(json.dumps(report.plan_dict(plan, written=not plan.is_empty), indent=2))
        return
    OUT.info(report.render_plan(plan), source=source, kr=kr)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of `score --json` and the JSON export."""
    from sheetsync.publish.exports import json_schema

    OUT.data(json.dumps(json_schema(), indent=2))


@cli.command("report")
@click.argument("sources", nargs=-1)
@click.option("--html", "html_path", required=True, type=click.Path(dir_okay=False),
              help="Write one self-contained HTML page here.")
@common
def report_cmd(sources: tuple[str, ...], html_path: str, config_path: str | None,
               as_of: dt.date) -> None:
    """Write an HTML report (tables and charts, no network needed) for SOURCES.

    With no SOURCES and [[sources]] in the config: a section per team workbook and the company."""
    from sheetsync.publish.html_report import render_html
    from sheetsync.write.history_tab import read_history

    many = multi_config(None, config_path) if not sources else None
    if many is not None:
        res = run_many_shown(many, as_of, "score")
        tab = many.output.history_tab
        page = render_html(
            [(f"{r.team or 'Company'}: {Path(r.name).name}", r.scorecard) for r in res.runs
             if r.scorecard is not None],
            per_source=[read_history(r.book.sheet(tab)) for r in res.runs])
        write_report(html_path, page, [r.name for r in res.runs])
        many_exit(res, problems=False)
        return
    _, config = _setup(sources[0] if sources else None, config_path)
    names = pipeline.expand_sources(list(sources) or [config.source or ""])
    if not is_stream(html_path):
        check_output(Path(html_path), names, "--html")
    results = [pipeline.run(name, config, as_of) for name in names]
    history = [p for r in results
               for p in read_history(r.book.sheet(config.output.history_tab))]
    write_report(html_path, render_html([(r.source, r.scorecard) for r in results], history),
                  names)


def _register_rhythm() -> None:
    from sheetsync.cli.rhythm import digest, next_cycle

    cli.add_command(digest)
    cli.add_command(next_cycle)


_register_rhythm()


def main() -> None:
    """Entry point: run the CLI; an expected failure is one line on stderr and an exit code."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        OUT.error("aborted")
        sys.exit(1)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except SheetsyncError as e:
        OUT.error(str(e))
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        OUT.error("interrupted")
        sys.exit(130)
    except Exception as e:  # noqa: BLE001 - one line, never a traceback (SHEETSYNC_DEBUG shows it)
        OUT.error(failure_line(e))
        sys.exit(1)
