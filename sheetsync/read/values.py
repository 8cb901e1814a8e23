"""Cell values → typed values (SPEC §1): numbers, yes/no, dates, confidence and the OKR word lists.

Every parser takes one raw cell value and returns the typed value or raises BadValue, whose message
reads well after a cell reference: "OKRs!H14 (Target): 'tbd' is not a number".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from sheetsync.config import Config, ParsingConfig
from sheetsync.grid import EXCEL_ERRORS, CellError, CellValue
from sheetsync.models import Kind
from sheetsync.read.words import confidence_words, percent_words

Parsing = Config | ParsingConfig | None
"""The parsing options: a whole Config, its [parsing] section, or None for the defaults."""


class BadValue(ValueError):
    """A cell value that cannot be read as its column needs."""


class FormulaError(BadValue):
    """The cell holds a formula whose cached value is an error (#DIV/0!, #REF!, #N/A ...)."""


def options(parsing: Parsing) -> ParsingConfig:
    if isinstance(parsing, Config):
        return parsing.parsing
    return parsing if parsing is not None else ParsingConfig()


# Zero-width and byte-order marks are invisible in a sheet, so they count as blank at the edges.
_EDGE = " \t\r\n\u00a0\u2007\u2009\u202f\u200b\u200e\u200f\ufeff"


def clean_text(value: CellValue) -> str | None:
    """A cell as text with invisible edges removed; None when blank. Numbers read as written."""
    if type(value) is str:
        return value.strip(_EDGE) or None
    if value is None or isinstance(value, CellError):
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip(_EDGE)
    return text or None


def is_blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(_EDGE))


def show(value: CellValue) -> str:
    """A value quoted for a message: text in quotes, numbers and dates as written."""
    if isinstance(value, str):
        return repr(value.strip(_EDGE))
    return clean_text(value) or "(blank)"


def check_error(value: CellValue) -> None:
    """Raise FormulaError when the cell shows a formula error (a CellError or its text)."""
    if type(value) is str and "#" not in value:
        return  # every error's text has a '#': most text cells end here
    code = value.code if isinstance(value, CellError) else None
    if isinstance(value, str) and value.strip(_EDGE).upper() in EXCEL_ERRORS:
        code = value.strip(_EDGE).upper()
    if code is not None:
        raise FormulaError(f"the formula in this cell gives {code}; fix it to read the value")


# --- numbers ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Number:
    """A number as written: `percent` when written with %, already divided by 100."""

    value: float
    percent: bool = False
    currency: str | None = None
    unit: str | None = None


_MULTIPLIERS = {
    "k": 1e3, "thousand": 1e3, "thousands": 1e3, "tsd": 1e3, "tausend": 1e3,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5,
    "m": 1e6, "mm": 1e6, "mn": 1e6, "mln": 1e6, "mio": 1e6, "mill": 1e6, "mlls": 1e6,
    "million": 1e6, "millions": 1e6, "millionen": 1e6, "millones": 1e6,
    "cr": 1e7, "crore": 1e7, "crores": 1e7,
    "b": 1e9, "bn": 1e9, "bln": 1e9, "mrd": 1e9, "billion": 1e9, "billions": 1e9,
    "milliarden": 1e9, "tn": 1e12, "trillion": 1e12, "万": 1e4, "亿": 1e8,
}
_CURRENCY_SIGNS = {"$", "€", "£", "¥", "₹", "₩", "₽", "₺", "₦", "₱", "₫", "₪", "₴", "₡", "₲",
                   "₵", "฿", "r$", "us$", "a$", "c$", "nz$", "hk$", "s$", "rs", "rs."}
