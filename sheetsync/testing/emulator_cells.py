"""Sheets API emulator: a stored cell, how written values become cells, how cells render."""

from __future__ import annotations

import ast
import datetime as dt
import operator
import re
from dataclasses import dataclass, field, replace
from typing import Any

SHEETS_EPOCH = dt.datetime(1899, 12, 30)
"""Day 0 of Sheets date serials (the same as Excel's 1900 system after February 1900)."""

DATE_TYPES = frozenset({"DATE", "TIME", "DATE_TIME"})


@dataclass(frozen=True)
class ErrorValue:
    """A formula result that is an error, such as #DIV/0!."""

    code: str


Value = None | str | int | float | bool | ErrorValue


@dataclass(frozen=True)
class Cell:
    """A cell as Sheets stores it; frozen so a spreadsheet snapshot can share cells safely."""

    value: Value = None
    formula: str | None = None
    fmt: dict[str, Any] = field(default_factory=dict)
    """userEnteredFormat, as the API's JSON."""
    note: str | None = None

    @property
    def is_blank(self) -> bool:
        return self.value is None and self.formula is None and not self.fmt and not self.note

    @property
    def number_type(self) -> str | None:
        nf = self.fmt.get("numberFormat")
        return nf.get("type") if isinstance(nf, dict) else None

    @property
    def pattern(self) -> str | None:
        nf = self.fmt.get("numberFormat")
        return nf.get("pattern") if isinstance(nf, dict) else None

    def with_format(self, number_format: dict[str, str] | None) -> Cell:
        if number_format is None:
            return self
        return replace(self, fmt={**self.fmt, "numberFormat": number_format})


def serial(value: dt.date | dt.datetime) -> float:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return (value - SHEETS_EPOCH).total_seconds() / 86400


def from_serial(number: float) -> dt.datetime:
    return SHEETS_EPOCH + dt.timedelta(days=number)


