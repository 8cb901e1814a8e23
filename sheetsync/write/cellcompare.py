"""Whether a cell already shows the value sheetsync would write (then no write is made)."""

from __future__ import annotations

import datetime as dt
import math

from sheetsync.grid import CellValue

EXCEL_EPOCH = dt.date(1899, 12, 30)
FLOAT_DIGITS = 4
"""Scores, progress and projections are written rounded to this many decimals."""
TOLERANCE = 0.5 * 10.0**-FLOAT_DIGITS
"""Two numbers closer than this show the same once rounded to FLOAT_DIGITS."""


def serial_to_date(serial: float) -> dt.date:
    """An Excel / Sheets serial day number (epoch 1899-12-30) as a date."""
    return EXCEL_EPOCH + dt.timedelta(days=int(math.floor(serial)))


def date_to_serial(day: dt.date) -> int:
    return (day - EXCEL_EPOCH).days


def normalize(value: CellValue) -> CellValue:
    """Blank text is None, datetimes at midnight are dates, floats are rounded."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, float):
        return round(value, FLOAT_DIGITS)
    return value


def same_value(old: CellValue, new: CellValue) -> bool:
    """True when writing `new` over `old` would change nothing a person can see."""
    old, new = normalize(old), normalize(new)
    if type(old) is type(new) and old == new:
        return True
    if old is None or new is None:
        return old is None and new is None
    if isinstance(new, dt.date) and not isinstance(new, dt.datetime):
        if isinstance(old, (int, float)) and not isinstance(old, bool):
            return serial_to_date(old) == new
        return isinstance(old, dt.date) and old == new
    if isinstance(new, bool) or isinstance(old, bool):
        return type(old) is type(new) and old == new
    if isinstance(new, (int, float)) and isinstance(old, (int, float)):
        return abs(float(old) - float(new)) < TOLERANCE
    if isinstance(new, str) and isinstance(old, str):
        return old == new
    return False
