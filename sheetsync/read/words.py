"""The word lists of aliases.toml (header spellings, confidence, status, number words) as data.

aliases.toml ships beside this module as package data; headers.py, values.py and texttarget.py
read their words from here, so adding a language is an edit of that file only.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "nl", "zh", "ja")


def _load() -> dict[str, Any]:
    text = resources.files("sheetsync.read").joinpath("aliases.toml").read_text("utf-8")
    return tomllib.loads(text)


WORDS: dict[str, Any] = _load()
"""aliases.toml as read."""


def in_languages(by_lang: dict[str, Any]) -> list[str]:
    """The words of one entry, every language in LANGUAGES order, without repeats."""
    return list(dict.fromkeys(w for lang in LANGUAGES for w in by_lang.get(lang, ())))


def spellings(section: str, field: str) -> list[str]:
    """A field's header spellings as written in aliases.toml ([okr], [okr_weak], [checkin])."""
    return in_languages(WORDS[section].get(field, {}))


def confidence_words() -> dict[str, float]:
    """'alta' → 0.9, 'media' → 0.6, '低' → 0.3 ...: every confidence word, casefolded."""
    return {w.casefold(): float(level["value"]) for level in WORDS["confidence"].values()
            for w in in_languages(level)}


def status_words() -> dict[str, str]:
    """A person's status word, casefolded → 'done', 'on_track', 'at_risk', 'off_track' or
    'not_started'."""
    return {w.casefold(): status for status, by_lang in WORDS["status"].items()
            for w in in_languages(by_lang)}


def number_words() -> dict[str, int]:
    """'one' → 1 … 'diez' → 10, in every language of [number_words]."""
    out: dict[str, int] = {}
    for lang in LANGUAGES:
        for i, w in enumerate(WORDS["number_words"].get(lang, ()), 1):
            out.setdefault(w.casefold(), i)
    return out


def percent_words() -> list[str]:
    """'percent', 'por ciento', 'Prozent' …: words after a number that make it a percent."""
    return in_languages(WORDS["percent_words"])


def row_things() -> frozenset[str]:
    """Header words that say the rows are actions, tasks, indicators … rather than objectives."""
    return frozenset(w.casefold() for w in in_languages(WORDS["row_things"]))
