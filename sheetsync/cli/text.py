"""Text for the terminal: scorecards, problems and plans as aligned plain-text tables (no click)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sheetsync.models import Problem, Scorecard, ScoredKeyResult
from sheetsync.read.understood import TabReading
from sheetsync.write.summary_tables import headline
from sheetsync.write.writeplan import WritePlan

MAX_TITLE = 48
STATUS_COLORS = {"Done": "32", "On track": "32", "At risk": "33", "Off track": "31",
                 "Missed": "31", "Invalid": "35", "Not started": "2"}
"""ANSI colours of the status words on a terminal (green, yellow, red, magenta, dim)."""


_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str, *, newlines: bool = False) -> str:
    """Text from cells made safe for a terminal: control characters (escape sequences that
    could retitle the window, move the cursor or hide text) and bidirectional overrides are
    shown as \\x1b-style escapes instead of being sent raw. Tabs and, when asked, newlines
    stay."""
    keep = "\t\n" if newlines else "\t"
    rest = text.replace("\t", "")
    if newlines:
        rest = rest.replace("\n", "")
    if rest.isprintable():
        return text
    out = []
    for c in text:
        if c in keep:
            out.append(c)
        elif c in _BIDI:
            out.append(f"\\u{ord(c):04x}")
        elif not c.isprintable() and (ord(c) < 0x20 or 0x7f <= ord(c) < 0xa0):
            out.append(f"\\x{ord(c):02x}")
        else:
            out.append(c)
    return "".join(out)


def colorize(text: str) -> str:
    """Colour every status word of an already aligned table (colour codes take no width)."""
    for status, code in STATUS_COLORS.items():
        text = text.replace(f"  {status}  ", f"  \x1b[{code}m{status}\x1b[0m  ")
        if text.endswith(f"  {status}"):
            text = text[: -len(status)] + f"\x1b[{code}m{status}\x1b[0m"
    return text


def _cell(v: object) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.2f}"
    return printable(str(v))


def _clip(text: str, width: int = MAX_TITLE) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Left-aligned columns separated by two spaces; numbers as 0.00, None as '-'."""
    cells = [[_cell(v) for v in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*headers).rstrip(), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*r).rstrip() for r in cells]
    return "\n".join(lines)


def problem_line(p: Problem) -> str:
    return printable(f"{p.severity:<7}  {p}")


def render_problems(problems: Sequence[Problem]) -> str:
    return "\n".join(problem_line(p) for p in problems)


TTY_PROBLEMS = 50
"""A terminal shows this many problems, then a count; pipes, --json and the sheet get all."""


def capped(problems: Sequence[Problem], tty: bool) -> tuple[list[Problem], str | None]:
    """The problems to print and, when some are left out, the line that says how many:
    errors come first, so the ones that stop a sync are never among those left out."""
    if not tty or len(problems) <= TTY_PROBLEMS:
        return list(problems), None
    ordered = sorted(problems, key=lambda p: p.severity != "error")
    hidden = len(problems) - TTY_PROBLEMS
    return ordered[:TTY_PROBLEMS], (
        f"… and {hidden} more problem{'s' * (hidden != 1)} (every one: --json, or the "
        "Problems column and the summary tab after a sync)")


def stale_warning(sc: Scorecard, stale_after_days: int, most: int = 10) -> str | None:
    """One warning line naming the stale key results (no check-in for too long), or None."""
    stale = [kr.id for kr in sc.key_results if kr.stale]
    if not stale:
        return None
    names = ", ".join(stale[:most]) + (f" and {len(stale) - most} more" if len(stale) > most
                                       else "")
    return (f"warning  {len(stale)} of {len(sc.key_results)} key results are stale (no check-in "
            f"in the last {stale_after_days} days): {names}")


def counts_line(source: str, sc: Scorecard) -> str:
    errors = sum(p.severity == "error" for p in sc.problems)
    warnings = len(sc.problems) - errors
    return (f"{source}: {len(sc.objectives)} objectives, {len(sc.key_results)} key results, "
            f"{len(sc.checkins)} check-ins; {errors} errors, {warnings} warnings")


