"""Evidence before a tab is read as OKRs: the rows of an action list, a KPI scorecard or a KPI
tracking tab are not objectives, and a tab whose only key result column is a weak name (`KPI`,
`Metric`) is not a second KR table beside a real one.

    not_objectives(header_texts, columns, rows) -> str | None      why rows are not objectives
    weak_kr_column(table, config) -> bool                           its KR column is a weak name

docs/layouts.md ("Tables that are not OKRs") gives the rules with examples.
"""

from __future__ import annotations

import re

from sheetsync.config import Config
from sheetsync.read.headers import match, normalize, weak_name
from sheetsync.read.table import Row, Table
from sheetsync.read.twoheader import SEP
from sheetsync.read.values import clean_text
from sheetsync.read.words import row_things

ROW_THINGS = row_things()
MEASURES = ("baseline", "target", "current", "person_progress", "person_score")


_ID_PREFIX = re.compile(r"([^\W\d_]+)[\s\-_.#]*\d", re.I)
_THING_IDS = frozenset({"a", "act", "action", "acc", "accion", "acción", "ac", "t", "task", "tsk",
                        "tarea", "tarefa", "ta", "ini", "init", "kpi", "ind", "story", "us", "feat",
                        "bug", "tkt", "ticket", "issue", "req", "proj", "prj", "m", "mt"})
"""Id prefixes of actions, tasks, indicators, stories and tickets (A-12, TASK-3, KPI-7)."""


def _thing(header: str) -> bool:
    words = re.findall(r"[^\W\d_]+", header.casefold())
    return bool(words) and (words[0] in ROW_THINGS or words[-1] in ROW_THINGS
                            or header.strip().casefold() in ROW_THINGS)


def not_objectives(headers: dict[int, str], columns: dict[str, int], rows: list[Row]
                   ) -> str | None:
    """Why a table of Objective rows (no Key Result column) is not a table of objectives: its
    rows measure numbers (a KPI scorecard), a column names other things (Action, Indicator,
    Task), its ids do (A-12, TASK-3), or objectives repeat (each row is something done under an
    objective); else None."""
    measured = [f for f in MEASURES if f in columns]
    if measured:
        col = columns[measured[0]]
        return f"its rows carry numbers ('{headers.get(col, measured[0])}'), as KPIs do"
    mapped = set(columns.values())
    things = [t for c, t in sorted(headers.items()) if c not in mapped and _thing(t)]
    if things:
        return f"its rows are '{things[0]}' rows, each under an objective"
    ids = [t for r in rows if (t := clean_text(r.values.get("objective_id")))]
    marked = [i for i in ids if (m := _ID_PREFIX.match(i)) and m[1].casefold() in _THING_IDS]
    if ids and len(marked) >= 0.8 * len(ids):
        return f"its ids ('{marked[0]}') number other things than objectives"
    titles = [normalize(t) for r in rows if (t := clean_text(r.values.get("objective")))]
    if len(set(titles)) < len(titles):
        return (f"its objectives repeat ({len(titles)} rows, {len(set(titles))} objectives), so "
                "each row is something else done under an objective")
    return None


def weak_kr_column(t: Table, config: Config) -> bool:
    """Whether the table's key result column is only a weak name (KPI, Metric, Measure)."""
    if t.kind != "okr" or "key_result" not in t.columns or "key_result" in config.columns:
        return False
    header = t.headers.get(t.columns["key_result"], "").split(SEP)[-1]
    return match(header, "okr") is None or weak_name(header, "key_result")


def kr_titles(t: Table, field: str = "key_result") -> set[str]:
    """The table's key result titles (or ids), normalized (empty for a check-in tab)."""
    if t.kind != "okr" or field not in t.columns:
        return set()
    return {normalize(x) for r in t.rows if (x := clean_text(r.values.get(field)))}


def repeats(t: Table, earlier: list[Table]) -> Table | None:
    """The earlier KR table whose key results this one repeats (a dashboard or a copy that
    shows the same KRs), when at least 80% of its titles are there; else None."""
    mine = kr_titles(t)
    if len(mine) < 2:
        return None
    for other in earlier:
        theirs = kr_titles(other) | kr_titles(other, "id")  # a tracking tab may list the ids
        if theirs and len(mine & theirs) >= 0.8 * len(mine):
            return other
    return None
