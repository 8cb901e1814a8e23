"""How the CLI speaks: text or JSON log lines, and the output of multi-source runs."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sheetsync.cli import text as report
from sheetsync.config import Config, discover_config, load_config

if TYPE_CHECKING:
    from sheetsync.company.run import ManyResult
    from sheetsync.pipeline import Stage


_SECRETS = [
    # A PEM private key, also as JSON escapes it (\\n) and cut short.
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
                re.DOTALL), "[private key not shown]"),
    # A key file's or token's secret fields, quoted as JSON or Python writes them.
    (re.compile(r"""(["']?(?:private_key(?:_id)?|client_secret|refresh_token|access_token|"""
                r"""id_token)["']?\s*[:=]\s*)(["'])(?:\\.|(?!\2).)*\2?"""),
     r"\1\2[not shown]\2"),
    (re.compile(r"\bBearer\s+[A-Za-z0-9._~+/-]+=*"), "Bearer [not shown]"),
    (re.compile(r"\bya29\.[A-Za-z0-9._-]+"), "[access token not shown]"),
    (re.compile(r"\b1//[A-Za-z0-9._-]{10,}"), "[refresh token not shown]"),
    # Incoming-webhook URLs are their own secret (digest --to slack/teams), and a password in
    # a URL's user part.
    (re.compile(r"(https://hooks\.slack\.com/(?:services|workflows|triggers)/)[\w/-]+"),
     r"\1[not shown]"),
    (re.compile(r"(https://[\w.-]*(?:webhook\.office\.com|logic\.azure\.com|"
                r"environment\.api\.powerplatform\.com)[^\s/]*/)\S+"), r"\1[not shown]"),
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^\s:/@]+:)[^\s@/]+@"), r"\1[not shown]@"),
]


_CLUES = ("private key", "private_key", "client_secret", "refresh_token", "access_token",
          "id_token", "bearer", "ya29.", "1//", "://")
"""A piece of text that every pattern above needs: text with none of them is left as it is."""

_TERMINAL_UNSAFE = re.compile("[\u0080-\u009f\u202a-\u202e\u2066-\u2069]")


def redact(text: str) -> str:
    """A message with any key or token content replaced: whatever a library put in an error,
    no private key, secret or token reaches the terminal or a log line."""
    lowered = text.lower()
    if not any(clue in lowered for clue in _CLUES):
        return text  # a change list of 50,000 lines: no pattern can match, none is run
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


def shown(message: str) -> str:
    """A message as it may reach a terminal or log: no secret, no raw control character."""
    return redact(report.printable(message, newlines=True))


class Output:
    """Where messages go: text (info on stdout, errors on stderr) or one JSON object per line."""

    def __init__(self, quiet: bool = False, json_log: bool = False) -> None:
        self.quiet, self.json_log = quiet, json_log

    def _json(self, level: str, message: str, fields: dict[str, Any]) -> None:
        record = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                  "level": level, "message": shown(message),
                  **{k: redact(v) if isinstance(v, str) else v for k, v in fields.items()}}
        click.echo(json.dumps(record, default=str), err=True)

    def info(self, message: str, **fields: Any) -> None:
        if self.quiet:
            return
        if self.json_log:
            self._json("info", message, fields)
        else:
            click.echo(shown(message))

    def warn(self, message: str, **fields: Any) -> None:
        if self.json_log:
            self._json("warning", message, fields)
        elif not self.quiet:
            click.echo(shown(message), err=True)

    def error(self, message: str, **fields: Any) -> None:
        if self.json_log:
            self._json("error", message, fields)
        else:
            click.echo(f"error: {shown(message)}", err=True)

    def text(self, text: str) -> None:
        """Plain text a command was asked for (a dry run's cell changes), cell text escaped."""
        click.echo(shown(text))

    def data(self, text: str) -> None:
        """The output a command was asked for (a scorecard, JSON): printed even when quiet.

        JSON keeps C1 controls and bidirectional overrides of cell text raw (json.dumps escapes
        only C0): they go out as \\u escapes, the same JSON, harmless on a terminal. A text
        scorecard has none left (text.printable), only its own colour codes."""
        click.echo(_TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


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


def _short(name: object, limit: int = 80) -> str:
    text = str(name)
    return text if len(text) <= limit else f"{text[:limit - 1]}… ({len(text)} characters)"


def os_error_line(e: OSError) -> str:
    """An operating-system failure no command foresaw, as one line naming the file."""
    import errno

    reason = e.strerror or type(e).__name__
    if e.errno == errno.ENAMETOOLONG:
        reason = "the name is too long for the file system"
    elif e.errno == errno.ENOSPC:
        reason = "no space left on the device"
    where = f"{_short(e.filename)}: " if e.filename is not None else ""
    return f"{where}{reason}"


def unexpected_line(e: BaseException) -> str:
    """A failure sheetsync did not expect (a bug): one line, the details only on request."""
    import os
    import traceback

    if os.environ.get("SHEETSYNC_DEBUG"):
        click.echo(shown("".join(traceback.format_exception(e))), err=True)
    return (f"unexpected {type(e).__name__}: {_short(e, 200)} (a bug in sheetsync; set "
            "SHEETSYNC_DEBUG=1 to see where, and please report it)")


def failure_line(e: Exception) -> str:
    """The one line for a failure no command foresaw: an OSError names its file, else a bug."""
    return os_error_line(e) if isinstance(e, OSError) else unexpected_line(e)
