"""`sheetsync digest` and `sheetsync next-cycle`: the rhythm of a cycle (thin click commands)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sheetsync.cli.output import OUT, run_many_shown
from sheetsync.config import Config, discover_config, load_config
from sheetsync.errors import UsageError

if TYPE_CHECKING:
    from sheetsync.publish.digest import DigestSource


def _date(value: str | None, option: str = "--as-of") -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: '{value}' is not a date in the form YYYY-MM-DD") from None


def _config(source: str | None, config_path: str | None) -> tuple[Config, Path | None]:
    path = discover_config(config_path, source)
    return load_config(path), path


def _digest_sources(source: str | None, config: Config,
                    as_of: dt.date) -> tuple[list[DigestSource], bool]:
    """Every scored source the digest covers, and whether a company message is due."""
    from sheetsync import pipeline
    from sheetsync.backends import open_backend
    from sheetsync.publish.digest import DigestSource
    from sheetsync.write.history_tab import read_history

    tab = config.output.history_tab
    if source is None and config.sources:
        res = run_many_shown(config, as_of, "score")
        return [DigestSource(r.name, r.scorecard, r.book, r.team,
                             read_history(r.book.sheet(tab)))
                for r in res.runs if r.scorecard is not None], True
    source = source or config.source
    if not source:
        raise UsageError("no SOURCE given and the config names none (set `source` in the config)")
    backend = open_backend(source, config)
    try:
        result = pipeline.run(backend, config, as_of)
        ids = getattr(backend, "sheet_ids", None)
        sheet_ids = ids() if callable(ids) else {}
    finally:
        backend.close()
    return [DigestSource(source, result.scorecard, result.book, None,
                         read_history(result.book.sheet(tab)), sheet_ids)], False


@click.command()
@click.argument("source", required=False)
@click.option("--to", "channel", type=click.Choice(["stdout", "email", "slack", "teams"]),
              default="stdout", show_default=True, help="Where the messages go.")
@click.option("--dry-run", is_flag=True, help="Print every message; send nothing.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML settings (default: sheetsync.toml here, or beside the workbook).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="The digest's date (default: today).")
def digest(source: str | None, channel: str, dry_run: bool, config_path: str | None,
           as_of: str | None) -> None:
    """Send the weekly digest of SOURCE: to each owner the key results that need a check-in
    or are off track / at risk, and a team message. The workbook is only read.

    With no SOURCE and [[sources]] in the config: one message per owner across every team, a
    message per team and one for the company. A re-run for the same --as-of sends nothing twice
    (see docs/digest.md for where that is recorded)."""
    from sheetsync.publish.digest import build_digest
    from sheetsync.publish.digest_formats import to_text
    from sheetsync.publish.send import Sender, SentRecord, deliver, record_path

    day = _date(as_of)
    config, path = _config(source, config_path)
    sender = Sender(config, channel) if channel != "stdout" else None
    if sender is not None and not dry_run:
        sender.check()
    sources, company = _digest_sources(source, config, day)
    messages = build_digest(sources, config, company=company)
    if channel == "stdout" or dry_run:
        for msg in messages:
            to = ", ".join(msg.to) or "(no address)"
            OUT.data(f"=== {msg.key} → {to if channel in ('stdout', 'email') else channel}\n"
                     f"Subject: {msg.subject}\n\n{to_text(msg)}")
        return
    assert sender is not None
    record = SentRecord(record_path(config, path, source))
    failed = 0
    for o in deliver(messages, sender, record, day):
        where = f" → {o.detail}" if o.detail and o.state == "sent" else ""
        if o.state == "failed":
            failed += 1
            OUT.error(f"{channel} {o.key}: not sent: {o.detail}", channel=channel, digest=o.key)
        elif o.state == "skipped":
            OUT.warn(f"{channel} {o.key}: skipped ({o.detail})", channel=channel, digest=o.key)
        else:
            OUT.info(f"{channel} {o.key}: {o.state}{where}", channel=channel, digest=o.key,
                     state=o.state)
    if failed:
        OUT.error(f"{failed} of {len(messages)} messages not sent; a re-run sends only those")
        sys.exit(1)


@click.command("next-cycle")
@click.argument("source", required=False)
@click.option("--cycle", "cycle_name", metavar="NAME",
              help="The new cycle, like 2027-Q1 (default: the one after the current cycle).")
@click.option("--dry-run", is_flag=True, help="Print the new tab's cells; write nothing.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML settings (default: sheetsync.toml here, or beside the workbook).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
              help="Read the current cycle as of this date (default: today).")
def next_cycle(source: str | None, cycle_name: str | None, dry_run: bool,
               config_path: str | None, as_of: str | None) -> None:
    """Write the next cycle's OKR tab beside the current one in SOURCE: same layout and
    styles, every objective and key result not Done carried over with its final value as the
    new baseline, current values and check-ins empty. Refuses when that tab exists."""
    from sheetsync import pipeline
    from sheetsync.cli.text import render_plan

    config, _ = _config(source, config_path)
    source = source or config.source
    if not source:
        raise UsageError("no SOURCE given and the config names none (set `source` in the config)")
    plan, cycle = pipeline.next_cycle(source, config, _date(as_of), cycle_name=cycle_name,
                                      write=not dry_run)
    if dry_run:
        OUT.data(render_plan(plan))
        return
    OUT.info(f"{plan.copies[0].title}: written for {cycle.name} ({cycle.start} – {cycle.end}), "
             f"{len(plan.changes)} cells", source=source, cycle=cycle.name)
    if config.cycle.start is not None or config.cycle.name:
        OUT.warn(f"the config fixes [cycle]; set it to {cycle.name} for the next syncs")
