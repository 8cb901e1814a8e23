"""One cell as worksheet XML for the xlsx writer: literal text, numbers, booleans, dates."""

from __future__ import annotations

import datetime as dt
import math
import re

from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, to_excel

from sheetsync.grid import CellError, CellValue

MAX_TEXT = 32767
"""Excel refuses cells holding more characters than this."""

_NEEDS_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape_char(m: re.Match[str]) -> str:
    # "_" before a lookalike escape becomes _x005F_ so Excel does not decode the text that follows.
    return f"_x{ord(m.group(0)):04X}_"


def xml_text(text: str) -> str:
    """Text as element content: Excel's _xHHHH_ for characters XML cannot hold, then XML escapes."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = _NEEDS_ESCAPE.sub(_escape_char, text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def excel_serial(value: dt.date, date1904: bool) -> int | float:
    """A date or datetime as Excel's day count (Lotus's phantom 1900-02-29 included)."""
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    serial = to_excel(value, epoch)
    return int(serial) if float(serial).is_integer() else float(serial)


def _number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    return repr(float(value))


def cell_xml(ref: str, value: CellValue, style: int, date1904: bool, prefix: str = "") -> str:
    """<c> for one value. Text goes in as an inline string: never a formula, no shared string."""
    s = f' s="{style}"' if style else ""
    head = f'<{prefix}c r="{ref}"{s}'
    if value is None or value == "":
        return head + "/>"
    if isinstance(value, str):
        text = value[:MAX_TEXT]
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return (f'{head} t="inlineStr"><{prefix}is><{prefix}t{space}>{xml_text(text)}'
                f"</{prefix}t></{prefix}is></{prefix}c>")
    if isinstance(value, bool):
        return f'{head} t="b"><{prefix}v>{int(value)}</{prefix}v></{prefix}c>'
    if isinstance(value, CellError):
        return f'{head} t="e"><{prefix}v>{xml_text(value.code)}</{prefix}v></{prefix}c>'
    if isinstance(value, dt.date):
        number: int | float = excel_serial(value, date1904)
    else:
        number = value
    if isinstance(number, float) and not math.isfinite(number):
        return f'{head} t="e"><{prefix}v>#NUM!</{prefix}v></{prefix}c>'
    return f"{head}><{prefix}v>{_number(number)}</{prefix}v></{prefix}c>"
