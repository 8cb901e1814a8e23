"""A KR's baseline and target written inside its title ("Increase NPS from 20% to 30%"): pure.

    read_text_target(text, parsing) -> TextTarget | NoTarget | None

parse.py uses it only when the row's Target cell is blank or the table has no Target column.
A TextTarget holds the numbers as written (values.Number), so the percent and currency rules of
values.py apply to them as to any cell. NoTarget says why numbers in the text were not taken
(a range, a change such as "by 20%", several candidates, a placeholder); None: no number at all.
The rules, with examples, are in docs/layouts.md ("Targets written in the key result text").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sheetsync.models import Direction, Kind
from sheetsync.read.textwords import PERCENT_WORDS, not_a_target, spell_out
from sheetsync.read.values import (
    BadValue,
    Number,
    Parsing,
    as_fraction,
    parse_number,
    percent_points,
)


@dataclass(frozen=True)
class TextTarget:
    target: Number
    baseline: Number | None
    direction: Direction | None
    phrase: str
    """The words the target was read from, as written ("from 20% to 30%")."""

    @property
    def kind(self) -> Kind:
        numbers = [n for n in (self.baseline, self.target) if n is not None]
        if any(n.percent for n in numbers):
            return Kind.percent
        if any(n.currency for n in numbers):
            return Kind.currency
        return Kind.number

    @property
    def unit(self) -> str | None:
        if self.kind == Kind.percent:
            return "%"
        for n in (self.target, self.baseline):
            if n is not None and (n.currency if self.kind == Kind.currency else n.unit):
                return n.currency if self.kind == Kind.currency else n.unit
        return None

    def describe(self) -> str:
        """'target 30% (baseline 20%)' for a message, in the KR's own terms."""
        base, target = self.values()

        def shown(x: float) -> str:
            if self.kind == Kind.percent:
                return f"{x * 100:,.4g}%"
            if self.kind == Kind.currency:
                return f"{self.unit}{x:,.15g}"
            unit = self.unit or ""
            return f"{x:,.15g}" + (unit if unit.startswith("/") or not unit else f" {unit}")

        said = f"target {shown(target)}"
        return said if base is None else f"{said} (baseline {shown(base)})"

    def values(self) -> tuple[float | None, float]:
        """(baseline, target) as a KR stores them: a percent KR's values as fractions."""
        if self.kind != Kind.percent:
            return (self.baseline.value if self.baseline else None), self.target.value
        numbers = [n for n in (self.baseline, self.target) if n is not None]
        points = percent_points(numbers)
        base = as_fraction(self.baseline, points) if self.baseline else None
        return base, as_fraction(self.target, points)


@dataclass(frozen=True)
class NoTarget:
    """Numbers in the text that are not a target, and why (a clause for a message)."""

    reason: str


# --- spans that hold digits but no quantity ---------------------------------------------------

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?")
_IGNORED = re.compile("|".join([
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}",                       # 2026-03-31
    r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}",                       # 31/03/2026
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?",  # March 31st, 2026
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:\s+\d{{4}})?",  # 31 March 2026
    rf"\b{_MONTH}\s+\d{{4}}",                               # March 2026
    r"\b\d{4}\s*[-/]?\s*[qh][1-4]\b",                       # 2026-Q3
    r"\b[qh][1-4](?:\s*(?:fy|cy)?\s*'?\d{2,4}\b)?",         # Q3 2026, H1
    r"\b(?:fy|cy)\s*'?\d{2,4}\b",                           # FY26
    r"(?<![\d,.$€£])(?:19|20)\d{2}(?:/\d{2})?(?![\d,.%])",  # 2026, 2026/27
    r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*(?:am|pm)\b",           # 10:30, 9am
    r"\b\d+(?:st|nd|rd|th)\b",                              # 3rd
    r"\b(?:sprint|phase|step|stage|week|wk|version|release|round|wave|day|iteration|"
    r"kr|rc|key\s+results?|objective|objetivo|objectif|ziel|obiettivo|goal|o|p)\s*#?\s*"
    r"\d+(?:\.\d+)*\b",  # Sprint 4, KR 2, RC 1, Objetivo 3
    r"\btop[\s-]*\d+|#\s*\d+|\bno\.\s*\d+|\bnumber\s+\d+\b",  # top 3, #1
    r"\b(?:each|all|both|every|any)\s+(?:of\s+)?(?:the\s+|our\s+|these\s+|those\s+)?\d+",
    r"\bof\s+the\s+\d+|\bout\s+of\s+\d+|\bper\s+\d[\d,.]*",  # of the 3, 3 out of 4, per 1,000
    r"\b\d+\s*/\s*7\b",                                      # 24/7
    r"\b\d+-(?=[^\W\d_])",                                   # 5-star, one-slide
]), re.I)
_PLACEHOLDER = re.compile(r"\[\s*(?:x+|n|\?+|\d[\d.,]*)\s*\]\s*%?|<\s*x+\s*>", re.I)
_LABEL = re.compile(
    r"^\s*(?:(?:o\d+\s*\.?\s*)?(?:kr|rc|rk|key\s*results?|resultados?[\s-]*(?:clave|chave))"
    r"\s*#?\s*\d*(?:\.\d+)*\s*[:.)\-–]|"
    r"\d{1,2}[.)]\s)\s*", re.I)