def render_scorecard(sc: Scorecard, color: bool = False) -> str:
    s = sc.summary
    head = (f"Cycle {sc.cycle.name} ({sc.cycle.start} to {sc.cycle.end}), as of {sc.as_of}\n"
            f"Overall score {_cell(s.overall_score)}, expected pace {_cell(s.expected)}\n"
            f"{headline(sc)}")
    by_obj = {o.id: o for o in sc.objectives}
    rows: list[list[object]] = []
    for o in sc.objectives:
        rows.append([o.id, _clip(o.title), o.owner, o.score, o.status.value, None])
        for kr in sc.key_results:
            if kr.objective_id == o.id:
                rows.append(["  " + kr.id, "  " + _clip(kr.title, MAX_TITLE - 2), kr.owner,
                             kr.score, kr.status.value, _checkin(kr)])
    orphans = [kr for kr in sc.key_results if kr.objective_id not in by_obj]
    for kr in orphans:
        rows.append([kr.id, _clip(kr.title), kr.owner, kr.score, kr.status.value,
                     _checkin(kr)])
    body = table(["ID", "Title", "Owner", "Score", "Status", "Last check-in"], rows)
    if color:
        body = "\n".join(colorize(line) for line in body.splitlines())
    counts = ", ".join(f"{k}: {v}" for k, v in s.status_counts.items())
    return f"{head}\n\n{body}\n\n{counts}"


def _checkin(kr: ScoredKeyResult) -> str | None:
    """The last check-in date, marked when the KR is stale ('never' when it has none)."""
    if not kr.stale:
        return None if kr.last_checkin is None else kr.last_checkin.isoformat()
    return f"{kr.last_checkin or 'never'} STALE"


def render_plan(plan: WritePlan) -> str:
    notes = "".join(f"\n  {note}" for note in plan.notes)
    if plan.is_empty:
        if plan.notes:
            return f"{plan.source}: nothing written" + notes
        return f"{plan.source}: up to date, nothing to write"
    lines = plan.lines()
    return (f"{plan.source}: {len(lines)} changes\n" + "\n".join("  " + line for line in lines)
            + notes)


def unchanged_line(source: str, warnings: int, *, read: bool = False) -> str:
    """What a sync says when the workbook's fingerprint matched: nothing was read (READ: read
    once to check it, as a Google sheet must be, but not parsed or scored)."""
    said = (f"; it reported {warnings} warning{'s' * (warnings != 1)}, `sheetsync check` "
            "lists them") if warnings else ""
    how = "read once, not scored again" if read else "not read again"
    return (f"{source}: up to date, nothing to write (unchanged since its last sync with this "
            f"as-of, config and version: {how}{said})")


def _plain(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def check_dict(source: str, tabs: list[TabReading], sc: Scorecard) -> dict[str, object]:
    """One source as `check --json` shows it: what was understood per tab, the counts and the
    problems (docs/layouts.md)."""
    return {"source": source, "tabs": [t.as_dict() for t in tabs],
            "counts": {"objectives": len(sc.objectives), "key_results": len(sc.key_results),
                       "checkins": len(sc.checkins)},
            "problems": [p.model_dump(mode="json") for p in sc.problems]}


def plan_dict(plan: WritePlan, written: bool) -> dict[str, object]:
    """A plan for `sync --json`: each cell change with its old and new value, the tabs
    replaced or extended, and whether it was written."""
    return {
        "source": plan.source,
        "written": written,
        "up_to_date": plan.is_empty,
        "changes": [{"sheet": c.sheet, "cell": c.cell, "old": _plain(c.old),
                     "new": _plain(c.new)} for c in plan.changes],
        "tabs": [{"title": t.title, "rows": len(t.rows)} for t in plan.tabs],
        **({"notes": list(plan.notes)} if plan.notes else {}),
        **({"recorded": [str(c) for c in plan.claims if c.why != "created"]}
           if any(c.why != "created" for c in plan.claims) else {}),
    }


def render_understood(tabs: Sequence[TabReading]) -> str:
    """Per tab: the header row(s), each column and the field it became, the unread ones, the
    rows read and what came of them (SPEC §8)."""
    out: list[str] = []
    for tab in tabs:
        if tab.read_as == "not read":
            out.append(f"Sheet '{tab.sheet}': not read: {tab.why}")
            continue
        rows = " and ".join(str(r) for r in tab.header_rows)
        head = (f"Sheet '{tab.sheet}': {tab.read_as} ({tab.layout} layout), header "
                f"row{'s' if len(tab.header_rows) > 1 else ''} {rows}")
        if tab.block:
            head += f"; block {tab.block} read"
            if tab.blocks_left_out:
                head += f", {', '.join(tab.blocks_left_out)} left out"
        out.append(head)
        read = [c for c in tab.columns if c.field]
        width = max((len(_clip(c.header, 32)) for c in read), default=0)
        out += [f"  {c.column:>3}  {_clip(c.header, 32):<{width}}  → {c.field}" for c in read]
        unread = [f"{c.column} {_clip(c.header, 32)}" for c in tab.columns if not c.field]
        if unread:
            out.append("  left unread: " + ", ".join(unread))
        span = f"rows {tab.first_row}–{tab.last_row}" if tab.rows_read else "no rows"
        out.append(f"  {span} read: {tab.rows_read} rows; objectives {tab.objectives}, "
                   f"key results {tab.key_results}, check-ins {tab.checkins}")
    return "\n".join(out)