# Written after the number only: "KR 1" is a key result label, "100 kr" is money.
_CURRENCY_AFTER = {"kr", "kr.", "zł", "ft", "lei"}
_CURRENCY_CODES = {
    "usd", "eur", "gbp", "jpy", "cny", "rmb", "inr", "chf", "cad", "aud", "nzd", "brl", "mxn",
    "sek", "nok", "dkk", "pln", "czk", "huf", "zar", "tzs", "kes", "ngn", "rub", "try", "krw",
    "sgd", "hkd", "aed", "sar", "ils", "ars", "clp", "cop", "pen", "idr", "myr", "php", "thb",
    "vnd", "egp", "ugx", "ghs", "uah", "ron", "bgn", "isk", "pkr", "bdt", "lkr", "npr",
}
_PREFIX = re.compile(
    r"(?P<sign>[-+]?)\s*(?P<pre>[^\d\s.,+\-]*)\s*(?P<sign2>[-+]?)\s*"
    r"(?P<num>\d[\d.,' ]*\d|\d|[.,]\d+)\s*(?P<post>.*)",
    re.S,
)
_PERCENT_WORDS = re.compile(
    r"^(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in percent_words()) + r")$", re.I)
_POST_TOKEN = re.compile(r"%|[^\W\d_]+\.?|[^\w\s]")


def is_currency_text(token: str) -> bool:
    """A currency sign or ISO code: $, €, R$, USD, EUR, INR ..."""
    t = token.strip().casefold()
    return t in _CURRENCY_SIGNS or t in _CURRENCY_CODES


def _digits(core: str, decimal_comma: bool, original: str) -> float:
    """'1.234,5' / '1,234.5' / '1 234' → float; the config decides only the ambiguous cases."""
    core = core.replace(" ", "").replace("'", "")
    has_dot, has_comma = "." in core, "," in core
    if has_dot and has_comma:
        decimal = "," if core.rfind(",") > core.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        whole, _, frac = core.rpartition(decimal)
        if decimal in whole or not re.fullmatch(rf"\d{{1,3}}(\{thousands}\d{{3}})*", whole):
            raise BadValue(f"{original!r} is not a number")
        core = whole.replace(thousands, "") + "." + frac
    elif has_comma or has_dot:
        sep = "," if has_comma else "."
        grouped = re.fullmatch(rf"[1-9]\d{{0,2}}(\{sep}\d{{3}})+", core) is not None
        # The separator that is not the configured decimal mark is a thousands separator when
        # the digits are grouped in threes; otherwise a single one can only be a decimal mark.
        sep_is_decimal = (sep == ",") == decimal_comma
        if core.count(sep) > 1:
            if not grouped:
                raise BadValue(f"{original!r} is not a number")
            core = core.replace(sep, "")
        elif grouped and not sep_is_decimal:
            core = core.replace(sep, "")
        else:
            core = core.replace(sep, ".")
    try:
        return float(core)
    except ValueError:
        raise BadValue(f"{original!r} is not a number") from None


_PLAIN_NUMBERS = (int, float)
"""Exact types (not bool) that are numbers as they stand: parse_number's fast path."""


def parse_number(value: CellValue, parsing: Parsing = None) -> Number:
    """A number from a numeric cell or text such as '1,234.5', '45%', '$800K', '€1,2 Mio'."""
    if type(value) in _PLAIN_NUMBERS and math.isfinite(value):  # type: ignore[arg-type]
        return Number(float(value))  # type: ignore[arg-type]
    check_error(value)
    if isinstance(value, bool):
        raise BadValue(f"{show(value)} is a yes/no value, not a number")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise BadValue(f"{value} is not a number")
        return Number(float(value))
    if isinstance(value, dt.date):
        raise BadValue(f"{show(value)} is a date, not a number")
    if value is None or is_blank(value):
        raise BadValue("the cell is blank")
    original = str(value).strip(_EDGE)
    text = re.sub(r"[\s\u00a0\u2007\u2009\u202f]+", " ", original).replace("\u2212", "-")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()  # accounting style: (1,234) is -1234
    m = _PREFIX.fullmatch(text)
    if not m or (m["sign"] and m["sign2"]):
        raise BadValue(f"{original!r} is not a number")
    pre, post = m["pre"], m["post"].strip()
    post = _PERCENT_WORDS.sub("%", post)  # '60 percent', '60 por ciento', '60 Prozent'
    currency = pre or None
    if pre and not is_currency_text(pre):
        raise BadValue(f"{original!r} is not a number")
    tokens = _POST_TOKEN.findall(post)
    if "".join(tokens) != post.replace(" ", "") or any(c.isdigit() for c in post):
        raise BadValue(f"{original!r} is not a number")
    number = _digits(m["num"], options(parsing).decimal_comma, original)
    percent, units = False, []
    for i, token in enumerate(tokens):
        low = token.casefold()
        if token == "%":
            percent = True
        elif i == 0 and (low in _MULTIPLIERS or low.rstrip(".") in _MULTIPLIERS):
            number *= _MULTIPLIERS.get(low, _MULTIPLIERS.get(low.rstrip("."), 1.0))
        elif (is_currency_text(token) or low in _CURRENCY_AFTER) and currency is None:
            currency = token
        else:
            units.append(token)
    if m["sign"] == "-" or m["sign2"] == "-":
        number = -number
    if negative:
        number = -number
    if percent:
        number /= 100
    unit = " ".join(units) or None
    return Number(number, percent, currency, unit)


