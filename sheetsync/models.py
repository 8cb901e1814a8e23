"""The domain model (SPEC §1) and the computed scorecard (SPEC §2–§5, §8): pydantic, no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer


class Level(StrEnum):
    company = "company"
    team = "team"
    individual = "individual"


class OKRType(StrEnum):
    committed = "committed"
    aspirational = "aspirational"
    learning = "learning"


class Kind(StrEnum):
    number = "number"
    percent = "percent"
    currency = "currency"
    boolean = "boolean"
    milestone = "milestone"
    threshold = "threshold"
    graded = "graded"


class Comparison(StrEnum):
    """Which side of a threshold holds it (SPEC §2b)."""

    at_least = "at_least"
    at_most = "at_most"


class Zone(StrEnum):
    """The commit / target / stretch point a zone KR has reached (SPEC §2b)."""

    fail = "fail"
    commit = "commit"
    target = "target"
    stretch = "stretch"


class Direction(StrEnum):
    increase = "increase"
    decrease = "decrease"


class Status(StrEnum):
    invalid = "Invalid"
    done = "Done"
    not_started = "Not started"
    off_track = "Off track"
    at_risk = "At risk"
    on_track = "On track"
    missed = "Missed"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=False)


class CellNames(Mapping[str, str]):
    """field → A1 cell of one row, named on demand from its table's column letters (one dict
    shared by every row of the table) and the row number: a 50,000-row check-in tab would
    otherwise hold half a million cell-name strings (docs/benchmarks.md, "Peak memory").
    Reads, compares, copies and dumps as the dict it stands for; a cell set on it is kept."""

    __slots__ = ("_letters", "_row", "_set")

    def __init__(self, letters: Mapping[str, str], row: int,
                 extra: dict[str, str] | None = None) -> None:
        self._letters, self._row = letters, row
        self._set = extra or None

    def __getitem__(self, name: str) -> str:
        if self._set is not None and name in self._set:
            return self._set[name]
        return f"{self._letters[name]}{self._row}"

    def __iter__(self) -> Iterator[str]:
        yield from self._letters
        if self._set is not None:
            yield from (k for k in self._set if k not in self._letters)

    def __len__(self) -> int:
        extra = self._set or {}
        return len(self._letters) + sum(k not in self._letters for k in extra)

    def __contains__(self, name: object) -> bool:
        return name in self._letters or (self._set is not None and name in self._set)

    def __setitem__(self, name: str, cell: str) -> None:
        if self._set is None:
            self._set = {}
        self._set[name] = cell

    def __copy__(self) -> CellNames:
        return CellNames(self._letters, self._row, dict(self._set or {}))

    def __deepcopy__(self, memo: dict[int, Any]) -> CellNames:
        return self.__copy__()

    def __repr__(self) -> str:
        return repr(dict(self))


class SourceRef(_Model):
    """Where a thing was read: workbook (path or spreadsheet id), sheet title and 1-based row."""

    workbook: str | None = None
    sheet: str
    row: int
    cells: dict[str, str] = Field(default_factory=dict)
    """field name → A1 cell it was read from (e.g. {"current": "F7"}), for cell-precise problems.
    A row read by sheetsync holds a CellNames here: a Mapping that reads and dumps as this dict."""

    @field_serializer("cells")
    def _cells(self, cells: Mapping[str, str]) -> dict[str, str]:
        return dict(cells)


class Problem(_Model):
    """A cell-precise problem; severity error prevents scoring the row, warning does not."""

    severity: Literal["error", "warning"]
    sheet: str | None = None
    cell: str | None = None
    message: str
    column: str | None = None
    workbook: str | None = None
    kr_id: str | None = None
    """Set only when this problem prevents scoring that KR (its status becomes Invalid)."""
    objective_id: str | None = None

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            loc = f"{self.sheet}!{self.cell}"
        elif self.sheet:
            loc = self.sheet
        else:
            loc = self.workbook or ""
        if self.column:
            loc = f"{loc} ({self.column})"
        return loc

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class Cycle(_Model):
    name: str
    start: dt.date
    end: dt.date


class Objective(_Model):
    id: str
    title: str
    owner: str | None = None
    team: str | None = None
    level: Level | None = None
    parent_id: str | None = None
    type: OKRType = OKRType.aspirational
    source: SourceRef | None = None


class KeyResult(_Model):
    id: str
    objective_id: str
    title: str
    owner: str | None = None
    kind: Kind = Kind.number
    baseline: float | None = None
    target: float | None = None
    current: float | None = None
    commit: float | None = None
    stretch: float | None = None
    comparison: Comparison | None = None
    """A threshold KR's side (at_least / at_most); None for every other kind."""
    person_score: float | None = None
    person_progress: float | None = None
    person_status: str | None = None
    direction: Direction | None = None
    weight: float = Field(default=1.0, gt=0)
    confidence: float | None = Field(default=None, ge=0, le=1)
    due: dt.date | None = None
    unit: str | None = None
    source: SourceRef | None = None
    owners: list[str] = Field(default_factory=list)
    """Every owner named on the row (several owner columns, or "Ann, Bob"); the first is owner."""


class CheckIn(_Model):
    kr_id: str
    date: dt.date
    value: float
    confidence: float | None = Field(default=None, ge=0, le=1)
    note: str | None = None
    author: str | None = None
    source: SourceRef | None = None


class ParsedOKRs(_Model):
    """What parsing one or more workbooks gives: the model before any scoring."""

    cycle: Cycle | None = None
    objectives: list[Objective] = Field(default_factory=list)
    key_results: list[KeyResult] = Field(default_factory=list)
    checkins: list[CheckIn] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)


class ScoredKeyResult(KeyResult):
    """A key result with its check-in rollup applied (current, confidence) and its score."""

    progress: float | None = None
    score: float | None = None
    status: Status = Status.not_started
    last_checkin: dt.date | None = None
    checkins: int = 0
    delta: float | None = None
    stale: bool = False
    projected: float | None = None
    grade: Literal["red", "yellow", "green"] | None = None
    breaches: int | None = None
    """A threshold KR: check-ins in the cycle that did not hold; None for other kinds."""
    holds: bool | None = None
    """A threshold KR: whether the current value holds it; None for other kinds or no value."""
    zone: Zone | None = None
    """A KR with commit / stretch points: the highest point the current value has reached."""
    problems: list[str] = Field(default_factory=list)


class ScoredObjective(Objective):
    score: float | None = None
    status: Status = Status.not_started
    aligned_score: float | None = None
    kr_count: int = 0
    grade: Literal["red", "yellow", "green"] | None = None


class GroupScore(_Model):
    """One row of the per-owner or per-team table."""

    name: str
    objectives: int
    key_results: int
    score: float | None


class Summary(_Model):
    overall_score: float | None = None
    by_owner: list[GroupScore] = Field(default_factory=list)
    by_team: list[GroupScore] = Field(default_factory=list)
    status_counts: dict[str, int] = Field(default_factory=dict)
    stale_krs: list[str] = Field(default_factory=list)
    problem_count: int = 0
    expected: float | None = None


class Scorecard(_Model):
    """Everything one run computed; its JSON is the `score --json` and JSON export shape."""

    as_of: dt.date
    cycle: Cycle
    objectives: list[ScoredObjective] = Field(default_factory=list)
    key_results: list[ScoredKeyResult] = Field(default_factory=list)
    checkins: list[CheckIn] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)
