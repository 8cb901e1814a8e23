"""Scorecards → the weekly digest (SPEC §10): one message per owner, per team, the company; pure."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sheetsync.config import Config
from sheetsync.grid import Book, Grid
from sheetsync.models import CheckIn, Scorecard, ScoredKeyResult, Status
from sheetsync.score.history import HistoryPoint

NEEDS_WORK = (Status.off_track, Status.at_risk)
_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
EMAIL_HEADERS = ("email", "e-mail", "mail", "email address", "owner email")
SCORE_MOVE = 0.01
"""Score changes smaller than this are not news."""


@dataclass
class DigestSource:
    """One scored workbook as the digest sees it: its team, where it is, its sheets' links."""

    source: str
    scorecard: Scorecard
    book: Book
    team: str | None = None
    history: list[HistoryPoint] = field(default_factory=list)
    sheet_ids: dict[str, int] = field(default_factory=dict)
    """Google Sheets tab title → sheetId (gid), for links straight to a cell."""


@dataclass
class Item:
    """One key result in a message: what is asked, the cell to update and a link to it."""

    kr_id: str
    title: str
    owner: str | None
    status: str
    score: float | None
    why: str
    cell: str
    link: str


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


@dataclass
class Message:
    """One digest message; `key` names it in the sent record (owner:NAME, team:NAME, company)."""

    key: str
    audience: str
    to: list[str]
    subject: str
    headline: str
    sections: list[Section] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(s.items or s.lines for s in self.sections)


def sheet_link(source: str, sheet: str, cell: str, sheet_ids: dict[str, int] | None = None
               ) -> str:
    """A link that opens SOURCE at SHEET!CELL: a Sheets URL with the tab's gid and the range,
    or a file URL with Excel's #'Sheet'!A1 location."""
    from sheetsync.backends import is_google_source
    from sheetsync.backends.google.backend import spreadsheet_id

    if is_google_source(source):
        sid = spreadsheet_id(source) or source
        gid = (sheet_ids or {}).get(sheet)
        where = f"gid={gid}&range={cell}" if gid is not None else \
            f"range={quote(repr_sheet(sheet) + '!' + cell)}"
        return f"https://docs.google.com/spreadsheets/d/{sid}/edit#{where}"
    uri = Path(source).expanduser().resolve().as_uri()
    return f"{uri}#{quote(repr_sheet(sheet))}!{cell}"


