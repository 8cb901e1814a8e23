"""Column widths for the xlsx writer: a <col> for each column sheetsync adds, others untouched."""

from __future__ import annotations

import re


def _ranges(cols: bytes, prefix: str) -> list[tuple[int, int, re.Match[bytes]]]:
    p = re.escape(prefix.encode())
    out = []
    for m in re.finditer(rb"<" + p + rb"col(?=[\s/>])([^>]*?)/>", cols):
        lo = re.search(rb'\bmin="(\d+)"', m.group(1))
        hi = re.search(rb'\bmax="(\d+)"', m.group(1))
        if lo and hi:
            out.append((int(lo.group(1)), int(hi.group(1)), m))
    return out


def add_widths(xml: bytes, widths: dict[int, float], prefix: str = "") -> bytes:
    """XML with `<col min=c max=c width=w customWidth=1/>` for each column in WIDTHS that no
    <col> covers yet (a width a person set stays); <cols> is created before <sheetData>."""
    p = prefix.encode()
    head_end = xml.find(b"<" + p + b"sheetData")
    if head_end < 0:
        return xml
    block = re.search(rb"<" + re.escape(p) + rb"cols\s*>(.*?)</" + re.escape(p) + rb"cols\s*>",
                      xml[:head_end], re.S)
    existing = _ranges(block.group(1), prefix) if block else []
    new = {c: w for c, w in widths.items()
           if not any(lo <= c <= hi for lo, hi, _ in existing)}
    if not new:
        return xml
    items = [(lo, m.group(0)) for lo, _, m in existing]
    items += [(c, b'<%scol min="%d" max="%d" width="%s" customWidth="1"/>'
               % (p, c, c, f"{w:g}".encode())) for c, w in new.items()]
    body = b"".join(x for _, x in sorted(items, key=lambda t: t[0]))
    if block:
        return (xml[:block.start()] + b"<" + p + b"cols>" + body + b"</" + p + b"cols>"
                + xml[block.end():])
    return xml[:head_end] + b"<" + p + b"cols>" + body + b"</" + p + b"cols>" + xml[head_end:]