def percent_points(numbers: list[Number]) -> bool:
    """Whether a percent KR writes its bare numbers as points (45 meaning 45%).

    True when any bare number (one written without %) is above 1 in size: a KR going from 20 to
    45 means 20% to 45%; one going from 0.2 to 0.45 already holds fractions."""
    return any(not n.percent and abs(n.value) > 1 for n in numbers)


def as_fraction(n: Number, points: bool) -> float:
    """A percent KR's value as a fraction: 45% → 0.45; a bare 45 → 0.45 (see percent_points)."""
    if n.percent or not (points or abs(n.value) > 1):
        return n.value
    return n.value / 100


# --- yes/no ----------------------------------------------------------------------------------

_TRUE = {"yes", "y", "true", "t", "done", "complete", "completed", "achieved", "finished",
         "shipped", "launched", "delivered", "1", "✓", "✔", "✔️", "☑", "☑️", "✅", "ja", "oui",
         "sí", "si", "sim"}
_FALSE = {"no", "n", "false", "f", "not done", "notdone", "undone", "incomplete", "not complete",
          "not completed", "not achieved", "not finished", "not started", "in progress", "pending",
          "open", "todo", "to do", "0", "✗", "✘", "☐", "❌", "✖", "nein", "non", "não", "nao"}
YES_NO_WORDS = "yes/no, true/false, done/not done, 1/0, ✓/✗"


def is_yes_no_word(value: CellValue) -> bool:
    """Text that reads as yes/no (not a bare number): tells a boolean KR from a numeric one."""
    if isinstance(value, bool):
        return True
    text = clean_text(value) if isinstance(value, str) else None
    return text is not None and text.casefold() in (_TRUE | _FALSE) - {"0", "1"}


def parse_bool(value: CellValue, parsing: Parsing = None) -> bool:
    """Done or not: yes/no, true/false, done/not done, 1/0, ✓/✗, 100%/0%, TRUE/FALSE cells."""
    check_error(value)
    if isinstance(value, bool):
        return value
    text = clean_text(value)
    if text is None:
        raise BadValue("the cell is blank")
    low = re.sub(r"\s+", " ", text.casefold())
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    try:
        n = parse_number(value, parsing).value
    except BadValue:
        n = None
    if n is not None and 0 <= n <= 1:
        return n >= 1
    raise BadValue(f"{show(value)} is not a done / not done value ({YES_NO_WORDS})")


# --- dates -----------------------------------------------------------------------------------

EXCEL_EPOCH = dt.date(1899, 12, 30)
"""Day 0 of Excel and Sheets serial dates (1899-12-30 absorbs Excel's 1900 leap-year bug)."""

_MONTHS = {m.casefold(): i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t ][\d:.]+(?:z|[+-][\d:]+)?)?")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?: [\d:.]+)?")
_WORDY = re.compile(r"(?:(\d{1,2})(?:st|nd|rd|th)?\.? ([a-z]{3,9})\.?|([a-z]{3,9})\.? (\d{1,2})"
                    r"(?:st|nd|rd|th)?,?) (\d{4})")


def from_serial(serial: float) -> dt.date:
    """An Excel/Sheets serial day number as a date."""
    if not 1 <= serial < 2958466:
        raise BadValue(f"{serial:g} is not a date")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def looks_like_serial_date(value: CellValue) -> bool:
    """A number that is plausibly a date serial in a header (years 2000–2099)."""
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and 36526 <= value < 73051)