# --- writing ------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^([+-])?(\$)?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(%)?$")
_ISO_DATE = re.compile(
    r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def write_raw(cell: Cell, value: Any) -> Cell:
    """RAW input: strings are stored as typed, so '=1+1' stays text."""
    if value is None or value == "":
        return replace(cell, value=None, formula=None)
    if isinstance(value, bool | int | float):
        return replace(cell, value=value, formula=None)
    return replace(cell, value=str(value), formula=None)


def write_user_entered(cell: Cell, value: Any) -> Cell:
    """USER_ENTERED input: parsed as if typed into the UI (formulas, numbers, dates, booleans)."""
    if not isinstance(value, str) or value == "":
        return write_raw(cell, value)
    text = value
    if text.startswith("'"):
        return replace(cell, value=text[1:], formula=None)
    if text.startswith("="):
        return replace(cell, value=evaluate(text), formula=text)
    if text.upper() in ("TRUE", "FALSE"):
        return replace(cell, value=text.upper() == "TRUE", formula=None)
    parsed = _parse_number(text.strip())
    if parsed is not None:
        number, number_format = parsed
        return replace(cell, value=number, formula=None).with_format(number_format)
    when = _parse_date(text.strip())
    if when is not None:
        number, number_format = when
        return replace(cell, value=number, formula=None).with_format(number_format)
    return replace(cell, value=text, formula=None)


def _parse_number(text: str) -> tuple[int | float, dict[str, str] | None] | None:
    m = _NUMBER.match(text)
    if not m:
        return None
    sign, currency, digits, percent = m.groups()
    number: float = float(digits.replace(",", ""))
    if sign == "-":
        number = -number
    number_format: dict[str, str] | None = None
    if percent:
        number /= 100
        number_format = {"type": "PERCENT", "pattern": "0.00%" if "." in digits else "0%"}
    elif currency:
        number_format = {"type": "CURRENCY", "pattern": '"$"#,##0.00'}
    elif "," in digits:
        number_format = {"type": "NUMBER", "pattern": "#,##0.00" if "." in digits else "#,##0"}
    return _tidy(number), number_format


def _parse_date(text: str) -> tuple[float, dict[str, str]] | None:
    try:
        m = _ISO_DATE.match(text)
        if m:
            y, mo, d, hh, mm, ss = m.groups()
            if hh is None:
                return serial(dt.date(int(y), int(mo), int(d))), {
                    "type": "DATE", "pattern": "yyyy-mm-dd"}
            when = dt.datetime(int(y), int(mo), int(d), int(hh), int(mm), int(ss or 0))
            return serial(when), {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm:ss"}
        m = _US_DATE.match(text)
        if m:
            mo, d, y = m.groups()
            return serial(dt.date(int(y), int(mo), int(d))), {"type": "DATE", "pattern": "M/d/yyyy"}
    except ValueError:
        return None
    return None


def _tidy(number: float) -> int | float:
    return int(number) if float(number).is_integer() and abs(number) < 2**53 else number


# --- formulas -----------------------------------------------------------------------------------

_OPS: dict[type, Any] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.Pow: operator.pow,
    ast.USub: operator.neg, ast.UAdd: operator.pos,
}
_HYPERLINK = re.compile(r'^HYPERLINK\(\s*"([^"]*)"\s*(?:[,;]\s*"([^"]*)"\s*)?\)$', re.IGNORECASE)


def evaluate(formula: str) -> Value:
    """The value of the few formulas the emulator understands: arithmetic and HYPERLINK.

    Anything else evaluates to #NAME?, so a test can still see that a formula was stored."""
    body = formula[1:].strip()
    m = _HYPERLINK.match(body)
    if m:
        return m.group(2) if m.group(2) is not None else m.group(1)
    if re.fullmatch(r"[\d\s.+\-*/^()]+", body):
        try:
            tree = ast.parse(body.replace("^", "**"), mode="eval")
            return _tidy(_arith(tree.body))
        except ZeroDivisionError:
            return ErrorValue("#DIV/0!")
        except (SyntaxError, ValueError, OverflowError):
            return ErrorValue("#ERROR!")
    return ErrorValue("#NAME?")


def _arith(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return float(_OPS[type(node.op)](_arith(node.left), _arith(node.right)))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
        return float(_OPS[type(node.op)](_arith(node.operand)))
    raise ValueError("unsupported expression")


# --- reading ------------------------------------------------------------------------------------


def render(cell: Cell | None, value_option: str, date_option: str) -> Any:
    """A cell as values.get returns it; None for an empty cell."""
    if cell is None:
        return None
    if value_option == "FORMULA" and cell.formula is not None:
        return cell.formula
    value = cell.value
    if value is None:
        return None
    if value_option == "FORMATTED_VALUE":
        return formatted(cell)
    if isinstance(value, ErrorValue):
        return value.code
    if isinstance(value, int | float) and not isinstance(value, bool):
        if cell.number_type in DATE_TYPES and date_option == "FORMATTED_STRING":
            return formatted(cell)
        return _tidy(value)
    return value


def formatted(cell: Cell) -> str | None:
    """The text the UI shows for a cell (a useful subset of Sheets number formats)."""
    value = cell.value
    if value is None:
        return None
    if isinstance(value, ErrorValue):
        return value.code
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return value
    kind, pattern = cell.number_type, cell.pattern
    if kind in DATE_TYPES:
        default = {"DATE": "yyyy-mm-dd", "TIME": "hh:mm:ss"}.get(kind, "yyyy-mm-dd hh:mm:ss")
        return format_date(from_serial(value), pattern or default)
    if pattern:
        return format_number(value, pattern)
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.10g}"


def format_number(value: float, pattern: str) -> str:
    section = pattern.split(";")[0]
    start = min((i for i, ch in enumerate(section) if ch in "#0"), default=len(section))
    end = max((i for i, ch in enumerate(section) if ch in "#0"), default=len(section) - 1) + 1
    prefix, body, suffix = section[:start], section[start:end], section[end:]
    percent = "%" in suffix
    decimals = len(body.split(".", 1)[1]) if "." in body else 0
    shown = value * 100 if percent else value
    text = f"{abs(shown):,.{decimals}f}" if "," in body else f"{abs(shown):.{decimals}f}"
    sign = "-" if shown < 0 and float(text.replace(",", "")) != 0 else ""
    return sign + prefix.replace('"', "") + text + suffix.replace('"', "")


_DATE_TOKEN = re.compile(r"yyyy|yy|mmmm|mmm|mm|m|dd|d|hh|h|ss|s|am/pm", re.IGNORECASE)


def format_date(when: dt.datetime, pattern: str) -> str:
    out: list[str] = []
    pos = 0
    after_hour = False
    tokens = list(_DATE_TOKEN.finditer(pattern))
    for i, m in enumerate(tokens):
        out.append(pattern[pos:m.start()])
        tok = m.group(0).lower()
        nxt = tokens[i + 1].group(0).lower() if i + 1 < len(tokens) else ""
        if tok in ("m", "mm") and (after_hour or nxt.startswith("s")):
            out.append(f"{when.minute:02d}" if tok == "mm" else str(when.minute))
        else:
            out.append(_date_part(when, tok))
        after_hour = tok in ("h", "hh")
        pos = m.end()
    out.append(pattern[pos:])
    return "".join(out)


def _date_part(when: dt.datetime, tok: str) -> str:
    parts = {
        "yyyy": f"{when.year:04d}", "yy": f"{when.year % 100:02d}",
        "mmmm": when.strftime("%B"), "mmm": when.strftime("%b"),
        "mm": f"{when.month:02d}", "m": str(when.month),
        "dd": f"{when.day:02d}", "d": str(when.day),
        "hh": f"{when.hour:02d}", "h": str(when.hour),
        "ss": f"{when.second:02d}", "s": str(when.second),
        "am/pm": "AM" if when.hour < 12 else "PM",
    }
    return parts[tok]


# --- CellData (spreadsheets.get with grid data, updateCells) ------------------------------------


def extended_value(value: Value, formula: str | None = None) -> dict[str, Any]:
    if formula is not None:
        return {"formulaValue": formula}
    if isinstance(value, ErrorValue):
        kind = _ERROR_TYPES.get(value.code, "ERROR")
        return {"errorValue": {"type": kind, "message": value.code}}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        return {"numberValue": value}
    if isinstance(value, str):
        return {"stringValue": value}
    return {}


_ERROR_TYPES = {"#DIV/0!": "DIVIDE_BY_ZERO", "#REF!": "REF", "#NAME?": "NAME", "#N/A": "N_A",
                "#VALUE!": "VALUE", "#NUM!": "NUM", "#NULL!": "NULL_VALUE", "#ERROR!": "ERROR"}


def cell_data(cell: Cell) -> dict[str, Any]:
    """The API's CellData for a stored cell; empty parts are left out, as the API does."""
    out: dict[str, Any] = {}
    if cell.value is not None or cell.formula is not None:
        out["userEnteredValue"] = extended_value(cell.value, cell.formula)
        effective = extended_value(cell.value)
        if effective:
            out["effectiveValue"] = effective
            out["formattedValue"] = formatted(cell)
    if cell.fmt:
        out["userEnteredFormat"] = cell.fmt
    if cell.note:
        out["note"] = cell.note
    return out


def from_extended(cell: Cell, ev: dict[str, Any] | None) -> Cell:
    """updateCells: a userEnteredValue becomes the stored value; stringValue is always text."""
    if not ev:
        return replace(cell, value=None, formula=None)
    if "formulaValue" in ev:
        formula = str(ev["formulaValue"])
        return replace(cell, value=evaluate(formula), formula=formula)
    if "stringValue" in ev:
        text = str(ev["stringValue"])
        return replace(cell, value=text if text else None, formula=None)
    if "numberValue" in ev:
        return replace(cell, value=_tidy(float(ev["numberValue"])), formula=None)
    if "boolValue" in ev:
        return replace(cell, value=bool(ev["boolValue"]), formula=None)
    raise ValueError("userEnteredValue needs one of stringValue, numberValue, boolValue, "
                     "formulaValue")
