"""Which columns of a KR table are sheetsync's (SPEC §7): its record, a column an earlier release
made, or one a config line hands over; every other column is a person's and is never written."""

from __future__ import annotations

from dataclasses import dataclass, field

from sheetsync.config import Config
from sheetsync.grid import CellValue, Grid
from sheetsync.models import Scorecard
from sheetsync.read.headers import normalize
from sheetsync.read.table import Table
from sheetsync.write.cellcompare import same_value
from sheetsync.write.writeplan import ColumnClaim

INPUT_ROLES = frozenset({"confidence"})
"""Roles whose column people fill in too: one an earlier release wrote cannot be told from a
person's, so it is never recognised as sheetsync's (it stays an input; see docs/ownership.md)."""


@dataclass
class Columns:
    """The columns sheetsync may write on one table, and the records to add for them."""

    mine: dict[str, int]
    """role → 1-based column sheetsync writes."""
    claims: list[ColumnClaim] = field(default_factory=list)
    people: dict[str, int] = field(default_factory=dict)
    """role → column of a person's column named like sheetsync's: left alone, read as input."""


def handed_over(sheet: str, header: str, config: Config) -> bool:
    """True when a config line (`output.columns.hand_over`) gives this person's column to
    sheetsync: "Status" for every tab, or "OKRs!Status" for one."""
    for entry in config.output.columns.hand_over:
        tab, _, name = entry.rpartition("!")
        if normalize(name) == normalize(header) and (not tab or tab.strip("'") == sheet):
            return True
    return False


def made_by_earlier_release(table: Table, grid: Grid, role: str, col: int,
                            rows: dict[int, dict[str, CellValue]], config: Config) -> bool:
    """SPEC §7: a column with sheetsync's own header for ROLE whose every cell is blank or what
    sheetsync writes for that row was made by a release before the record existed."""
    if role in INPUT_ROLES:
        return False
    columns = config.output.columns
    name = columns.enabled()[role]
    # Its plain name, or the suffixed one (a tab copied by next-cycle, whose record stays with
    # the old tab, has sheetsync's emptied columns under the headers they had there).
    if normalize(table.headers.get(col, "")) not in {
            normalize(name), normalize(name + columns.taken_suffix)}:
        return False
    for row in table.rows:
        old = grid.value(row.number, col)
        new = rows.get(row.number, {}).get(role)
        if not same_value(old, new):
            return False
    return True


def decide(table: Table, grid: Grid, rows: dict[int, dict[str, CellValue]],
           config: Config) -> Columns:
    """The columns sheetsync writes on TABLE: recorded ones, plus earlier releases' and handed
    over ones (to be recorded); the other columns named like sheetsync's are people's."""
    out = Columns(dict(table.owned))
    for role, col in sorted(table.named.items(), key=lambda rc: rc[1]):
        if role in out.mine:
            continue
        header = table.headers.get(col, "")
        if handed_over(table.sheet, header, config):
            out.mine[role] = col
            out.claims.append(ColumnClaim(table.sheet, role, col, "handed over by the config"))
        elif made_by_earlier_release(table, grid, role, col, rows, config):
            out.mine[role] = col
            out.claims.append(ColumnClaim(table.sheet, role, col, "made by an earlier release"))
        else:
            out.people[role] = col
    return out


PERSON_FIELDS = {"score": "person_score", "progress": "person_progress",
                 "status": "person_status"}
"""The input field a column named like sheetsync's was read as, before it was recognised."""


def without_claimed_inputs(sc: Scorecard, claims: list[ColumnClaim]) -> Scorecard:
    """SC without the person_* values read from columns this plan recognises as sheetsync's
    (an earlier release's, or handed over): they were sheetsync's output, not a person's."""
    fields = {PERSON_FIELDS[c.role] for c in claims
              if c.why != "created" and c.role in PERSON_FIELDS}
    if not fields:
        return sc
    blank = dict.fromkeys(fields)
    return sc.model_copy(update={"key_results": [kr.model_copy(update=blank)
                                                 for kr in sc.key_results]})


def new_header(role: str, table: Table, config: Config) -> str:
    """The header of a column sheetsync adds: its name, or the name with the taken suffix when a
    header of the table already reads that way (a person's column keeps its name)."""
    columns = config.output.columns
    name = columns.enabled()[role]
    taken = {normalize(h) for h in table.headers.values()}
    return name if normalize(name) not in taken else name + columns.taken_suffix