# --- quantities -------------------------------------------------------------------------------

_CURRENCY = r"(?:[a-z]{0,2}\$|[€£¥₹₩₽₺₦₱₫₪]|\b(?:usd|eur|gbp|inr|aud|cad|chf|jpy|tzs)\s?)"
_MULT = r"k|m|mn|mm|bn|b|million|millions|thousand|billion|mio|cr|crore|lakh|万|亿"
_CJK = "\u3040-\u30ff\u4e00-\u9fff"
"""Kana and CJK ideographs: words run on without spaces, so they bound a number or a unit."""
_QTY = re.compile(
    rf"(?P<cur>{_CURRENCY})?(?<![.,/#\-−])(?<![^\W{_CJK}])(?P<sign>[-−])?(?P<num>\d+(?:[.,]\d+)*)"
    rf"(?:\s?(?P<mult>{_MULT})(?:\b|(?=[{_CJK}])))?(?P<pct>\s?%|{PERCENT_WORDS.pattern})?"
    rf"(?:(?P<scale>\s?/\s?(?:5|10|100)\b)|\s?(?P<unit>[^\W\d_{_CJK}]+(?:/[^\W\d_]+)?)\b)?",
    re.I)
_NOT_UNITS = {
    "of", "the", "a", "an", "in", "on", "at", "by", "for", "per", "to", "and", "or", "from",
    "with", "new", "more", "less", "across", "among", "into", "than", "over", "under", "within",
    "each", "all", "our", "this", "that", "these", "is", "are", "be", "as", "out", "up", "down",
    "times", "x", "after", "before", "during", "until", "via",
    # the same little words in the other languages of aliases.toml
    "de", "del", "desde", "hasta", "para", "por", "con", "y", "e", "o", "ou", "en", "el", "la",
    "los", "las", "al", "ao", "até", "à", "au", "aux", "du", "des", "et", "le", "les", "un",
    "una", "um", "uma", "von", "auf", "bis", "zu", "und", "der", "die", "das", "im", "am", "da",
    "di", "dal", "il", "van", "naar", "tot", "het", "een", "met",
}
_FROM = r"(?:from|de|desde|da|dal|du|von|van)"
_TO = r"(?:to|a|al|hasta|para|até|à|au|auf|bis|naar|tot)"
_TO_CJK = r"(?:提升|提高|增长|增加|降低|下降|减少|缩短)?(?:到|至)"
_CURRENCY_AFTER = {"usd", "eur", "gbp", "inr", "aud", "cad", "chf", "jpy", "tzs", "dollars",
                   "euros", "pounds", "rupees"}
_RELATIVE_AFTER = re.compile(
    r"\s*(?:x|×)(?!\w)|\s+(?:lift|uplift|increase|growth|improvement|reduction|decrease|drop|"
    r"rise|boost|gain|more|less|fewer|higher|lower|faster|slower|cheaper|better)\b", re.I)
_BY_BEFORE = re.compile(r"\bby\s*\+?$", re.I)
_CUE_BEFORE = re.compile(
    r"(?:\bto|\breach(?:es|ing)?|\bhit|\bachieve|\battain|\bat\s+least|\bat\s+most|"
    r"\b(?:less|more|fewer)\s+than|\bunder|\bbelow|\bover|\babove|\bwithin|\bminimum(?:\s+of)?|"
    r"\bmaximum(?:\s+of)?|[<>]=?|[≤≥])\s*$", re.I)
