"""The summary tab's rows for SPEC §2b: thresholds held or not, zones reached, a person's grade.

Only KRs with something to show get a row: a threshold ("holds", "does not hold (breached 2
times)"), a KR with commit / stretch points (the zone reached), and a KR whose row has a
person's Score (shown beside the computed one). The HTML report uses the same words.
"""

from __future__ import annotations

from sheetsync.models import Kind, Scorecard, ScoredKeyResult, Status, Zone

KINDS_COLUMNS = ["ID", "Title", "Kind", "Score", "Status", "Threshold / zone", "Person's score"]


def _times(n: int) -> str:
    return "1 time" if n == 1 else f"{n} times"


def threshold_text(k: ScoredKeyResult) -> str:
    """'holds', 'holds (breached 1 time)', 'does not hold (breached 3 times)' or 'not measured'."""
    if k.holds is None:
        return "not measured yet"
    said = "holds" if k.holds else "does not hold"
    return f"{said} (breached {_times(k.breaches)})" if k.breaches else said


def zone_text(k: ScoredKeyResult) -> str:
    """'stretch reached', 'target reached', 'commit reached' or 'below commit'."""
    if k.zone is None:
        return "not measured yet"
    if k.zone == Zone.fail:
        return "below commit" if k.commit is not None else "below target"
    return f"{k.zone.value} reached"


def kind_text(k: ScoredKeyResult) -> str:
    """What a threshold or zone KR shows beside its score; empty for the other kinds."""
    if k.status == Status.invalid:
        return ""
    if k.kind == Kind.threshold:
        return threshold_text(k)
    if k.commit is not None or k.stretch is not None:
        return zone_text(k)
    return ""


def shown(k: ScoredKeyResult) -> bool:
    return bool(kind_text(k)) or k.person_score is not None


def kind_krs(sc: Scorecard) -> list[ScoredKeyResult]:
    """The KRs with a threshold, zones or a person's score, in sheet order."""
    return [k for k in sc.key_results if shown(k)]
