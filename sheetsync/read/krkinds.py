"""Key results as teams write them (SPEC §2b), read from a KR row: thresholds and comparisons,
relative changes, commit / stretch zone points, zone words and a person's grade.

parse.py hands each KR row to a KRWays: values() gives the row's cells with a comparison or a
change taken out of the Target cell, read_text() looks at the KR text, finish() completes the
KeyResult (kind, comparison, commit, stretch, computed target, a person's cells). The trigger words
and every choice made where the SPEC is silent are in docs/scoring.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sheetsync.config import Config
from sheetsync.grid import CellValue
from sheetsync.models import Comparison, Direction, KeyResult, Kind, Problem
from sheetsync.read.krzones import runs_one_way, value_at, word_score, zone_points, zone_word
from sheetsync.read.sourcecells import TableCells
from sheetsync.read.table import Row
from sheetsync.read.texttarget import NoTarget, TextTarget
from sheetsync.read.values import (
    BadValue,
    Number,
    Parsing,
    as_fraction,
    clean_text,
    is_blank,
    measure,
    parse_number,
    show,
)

ZONE_FIELDS = ("commit", "stretch")
PERSON_FIELDS = ("person_score", "person_progress")
THRESHOLD_WORDS = {"threshold", "maintain", "keep", "floor", "ceiling", "guardrail",
                   "health metric", "hold", "sustain"}
_MAINTAIN = re.compile(r"^\W*(?:maintain|keep|stay|hold|sustain|remain)(?:s|ing|ed)?\b", re.I)
# "Hold one monthly review meeting", "Hold 3 workshops": holding an event is an activity, unless
# the text also says which side of a number holds ("Hold 40 NPS or more").
_HOLD_EVENT = re.compile(
    r"^\W*hold(?:s|ing)?\s+(?:a|an|one|two|three|four|five|six|\d+|weekly|monthly|"
    r"quarterly|regular|annual|daily|bi-?weekly)\b(?!\s*[%.,]?\d)(?!\s*%)", re.I)

# --- comparisons -------------------------------------------------------------------------------

_LEAST_PRE = (r"(?:>=|≥|=>|>|at\s+least|above|over|min(?:imum|\.)?(?:\s+of)?|no\s+less\s+than|"
              r"not\s+below)")
_MOST_PRE = (r"(?:<=|≤|=<|<|at\s+most|below|under|max(?:imum|\.)?(?:\s+of)?|no\s+more\s+than|"
             r"not\s+above|up\s+to)")
_LEAST_POST = r"(?:\+|or\s+(?:more|higher|above|better|greater)|and\s+(?:above|up|over|higher))"
_MOST_POST = r"(?:or\s+(?:less|fewer|lower|below|under)|and\s+(?:below|under|lower)|max)"
_CELL = re.compile(rf"^(?:(?P<least>{_LEAST_PRE})|(?P<most>{_MOST_PRE}))?\s*(?P<num>.*?)\s*"
                   rf"(?:(?P<least_post>{_LEAST_POST})|(?P<most_post>{_MOST_POST}))?$", re.I)
_NUM = r"[$€£]?\d[\d.,]*\s*(?:%|[kmb]\b)?"
_UNIT_WORD = r"(?:[^\W\d_]+\s+)?"
"""One word between a number and 'or more' ("40 NPS or more")."""
_TEXT_LEAST = re.compile(rf"(?<!\w){_LEAST_PRE}\s*{_NUM}|{_NUM}\s*{_UNIT_WORD}{_LEAST_POST}(?!\w)",
                         re.I)
_TEXT_MOST = re.compile(rf"(?<!\w){_MOST_PRE}\s*{_NUM}|{_NUM}\s*{_UNIT_WORD}{_MOST_POST}(?!\w)",
                        re.I)


def cell_comparison(raw: CellValue) -> tuple[Comparison | None, CellValue]:
    """A target cell's comparison (`120+`, `≥ 40`, `< 2%`, `at least 40`) and the number part."""
    text = clean_text(raw) if isinstance(raw, str) else None
    m = _CELL.match(text) if text else None
    if m is None or not m["num"] or not any(m[g] for g in ("least", "most", "least_post",
                                                          "most_post")):
        return None, raw
    least, most = bool(m["least"] or m["least_post"]), bool(m["most"] or m["most_post"])
    if least == most:
        return None, raw
    return (Comparison.at_least if least else Comparison.at_most), m["num"]


def text_comparison(text: str | None) -> Comparison | None:
    """The comparison a KR text states next to a number ("90%+", "below 2%"), if one side only."""
    if not text:
        return None
    least, most = bool(_TEXT_LEAST.search(text)), bool(_TEXT_MOST.search(text))
    if least == most:
        return None
    return Comparison.at_least if least else Comparison.at_most