_UP_CUE = re.compile(r"(?:at\s+least|more\s+than|over|above|minimum(?:\s+of)?|>=?|≥)\s*$",
                     re.I)
_DOWN_CUE = re.compile(r"(?:at\s+most|no\s+more\s+than|(?:less|fewer)\s+than|under|below|"
                       r"within|maximum(?:\s+of)?|<=?|≤)\s*$", re.I)
_UP_VERB = re.compile(r"\b(?:increas|grow|rais|boost|improv|lift|expand|gain|doubl|scal|aument|"
                      r"increment|crec|cresc|sub[ie]|mejor|melhor|elev|ampli|augment|accro|"
                      r"amélior|steiger|erhöh|verbesser|miglior|verhog|verbeter)\w*", re.I)
_DOWN_VERB = re.compile(r"\b(?:reduc|decreas|cut|lower|drop|declin|shrink|minimi[sz]|halv|"
                        r"reduz|disminu|diminu|baj[ae]r|baix|recort|baiss|senk|verringer|"
                        r"ridurr|ridu[cz]|verlag|verminder)\w*", re.I)
_STEADY_VERB = re.compile(r"\b(?:maintain|keep|hold|sustain|stay)\w*", re.I)
# A metric's name ("Percentage of goods cleared within 24 hours") says what is measured.
_METRIC_NAME = re.compile(r"(?:percentage|percent|number|share|rate|ratio|proportion|amount|"
                          r"average|total|count)\b", re.I)
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩０１２３４５６７８９％",
                        "012345678901234567890123456789%")


@dataclass(frozen=True)
class _Q:
    number: Number
    start: int
    end: int


def _mask(text: str) -> str:
    """The text with every span that holds digits but no quantity blotted out, same length.

    The filler is a word character, so a number right after a blotted span ('-5' after
    'top 3') does not read as a quantity of its own."""
    return _IGNORED.sub(lambda m: "_" * len(m[0]), text)


def _quantity(m: re.Match[str], parsing: Parsing) -> _Q | None:
    written = (m["cur"] or "") + (m["sign"] or "") + m["num"] + (m["mult"] or "") + (
        "%" if m["pct"] else "")
    try:
        n = parse_number(written, parsing)
    except BadValue:
        return None
    unit, currency = None, n.currency
    word = (m["unit"] or "").casefold()
    if m["scale"]:
        unit = m["scale"].replace(" ", "")
    elif word in _CURRENCY_AFTER and currency is None:
        currency = m["unit"]
    elif word and word not in _NOT_UNITS and len(word) <= 16 and not n.percent:
        unit = m["unit"]
    end = max(m.end(g) for g in ("num", "mult", "pct", "scale") if m[g])
    if m["unit"] and (unit == m["unit"] or currency != n.currency):
        end = m.end("unit")
    return _Q(Number(n.value, n.percent, currency, unit), m.start(), end)


def _quantities(masked: str, parsing: Parsing) -> list[_Q]:
    return [q for m in _QTY.finditer(masked) if (q := _quantity(m, parsing)) is not None]


def _verb_direction(text: str) -> Direction | None:
    up = _UP_VERB.search(text) or re.search("提升|提高|增长|增加|扩大", text)
    down = _DOWN_VERB.search(text) or re.search("降低|下降|减少|缩短|降至|减至", text)
    if _STEADY_VERB.match(text.strip()) or bool(up) == bool(down):
        return None
    return Direction.increase if up else Direction.decrease


def _from_to(masked: str, qs: list[_Q]) -> tuple[_Q, _Q] | None:
    """A 'from X to Y' or 'X → Y' pair of quantities."""
    for a, b in zip(qs, qs[1:], strict=False):
        between = masked[a.end:b.start]
        before = masked[:a.start]
        after_from = re.search(rf"(?:\b{_FROM}|从)\s*$", before, re.I) is not None
        if re.fullmatch(r"\s*(?:→|->|=>|⇒)\s*", between) or (
                after_from and re.fullmatch(rf"\s+{_TO}\s+|\s*{_TO_CJK}\s*", between, re.I)):
            return a, b
    return None


