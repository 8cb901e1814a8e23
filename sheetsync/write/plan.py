"""Scorecard + Tables + Book → WritePlan: only sheetsync's own cells, only where they change."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sheetsync.config import Config
from sheetsync.grid import Book, CellValue, Grid
from sheetsync.models import Scorecard, ScoredKeyResult, ScoredObjective
from sheetsync.read.table import Table
from sheetsync.read.values import parse_confidence
from sheetsync.score.grading import Grading, grade_cycle, previous_scorecard
from sheetsync.score.history import HistoryPoint
from sheetsync.write.cellcompare import FLOAT_DIGITS, TOLERANCE, normalize, same_value
from sheetsync.write.columns import added_widths
from sheetsync.write.history_tab import HEADER, history_tab, read_history
from sheetsync.write.ownership import INPUT_ROLES, decide, new_header, without_claimed_inputs
from sheetsync.write.summary import build_summary
from sheetsync.write.tabs import header_is, own_tab, starts_with
from sheetsync.write.writeplan import (
    STATUS_FILLS,
    CellChange,
    ColumnClaim,
    SummaryTab,
    WritePlan,
)

ROLE_FORMATS = {"progress": "0%", "score": "0.00", "projected": "0.00",
                "last_checkin": "yyyy-mm-dd", "confidence": "0%"}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, FLOAT_DIGITS)


def kr_cells(kr: ScoredKeyResult) -> dict[str, CellValue]:
    """What each status column shows for one key result."""
    return {
        "progress": _r(kr.progress),
        "score": _r(kr.score),
        "status": kr.status.value,
        "confidence": _r(kr.confidence),
        "last_checkin": kr.last_checkin,
        "projected": _r(kr.projected),
        "problems": "; ".join(kr.problems) or None,
    }


SUMMARY_ONLY_LAYOUTS = ("transposed", "form")
"""Layouts that get no status columns, only the summary and history tabs: a transposed tab has
no row per key result, and a form has one task table per objective (with the header repeated),
laid out to be printed and signed, where columns added to the first table would not line up
with the others."""

OBJECTIVE_ROLES = ("score", "status")
"""The status columns an objective row shows; a tab of objectives only gets no others."""


def objective_cells(o: ScoredObjective) -> dict[str, CellValue]:
    """What an objective row of a grouped layout shows (score and status only)."""
    return {"score": _r(o.score), "status": o.status.value}


def _rightmost_used(grid: Grid, table: Table) -> int:
    """The last column holding anything in the table's rows; new columns go to its right."""
    last = table.last_col
    rows = [table.header_row] + [r.number for r in table.rows]
    for n in rows:
        values = grid.rows[n - 1] if n <= len(grid.rows) else []
        for i in range(len(values), 0, -1):
            if normalize(values[i - 1]) is not None:
                last = max(last, i)
                break
    return last


def _unchanged(role: str, old: CellValue, new: CellValue, config: Config) -> bool:
    if same_value(old, new):
        return True
    if role == "confidence" and isinstance(new, float) and old is not None:
        # The Confidence column is also an input: "high" or "70%" already says 0.9 / 0.7.
        try:
            return abs(parse_confidence(old, config) - new) < TOLERANCE
        except ValueError:
            return False
    return False


def _table_changes(
    table: Table, grid: Grid, rows: dict[int, dict[str, CellValue]], config: Config,
    claims: list[ColumnClaim],
) -> list[CellChange]:
    names = config.output.columns.enabled()
    decided = decide(table, grid, rows, config)
    claims.extend(decided.claims)
    columns = decided.mine
    wanted = [role for role in names if role != "problems" or any(
        v.get("problems") for v in rows.values())]
    if table.layout == "objectives":
        wanted = [role for role in wanted if role in OBJECTIVE_ROLES]
    next_col = _rightmost_used(grid, table) + 1
    changes: list[CellChange] = []
    for role in wanted:
        if role in columns or (role in INPUT_ROLES and role in table.columns):
            continue  # a person's Confidence column is the input; sheetsync adds no copy of it
        columns[role] = next_col
        claims.append(ColumnClaim(table.sheet, role, next_col))
        changes.append(CellChange(table.sheet, table.header_row, next_col,
                                  grid.value(table.header_row, next_col),
                                  new_header(role, table, config), like=table.last_col))
        next_col += 1
    for row_number in sorted(rows):
        for role, col in sorted(columns.items(), key=lambda rc: rc[1]):
            if role not in rows[row_number]:
                continue
            new = rows[row_number][role]
            old = grid.value(row_number, col)
            if _unchanged(role, old, new, config):
                continue
            changes.append(CellChange(table.sheet, row_number, col, old, new,
                                      ROLE_FORMATS.get(role) if new is not None else None,
                                      STATUS_FILLS.get(str(new)) if role == "status" else None))
    return changes