_LEVEL = re.compile(rf"^\W*(?P<metric>[^\W\d][^\d<>≤≥=+]*?)\s*(?:>=|≥|=>|<=|≤|=<|<|>)\s*{_NUM}"
                    r"\s*(?:[^\W\d_]+)?\s*$")


_DOING = re.compile(
    r"(?:generat|sign|clos|acquir|hir|ship|launch|reach|achiev|get|win|onboard|publish|deliver|"
    r"hit|attain|driv|convert|book|sell|add|complet|run|build|creat|releas|recruit|land|secur|"
    r"collect|earn|mak|bring|produc|interview|train|hold)\w*\b", re.I)
"""Verbs that open a KR about doing or getting something: "Generate ≥ 120 leads" is no level."""


def is_threshold_text(title: str) -> bool:
    """A KR text that begins with a maintain verb ("Maintain CSAT of 90%+"), or that is only a
    metric and a comparison sign ("Uptime ≥ 99.9%", "Churn < 2%"): a level to keep."""
    if _MAINTAIN.match(title):
        # "Hold one monthly review meeting" holds an event, unless it states a side.
        return not (_HOLD_EVENT.match(title) and text_comparison(title) is None)
    m = _LEVEL.match(title)
    return m is not None and verb_direction(m["metric"]) is None and not _DOING.match(m["metric"])


def is_threshold_word(raw: CellValue) -> bool:
    """A Kind or Type cell that says threshold / maintain / keep."""
    text = clean_text(raw) if isinstance(raw, str) else None
    return text is not None and " ".join(text.casefold().replace("-", " ").split()) in \
        THRESHOLD_WORDS


# --- relative changes --------------------------------------------------------------------------

_UNIT = (r"(?P<unit>percentage\s+points?|percent(?:age)?\s+points?|pp\b|p\.p\.|pts?\b|points?\b|"
         r"%|percent\b)")
_CELL_CHANGE = re.compile(rf"^(?:by\s+)?(?P<sign>[+\-−])\s*(?P<num>\d[\d.,]*)\s*{_UNIT}$", re.I)
_TEXT_CHANGE = re.compile(rf"\bby\s+(?P<sign>[+\-−])?\s*(?P<num>[$€£]?\d[\d.,]*\s*[kmb]?)\s*"
                          rf"{_UNIT}?", re.I)
_UP = re.compile(r"\b(?:increas|grow|rais|boost|improv|lift|expand|gain|doubl|scal|accelerat)\w*",
                 re.I)
_DOWN = re.compile(r"\b(?:reduc|decreas|cut|lower|drop|declin|shrink|minimi[sz]|halv)\w*", re.I)


@dataclass(frozen=True)
class Change:
    """A target written as a change from the baseline: 25% of it, or an amount / points."""

    amount: float
    relative: bool
    points: bool
    direction: Direction | None
    phrase: str
    field: str
    """Where it was written: "target" (the Target cell) or "key_result" (the KR text)."""

    def target(self, baseline: float, direction: Direction, percent_kr: bool) -> float:
        sign = 1.0 if direction == Direction.increase else -1.0
        if self.relative:
            return baseline * (1 + sign * self.amount)
        # Points of a percent KR are hundredths of the fractions it stores (38% is 0.38).
        step = self.amount / 100 if percent_kr and (self.points or self.amount > 1) else self.amount
        return baseline + sign * step


def _change(m: re.Match[str], field: str, parsing: Parsing) -> Change | None:
    unit = (m["unit"] or "").casefold()
    relative = unit in ("%", "percent")
    try:
        n = parse_number(m["num"] + ("%" if relative else ""), parsing)
    except BadValue:
        return None
    sign = {"+": Direction.increase, "-": Direction.decrease, "−": Direction.decrease}.get(
        m["sign"] or "")
    return Change(abs(n.value), relative, bool(unit) and not relative, sign, m[0].strip(), field)


def verb_direction(text: str | None) -> Direction | None:
    up, down = bool(_UP.search(text or "")), bool(_DOWN.search(text or ""))
    return None if up == down else (Direction.increase if up else Direction.decrease)


def _fmt(x: float, percent: bool) -> str:
    return f"{x * 100:.4g}%" if percent else f"{x:,.6g}"


