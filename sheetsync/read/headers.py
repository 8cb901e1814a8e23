"""Column aliases for table detection: the real-world spellings of each OKR and check-in column.

Headers are compared case-, space- and punctuation-insensitively ("Key Results (KRs)",
"keyResultName" and "KEY_RESULT" all match). Each field has primary aliases and weaker ones; when
several columns could be the same field, the strongest alias wins, then the leftmost column.
"""

from __future__ import annotations

import re
from typing import Literal

TableKind = Literal["okr", "checkin"]

RANK_CONFIG, RANK_ALIAS, RANK_WEAK, RANK_WORD = 0, 1, 2, 3
"""How strongly a header names a field: config override, alias, weak alias, a word in it."""


def normalize(text: str) -> str:
    """'Key Results (KRs)' → 'keyresultskrs'; letters of any script are kept."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _n(*names: str) -> frozenset[str]:
    return frozenset(normalize(n) for n in names)


OKR_ALIASES: dict[str, frozenset[str]] = {
    "objective": _n("Objective", "Objectives", "Goal", "Goals", "O", "Objective title",
                    "Objective name", "Objective text", "Objetivo", "Objectif", "Ziel"),
    "key_result": _n("Key Result", "Key Results", "KR", "KRs", "KR title", "KR name",
                     "keyResultName", "Key result title", "Key result name",
                     "Key result description", "Key Results (KRs)", "Resultado clave",
                     "Resultado-chave", "Résultat clé", "Schlüsselergebnis"),
    "owner": _n("Owner", "Owners", "Responsible", "DRI", "Eng Owner", "KR owner", "Assignee",
                "Accountable", "Lead", "Responsável", "Responsavel", "Verantwortlich"),
    "baseline": _n("Baseline", "Start", "Start value", "Starting value", "Initial value",
                   "initialValue", "Intial value", "From", "Baseline value", "Initial"),
    "target": _n("Target", "Goal value", "Target value", "targetValue", "To", "Expected",
                 "Goal target"),
    "current": _n("Current", "Actual", "Current value", "Actual value", "Achievement", "Value",
                  "Achieved", "Latest", "Latest value", "currentValue"),
    "confidence": _n("Confidence", "Confidence level", "Confidence score", "Conf"),
    "type": _n("Type", "OKR type", "Objective type", "Commitment"),
    "kind": _n("Kind", "Metric type", "Unit type", "KR type", "Measure type", "Value type"),
    "weight": _n("Weight", "Weighting", "Weightage", "KR weight"),
    "id": _n("ID", "KR ID", "Key", "KR code", "Key result ID", "KR no"),
    "objective_id": _n("Objective ID", "Obj ID", "OID", "OKR ID", "Objective key"),
    "parent": _n("Parent", "Aligns to", "Aligned to", "Parent objective", "Parent ID",
                 "Alignment", "Supports"),
    "team": _n("Team", "Department", "Dept", "Squad", "Tribe"),
    "level": _n("Level", "OKR level", "Objective level"),
    "due": _n("Due", "Deadline", "Due date", "Target date", "End date", "Completion date", "By"),
    "unit": _n("Unit", "Units", "UoM", "Unit of measure"),
    "cycle": _n("Cycle", "Quarter", "Session", "Period", "OKR cycle", "Timeframe", "Time frame",
                "Ciclo"),
    "direction": _n("Direction", "Trend", "Polarity"),
    "note": _n("Note", "Notes", "Comment", "Comments", "Remarks"),
    "commit": _n("Commit", "Commitment level", "Committed target", "Commit target", "Minimum",
                 "Floor", "Min target", "Minimum target"),
    "stretch": _n("Stretch", "Stretch target", "Stretch goal", "Moonshot", "Moon shot",
                  "Roof shot", "Roofshot", "Stretch value"),
    # A person's own grading columns: input only, never written (SPEC §2b, §7).
    "person_score": _n("Score", "Grade", "KR score", "Final score", "Self score", "Self-score",
                       "Self grade", "Self-assessment", "Self assessment", "Final grade",
                       "Owner score", "Owner grade"),
    "person_progress": _n("Progress", "% complete", "Percent complete", "progress_pct",
                          "Progress %", "% done", "Completion", "Percent done", "Pct complete"),
    "person_status": _n("Status", "RAG", "RAG status", "KR status"),
}
OKR_WEAK: dict[str, frozenset[str]] = {
    "key_result": _n("Metric", "KPI", "KPI name", "Measure", "Key metric", "Result"),
    "owner": _n("Owner email", "Owner name"),
    "note": _n("Updates"),
}

CHECKIN_ALIASES: dict[str, frozenset[str]] = {
    "kr": _n("KR", "KR ID", "Key Result", "Key Result ID", "Key Results", "KR title", "KR name"),
    "date": _n("Date", "Week", "Check-in date", "Checkin date", "Check-in", "Week of",
               "Week ending", "Report date", "Updated", "Last updated", "Day"),
    "value": _n("Value", "Current", "Actual", "Progress value", "Current value", "Actual value",
                "New value", "Reading"),
    "confidence": _n("Confidence", "Confidence level", "Conf"),
    "note": _n("Note", "Notes", "Comment", "Comments", "Update", "Remarks"),
    "author": _n("Author", "By", "Reported by", "Updated by", "Who", "Owner", "Submitted by"),
}

# A header that is a field's word plus a qualifier ("Target FY26", "ARR Achievement", "PM Owner")
# still names the field, unless the qualifier says it is something else ("Target date").
_WORDS: dict[str, frozenset[str]] = {
    "target": frozenset({"target", "targets"}),
    "current": frozenset({"actual", "actuals", "achievement", "current"}),
    "baseline": frozenset({"baseline"}),
    "owner": frozenset({"owner", "dri"}),
    "weight": frozenset({"weight", "weightage", "weighting"}),
    "confidence": frozenset({"confidence"}),
}
_NOT_A_VALUE = frozenset({"date", "status", "owner", "quarter", "cycle", "type", "comment", "note",
                          "notes", "id", "name", "email", "unit", "source", "formula"})


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
    bare = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
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


def map_headers(
    headers: dict[int, str],
    kind: TableKind,
    overrides: dict[str, str],
    recorded: dict[str, int],
) -> tuple[dict[str, int], dict[str, int], list[str]]:
    """Header texts by column → (field → column, owned role → column, overrides not found).

    Only the columns sheetsync's record names (RECORDED, role → column) are its own; every other
    column is a person's and may be read as input, whatever its header (SPEC §7)."""
    owned = dict(recorded) if kind == "okr" else {}
    taken = set(owned.values())
    columns: dict[str, int] = {}
    missing: list[str] = []
    for field, name in overrides.items():
        hit = [c for c in sorted(headers) if normalize(headers[c]) == normalize(name)]
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
