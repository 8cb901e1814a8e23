"""OKR words in cells: kind, direction, type and level, and a KR's kind read from its values.

Each parser returns the model's value or raises BadValue with a message that reads well after a
cell reference ("OKRs!G7 (Type): 'x' is not an OKR type (committed, aspirational or learning)").
"""

from __future__ import annotations

import re

from sheetsync.grid import CellValue
from sheetsync.models import Direction, Kind, Level, OKRType
from sheetsync.read.values import (
    BadValue,
    Number,
    check_error,
    clean_text,
    is_blank,
    is_currency_text,
    is_yes_no_word,
    show,
)


def _words(value: CellValue) -> str:
    check_error(value)
    text = clean_text(value)
    if text is None:
        raise BadValue("the cell is blank")
    return re.sub(r"[\s_\-]+", " ", text.casefold()).strip(" .")


_KINDS = {
    Kind.number: {"number", "numeric", "num", "count", "#", "integer", "quantity", "amount",
                  "metric", "value"},
    Kind.percent: {"percent", "percentage", "%", "pct", "rate", "ratio", "share"},
    Kind.currency: {"currency", "money", "monetary", "$", "€", "£", "revenue", "cost", "cash"},
    Kind.boolean: {"boolean", "bool", "binary", "yes/no", "yes no", "yesno", "true/false",
                   "checkbox", "done/not done"},
    Kind.milestone: {"milestone", "deliverable", "task", "project", "launch"},
    Kind.threshold: {"threshold", "maintain", "keep", "floor", "ceiling", "guardrail",
                     "health metric", "hold", "sustain"},
    Kind.graded: {"graded", "grade", "self graded", "person graded", "judgement", "judgment",
                  "subjective"},
}


def parse_kind(value: CellValue) -> Kind:
    """number / percent / currency / boolean / milestone / threshold / graded, from the words
    people use for them (docs/scoring.md lists them)."""
    words = _words(value)
    for kind, names in _KINDS.items():
        if words in names:
            return kind
    raise BadValue(f"{show(value)} is not a kind (number, percent, currency, boolean, milestone, "
                   "threshold or graded)")


_STEADY = {"maintain", "keep", "hold", "stay", "stable", "steady", "flat", "no change", "same",
           "sustain", "constant", "="}
_UP = re.compile(r"\b(increas\w*|grow\w*|rais\w*|rise|maximi[sz]e|higher|up|more|at least|gain)\b"
                 r"|^(↑|⬆|>=|≥|\+)$")
_DOWN = re.compile(r"\b(decreas\w*|reduc\w*|lower|down|less|fewer|minimi[sz]e|cut|drop|at most|"
                   r"shrink)\b|^(↓|⬇|<=|≤|-)$")


def parse_direction(value: CellValue) -> Direction | None:
    """increase / decrease from words such as 'should increase to' or 'reduce'; None for
    'maintain' and its kin (the direction is then inferred from baseline and target)."""
    words = _words(value)
    if words in _STEADY or words.split(" ")[0] in _STEADY:
        return None
    up, down = bool(_UP.search(words)), bool(_DOWN.search(words))
    if up != down:
        return Direction.increase if up else Direction.decrease
    raise BadValue(f"{show(value)} is not a direction (increase or decrease)")


_TYPES = {
    OKRType.committed: {"committed", "commit", "commitment", "must", "must have", "operational",
                        "business as usual", "bau"},
    OKRType.aspirational: {"aspirational", "aspiration", "ambitious", "stretch", "moonshot",
                           "moon shot", "roof shot", "roofshot"},
    OKRType.learning: {"learning", "learn", "experiment", "experimental", "exploratory"},
}


def parse_type(value: CellValue) -> OKRType:
    """committed / aspirational / learning; roof shot, moonshot and stretch are aspirational."""
    words = _words(value).removesuffix(" okr").removesuffix(" goal")
    for okr_type, names in _TYPES.items():
        if words in names:
            return okr_type
    raise BadValue(f"{show(value)} is not an OKR type (committed, aspirational or learning)")


_LEVELS = {
    Level.company: {"company", "corporate", "corporation", "organisation", "organization", "org",
                    "global", "top", "top level", "executive"},
    Level.team: {"team", "department", "dept", "squad", "tribe", "unit", "division", "area"},
    Level.individual: {"individual", "personal", "person", "employee", "self", "own", "me"},
}


def parse_level(value: CellValue) -> Level:
    """company / team / individual, from the words people use for them."""
    words = _words(value).removesuffix(" level")
    for level, names in _LEVELS.items():
        if words in names:
            return level
    raise BadValue(f"{show(value)} is not a level (company, team or individual)")


# --- a KR's kind from its values ----------------------------------------------------------

PERCENT_UNITS = {"%", "percent", "percentage", "pct", "per cent"}
MILESTONE_WORDS = {"done", "not done", "complete", "completed", "incomplete", "finished",
                   "not finished", "shipped", "launched", "delivered", "achieved", "not achieved",
                   "not started", "in progress", "pending", "todo", "to do"}
"""Words that say a deliverable is done or not: a target or current written so is a milestone."""


def direction_word(raw: CellValue) -> Direction | None:
    """The direction a cell reads as, or None (blank, 'maintain', or not a direction at all)."""
    if is_blank(raw):
        return None
    try:
        return parse_direction(raw)
    except BadValue:
        return None


def infer_kind(values: dict[str, CellValue], nums: dict[str, Number], unit: str | None) -> Kind:
    """percent when written with %, currency with a currency sign or code, done/not done or
    yes/no when the target (else the current value) is such a word, else number."""
    unit_word = (unit or "").casefold()
    if any(n.percent for n in nums.values()) or unit_word in PERCENT_UNITS:
        return Kind.percent
    if any(n.currency for n in nums.values()) or (unit and is_currency_text(unit)):
        return Kind.currency
    for f in ("target", "current"):
        raw = values.get(f)
        if is_yes_no_word(raw):
            word = " ".join((clean_text(raw) or "").casefold().split())
            return Kind.milestone if word in MILESTONE_WORDS else Kind.boolean
    return Kind.number


def unit_of(kind: Kind, nums: dict[str, Number]) -> str | None:
    """The unit the values were written in, for a KR whose Unit cell is blank."""
    if kind == Kind.percent:
        return "%"
    for n in nums.values():
        if kind == Kind.currency and n.currency:
            return n.currency
        if n.unit:
            return n.unit
    return None
