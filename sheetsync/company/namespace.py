"""Ids across the sources of a multi-source run: team ids get their team as a prefix, parents
resolve across workbooks, and each team's slice of the run is seen again with its own ids."""

from __future__ import annotations

from collections.abc import Callable

from sheetsync.models import ParsedOKRs, Problem, Scorecard
from sheetsync.score.rollup import summarize

SEP = "/"


def qualify(parsed: ParsedOKRs, prefix: str | None,
            workbook: str) -> tuple[ParsedOKRs, dict[str, str]]:
    """PARSED with every id made unique in the run, and the map back (run id → sheet id).

    With a prefix (a team source), `O1` becomes `Growth/O1`. A parent id names an objective of
    the same workbook first; anything else is left as written, to name a company objective or
    another team's as `Platform/O3` (unknown ones are reported when the run is scored).
    Problems without a workbook are given this one's, so a run's problems stay attributable."""

    def run_id(local: str) -> str:
        return f"{prefix}{SEP}{local}" if prefix else local

    own = {o.id for o in parsed.objectives}
    to_local: dict[str, str] = {}
    for local in [*own, *(k.id for k in parsed.key_results)]:
        to_local[run_id(local)] = local

    def parent(pid: str | None) -> str | None:
        return run_id(pid) if pid and pid in own else pid

    objectives = [o.model_copy(update={"id": run_id(o.id), "parent_id": parent(o.parent_id)})
                  for o in parsed.objectives]
    krs = [k.model_copy(update={"id": run_id(k.id), "objective_id": run_id(k.objective_id)})
           for k in parsed.key_results]
    checkins = [c.model_copy(update={"kr_id": run_id(c.kr_id)}) for c in parsed.checkins]
    problems = [_qualified(p, run_id, workbook) for p in parsed.problems]
    return (ParsedOKRs(cycle=parsed.cycle, objectives=objectives, key_results=krs,
                       checkins=checkins, problems=problems), to_local)


def _qualified(p: Problem, run_id: Callable[[str], str], workbook: str) -> Problem:
    return p.model_copy(update={
        "kr_id": run_id(p.kr_id) if p.kr_id else None,
        "objective_id": run_id(p.objective_id) if p.objective_id else None,
        "workbook": p.workbook or workbook,
    })


def local_view(sc: Scorecard, to_local: dict[str, str], workbook: str) -> Scorecard:
    """The part of the run's scorecard that lives in one workbook, with that workbook's own ids.

    Scores are the run's: an objective that other teams align to keeps their contribution.
    Objectives whose parent lives elsewhere count as top-level for this workbook's overall
    score; problems are those found in the workbook or about its key results and objectives."""

    def local(x: str | None) -> str | None:
        return to_local.get(x, x) if x else x

    objectives = [o.model_copy(update={"id": to_local[o.id], "parent_id": local(o.parent_id)})
                  for o in sc.objectives if o.id in to_local]
    krs = [k.model_copy(update={"id": to_local[k.id], "objective_id": local(k.objective_id)})
           for k in sc.key_results if k.id in to_local]
    checkins = [c.model_copy(update={"kr_id": to_local[c.kr_id]})
                for c in sc.checkins if c.kr_id in to_local]
    problems = [p.model_copy(update={"kr_id": local(p.kr_id),
                                     "objective_id": local(p.objective_id)})
                for p in sc.problems
                if p.workbook == workbook or (p.workbook is None and (
                    p.kr_id in to_local or p.objective_id in to_local))]
    own = {o.id for o in objectives}
    top = [o for o in objectives if not o.parent_id or o.parent_id not in own]
    summary = summarize(objectives, top, krs, problems, sc.summary.expected or 0.0)
    return sc.model_copy(update={"objectives": objectives, "key_results": krs,
                                 "checkins": checkins, "problems": problems,
                                 "summary": summary})
