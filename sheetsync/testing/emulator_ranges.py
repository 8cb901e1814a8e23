"""Sheets API emulator: A1 ranges as the API parses and echoes them, and `fields` masks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sheetsync.a1 import col_index, col_letter, quote_sheet


class RangeError(ValueError):
    """An A1 range the API would answer with 400 'Unable to parse range'."""


@dataclass(frozen=True)
class Ref:
    """The part of an A1 range after '!': 0-based half-open bounds, r1/c1 None where unbounded."""

    r0: int
    r1: int | None
    c0: int
    c1: int | None

    @property
    def is_cell(self) -> bool:
        return self.r1 == self.r0 + 1 and self.c1 == self.c0 + 1


_REF = re.compile(r"^(?:([A-Za-z]{1,3})?(\d+)?)(?::([A-Za-z]{1,3})?(\d+)?)?$")


def split_range(a1: str) -> tuple[str | None, Ref | None]:
    """'My tab'!A1:B2 → ('My tab', Ref); A1:B2 → (None, Ref); My tab → ('My tab', None)."""
    text = a1.strip()
    if text.startswith("'"):
        title, pos = _quoted(text)
        rest = text[pos:]
        if not rest:
            return title, None
        if not rest.startswith("!"):
            raise RangeError(a1)
        return title, parse_ref(rest[1:], a1)
    if "!" in text:
        title, ref = text.rsplit("!", 1)
        return title, parse_ref(ref, a1)
    try:
        return None, parse_ref(text, a1)
    except RangeError:
        return text, None


def _quoted(text: str) -> tuple[str, int]:
    out, i = [], 1
    while i < len(text):
        ch = text[i]
        if ch == "'":
            if i + 1 < len(text) and text[i + 1] == "'":
                out.append("'")
                i += 2
                continue
            return "".join(out), i + 1
        out.append(ch)
        i += 1
    raise RangeError(text)


def parse_ref(ref: str, whole: str) -> Ref:
    m = _REF.match(ref.strip())
    if not m or not ref.strip():
        raise RangeError(whole)
    ca, ra, cb, rb = m.groups()
    if not ca and not ra:
        raise RangeError(whole)
    c0 = col_index(ca) - 1 if ca else 0
    r0 = int(ra) - 1 if ra else 0
    if r0 < 0:
        raise RangeError(whole)
    if ":" not in ref:
        return Ref(r0, r0 + 1 if ra else None, c0, c0 + 1 if ca else None)
    if not cb and not rb:
        raise RangeError(whole)
    c1 = col_index(cb) if cb else None
    r1 = int(rb) if rb else None
    if not ca and not cb:
        c0, c1 = 0, None
    if not ra and not rb:
        r0, r1 = 0, None
    if r1 is not None and r1 <= r0:
        r0, r1 = r1 - 1, r0 + 1
    if c1 is not None and c1 <= c0:
        c0, c1 = c1 - 1, c0 + 1
    return Ref(r0, r1, c0, c1)


def echo(title: str, r0: int, r1: int, c0: int, c1: int) -> str:
    """How the API names a range in responses: Sheet1!A1:D2, quoting titles that need it."""
    start = f"{col_letter(c0 + 1)}{r0 + 1}"
    if r1 - r0 <= 1 and c1 - c0 <= 1:
        return f"{quote_sheet(title)}!{start}"
    return f"{quote_sheet(title)}!{start}:{col_letter(c1)}{r1}"


# --- fields masks -------------------------------------------------------------------------------

Mask = dict[str, "Mask | None"]
"""name → sub-mask; None keeps the whole value."""


def parse_fields(text: str) -> Mask:
    """'sheets(properties(sheetId,title),merges)' or 'sheets/data/rowData' → a nested dict."""
    tokens = re.findall(r"[A-Za-z_*][A-Za-z0-9_]*|[(),/.]", text.replace(" ", ""))
    mask, pos = _parse_list(tokens, 0)
    if pos != len(tokens):
        raise ValueError(f"bad fields mask: {text!r}")
    return mask


def _parse_list(tokens: list[str], pos: int) -> tuple[Mask, int]:
    mask: Mask = {}
    while pos < len(tokens):
        path = [tokens[pos]]
        pos += 1
        while pos < len(tokens) and tokens[pos] in "/.":
            path.append(tokens[pos + 1])
            pos += 2
        sub: Mask | None = None
        if pos < len(tokens) and tokens[pos] == "(":
            sub, pos = _parse_list(tokens, pos + 1)
            pos += 1  # ')'
        _merge(mask, path, sub)
        if pos < len(tokens) and tokens[pos] == ",":
            pos += 1
            continue
        break
    return mask, pos


def _merge(mask: Mask, path: list[str], sub: Mask | None) -> None:
    head, rest = path[0], path[1:]
    if rest:
        child = mask.get(head, {})
        if child is None:
            return
        mask[head] = child
        _merge(child, rest, sub)
    elif head in mask and mask[head] is not None and sub is not None:
        existing = mask[head]
        assert existing is not None
        for k, v in sub.items():
            _merge(existing, [k], v)
    else:
        mask[head] = sub if head not in mask or sub is None else mask[head]


def wants(mask: Mask | None, *path: str) -> bool:
    """Whether a mask selects something at or below a path."""
    node: Mask | None = mask
    for name in path:
        if node is None or "*" in node:
            return True
        if name not in node:
            return False
        node = node[name]
    return True


def apply_mask(value: Any, mask: Mask | None) -> Any:
    if mask is None or "*" in mask:
        return value
    if isinstance(value, list):
        return [apply_mask(v, mask) for v in value]
    if isinstance(value, dict):
        return {k: apply_mask(value[k], sub) for k, sub in mask.items() if k in value}
    return value