def _rows_for(table: Table, sc: Scorecard, book: Book) -> dict[int, dict[str, CellValue]]:
    rows: dict[int, dict[str, CellValue]] = {}
    for kr in sc.key_results:
        src = kr.source
        if src and src.sheet == table.sheet and src.workbook in (None, book.name):
            rows[src.row] = kr_cells(kr)
    for o in sc.objectives:
        src = o.source
        if (src and src.sheet == table.sheet and src.workbook in (None, book.name)
                and src.row not in rows):
            rows[src.row] = objective_cells(o)
    return rows


def _summary_current(grid: Grid | None, tab: SummaryTab) -> bool:
    """True when the summary tab already shows exactly these rows and these charts."""
    if grid is None:
        return False

    def trimmed(rows: Iterable[list[CellValue]]) -> list[list[CellValue]]:
        out = [[normalize(v) for v in r] for r in rows]
        for r in out:
            while r and r[-1] is None:
                r.pop()
        while out and not out[-1]:
            out.pop()
        return out

    if {c.title for c in tab.charts} - set(grid.charts):
        return False  # one of its charts was deleted by hand: the next sync draws it again
    old, new = trimmed(grid.rows), trimmed(tab.rows)
    if len(old) != len(new):
        return False
    return all(
        len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
        for a, b in zip(old, new, strict=True)
    )


def final_grading(sc: Scorecard, book: Book, config: Config,
                  history: list[HistoryPoint]) -> Grading | None:
    """The grading of a cycle past its end (SPEC §10), None while it runs."""
    if sc.as_of <= sc.cycle.end or not sc.key_results:
        return None
    return grade_cycle(sc, history=history, previous=previous_scorecard(book, config, sc))


def _summary_looks(first: str) -> Callable[[Grid], bool]:
    """A summary tab an earlier run left: its title in A1, then `Cycle` in A2 (before the
    headline) or in A3 (under the headline, whose words change from run to run)."""
    before = starts_with(first, "Cycle")

    def looks(grid: Grid) -> bool:
        return before(grid) or (normalize(grid.value(1, 1)) == first
                                and normalize(grid.value(3, 1)) == "Cycle")
    return looks


def build_plan(sc: Scorecard, tables: list[Table], book: Book, config: Config, *,
               summary: SummaryTab | None = None) -> WritePlan:
    """The cell changes and the summary tab for one workbook; empty when all is up to date.

    SUMMARY replaces the workbook's own summary tab (the company workbook of a multi-source
    run gets the company summary instead)."""
    plan = WritePlan(source=book.name)
    if summary is None and not any(t.kind == "okr" for t in tables):
        # SPEC §7: a sync that understood nothing writes nothing, not even a summary or history.
        plan.notes.append("no OKR table found: nothing written")
        return plan
    for table in tables:
        if table.kind != "okr" or table.layout in SUMMARY_ONLY_LAYOUTS:
            continue
        grid = book.sheet(table.sheet)
        if grid is None:
            continue
        plan.changes.extend(_table_changes(table, grid, _rows_for(table, sc, book), config,
                                           plan.claims))
    plan.widths = added_widths(plan.changes)
    sc = without_claimed_inputs(sc, plan.claims)
    history_title, history_claim = (own_tab("history", config.output.history_tab, book,
                                            header_is(HEADER), config)
                                    if config.output.history else (None, None))
    tab = summary
    if tab is None:
        history = read_history(book.sheet(history_title)) if history_title else []
        tab = build_summary(sc, config.output.summary_tab, history=history, config=config,
                            charts=config.output.charts, grading=final_grading(sc, book, config,
                                                                               history))
    first = str(tab.rows[0][0]) if tab.rows and tab.rows[0] else ""
    title, claim = own_tab("summary" if summary is None else "company_summary", tab.title, book,
                           _summary_looks(first), config)
    if title is None:
        plan.notes.append(f"{tab.title}: a tab of that name is a person's; the summary is not "
                          "written (choose another output.summary_tab)")
    else:
        tab.title = title
        if not _summary_current(book.sheet(title), tab):
            plan.summary = tab
        if claim and (plan.summary is not None or book.sheet(title) is not None):
            plan.tab_claims.append(claim)
    if history_title is not None:
        grid = book.sheet(history_title)
        plan.history = history_tab(sc, grid, history_title)
        if history_claim and (plan.history is not None or grid is not None):
            plan.tab_claims.append(history_claim)
        if plan.history is not None and grid is not None and grid.rows:
            plan.history_new = len(sc.key_results)
    elif config.output.history:
        plan.notes.append(f"{config.output.history_tab}: a tab of that name is a person's; the "
                          "score history is not written (choose another output.history_tab)")
    return plan
