"""Words in a KR's text that change what its numbers mean: number words, percent words, ranks.

    spell_out(text) -> text        'from 3 to one' → 'from 3 to   1' (same length, same places)
    PERCENT_WORDS                  a regex: 'percent', 'por ciento', 'Prozent' … after a number
    not_a_target(text) -> (masked text, the first rank / rating / level span or None)

texttarget.py uses them so that an ordinal (`≥5º`), a rating or level ("grade 6", "level 3")
is never a target, a number written in words is a number, and `60 percent` is 60%.
The words are data in aliases.toml ([number_words], [percent_words]).
"""

from __future__ import annotations

import re

from sheetsync.read.words import number_words, percent_words

_NUMBERS = number_words()
# Number words that are also articles or common words in one of the languages ("un", "um",
# "een", "uno", Portuguese "dos", English "due", Italian "sei", French "sept" and the month
# "Sept"): read as numbers only right after a "to" word, as in "from 3 to one".
_AMBIGUOUS = frozenset({"un", "uno", "um", "een", "dos", "due", "sei", "sept", "otto", "tre",
                        "acht", "vier", "nove"})
_TO = r"(?:to|a|al|hasta|para|até|à|au|jusqu'à|auf|bis|zu|tot|naar|fino a)"
_CADENCE = re.compile(r"(?:\s+[^\W\d_]+){0,3}?\s+(?:per|each|every|a\s+(?:day|week|month|quarter|"
                      r"year)|por|par|pro|al\s+(?:día|mes|año)|ao\s+(?:dia|mês|ano))\b", re.I)
_FROM = r"(?:from|de|desde|da|van|von|du|dal)"
_WORD = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, _NUMBERS), key=len,
                                                   reverse=True)) + r")(?![\w])", re.I)
PERCENT_WORDS = re.compile(
    r"\s+(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in percent_words())
    + r")\b", re.I)
"""After a number: the words that make it a percent."""

_NOT_TARGET = re.compile("|".join([
    r"[≥>≤<]?=?\s*\d+(?:\s*(?:º|ª|°(?!\s*[cfk]\b))|(?:er|ère|ème|eme|e|o|a)\b)",  # 5º, 1er
    r"\b(?:puesto|lugar|posici[oó]n|posição|rank(?:ing)?|place|platz|rang|position|posto|"
    r"plaats|positie)\s*(?:n[º°o.]\s*)?#?\s*\d+",                               # puesto 5
    r"\b(?:grade|level|tier|rating|nivel|nível|niveau|stufe|livello|grado|nota|note|"
    r"calificaci[oó]n|classifica[cç][aã]o|maturity|madurez|maturidade)\s*#?\s*\d+",  # grade 6
    r"\b\d+(?:[.,]\d+)?\s*(?:stars?|estrellas?|estrelas?|étoiles?|sterne?|stelle|sterren)\b",
    r"\b(?:scale|escala|échelle|skala|scala|schaal)\s+(?:of|de|von|di|van)?\s*\d+",
]), re.I)


def spell_out(text: str) -> str:
    """Number words as digits, padded in front to the word's length so places do not move.

    Beside digits ("one review per team, 9 meetings") a number word counts only as one end of a
    from/to pair ("from 3 to one"); ambiguous words ("un", "dos", "due") only after a "to"."""
    with_digits = re.search(r"\d", text) is not None

    def digit(m: re.Match[str]) -> str:
        word = m[1].casefold()
        before = text[:m.start()]
        after_to = re.search(rf"\b{_TO}\s+$", before, re.I) is not None
        after_from = re.search(rf"\b{_FROM}\s+$", before, re.I) is not None
        if (word in _AMBIGUOUS or with_digits) and not (after_to or after_from and with_digits):
            return m[0]
        if _CADENCE.match(text, m.end()):
            return m[0]  # "one review meeting per month" is how often, not how many
        value = str(_NUMBERS[word])
        return " " * (len(m[0]) - len(value)) + value

    return _WORD.sub(digit, text)


def not_a_target(masked: str) -> tuple[str, str | None]:
    """The text with ranks, ratings, levels and scales blotted out, and the first one found."""
    first = _NOT_TARGET.search(masked)
    if first is None:
        return masked, None
    return _NOT_TARGET.sub(lambda m: "_" * len(m[0]), masked), first[0].strip()
