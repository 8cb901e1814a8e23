"""`sheetsync next-cycle` (SPEC §10): the next cycle's OKR tab as a WritePlan (copy + cells)."""

from __future__ import annotations

from sheetsync.config import Config
from sheetsync.errors import SheetsyncError
from sheetsync.grid import Book, CellValue
from sheetsync.models import Cycle, Scorecard, Status
from sheetsync.read.cycle import tab_cycle
from sheetsync.read.table import Table
from sheetsync.write.cellcompare import FLOAT_DIGITS, same_value
from sheetsync.write.writeplan import CellChange, TabCopy, WritePlan

CLEARED = ("current", "confidence")
"""Input columns that belong to the old cycle: emptied on the copy (check-ins start afresh)."""


class NextCycleError(SheetsyncError):
    """next-cycle cannot write the new tab; nothing was written."""


def new_tab_title(sheet: str, current: Cycle, cycle: Cycle, config: Config) -> str:
    """'OKRs' → 'OKRs 2027-Q1', 'OKRs 2027-Q1' → 'OKRs 2027-Q2', and a tab named after its
    cycle ('Q4 2026') → the new cycle's name ('2027-Q1'): the reader then knows both tabs'
    cycles (docs/digest.md)."""
    if sheet.endswith(" " + current.name):
        return f"{sheet.removesuffix(' ' + current.name)} {cycle.name}"
    if tab_cycle(sheet, config) is not None:
        return cycle.name
    return f"{sheet} {cycle.name}"


def plan_next_cycle(sc: Scorecard, tables: list[Table], book: Book, config: Config,
                    cycle: Cycle, title: str | None = None) -> WritePlan:
    """The new tab: a copy of the OKR tab the key results were read from, holding only the
    objectives and KRs not Done, packed up in their order, with baseline = the final value,
    Current, Confidence, week check-ins and sheetsync's status columns empty, and the Cycle
    column (if any) set to the new cycle. The old tab is left as it was."""
    if sc.as_of < sc.cycle.start:
        raise NextCycleError(
            f"{book.name}: the workbook's newest cycle {sc.cycle.name} starts on "
            f"{sc.cycle.start.isoformat()}, after {sc.as_of.isoformat()}: its tab is already "
            "there; next-cycle writes nothing")
    sheets = sorted({kr.source.sheet for kr in sc.key_results if kr.source})
    if len(sheets) != 1:
        raise NextCycleError(
            f"{book.name}: next-cycle copies one OKR tab; "
            + (f"the key results are on {', '.join(sheets)}" if sheets else
               "no key result was read"))
    sheet = sheets[0]
    table = next(t for t in tables if t.sheet == sheet and t.kind == "okr")
    grid = book.sheet(sheet)
    assert grid is not None
    title = title or new_tab_title(sheet, sc.cycle, cycle, config)
    if len(title) > 31:
        raise NextCycleError(f"{book.name}: the new tab's name {title!r} is over 31 characters; "
                             "rename the tab to a shorter name first")
    if book.sheet(title) is not None:
        raise NextCycleError(f"{book.name}: the tab {title!r} already exists; next-cycle "
                             "writes nothing (delete or rename it to write it again)")
    if "baseline" not in table.columns:
        raise NextCycleError(f"{book.name}: {sheet!r} has no Baseline column, so the final "
                             "values cannot become the new baselines; add one and run again")

    by_row = {kr.source.row: kr for kr in sc.key_results if kr.source}
    carried_objectives = {kr.objective_id for kr in sc.key_results
                          if kr.status != Status.done}
    objective_rows = {o.source.row: o.id for o in sc.objectives
                      if o.source and o.source.sheet == sheet}
    keep: list[int] = []
    for row in table.rows:
        kr = by_row.get(row.number)
        if kr is not None and kr.status != Status.done:
            keep.append(row.number)
        elif kr is None and objective_rows.get(row.number) in carried_objectives:
            keep.append(row.number)

    last_col = max(grid.n_cols, table.last_col)
    emptied = {table.columns[f] for f in CLEARED if f in table.columns}
    emptied |= {w.col for w in table.weeks} | set(table.owned.values())
    plan = WritePlan(source=book.name, copies=[TabCopy(sheet, title, table.header_row)])
    first = table.header_row + 1
    last_data = max((r.number for r in table.rows), default=table.header_row)
    for offset, target in enumerate(range(first, last_data + 1)):
        source_row = keep[offset] if offset < len(keep) else None
        kr = by_row.get(source_row) if source_row is not None else None
        for col in range(1, last_col + 1):
            old = grid.value(target, col)
            new: CellValue = (grid.merged_value(source_row, col) if source_row is not None
                              else None)
            fmt = None
            if source_row is not None and col in emptied:
                new = None
            elif kr is not None and col == table.columns["baseline"]:
                final = kr.current if kr.current is not None else kr.baseline
                new = None if final is None else round(final, FLOAT_DIGITS)
            elif source_row is not None and col == table.columns.get("cycle"):
                new = cycle.name
            if same_value(old, new):
                continue
            plan.changes.append(CellChange(title, target, col, old, new, fmt))
    return plan
