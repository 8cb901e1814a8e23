"""Settings from a TOML file as pydantic models (unknown keys rejected); load_config() reads one."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sheetsync.errors import ConfigError


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SheetsConfig(_Section):
    okr: list[str] = Field(default_factory=list)
    """OKR tabs to read; empty: every tab whose header has a Key Result column."""
    checkins: list[str] = Field(default_factory=list)
    """Check-in tabs; empty: every tab whose header has KR, date and value columns."""
    skip: list[str] = Field(default_factory=list)
    """Tabs never read (the summary and history tabs are always skipped)."""
    header_search_rows: int = Field(default=30, ge=1, le=1000)


class CycleConfig(_Section):
    name: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    fiscal_start_month: int = Field(default=1, ge=1, le=12)
    """The month a fiscal year starts in, for names like FY26 Q1 (FY26 ends in 2026)."""

    @model_validator(mode="after")
    def _both_or_neither(self) -> CycleConfig:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both start and end, or neither")
        if self.start and self.end and self.end < self.start:
            raise ValueError("end is before start")
        return self


class ScoringConfig(_Section):
    cap: float = Field(default=1.0, ge=1.0, le=2.0)
    default_type: Literal["committed", "aspirational", "learning"] = "aspirational"
    aspirational_pace: float = Field(default=0.7, gt=0, le=1)


class StatusConfig(_Section):
    off_track_gap: float = Field(default=0.25, ge=0, le=1)
    at_risk_gap: float = Field(default=0.10, ge=0, le=1)
    off_track_confidence: float = Field(default=0.4, ge=0, le=1)
    at_risk_confidence: float = Field(default=0.7, ge=0, le=1)


class CheckinConfig(_Section):
    stale_after_days: int = Field(default=14, ge=1)
    due_days: int = Field(default=7, ge=1)
    """A KR with no check-in within this many days of as-of needs one (the weekly digest)."""


class EmailConfig(_Section):
    """SMTP for the digest; the password comes from the environment variable password_env."""

    host: str = Field(min_length=1)
    port: int = Field(default=587, ge=1, le=65535)
    starttls: bool = True
    sender: str = Field(min_length=3)
    username: str | None = None
    password_env: str = "SHEETSYNC_SMTP_PASSWORD"
    timeout: float = Field(default=30.0, gt=0)


class NotifyConfig(_Section):
    """Where the digest goes: team recipients, email; webhooks come from the environment."""

    team_to: list[str] = Field(default_factory=list)
    email: EmailConfig | None = None
    record: Path | None = None
    """The file that remembers what was sent (idempotence); default: beside the config."""
    retries: int = Field(default=3, ge=0, le=10)
    """Further tries of a failed send (bounded), with a short backoff."""


class ParsingConfig(_Section):
    decimal_comma: bool = False
    date_order: Literal["dmy", "mdy", "ymd"] = "dmy"


STATUS_ROLES = ("progress", "score", "status", "confidence", "last_checkin", "projected",
                "problems")


class StatusColumns(_Section):
    """Header text of each column sheetsync owns; an empty string leaves that column out."""

    progress: str = "Progress"
    score: str = "Score"
    status: str = "Status"
    confidence: str = "Confidence"
    last_checkin: str = "Last check-in"
    projected: str = "Projected"
    problems: str = "Problems"
    taken_suffix: str = Field(default=" (sheetsync)", min_length=1)
    """Added to sheetsync's header when a person's column already has that name
    ("Score" → "Score (sheetsync)"); a person's column is never written (SPEC §7)."""
    hand_over: list[str] = Field(default_factory=list)
    """Headers of people's columns handed to sheetsync to write ("Status" or "OKRs!Status");
    the only way sheetsync writes a column it did not create. The dry run lists its cells."""

    def enabled(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump().items() if v and k in STATUS_ROLES}


class OutputConfig(_Section):
    columns: StatusColumns = Field(default_factory=StatusColumns)
    summary_tab: str = "OKR Summary"
    history_tab: str = "Score history"
    history: bool = True
    charts: bool = True
    """Native charts on the summary tab: objectives against pace, and the score trend."""


class GoogleConfig(_Section):
    credentials: Path | None = None
    """Service-account JSON or authorized-user token file; else GOOGLE_APPLICATION_CREDENTIALS,
    else ~/.config/gspread/service_account.json."""
    timeout: float = Field(default=30.0, gt=0)
    max_retries: int = Field(default=5, ge=0, le=20)
    max_retry_seconds: float = Field(default=60.0, gt=0)
    requests_per_minute: int = Field(default=55, ge=1)
    one_read: bool = True
    """Read metadata and values in one spreadsheets.get with grid data; false: a metadata call
    then values:batchGet, for spreadsheets over ~100,000 filled cells (docs/google-sheets.md)."""


class SourceEntry(_Section):
    """One team's workbook(s) in a multi-source run."""

    team: str = Field(min_length=1)
    source: str = Field(min_length=1)
    """An .xlsx path, a folder of them, a Google Sheets URL or id; paths are relative to the
    config file."""


class CompanyConfig(_Section):
    source: str = Field(min_length=1)
    """The company workbook: its objectives are the ones team objectives align to."""
    summary_tab: str = "Company summary"


FIELDS = (
    "objective", "objective_id", "key_result", "id", "owner", "team", "level", "parent", "type",
    "kind", "baseline", "target", "current", "direction", "weight", "confidence", "due", "unit",
    "cycle", "note",
    "commit", "stretch", "person_score", "person_progress", "person_status",
)
CHECKIN_FIELDS = ("kr", "date", "value", "confidence", "note", "author")


