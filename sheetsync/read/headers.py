"""Column aliases for table detection: the real-world spellings of each OKR and check-in column.

The spellings are data, per field and language, in aliases.toml beside this module.

Headers are compared case-, space- and punctuation-insensitively ("Key Results (KRs)",
"keyResultName" and "KEY_RESULT" all match). Each field has primary aliases and weaker ones; when
several columns could be the same field, the strongest alias wins, then the leftmost column.
"""

from __future__ import annotations

import re
from typing import Literal

from sheetsync.read.words import WORDS, spellings

TableKind = Literal["okr", "checkin"]

RANK_CONFIG, RANK_ALIAS, RANK_WEAK, RANK_WORD = 0, 1, 2, 3
"""How strongly a header names a field: config override, alias, weak alias, a word in it."""


def normalize(text: str) -> str:
    """'Key Results (KRs)' → 'keyresultskrs'; letters of any script are kept."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _n(*names: str) -> frozenset[str]:
    return frozenset(normalize(n) for n in names)


def _table(section: str) -> dict[str, frozenset[str]]:
    return {field: _n(*spellings(section, field)) for field in WORDS[section]}


OKR_ALIASES: dict[str, frozenset[str]] = _table("okr")
OKR_WEAK: dict[str, frozenset[str]] = _table("okr_weak")
CHECKIN_ALIASES: dict[str, frozenset[str]] = _table("checkin")

# A header that is a field's word plus a qualifier ("Target FY26", "ARR Achievement", "PM Owner")
# still names the field, unless the qualifier says it is something else ("Target date").
_WORDS: dict[str, frozenset[str]] = {
    "target": frozenset({"target", "targets", "meta", "metas", "cible", "alvo", "zielwert"}),
    "current": frozenset({"actual", "actuals", "achievement", "current", "real", "atual",
                          "réel", "realizado", "istwert"}),
    "baseline": frozenset({"baseline"}),
    "owner": frozenset({"owner", "dri", "responsable", "responsável"}),
    "weight": frozenset({"weight", "weightage", "weighting"}),
    "confidence": frozenset({"confidence"}),
}
_NOT_A_VALUE = frozenset({"date", "status", "owner", "quarter", "cycle", "type", "comment", "note",
                          "notes", "id", "name", "email", "unit", "source", "formula"})


# A period or "to date" around a header's words does not change its field: `Línea base 2025`,
# `Meta Q2`, `Avance a la fecha`, `Actual YTD`, `Ist (kumuliert)`.
_QUALIFIER = re.compile(
    r"(?<![^\W_])(?:(?:fy|cy)\s*'?\d{2,4}|(?:19|20)\d{2}(?:[/-]\d{2,4})?|[qhts][1-4]|ytd|mtd|"
    r"a\s+la\s+fecha|al\s+corte|at[eé]\s+a\s+data|to\s+date|till\s+date|acumulad[oa]s?|"
    r"kumuliert|cumul[ée]e?s?|cumulative)(?![^\W_])", re.I)


def _words(text: str) -> list[str]:
    # "Achievement till date" is a current value, not a date column.
    text = re.sub(r"\b(till|to|until)[\s_-]+date\b", " ", text.casefold())
    return re.findall(r"[^\W_]+", text)


def match(text: str, kind: TableKind) -> tuple[str, int] | None:
    """(field, rank) a header names, or None; rank as in RANK_* (lower is stronger)."""
    key = normalize(text)
    if not key:
        return None
    aliases = OKR_ALIASES if kind == "okr" else CHECKIN_ALIASES
    for field, names in aliases.items():
        if key in names:
            return field, RANK_ALIAS
    weak = OKR_WEAK if kind == "okr" else {}
    for field, names in weak.items():
        if key in names:
            return field, RANK_WEAK
    bare = _QUALIFIER.sub(" ", re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text))
    if bare != text and normalize(bare):
        found = match(bare, kind)
        if found:
            return found[0], max(found[1], RANK_WEAK)
    if kind == "okr":
        words = _words(text)
        if len(words) >= 2 or (words and normalize(" ".join(words)) != key):
            for field, names in _WORDS.items():
                rest = set(words[1:]) if words[0] in names else set(words[:-1])
                if (words[0] in names or words[-1] in names) and not rest & _NOT_A_VALUE - names:
                    return field, RANK_WORD
    return None


_LANGUAGE_OF: dict[str, set[str]] = {}
for _section in ("okr", "okr_weak"):
    for _by_lang in WORDS[_section].values():
        for _lang, _names in _by_lang.items():
            for _name in _names:
                _LANGUAGE_OF.setdefault(normalize(_name), set()).add(_lang)


def language_of(texts: list[str]) -> str | None:
    """The language most of a header's known spellings are in (`es` for Objetivo, Resultado
    clave, Meta), counting only spellings of one language; None when none is."""
    votes: dict[str, int] = {}
    for text in texts:
        langs = _LANGUAGE_OF.get(normalize(text), set())
        if len(langs) == 1:
            lang = next(iter(langs))
            votes[lang] = votes.get(lang, 0) + 1
    return max(sorted(votes), key=lambda lang: votes[lang]) if votes else None


def weak_name(text: str, field: str) -> bool:
    """Whether a header names the field only by a weak spelling (`KPI (name)`, `Metric 2026`)."""
    bare = _QUALIFIER.sub(" ", re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text))
    return bool({normalize(text), normalize(bare)} & OKR_WEAK.get(field, frozenset()))


def map_headers(
    headers: dict[int, str],
    kind: TableKind,
    overrides: dict[str, str],
    recorded: dict[str, int],
    labels: dict[int, str] | None = None,
) -> tuple[dict[str, int], dict[str, int], list[str]]:
    """Header texts by column → (field → column, owned role → column, overrides not found).

    `labels` are the headers as shown (`Q1 / Target` under a group row); a config override may
    name a column by either.

    Only the columns sheetsync's record names (RECORDED, role → column) are its own; every other
    column is a person's and may be read as input, whatever its header (SPEC §7)."""
    owned = dict(recorded) if kind == "okr" else {}
    taken = set(owned.values())
    columns: dict[str, int] = {}
    missing: list[str] = []
    for field, name in overrides.items():
        shown = labels or {}
        hit = [c for c in sorted(headers) if normalize(shown.get(c, "")) == normalize(name)]
        hit += [c for c in sorted(headers) if normalize(headers[c]) == normalize(name)]
        if not hit:
            missing.append(field)
            continue
        columns[field] = hit[0]
        taken.add(hit[0])
    best: dict[str, tuple[int, int]] = {}
    for col in sorted(headers):
        if col in taken:
            continue
        found = match(headers[col], kind)
        if found is None or found[0] in columns:
            continue
        field, rank = found
        if field not in best or rank < best[field][0]:
            best[field] = (rank, col)
    for field, (_, col) in best.items():
        columns[field] = col
    return columns, owned, missing