def _ymd(y: int, m: int, d: int, original: str) -> dt.date:
    try:
        return dt.date(y if y >= 100 else 2000 + y, m, d)
    except ValueError:
        raise BadValue(f"{original!r} is not a date") from None


def parse_date(value: CellValue, parsing: Parsing = None) -> dt.date:
    """A date from a date cell, ISO text, d/m/y or m/d/y text (config), or a serial number."""
    check_error(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise BadValue(f"{show(value)} is not a date")
    if isinstance(value, int | float):
        return from_serial(value)
    text = clean_text(value)
    if text is None:
        raise BadValue("the cell is blank")
    low = re.sub(r"\s+", " ", text.casefold())
    if m := _ISO.fullmatch(low):
        return _ymd(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _NUMERIC.fullmatch(low):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        order = options(parsing).date_order
        if order == "ymd" and len(m[3]) == 2:
            return _ymd(a, b, y, text)
        first, second = (a, b) if order == "mdy" else (b, a)
        try:
            return _ymd(y, first, second, text)
        except BadValue:
            # Only the other reading is a real date (30/09 under m/d/y): take it.
            return _ymd(y, second, first, text)
    if m := _WORDY.fullmatch(low):
        day, month = (m[1], m[2]) if m[1] else (m[4], m[3])
        if month[:3] in _MONTHS:
            return _ymd(int(m[5]), _MONTHS[month[:3]], int(day), text)
    if re.fullmatch(r"\d{5}(\.\d+)?", low):
        return from_serial(float(low))
    raise BadValue(f"{text!r} is not a date (use YYYY-MM-DD or a date cell)")


# --- confidence ------------------------------------------------------------------------------

_CONFIDENCE_WORDS = confidence_words()
"""high / medium / low in every language of aliases.toml ('alta', 'mittel', '低' ...), and the
traffic lights green / amber / red (🟢 🟡 🔴) as those three."""


def parse_confidence(value: CellValue, parsing: Parsing = None) -> float:
    """Confidence 0–1 from 0–1, 0–100 or '70%', 1–10 (÷10), '7/10', high/medium/low or
    green/amber/red."""
    if type(value) in _PLAIN_NUMBERS and 0 <= value <= 1:  # type: ignore[operator]
        return float(value)  # type: ignore[arg-type]  # the common case, as the path below
    check_error(value)
    text = clean_text(value)
    if text is None:
        raise BadValue("the cell is blank")
    low = text.casefold()
    if low in _CONFIDENCE_WORDS:
        return _CONFIDENCE_WORDS[low]
    bad = BadValue(f"{show(value)} is not a confidence (use 0–1, 0–100%, 1–10, high/medium/low "
                   "or green/amber/red)")
    if m := re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*/\s*(5|10|100)", low):
        share = float(m[1].replace(",", ".")) / int(m[2])
    else:
        try:
            n = parse_number(value, parsing)
        except BadValue:
            raise bad from None
        if n.percent or 0 <= n.value <= 1:
            share = n.value
        elif n.value <= 10:
            share = n.value / 10
        else:
            share = n.value / 100
    if not 0 <= share <= 1:
        raise bad
    return share


def parse_weight(value: CellValue, parsing: Parsing = None) -> float:
    """A KR weight: any number above 0 (weights are relative; '20%' reads as 0.2)."""
    n = parse_number(value, parsing).value
    if not n > 0:
        raise BadValue(f"weight must be greater than 0 (got {show(value)})")
    return n


def measure(value: CellValue, kind: Kind, points: bool, parsing: Parsing = None) -> float:
    """A KR's baseline, target, current or check-in value as the number scoring uses:
    1.0 / 0.0 for done / not done, a fraction for a percent KR (see as_fraction)."""
    if kind in (Kind.boolean, Kind.milestone):
        return 1.0 if parse_bool(value, parsing) else 0.0
    n = parse_number(value, parsing)
    return as_fraction(n, points) if kind == Kind.percent else n.value
