"""How the CLI speaks: text or JSON log lines, and the output of multi-source runs."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sheetsync.cli import text as report
from sheetsync.config import Config, discover_config, load_config

if TYPE_CHECKING:
    from sheetsync.company.run import ManyResult
    from sheetsync.pipeline import Stage


class Output:
    """Where messages go: text (info on stdout, errors on stderr) or one JSON object per line."""

    def __init__(self, quiet: bool = False, json_log: bool = False) -> None:
        self.quiet, self.json_log = quiet, json_log

    def _json(self, level: str, message: str, fields: dict[str, Any]) -> None:
        record = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                  "level": level, "message": message, **fields}
        click.echo(json.dumps(record, default=str), err=True)

    def info(self, message: str, **fields: Any) -> None:
        if self.quiet:
            return
        if self.json_log:
            self._json("info", message, fields)
        else:
            click.echo(message)

    def warn(self, message: str, **fields: Any) -> None:
        if self.json_log:
            self._json("warning", message, fields)
        elif not self.quiet:
            click.echo(message, err=True)

    def error(self, message: str, **fields: Any) -> None:
        if self.json_log:
            self._json("error", message, fields)
        else:
            click.echo(f"error: {message}", err=True)

    def data(self, text: str) -> None:
        """The output a command was asked for (a scorecard, JSON): printed even when quiet."""
        click.echo(text)


OUT = Output()


def multi_config(source: str | None, config_path: str | None) -> Config | None:
    """The config when this is a multi-source run (no SOURCE, [[sources]] in the config)."""
    if source is not None:
        return None
    config = load_config(discover_config(config_path, None))
    return config if config.sources else None


def run_many_shown(config: Config, as_of: dt.date, until: Stage) -> ManyResult:
    from sheetsync.company.run import planned_sources, run_many

    planned = planned_sources(config)
    total = len(planned)
    show_bar = not OUT.quiet and not OUT.json_log and sys.stderr.isatty() and total > 1
    with click.progressbar(length=total, label="Reading", file=sys.stderr,
                           hidden=not show_bar) as bar:
        result = run_many(config, as_of, until=until, progress=lambda _: bar.update(1),
                          planned=planned)
    for s in result.skipped:
        OUT.error(f"{s.reason} (skipped)", source=s.source)
    return result


def many_exit(result: ManyResult, *, problems: bool = True) -> None:
    for r in result.runs:
        if r.error:
            OUT.error(f"{r.error} (not written)", source=r.name)
    shown, more = report.capped(result.scorecard.problems if problems else [],
                                not OUT.json_log and sys.stdout.isatty())
    for p in shown:
        if OUT.json_log:
            OUT.warn(str(p), severity=p.severity, source=p.workbook, sheet=p.sheet, cell=p.cell)
        elif not OUT.quiet or p.severity == "error":
            name = Path(p.workbook).name if p.workbook else ""
            click.echo(f"{p.severity:<7}  {name}: {p}" if name else report.problem_line(p),
                       err=OUT.quiet)
    if more and not OUT.quiet:
        click.echo(more)
    if result.failed:
        OUT.error(f"{result.failed} of {len(result.runs) + len(result.skipped)} sources failed")
    if result.has_errors:
        sys.exit(1)