def parse_person_score(raw: CellValue, parsing: Parsing = None) -> float:
    """A person's Score or Progress cell as a 0–1 score: 0.8, 80% and 80 all read as 0.8."""
    n = parse_number(raw, parsing)
    # A bare number above 1 is on the 0–100 scale; 120% is over-achievement (scoring caps it).
    value = n.value if n.percent or n.value <= 1 else n.value / 100
    if not 0 <= value <= 2:
        raise BadValue(f"{show(raw)} is not a score (0–1 or 0–100%)")
    return value


def measure_kr(value: CellValue, kr: KeyResult, points: bool, parsing: Parsing = None) -> float:
    """A check-in or current value of this KR as scoring uses it (values.measure, plus the zone
    words commit / target / stretch / fail, a graded KR's score, a percent threshold)."""
    zone = zone_word(value) if isinstance(value, str) else None
    if zone is not None and (kr.kind == Kind.graded or (
            kr.target is None and kr.commit is None and kr.stretch is None)):
        return word_score(zone, True)  # no points: the words' own scale, stretch at the top
    if zone is not None:
        pts = zone_points(kr.baseline, kr.commit, kr.target, kr.stretch, kr.direction)
        if not runs_one_way(pts):
            raise BadValue(f"{show(value)} needs commit / target / stretch points that run one way")
        return value_at(pts, word_score(zone, kr.stretch is not None))
    if kr.kind == Kind.graded:
        return parse_person_score(value, parsing)
    kind = Kind.percent if kr.kind == Kind.threshold and kr.unit == "%" else kr.kind
    return measure(value, kind, points, parsing)


# --- one KR row ---------------------------------------------------------------------------------

