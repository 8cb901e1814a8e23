"""Objective rollup (SPEC §5): KR scores → objective score and status, parent alignment."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from sheetsync.models import Objective, Problem, ScoredKeyResult, ScoredObjective, Status
from sheetsync.score.scoring import grade

Severity = Literal["error", "warning"]

# Worst first; Not started is handled apart (it counts only when everything is not started).
SEVERITY_ORDER = (
    Status.invalid,
    Status.missed,
    Status.off_track,
    Status.at_risk,
    Status.on_track,
    Status.done,
)

MSG_NOTHING_TO_SCORE = "no key results and no aligned objectives: nothing to score"


def worst_status(statuses: Sequence[Status]) -> Status:
    """The objective status from its parts: the worst one, ignoring parts not started yet."""
    started = [s for s in statuses if s != Status.not_started]
    if not started:
        return Status.not_started
    return min(started, key=SEVERITY_ORDER.index)


def weighted_score(krs: Sequence[ScoredKeyResult]) -> float | None:
    """Weight-averaged KR score; Invalid and not-started KRs count at their 0.0."""
    total = sum(k.weight for k in krs)
    if not krs or total <= 0:
        return None
    return sum(k.weight * (k.score or 0.0) for k in krs) / total


def resolve_parents(objectives: Sequence[Objective]) -> tuple[dict[str, str | None], list[Problem]]:
    """Objective id → the parent it rolls up into, with unknown parents and loops cut.

    An unknown parent id is a warning and the objective is top-level. A loop in the parent
    chain is an error, reported once at the first objective of the loop in input order; that
    objective is treated as top-level, which turns the graph into a forest."""
    order = {o.id: i for i, o in reversed(list(enumerate(objectives)))}
    first = {o.id: o for o in reversed(objectives)}
    parent: dict[str, str | None] = {}
    problems: list[Problem] = []
    for o in objectives:
        if o.id in parent:
            continue
        pid = o.parent_id or None
        if pid is not None and pid not in order:
            problems.append(
                _problem(o, "warning", f"parent objective '{pid}' not found; treated as top-level")
            )
            pid = None
        parent[o.id] = pid
    state: dict[str, int] = {}  # 1: on the path being walked, 2: finished
    for o in objectives:
        path: list[str] = []
        node: str | None = o.id
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = parent[node]
        if node is not None and state[node] == 1:
            loop = path[path.index(node) :]
            head = min(loop, key=order.__getitem__)
            problems.append(_problem(first[head], "error", _loop_message(loop, head)))
            parent[head] = None
        for n in path:
            state[n] = 2
    return parent, problems


def roll_up_objectives(
    objectives: Sequence[Objective],
    krs: Sequence[ScoredKeyResult],
    parent: dict[str, str | None],
) -> tuple[list[ScoredObjective], list[Problem]]:
    """Score every objective from its KRs, else from its aligned children; then aligned scores."""
    krs_of: dict[str, list[ScoredKeyResult]] = {}
    for k in krs:
        krs_of.setdefault(k.objective_id, []).append(k)
    children: dict[str, list[str]] = {}
    for oid, pid in parent.items():
        if pid is not None:
            children.setdefault(pid, []).append(oid)

    score: dict[str, float | None] = {}
    status: dict[str, Status] = {}
    for oid in _children_first(parent, children):
        own = krs_of.get(oid, [])
        kids = children.get(oid, [])
        if own:
            score[oid] = weighted_score(own)
            status[oid] = worst_status([k.status for k in own])
        else:
            score[oid] = mean_of_known([score[c] for c in kids])
            status[oid] = worst_status([status[c] for c in kids])

    out: list[ScoredObjective] = []
    problems: list[Problem] = []
    for o in objectives:
        own = krs_of.get(o.id, [])
        kids = children.get(o.id, [])
        if not own and not kids:
            problems.append(_problem(o, "warning", MSG_NOTHING_TO_SCORE, field_name="objective"))
        s = score.get(o.id)
        out.append(
            ScoredObjective(
                **dict(o),
                score=s,
                status=status.get(o.id, Status.not_started),
                aligned_score=mean_of_known([score[c] for c in kids]),
                kr_count=len(own),
                grade=grade(s) if s is not None else None,
            )
        )
    return out, problems


def _children_first(parent: dict[str, str | None], children: dict[str, list[str]]) -> list[str]:
    """Every objective id, each after all of its descendants (the graph is a forest)."""
    preorder: list[str] = []
    stack = [oid for oid, pid in parent.items() if pid is None]
    stack.reverse()
    while stack:
        oid = stack.pop()
        preorder.append(oid)
        stack.extend(reversed(children.get(oid, [])))
    return preorder[::-1]


def mean_of_known(values: Iterable[float | None]) -> float | None:
    """The mean of the values that are not None; None when there are none."""
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _loop_message(loop: list[str], head: str) -> str:
    if len(loop) == 1:
        return f"objective '{head}' names itself as its parent; treated as top-level"
    start = loop.index(head)
    chain = loop[start:] + loop[:start] + [head]
    return (
        f"parent loop {' → '.join(chain)}: the chain of parents never reaches a top-level "
        f"objective; '{head}' is treated as top-level"
    )


def _problem(
    o: Objective, severity: Severity, message: str, *, field_name: str = "parent"
) -> Problem:
    src = o.source
    cell = None
    if src is not None:
        cell = src.cells.get(field_name)
        if cell is None and field_name == "objective":
            cell = src.cells.get("title")
    return Problem(
        severity=severity,
        workbook=src.workbook if src else None,
        sheet=src.sheet if src else None,
        cell=cell,
        column="Parent" if field_name == "parent" else "Objective",
        message=message,
        objective_id=o.id,
    )
