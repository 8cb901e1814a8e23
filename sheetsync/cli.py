"""The `sheetsync` command: click options in, library calls, rendered text out (no logic here)."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from sheetsync import __version__, pipeline, report
from sheetsync.config import Config, discover_config, load_config
from sheetsync.errors import SheetsyncError, UsageError


def _as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of: '{value}' is not a date in the form YYYY-MM-DD") from None


def common(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--config and --as-of, shared by every command that reads a workbook."""

    @click.option("--config", "config_path", type=click.Path(dir_okay=False),
                  help="TOML settings (default: sheetsync.toml here, or beside the workbook).")
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


def _exit_for(result: pipeline.RunResult) -> None:
    if result.scorecard.has_errors:
        sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sheetsync")
def cli() -> None:
    """Score OKRs kept in Excel or Google Sheets and write status back to the sheet."""


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--template", default="flat", show_default=True,
              help="Starter layout: flat (check-in tab) or grouped (weekly columns).")
def init(directory: str, template: str) -> None:
    """Create a starter OKR workbook and its config in DIRECTORY."""
    from sheetsync.templates_install import install_template

    for path in install_template(Path(directory), template):
        click.echo(f"created {path}")


@cli.command()
@click.argument("source", required=False)
@common
def check(source: str | None, config_path: str | None, as_of: dt.date) -> None:
    """Parse, validate and lint SOURCE; print every problem with its cell."""
    source, config = _setup(source, config_path)
    result = pipeline.run(source, config, as_of)
    if result.scorecard.problems:
        click.echo(report.render_problems(result.scorecard.problems))
    click.echo(report.counts_line(result.source, result.scorecard))
    _exit_for(result)


@cli.command()
@click.argument("source", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the scorecard as JSON.")
@common
def score(source: str | None, config_path: str | None, as_of: dt.date, as_json: bool) -> None:
    """Print the scorecard of SOURCE: scores and statuses per objective and key result."""
    source, config = _setup(source, config_path)
    result = pipeline.run(source, config, as_of)
    if as_json:
        click.echo(result.scorecard.model_dump_json(indent=2))
    else:
        click.echo(report.render_scorecard(result.scorecard))
        if result.scorecard.problems:
            click.echo("")
            click.echo(report.render_problems(result.scorecard.problems))
    _exit_for(result)


@cli.command()
@click.argument("source", required=False)
@click.option("--dry-run", is_flag=True, help="Print the exact cell changes; write nothing.")
@common
def sync(source: str | None, config_path: str | None, as_of: dt.date, dry_run: bool) -> None:
    """Write the status columns and the summary tab of SOURCE (only when something changed)."""
    source, config = _setup(source, config_path)
    result = pipeline.run(source, config, as_of, until="plan" if dry_run else "apply")
    assert result.plan is not None
    click.echo(report.render_plan(result.plan))
    if not dry_run and result.applied:
        click.echo(f"{result.source}: written")
    if result.scorecard.problems:
        click.echo(report.render_problems(result.scorecard.problems), err=True)
    _exit_for(result)


def main() -> None:
    """Entry point: run the CLI; an expected failure is one line on stderr and an exit code."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except SheetsyncError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)