class Config(_Section):
    source: str | None = None
    """An .xlsx path, a Google Sheets URL or a spreadsheet ID."""
    sheets: SheetsConfig = Field(default_factory=SheetsConfig)
    columns: dict[str, str] = Field(default_factory=dict)
    """field → header text for the OKR tabs, overriding the built-in aliases."""
    checkin_columns: dict[str, str] = Field(default_factory=dict)
    cycle: CycleConfig = Field(default_factory=CycleConfig)
    scoring: ScoringConfig = Field(default_factory=ScoringConfig)
    status: StatusConfig = Field(default_factory=StatusConfig)
    checkin: CheckinConfig = Field(default_factory=CheckinConfig)
    parsing: ParsingConfig = Field(default_factory=ParsingConfig)
    output: OutputConfig = Field(default_factory=OutputConfig)
    google: GoogleConfig = Field(default_factory=GoogleConfig)
    sources: list[SourceEntry] = Field(default_factory=list)
    """Team sources of a multi-source run (`sheetsync sync` with no SOURCE)."""
    company: CompanyConfig | None = None
    people: dict[str, str] = Field(default_factory=dict)
    """Owner name → email address, for the digest (also an Email column or a People tab)."""
    notify: NotifyConfig = Field(default_factory=NotifyConfig)

    @model_validator(mode="after")
    def _known_fields(self) -> Config:
        teams = [s.team.strip().casefold() for s in self.sources]
        for i, name in enumerate(teams):
            if name in teams[:i]:
                raise ValueError(f"sources.{i}.team: '{self.sources[i].team}' is listed twice; "
                                 "give each team one entry (a folder holds several workbooks)")
            if "/" in name:
                raise ValueError(f"sources.{i}.team: '{self.sources[i].team}' contains '/', "
                                 "which separates the team from an objective id")
        for key in self.columns:
            if key not in FIELDS:
                raise ValueError(f"columns.{key}: unknown field; known: {', '.join(FIELDS)}")
        for key in self.checkin_columns:
            if key not in CHECKIN_FIELDS:
                raise ValueError(
                    f"checkin_columns.{key}: unknown field; known: {', '.join(CHECKIN_FIELDS)}"
                )
        return self


DATE_HINT = "write a date as 2026-10-01 (year-month-day; a TOML date, or the same in quotes)"


def _known_keys(loc: tuple[int | str, ...]) -> list[str]:
    """The keys the config accepts beside the last part of LOC (for 'did you mean')."""
    import typing

    model: Any = Config
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return []
        model = field.annotation
        for arg in typing.get_args(model) or (model,):
            inner = typing.get_args(arg) or (arg,)
            found = next((a for a in inner if hasattr(a, "model_fields")), None)
            if found is not None:
                model = found
                break
    return list(getattr(model, "model_fields", {}))


def format_validation_error(err: ValidationError, path: str) -> str:
    """pydantic errors flattened to `file: dotted.key: message` lines, with what a date looks
    like and the key probably meant (`cycle.strat` → `cycle.start`)."""
    import difflib

    lines = []
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"]) or "(top level)"
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling; see config.example.toml)"
            close = difflib.get_close_matches(str(e["loc"][-1]), _known_keys(e["loc"]), n=1)
            if close:
                parent = ".".join(str(p) for p in e["loc"][:-1])
                msg = f"unknown key; did you mean `{parent + '.' if parent else ''}{close[0]}`?"
        elif e["type"].startswith("date"):
            msg = f"{msg}; {DATE_HINT}"
        lines.append(f"{path}: {key}: {msg}")
    return "\n".join(lines)


def load_config(path: str | Path | None) -> Config:
    """Read and validate a TOML config; None gives the defaults."""
    if path is None:
        return Config()
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{p}: config file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{p}: cannot read config: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{p}: not valid TOML: {e}") from None
    try:
        cfg = Config.model_validate(raw)
    except ValidationError as e:
        raise ConfigError(format_validation_error(e, str(p))) from None
    if cfg.google.credentials is not None and not cfg.google.credentials.is_absolute():
        cfg.google.credentials = (p.parent / cfg.google.credentials).resolve()
    for entry in cfg.sources:
        entry.source = _beside(p, entry.source)
    if cfg.company is not None:
        cfg.company.source = _beside(p, cfg.company.source)
    if cfg.notify.record is not None and not cfg.notify.record.is_absolute():
        cfg.notify.record = (p.parent / cfg.notify.record).resolve()
    return cfg


def _beside(config_path: Path, source: str) -> str:
    """A relative workbook path read from a config file is relative to that file's folder, so a
    cron job gives the same run from any working directory. URLs and bare spreadsheet ids stay."""
    import re

    if "://" in source or re.fullmatch(r"[A-Za-z0-9_-]{25,}", source):
        return source
    path = Path(source).expanduser()
    return str(path if path.is_absolute() else config_path.resolve().parent / path)


CONFIG_NAMES = ("sheetsync.toml", "config.toml")


def discover_config(explicit: str | Path | None, source: str | None) -> Path | None:
    """The config to use: --config, else $SHEETSYNC_CONFIG, else sheetsync.toml or config.toml
    (the one `sheetsync init` writes) in the current folder, else sheetsync.toml or config.toml
    beside a workbook given by path; else none."""
    import os

    if explicit:
        return Path(explicit)
    env = os.environ.get("SHEETSYNC_CONFIG")
    if env:
        return Path(env)
    for name in CONFIG_NAMES:
        if Path(name).is_file():
            return Path(name)
    if source and not source.startswith(("http://", "https://")):
        folder = Path(source).expanduser().parent
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None