def repr_sheet(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def addresses(config: Config, books: Iterable[Book]) -> dict[str, str]:
    """Owner name → address: a People tab (Name and Email columns) or an Email column beside
    an Owner column in any tab, then the config's [people], which wins."""
    found: dict[str, str] = {}
    for book in books:
        for grid in book.sheets:
            found.update(_pairs(grid))
    found.update(config.people)
    return {k.strip(): v.strip() for k, v in found.items() if _EMAIL.match(v.strip())}


def _pairs(grid: Grid) -> dict[str, str]:
    for r, row in enumerate(grid.rows[:30]):
        heads = [str(v).strip().casefold() if isinstance(v, str) else "" for v in row]
        email = next((i for i, h in enumerate(heads) if h in EMAIL_HEADERS), None)
        name = next((i for i, h in enumerate(heads)
                     if h in ("owner", "name", "person", "owner name")), None)
        if email is None or name is None:
            continue
        out = {}
        for values in grid.rows[r + 1:]:
            n = values[name] if name < len(values) else None
            e = values[email] if email < len(values) else None
            if isinstance(n, str) and isinstance(e, str) and n.strip():
                out[n.strip()] = e
        return out
    return {}


def address_of(owner: str | None, people: dict[str, str]) -> str | None:
    if not owner:
        return None
    if owner in people:
        return people[owner]
    folded = {k.casefold(): v for k, v in people.items()}
    if owner.casefold() in folded:
        return folded[owner.casefold()]
    return owner if _EMAIL.match(owner) else None


def _item(kr: ScoredKeyResult, src: DigestSource, why: str) -> Item:
    ref = kr.source
    sheet = ref.sheet if ref else ""
    cell = (ref.cells.get("current") or ref.cells.get("key_result") or f"A{ref.row}") \
        if ref else ""
    return Item(kr.id, kr.title, kr.owner, kr.status.value, kr.score, why,
                f"{sheet}!{cell}" if sheet else cell,
                sheet_link(src.source, sheet, cell, src.sheet_ids) if sheet else src.source)


def needs_checkin(kr: ScoredKeyResult, as_of: dt.date, due_days: int) -> str | None:
    """Why KR needs a check-in (none within due_days of as_of), else None."""
    if kr.status in (Status.done, Status.invalid):
        return None
    if kr.last_checkin is None:
        return "no check-in yet"
    age = (as_of - kr.last_checkin).days
    if age > due_days:
        return f"last check-in {kr.last_checkin.isoformat()} ({age} days ago)"
    return None


def _headline(sc: Scorecard, name: str) -> str:
    counts = sc.summary.status_counts
    score = sc.summary.overall_score
    parts = [f"{name}: {sc.cycle.name}, score {score:.2f}" if score is not None
             else f"{name}: {sc.cycle.name}, not scored yet"]
    if sc.summary.expected is not None:
        parts.append(f"expected {sc.summary.expected:.2f}")
    for status in (Status.off_track, Status.at_risk, Status.done):
        if counts.get(status.value):
            parts.append(f"{counts[status.value]} {status.value.lower()}")
    return ", ".join(parts)


def _changes(src: DigestSource) -> tuple[Section, dt.date | None]:
    """Status changes and score moves since the latest history date before as-of, and the
    check-ins dated after it (with their notes)."""
    sc = src.scorecard
    days = sorted({p.as_of for p in src.history if p.as_of < sc.as_of})
    since = days[-1] if days else None
    before = {p.kr_id: p for p in src.history if p.as_of == since}
    title = f"Since {since.isoformat()}" if since else "Since the last digest"
    section = Section(title)
    for kr in sc.key_results:
        old = before.get(kr.id)
        if old is None:
            continue
        if old.status and old.status != kr.status.value:
            section.lines.append(f"{kr.id} {kr.title}: {old.status} → {kr.status.value}")
        elif old.score is not None and kr.score is not None and \
                abs(kr.score - old.score) >= SCORE_MOVE:
            section.lines.append(f"{kr.id} {kr.title}: score {old.score:.2f} → {kr.score:.2f}")
    window = since or sc.as_of - dt.timedelta(days=7)
    fresh: list[CheckIn] = sorted((c for c in sc.checkins if window < c.date <= sc.as_of),
                                  key=lambda c: (c.date, c.kr_id))
    for c in fresh:
        note = f": {c.note}" if c.note else ""
        who = f" ({c.author})" if c.author else ""
        section.lines.append(f"check-in {c.date.isoformat()} {c.kr_id} = {c.value:g}{who}{note}")
    return section, since


def build_digest(sources: list[DigestSource], config: Config, *,
                 company: bool = False) -> list[Message]:
    """The digest of SOURCES: one message per owner with KRs that need a check-in or are off
    track / at risk (across every source), one team message per source, and with COMPANY one
    message over all of them. Owners with nothing to do get no message."""
    people = addresses(config, (s.book for s in sources))
    due = config.checkin.due_days
    owners: dict[str, Message] = {}
    no_address: dict[str | None, set[str]] = {}
    teams: list[Message] = []
    for src in sources:
        sc = src.scorecard
        team_name = src.team or Path(src.source).stem or src.source
        for kr in sc.key_results:
            why = needs_checkin(kr, sc.as_of, due)
            off = kr.status in NEEDS_WORK
            if not (why or off) or not kr.owner:
                continue
            msg = owners.get(kr.owner)
            if msg is None:
                to = address_of(kr.owner, people)
                msg = owners[kr.owner] = Message(
                    f"owner:{kr.owner}", "owner", [to] if to else [],
                    f"OKR check-in for {kr.owner}, week of {sc.as_of.isoformat()}",
                    f"{kr.owner}, your key results for {sc.cycle.name}",
                    [Section("Need a check-in"), Section("Off track or at risk")])
            if not msg.to:
                no_address.setdefault(src.team, set()).add(kr.owner)
            # A KR is listed once: under "Need a check-in" (with its status) when it does.
            if why:
                msg.sections[0].items.append(
                    _item(kr, src, f"{kr.status.value}, {why}" if off else why))
            else:
                msg.sections[1].items.append(_item(kr, src, kr.status.value))
        changes, _ = _changes(src)
        stale = Section("Stale key results", [
            _item(kr, src, f"no check-in within {config.checkin.stale_after_days} days")
            for kr in sc.key_results if kr.stale and kr.status not in (Status.done,)])
        missing = Section("Owners with no address", lines=sorted(no_address.get(src.team, ())))
        teams.append(Message(f"team:{team_name}", "team", list(config.notify.team_to),
                             f"OKR digest {team_name}, {sc.as_of.isoformat()}",
                             _headline(sc, team_name), [changes, stale, missing]))
    for msg in owners.values():
        msg.sections = [s for s in msg.sections if s.items]
    out = [owners[k] for k in sorted(owners)] + teams
    if company and sources:
        sc0 = sources[0].scorecard
        lines = [_headline(s.scorecard, s.team or s.source) for s in sources]
        stale_n = sum(1 for s in sources for kr in s.scorecard.key_results if kr.stale)
        everyone = sorted({o for names in no_address.values() for o in names})
        out.append(Message("company", "company", list(config.notify.team_to),
                           f"OKR digest, company, {sc0.as_of.isoformat()}",
                           f"{len(sources)} teams, {stale_n} stale key results",
                           [Section("Teams", lines=lines),
                            Section("Owners with no address", lines=everyone)]))
    return out