class KRWays:
    """The SPEC §2b reading of one KR row; problems go to the reader's list."""

    def __init__(self, row: Row, cells: TableCells, problems: list[Problem],
                 config: Config) -> None:
        self.row, self.cells, self.problems, self.config = row, cells, problems, config
        self.threshold = False
        self.graded = False
        self.comparison: Comparison | None = None
        self.change: Change | None = None
        self.zone_current: str | None = None
        self.title: str | None = None

    def values(self, kind: Kind | None, title: str | None) -> dict[str, CellValue]:
        """The row's values with the Target cell's comparison or change taken out."""
        v = dict(self.row.values)
        self.title = title
        self.threshold = kind == Kind.threshold or is_threshold_word(v.get("type")) or (
            kind is None and title is not None and is_threshold_text(title))
        self.graded = kind == Kind.graded
        raw = v.get("target")
        text = clean_text(raw) if isinstance(raw, str) else None
        if text and (m := _CELL_CHANGE.match(text)):
            self.change = _change(m, "target", self.config)
            if self.change is not None:
                v["target"] = None
        elif text:
            self.comparison, v["target"] = cell_comparison(raw)
        current = v.get("current")
        if isinstance(current, str) and zone_word(current) is not None:
            self.zone_current, v["current"] = current, None
        return v

    def read_text(self, said: TextTarget | NoTarget | None, nums: dict[str, Number]
                  ) -> TextTarget | NoTarget | None:
        """A change stated in the KR text ("by 25%", "by 5 points"), and a threshold's side.

        "Reduce churn from 5% by 1 point" states the baseline and a change: the number the text
        reader took for a target is the baseline (unless a Baseline cell has one); None is
        returned for the text target then."""
        if isinstance(said, NoTarget) and "is a change" in said.reason and self.title:
            m = _TEXT_CHANGE.search(self.title)
            self.change = _change(m, "key_result", self.config) if m else None
        if isinstance(said, TextTarget) and said.baseline is None and self.title:
            start = self.title.find(said.phrase)
            after = self.title[start + len(said.phrase):]
            m = _TEXT_CHANGE.match(after.lstrip(" ,"))
            if start >= 0 and re.search(r"\bfrom\s*$", self.title[:start], re.I) and m:
                self.change = _change(m, "key_result", self.config)
                if self.change is not None:
                    if is_blank(self.row.values.get("baseline")):
                        nums["baseline"] = said.target
                    said = None
        if self.comparison is None and (self.threshold or isinstance(said, TextTarget)):
            self.comparison = text_comparison(self.title)
        return said

    def measured_kind(self, kind: Kind, inferred: Kind) -> Kind:
        """The kind the numbers are read as: a threshold's from its values."""
        return inferred if kind in (Kind.threshold, Kind.graded) else kind

    def has_zone_points(self) -> bool:
        return any(not is_blank(self.row.values.get(f)) for f in ZONE_FIELDS)

    def needs_target(self) -> bool:
        """Whether a blank target is a problem: not when a change or zone points give the line."""
        return self.change is None and not self.has_zone_points()

    def is_graded(self, kind: Kind, nums: dict[str, Number],
                  said: TextTarget | NoTarget | None) -> bool:
        """Nothing to measure (no target anywhere) and a person's score, progress or zone word."""
        if self.graded:
            return True
        if kind in (Kind.boolean, Kind.milestone) or "target" in nums or (
                self.change is not None or isinstance(said, TextTarget)) or (
                self.has_zone_points()):
            return False
        has = any(not is_blank(self.row.values.get(f)) for f in PERSON_FIELDS)
        self.graded = has or self.zone_current is not None
        return self.graded

    def graded_values(self) -> dict[str, float | None]:
        current = None
        if self.zone_current is not None:
            zone = zone_word(self.zone_current)
            current = word_score(zone, True) if zone is not None else None
        for f in PERSON_FIELDS:
            if current is None and (score := self._person(f)) is not None:
                current = score
        return {"baseline": None, "target": None, "current": current}

    def _person(self, f: str) -> float | None:
        raw = self.row.values.get(f)
        if is_blank(raw):
            return None
        try:
            return parse_person_score(raw, self.config)
        except BadValue as e:
            self.problems.append(self.cells.problem("warning", self.row.number, f, str(e)))
            return None

    def _block(self, field: str, message: str, kr_id: str) -> None:
        cell = self.cells.cell(self.row.number, field) or self.cells.cell(self.row.number,
                                                                         "key_result")
        self.problems.append(self.cells.problem("error", self.row.number, field, message,
                                                kr_id=kr_id, cell=cell))

    def _zone(self, kr: KeyResult, nums: dict[str, Number], points: bool) -> None:
        for f in ZONE_FIELDS:
            raw = self.row.values.get(f)
            if is_blank(raw):
                continue
            try:
                n = nums.get(f) or parse_number(raw, self.config)
            except BadValue as e:
                self._block(f, str(e), kr.id)
                continue
            setattr(kr, f, as_fraction(n, points) if (kr.unit == "%") else n.value)

    def finish(self, kr: KeyResult, nums: dict[str, Number], points: bool) -> KeyResult:
        """The KeyResult with what this row says beyond §2: kind, side, zones, change, grades."""
        kr.person_score = self._person("person_score")
        kr.person_progress = self._person("person_progress")
        kr.person_status = clean_text(self.row.values.get("person_status"))
        if self.graded:
            kr.kind = Kind.graded
            return kr
        if kr.kind in (Kind.boolean, Kind.milestone):
            return kr
        self._zone(kr, nums, points)
        if self.change is not None:
            self._apply_change(kr, self.change)
        if self.comparison is not None and kr.direction is None and not self.threshold:
            kr.direction = (Direction.increase if self.comparison == Comparison.at_least
                            else Direction.decrease)
        if self.threshold:
            kr.kind = Kind.threshold
            kr.comparison = self.comparison or self._default_side(kr)
            kr.direction = (Direction.increase if kr.comparison == Comparison.at_least
                            else Direction.decrease)
        if self.zone_current is not None and (kr.target, kr.commit, kr.stretch) != (None,) * 3:
            try:
                kr.current = measure_kr(self.zone_current, kr, points, self.config)
            except BadValue as e:
                self.problems.append(self.cells.problem("warning", self.row.number, "current",
                                                        str(e)))
        return kr

    def _default_side(self, kr: KeyResult) -> Comparison:
        if kr.direction is not None:
            return (Comparison.at_least if kr.direction == Direction.increase
                    else Comparison.at_most)
        if kr.baseline is None or kr.target is None or kr.baseline <= kr.target:
            return Comparison.at_least
        return Comparison.at_most

    def _apply_change(self, kr: KeyResult, change: Change) -> None:
        written = f"a change of {change.phrase.removeprefix('by ').strip()}"
        direction = change.direction or kr.direction or verb_direction(self.title)
        if kr.baseline is None:
            self._block(change.field, f"{written} needs a baseline", kr.id)
            return
        if direction is None:
            self._block(change.field, f"{written} needs a direction: say increase or reduce, "
                        "or write the sign (+10% / -25%)", kr.id)
            return
        percent_kr = kr.unit == "%"
        kr.target = change.target(kr.baseline, direction, percent_kr)
        kr.direction = direction
        if percent_kr and change.relative:
            points = Change(change.amount * 100, False, True, direction, "", change.field)
            said = _fmt(kr.baseline, True)
            self.problems.append(self.cells.problem(
                "warning", self.row.number, change.field,
                f"'{change.phrase}' on a percent key result is read as a relative change: "
                f"{said} → {_fmt(kr.target, True)}; write 'by {change.amount * 100:g} points' "
                f"for {_fmt(points.target(kr.baseline, direction, True), True)}"))
