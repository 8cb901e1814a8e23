"""The word lists of aliases.toml: every spelling names one field, the main fields are spelt in
every language the issue names, and the words read as what they mean."""

from __future__ import annotations

from collections import defaultdict

import pytest

from sheetsync.read.headers import OKR_ALIASES, OKR_WEAK, match, normalize
from sheetsync.read.values import parse_confidence
from sheetsync.read.words import WORDS, number_words, status_words

EUROPEAN = ("en", "es", "pt", "fr", "de", "it", "nl")


def test_no_spelling_names_two_fields() -> None:
    fields: dict[str, set[str]] = defaultdict(set)
    for table in (OKR_ALIASES, OKR_WEAK):
        for field, names in table.items():
            for name in names:
                fields[name].add(field)
    assert {n: f for n, f in fields.items() if len(f) > 1} == {}


@pytest.mark.parametrize(
    ("field", "languages"),
    [pytest.param(f, EUROPEAN + ("zh", "ja"), id=f"{f} is spelt in seven languages, zh and ja")
     for f in ("objective", "key_result", "owner", "target", "current", "person_progress",
               "confidence")]
    + [pytest.param(f, EUROPEAN, id=f"{f} is spelt in seven languages")
       for f in ("baseline", "due", "unit", "note")],
)
def test_the_main_fields_are_spelt_in_every_language(field: str, languages: tuple[str]) -> None:
    assert [lang for lang in languages if not WORDS["okr"][field].get(lang)] == []


@pytest.mark.parametrize(
    ("header", "field"),
    [pytest.param("Resultado clave", "key_result", id="Spanish key result"),
     pytest.param("Resultado-chave", "key_result", id="Portuguese key result"),
     pytest.param("Meta", "target", id="Meta is the target in Spanish and Portuguese"),
     pytest.param("Ejecución", "current", id="Ejecución is the actual value"),
     pytest.param("Atual", "current", id="Atual is the actual value"),
     pytest.param("Línea base", "baseline", id="Spanish baseline"),
     pytest.param("Responsável", "owner", id="Portuguese owner"),
     pytest.param("% Avance", "person_progress", id="a person's progress in Spanish"),
     pytest.param("Fortschritt", "person_progress", id="a person's progress in German"),
     pytest.param("progress_pct", "person_progress", id="progress_pct"),
     pytest.param("% complete", "person_progress", id="percent complete"),
     pytest.param("Confianza", "confidence", id="Spanish confidence"),
     pytest.param("Período", "cycle", id="Período is the cycle"),
     pytest.param("Trimestre", "cycle", id="Trimestre is the cycle"),
     pytest.param("关键结果", "key_result", id="Chinese key result"),
     pytest.param("负责人", "owner", id="Chinese owner"),
     pytest.param("目标值", "target", id="Chinese target value"),
     pytest.param("主要な成果", "key_result", id="Japanese key result"),
     pytest.param("Meta 2026", "target", id="a target word with a qualifier"),
     pytest.param("Objective_Title_", "objective", id="underscored objective title"),
     pytest.param("Acción clave", "key_result", id="a key action is a weak key result")],
)
def test_headers_in_the_teams_language(header: str, field: str) -> None:
    found = match(header, "okr")
    assert found is not None and found[0] == field


@pytest.mark.parametrize(
    ("word", "confidence"),
    [pytest.param(w, v, id=f"'{w}' is {v}") for w, v in [
        ("alta", 0.9), ("Media", 0.6), ("baja", 0.3), ("baixa", 0.3), ("élevée", 0.9),
        ("mittel", 0.6), ("niedrig", 0.3), ("bassa", 0.3), ("hoog", 0.9), ("高", 0.9),
        ("中", 0.6), ("低", 0.3),
        ("Green", 0.9), ("Amber", 0.6), ("yellow", 0.6), ("RED", 0.3), ("🟢", 0.9), ("🟡", 0.6),
        ("🔴", 0.3), ("verde", 0.9), ("rojo", 0.3), ("grün", 0.9), ("gelb", 0.6), ("rouge", 0.3),
        ("vermelho", 0.3), ("groen", 0.9), ("绿", 0.9), ("红色", 0.3)]],
)
def test_confidence_words_in_every_language(word: str, confidence: float) -> None:
    assert parse_confidence(word) == confidence


def test_number_and_status_words() -> None:
    numbers = number_words()
    assert (numbers["one"], numbers["tres"], numbers["dez"], numbers["fünf"], numbers["tien"]) == (
        1, 3, 10, 5, 10)
    statuses = status_words()
    assert (statuses["en riesgo"], statuses["concluído"], statuses["已完成"]) == (
        "at_risk", "done", "done")


def test_every_spelling_is_a_header_text_not_blank() -> None:
    for section in ("okr", "okr_weak", "checkin"):
        for by_lang in WORDS[section].values():
            for names in by_lang.values():
                assert all(normalize(n) for n in names), names