def _ranges(masked: str, qs: list[_Q]) -> list[str]:
    found = []
    for a, b in zip(qs, qs[1:], strict=False):
        between = masked[a.end:b.start]
        if re.fullmatch(r"\s*[-–—]\s*|\s+to\s+|\s+and\s+", between, re.I) and (
                not re.fullmatch(r"\s+and\s+", between)
                or re.search(r"\bbetween\s*$", masked[:a.start], re.I)):
            found.append(masked[a.start:b.end].strip())
    # "3-5" is read as 3 and a negative 5: catch it in the raw form too.
    found += [m[0] for m in re.finditer(r"(?<![\w.,])\d+(?:[.,]\d+)?\s*[-–—]\s*\d+(?:[.,]\d+)?"
                                        r"(?![\d.,])", masked)]
    return found


def read_text_target(text: str, parsing: Parsing = None) -> TextTarget | NoTarget | None:
    """The target (and baseline, direction) a KR title states, or why its numbers are none."""
    plain = text.translate(_DIGITS).replace("\u00a0", " ").replace("\u202f", " ")
    s = spell_out(_LABEL.sub("", plain, count=1))
    found = _read(s, parsing)
    if isinstance(found, TextTarget):
        # The phrase as written: digits and number words replaced one place for one, so the
        # positions agree.
        written = text[len(plain) - len(s):]
        start = s.index(found.phrase)
        while start > 0 and s[start - 1] == " " and written[start - 1] != " ":
            start -= 1  # a number word's padding: the phrase starts with the word
        end = s.index(found.phrase) + len(found.phrase)
        return replace(found, phrase=written[start:end].strip())
    return found


def _read(s: str, parsing: Parsing) -> TextTarget | NoTarget | None:
    if _METRIC_NAME.match(s):
        return None
    if m := _PLACEHOLDER.search(s):
        return NoTarget(f"'{m[0].strip()}' in the text is a placeholder")
    masked, rank = not_a_target(_mask(s))
    if not re.search(r"\d", masked):
        return NoTarget(f"'{rank}' is a rank, rating or level, not a target") if rank else None
    if m := re.search(r"\bbetween\s+\S*\d\S*\s+and\s+\S*\d", masked, re.I):
        return NoTarget(f"'{s[m.start():m.end()]}' is a range")
    qs = _quantities(masked, parsing)
    if pair := _from_to(masked, qs):
        a, b = pair
        said = _verb_direction(s)
        low, high = TextTarget(b.number, a.number, None, "").values()
        goes = Direction.increase if (high > (low or 0)) else Direction.decrease
        if said is not None and said != goes and low != high:
            return NoTarget(f"the text says {said.value} but goes from {s[a.start:a.end]} to "
                            f"{s[b.start:b.end]}")
        phrase = s[a.start:b.end]
        if m := re.search(rf"(?:\b{_FROM}|从)\s*$", s[:a.start], re.I):
            phrase = s[m.start():b.end]
        return TextTarget(b.number, a.number, said or goes, phrase.strip())
    if ranges := _ranges(masked, qs):
        return NoTarget(f"'{ranges[0]}' is a range")
    absolute = []
    relative = []
    for q in qs:
        if _BY_BEFORE.search(masked[:q.start]) or _RELATIVE_AFTER.match(masked, q.end):
            relative.append(q)
        else:
            absolute.append(q)
    if len(absolute) > 1:
        cued = [q for q in absolute if _CUE_BEFORE.search(masked[:q.start])]
        if len(cued) != 1:
            shown = ", ".join(s[q.start:q.end] for q in absolute)
            return NoTarget(f"the text has several numbers ({shown})")
        absolute = cued
    if not absolute:
        if relative:
            q = relative[0]
            return NoTarget(f"'{s[q.start:q.end]}' is a change, not a target")
        return None
    q = absolute[0]
    before = masked[:q.start]
    direction = (Direction.increase if _UP_CUE.search(before) else
                 Direction.decrease if _DOWN_CUE.search(before) else _verb_direction(s))
    cue = _CUE_BEFORE.search(before)
    start = cue.start() if cue else q.start
    return TextTarget(q.number, None, direction, s[start:q.end].strip())
