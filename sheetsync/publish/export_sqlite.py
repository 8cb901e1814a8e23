"""Scorecard ─► SQLite: one file, upserted by id, with a scores history row per KR per as_of."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path

from pydantic import BaseModel

from sheetsync.errors import SheetsyncError
from sheetsync.models import Scorecard

NamedScorecard = tuple[str, Scorecard]
"""A scorecard with the name of the source it came from (workbook path or spreadsheet id)."""

SCHEMA_VERSION = 2
"""Stored in PRAGMA user_version; a later schema adds a migration from each older number."""

KINDS_COLUMNS = (("commit", "REAL"), ("stretch", "REAL"), ("comparison", "TEXT"),
                 ("breaches", "INTEGER"), ("holds", "INTEGER"), ("zone", "TEXT"),
                 ("person_score", "REAL"), ("person_progress", "REAL"), ("person_status", "TEXT"))
"""Key result columns of schema version 2 (SPEC §2b), added at the end of the table."""
MIGRATIONS = {1: [f"ALTER TABLE key_results ADD COLUMN {'commit_point' if n == 'commit' else n} "
                  f"{t}" for n, t in KINDS_COLUMNS]}
"""Statements that take a file from version n to n + 1."""

SCHEMA = """\
CREATE TABLE cycles (
    pk            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,     -- workbook path or spreadsheet id
    name          TEXT NOT NULL,     -- e.g. 2025-Q3
    start_date    TEXT NOT NULL,     -- ISO dates, inclusive
    end_date      TEXT NOT NULL,
    as_of         TEXT NOT NULL,     -- the latest as_of exported: what the entity rows show
    UNIQUE (source, name)
);
CREATE TABLE objectives (
    pk            INTEGER PRIMARY KEY,
    cycle_pk      INTEGER NOT NULL REFERENCES cycles (pk) ON DELETE CASCADE,
    id            TEXT NOT NULL,     -- the id in the sheet, unique within its source and cycle
    title         TEXT NOT NULL,
    owner         TEXT,
    team          TEXT,
    level         TEXT,
    type          TEXT NOT NULL,
    parent_id     TEXT,              -- may name an objective of another source: no foreign key
    score         REAL,
    status        TEXT NOT NULL,
    aligned_score REAL,
    kr_count      INTEGER NOT NULL,
    grade         TEXT,
    sheet         TEXT,
    sheet_row     INTEGER,
    UNIQUE (cycle_pk, id)
);
CREATE INDEX objectives_parent_id ON objectives (parent_id);
CREATE TABLE key_results (
    pk            INTEGER PRIMARY KEY,
    cycle_pk      INTEGER NOT NULL REFERENCES cycles (pk) ON DELETE CASCADE,
    id            TEXT NOT NULL,
    objective_pk  INTEGER REFERENCES objectives (pk) ON DELETE SET NULL,
    objective_id  TEXT NOT NULL,     -- as in the sheet, kept when no such objective was found
    title         TEXT NOT NULL,
    owner         TEXT,
    kind          TEXT NOT NULL,
    direction     TEXT,
    unit          TEXT,
    baseline      REAL,
    target        REAL,
    current       REAL,
    weight        REAL NOT NULL,
    confidence    REAL,
    due           TEXT,
    progress      REAL,
    score         REAL,
    status        TEXT NOT NULL,
    last_checkin  TEXT,
    checkins      INTEGER NOT NULL,
    delta         REAL,
    stale         INTEGER NOT NULL,  -- 0 or 1
    projected     REAL,
    grade         TEXT,
    sheet         TEXT,
    sheet_row     INTEGER,
    commit_point  REAL,              -- SPEC §2b zone points; "commit" is an SQL keyword
    stretch       REAL,
    comparison    TEXT,              -- a threshold's side: at_least or at_most
    breaches      INTEGER,           -- a threshold's check-ins that did not hold
    holds         INTEGER,           -- 0 or 1, a threshold only
    zone          TEXT,              -- fail, commit, target or stretch reached
    person_score  REAL,              -- a person's own Score / Progress / Status cells
    person_progress REAL,
    person_status TEXT,
    UNIQUE (cycle_pk, id)
);
CREATE INDEX key_results_objective_pk ON key_results (objective_pk);
CREATE TABLE checkins (
    pk            INTEGER PRIMARY KEY,
    cycle_pk      INTEGER NOT NULL REFERENCES cycles (pk) ON DELETE CASCADE,
    kr_pk         INTEGER REFERENCES key_results (pk) ON DELETE CASCADE,
    kr_id         TEXT NOT NULL,
    date          TEXT NOT NULL,
    seq           INTEGER NOT NULL,  -- 1, 2 ... among this KR's check-ins on this date
    value         REAL NOT NULL,
    confidence    REAL,
    note          TEXT,
    author        TEXT,
    sheet         TEXT,
    sheet_row     INTEGER,
    UNIQUE (cycle_pk, kr_id, date, seq)
);
CREATE INDEX checkins_kr_pk ON checkins (kr_pk);
CREATE TABLE scores (
    kr_pk         INTEGER NOT NULL REFERENCES key_results (pk) ON DELETE CASCADE,
    as_of         TEXT NOT NULL,
    progress      REAL,
    score         REAL,
    status        TEXT NOT NULL,
    confidence    REAL,
    current       REAL,
    projected     REAL,
    stale         INTEGER NOT NULL,
    PRIMARY KEY (kr_pk, as_of)
);
CREATE INDEX scores_as_of ON scores (as_of);
CREATE TABLE problems (
    pk            INTEGER PRIMARY KEY,
    cycle_pk      INTEGER NOT NULL REFERENCES cycles (pk) ON DELETE CASCADE,
    as_of         TEXT NOT NULL,
    seq           INTEGER NOT NULL,  -- 1, 2 ... in the order the run reported them
    severity      TEXT NOT NULL,
    sheet         TEXT,
    cell          TEXT,
    column_label  TEXT,
    message       TEXT NOT NULL,
    kr_id         TEXT,
    objective_id  TEXT,
    UNIQUE (cycle_pk, as_of, seq)
);
"""
"""The DDL of schema version 2, as docs/export.md shows it."""

TABLES = ("cycles", "objectives", "key_results", "checkins", "scores", "problems")

_OBJECTIVE = ("id", "title", "owner", "team", "level", "type", "parent_id", "score", "status",
              "aligned_score", "kr_count", "grade", "sheet", "sheet_row")  # fmt: skip
_KEY_RESULT = ("id", "objective_id", "title", "owner", "kind", "direction", "unit", "baseline",
               "target", "current", "weight", "confidence", "due", "progress", "score", "status",
               "last_checkin", "checkins", "delta", "stale", "projected", "grade", "sheet",
               "sheet_row", *(n for n, _ in KINDS_COLUMNS))  # fmt: skip
_CHECKIN = ("kr_id", "date", "value", "confidence", "note", "author", "sheet", "sheet_row")
_SCORE = ("progress", "score", "status", "confidence", "current", "projected", "stale")
_PROBLEM = ("severity", "sheet", "cell", "column", "message", "kr_id", "objective_id")

SqlValue = str | int | float | None


def write_sqlite(
    items: Sequence[NamedScorecard], path: str | Path, as_of: dt.date | None = None
) -> dict[str, int]:
    """Upsert these scorecards into the SQLite file at `path`, all in one transaction.

    `as_of`, when given, is the run's date and every scorecard must carry it. Returns the number
    of rows inserted, updated or deleted per table: all zero when the same export runs again.
    On any failure the database is left exactly as it was (a new file is removed again).
    """
    if as_of is not None and any(sc.as_of != as_of for _, sc in items):
        raise ValueError(f"every scorecard must be scored as of {as_of.isoformat()}")
    target = Path(path)
    existed = target.exists()
    done = False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(target, isolation_level=None, timeout=10.0)
        try:
            conn.execute("PRAGMA foreign_keys = ON")  # a no-op inside a transaction: set first
            conn.execute("BEGIN IMMEDIATE")
            try:
                counts = dict.fromkeys(TABLES, 0)
                _ensure_schema(conn, target)
                for name, sc in items:
                    _export_one(conn, name, sc, counts)
                conn.execute("COMMIT")
                done = True
                return counts
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
        finally:
            conn.close()
    except (sqlite3.Error, OSError) as exc:
        raise SheetsyncError(f"cannot write {target}: {exc}") from exc
    finally:
        if not done and not existed:
            target.unlink(missing_ok=True)


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    if 0 < version < SCHEMA_VERSION:
        for old in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[old]:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return
    if version > SCHEMA_VERSION:
        raise SheetsyncError(
            f"{path} has schema version {version}, newer than this sheetsync's "
            f"{SCHEMA_VERSION}: upgrade sheetsync to write to it"
        )
    if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise SheetsyncError(
            f"{path} is a database sheetsync did not create: export to a new file instead"
        )
    # executescript() would commit the open transaction, so statements run one by one
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _export_one(conn: sqlite3.Connection, name: str, sc: Scorecard, counts: dict[str, int]) -> None:
    as_of = sc.as_of.isoformat()
    found = conn.execute(
        "SELECT pk, as_of FROM cycles WHERE source = ? AND name = ?", (name, sc.cycle.name)
    ).fetchone()
    # an as_of older than the one already stored only adds history: the rows keep the newer values
    backfill = found is not None and found[1] > as_of
    if found is None or not backfill:
        cycle = (name, sc.cycle.name, sc.cycle.start.isoformat(), sc.cycle.end.isoformat(), as_of)
        counts["cycles"] += _upsert(
            conn, "cycles", ("source", "name"), ("start_date", "end_date", "as_of"), [cycle]
        )
    cycle_pk = conn.execute(
        "SELECT pk FROM cycles WHERE source = ? AND name = ?", (name, sc.cycle.name)
    ).fetchone()[0]
    if not backfill:
        _export_entities(conn, cycle_pk, sc, counts)
    kr_pks = _pks(conn, "key_results", cycle_pk)
    scores = [
        (kr_pks[kr.id], as_of, *_values(kr, _SCORE)) for kr in sc.key_results if kr.id in kr_pks
    ]
    counts["scores"] += _upsert(conn, "scores", ("kr_pk", "as_of"), _SCORE, scores)
    problems = [
        (cycle_pk, as_of, seq, *_values(p, _PROBLEM)) for seq, p in enumerate(sc.problems, 1)
    ]
    counts["problems"] += _upsert(
        conn, "problems", ("cycle_pk", "as_of", "seq"), _columns(_PROBLEM), problems
    )
    counts["problems"] += conn.execute(
        "DELETE FROM problems WHERE cycle_pk = ? AND as_of = ? AND seq > ?",
        (cycle_pk, as_of, len(problems)),
    ).rowcount


def _export_entities(
    conn: sqlite3.Connection, cycle_pk: int, sc: Scorecard, counts: dict[str, int]
) -> None:
    """Upsert objectives, KRs and check-ins of one source and cycle; prune those now gone."""
    objectives = [(cycle_pk, *_values(o, _OBJECTIVE)) for o in sc.objectives]
    counts["objectives"] += _upsert(
        conn, "objectives", ("cycle_pk", "id"), _OBJECTIVE[1:], objectives
    )
    objective_pks = _pks(conn, "objectives", cycle_pk)
    key_results = [
        (cycle_pk, kr.id, objective_pks.get(kr.objective_id), *_values(kr, _KEY_RESULT[1:]))
        for kr in sc.key_results
    ]
    counts["key_results"] += _upsert(
        conn, "key_results", ("cycle_pk", "id"), ("objective_pk", *_columns(_KEY_RESULT[1:])),
        key_results,
    )
    kr_pks = _pks(conn, "key_results", cycle_pk)
    seen: Counter[tuple[str, dt.date]] = Counter()
    checkins = []
    for checkin in sc.checkins:
        seen[checkin.kr_id, checkin.date] += 1
        seq = seen[checkin.kr_id, checkin.date]
        kr_id, date, *rest = _values(checkin, _CHECKIN)
        checkins.append((cycle_pk, kr_id, date, seq, kr_pks.get(checkin.kr_id), *rest))
    counts["checkins"] += _upsert(
        conn, "checkins", ("cycle_pk", "kr_id", "date", "seq"), ("kr_pk", *_CHECKIN[2:]), checkins
    )
    keep = {row[1:4] for row in checkins}
    counts["checkins"] += _prune(conn, "checkins", cycle_pk, ("kr_id", "date", "seq"), keep)
    keep = {(kr.id,) for kr in sc.key_results}
    counts["key_results"] += _prune(conn, "key_results", cycle_pk, ("id",), keep)
    keep = {(o.id,) for o in sc.objectives}
    counts["objectives"] += _prune(conn, "objectives", cycle_pk, ("id",), keep)


def _upsert(
    conn: sqlite3.Connection,
    table: str,
    keys: tuple[str, ...],
    columns: Sequence[str],
    rows: Sequence[Sequence[SqlValue]],
) -> int:
    """Insert rows (key values first), update those whose values differ; returns rows changed.

    The WHERE on the update is what lets a re-run change no row at all.
    """
    # a duplicate id in a sheet keeps its last row, as a second run would (and stays idempotent)
    rows = list({tuple(row[: len(keys)]): row for row in rows}.values())
    if not rows:
        return 0
    names = (*keys, *columns)
    changed = " OR ".join(f'"{c}" IS NOT excluded."{c}"' for c in columns)
    quoted = ", ".join(f'"{n}"' for n in names)
    sets = ", ".join(f'"{c}" = excluded."{c}"' for c in columns)
    sql = (
        f"INSERT INTO {table} ({quoted}) "
        f"VALUES ({', '.join('?' * len(names))}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets} WHERE {changed}"
    )
    before = conn.total_changes
    conn.executemany(sql, rows)
    return conn.total_changes - before


def _prune(
    conn: sqlite3.Connection,
    table: str,
    cycle_pk: int,
    keys: tuple[str, ...],
    keep: set[tuple[SqlValue, ...]],
) -> int:
    """Delete this cycle's rows whose key is no longer in the export; returns rows deleted."""
    query = f"SELECT pk, {', '.join(keys)} FROM {table} WHERE cycle_pk = ?"
    rows = conn.execute(query, (cycle_pk,)).fetchall()
    gone = [(row[0],) for row in rows if tuple(row[1:]) not in keep]
    conn.executemany(f"DELETE FROM {table} WHERE pk = ?", gone)
    return len(gone)


def _pks(conn: sqlite3.Connection, table: str, cycle_pk: int) -> dict[str, int]:
    rows = conn.execute(f"SELECT id, pk FROM {table} WHERE cycle_pk = ?", (cycle_pk,))
    return dict(rows.fetchall())


def _columns(fields: Iterable[str]) -> tuple[str, ...]:
    # "column" and "commit" are SQL keywords: the tables say column_label and commit_point
    names = {"column": "column_label", "commit": "commit_point"}
    return tuple(names.get(f, f) for f in fields)


def _values(entity: BaseModel, fields: Iterable[str]) -> list[SqlValue]:
    values: list[SqlValue] = []
    for field in fields:
        if field in type(entity).model_fields:
            value = getattr(entity, field)
        else:  # sheet and sheet_row come from where the entity was read
            ref = getattr(entity, "source", None)
            value = getattr(ref, field.removeprefix("sheet_"), None) if ref else None
        values.append(_sql(value))
    return values


def _sql(value: object) -> SqlValue:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return int(value)
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"no SQLite value for {value!r}")
