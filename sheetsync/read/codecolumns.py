"""A Key Result (or Objective) column that holds only codes (`KR1`, `1.2`, `O1`) beside a column
of text: the text is the title, the codes are the ids.

    titles_beside_codes(grid, header) -> None     (adjusts header.columns in place)
    numbers_under_objective(grid, header) -> None  (a second Objective/Goal column of numbers)
    progress_as_current(grid, header) -> None      (an Avance column of amounts is the current)

Teams often head the code column `KR` or `Objective` and leave the title's own header blank or
unknown (`Description`, `Descripción`, `Detalle`); reading the codes as titles would make every
key result "KR1". docs/layouts.md ("Codes beside titles") says the rule.
"""

from __future__ import annotations

import re

from sheetsync.grid import Grid
from sheetsync.read.headers import match
from sheetsync.read.table import Header
from sheetsync.read.twoheader import SEP
from sheetsync.read.values import BadValue, Number, clean_text, is_blank, parse_number

_CODE = re.compile(r"(?:okr|obj|kr|rc|rk|rcs|o|r|k)?\s*[-#.:]?\s*\d{1,3}(?:[.\-]\d{1,3})*[a-z]?"
                   r"\.?", re.I)
_ROWS = 40
_PAIRS = (("key_result", "id"), ("objective", "objective_id"))


def _values(grid: Grid, h: Header, col: int) -> list[str]:
    last = min(grid.n_rows, h.row + _ROWS)
    out = []
    for r in range(h.row + 1, last + 1):
        v = grid.value(r, col)
        if not is_blank(v):
            out.append(clean_text(v) or "")
    return out


def _codes(values: list[str]) -> bool:
    return len(values) >= 2 and sum(bool(_CODE.fullmatch(v)) for v in values) >= 0.8 * len(values)


def _text(values: list[str]) -> bool:
    words = [v for v in values if not _CODE.fullmatch(v) and re.search(r"[^\W\d_]{3}", v)]
    return len(values) >= 2 and len(words) >= 0.8 * len(values)


def titles_beside_codes(grid: Grid, h: Header) -> None:
    """Move a title field from its code column to the text column right of it (or left of it),
    and make the code column the id, when the id field is not mapped already."""
    used = set(h.columns.values()) | set(h.owned.values()) | {w.col for w in h.weeks}
    for title, code in _PAIRS:
        col = h.columns.get(title)
        if col is None or code in h.columns or not _codes(_values(grid, h, col)):
            continue
        for near in (col + 1, col - 1):
            # Never past the header's last cell: status columns are written there.
            if 1 <= near <= max(h.texts, default=0) and near not in used and _text(
                    _values(grid, h, near)):
                h.columns[title], h.columns[code] = near, col
                used.add(near)
                break


def _numbers(values: list[str]) -> bool:
    count = 0
    for v in values:
        try:
            parse_number(v)
            count += 1
        except BadValue:
            pass
    return len(values) >= 2 and count >= 0.8 * len(values)


def numbers_under_objective(grid: Grid, h: Header) -> None:
    """A second column whose header names the objective (`Goal` beside `Objective`, `Objetivo`
    beside `Objetivo estratégico`) and that holds numbers is the target, when none is mapped."""
    obj = h.columns.get("objective")
    if obj is None or "target" in h.columns:
        return
    used = set(h.columns.values()) | set(h.owned.values())
    for col, text in sorted(h.texts.items()):
        found = match(text.split(SEP)[-1], "okr")
        if col in used or found is None or found[0] != "objective":
            continue
        if _numbers(_values(grid, h, col)):
            h.columns["target"] = col
            return


_SHARE_WORDS = re.compile(r"%|pct|percent|porcentaje|percentual|prozent|pourcentage|percentuale|"
                          r"procent|完成率|进度率|率", re.I)


def _pair(grid: Grid, row: int, a: int, b: int) -> tuple[Number, Number] | None:
    try:
        return parse_number(grid.value(row, a)), parse_number(grid.value(row, b))
    except BadValue:
        return None


def progress_as_current(grid: Grid, h: Header) -> None:
    """A progress column (`Avance`, `Progress`) beside a Target and no Current column, whose cells
    are amounts on the target's scale (130 of a target of 150, 55% of 80%) rather than shares,
    is the current value. A header that says percent (`% Avance`, `Progress %`) stays progress."""
    col, target = h.columns.get("person_progress"), h.columns.get("target")
    if col is None or target is None or "current" in h.columns:
        return
    if _SHARE_WORDS.search(h.texts.get(col, "").split(SEP)[-1]):
        return
    last = min(grid.n_rows, h.row + _ROWS)
    pairs = [p for r in range(h.row + 1, last + 1) if (p := _pair(grid, r, col, target))]
    amounts = [1 for done, goal in pairs if (done.percent and goal.percent) or (
        not done.percent and not goal.percent and abs(done.value) > 1 and abs(goal.value) > 1)]
    if pairs and len(amounts) >= 0.8 * len(pairs):
        h.columns["current"] = h.columns.pop("person_progress")
