"""SQLite export: keys, upserts that change nothing on a re-run, score history, one transaction."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from export_scorecards import Q4, other_team, scorecard

from sheetsync.errors import SheetsyncError
from sheetsync.models import Scorecard
from sheetsync.publish import export_sqlite
from sheetsync.publish.export_sqlite import (
    SCHEMA,
    SCHEMA_VERSION,
    TABLES,
    NamedScorecard,
    write_sqlite,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "export.md"
DAY1 = dt.date(2025, 8, 15)
DAY2 = dt.date(2025, 8, 22)
GROWTH = "okrs/growth.xlsx"
SUPPORT = "okrs/support.xlsx"


def run(as_of: dt.date = DAY1, gain: float = 0.0) -> list[NamedScorecard]:
    return [(GROWTH, scorecard(as_of, gain=gain)), (SUPPORT, other_team(as_of))]


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(path)) as conn:
        yield conn


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with connect(path) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}


def count(path: Path, table: str, where: str = "1", *args: Any) -> int:
    with connect(path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", args).fetchone()[0])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "okrs.db"
    write_sqlite(run(), path, DAY1)
    return path


# ── what is stored ────────────────────────────────────────────────────────────

ENTITY_TABLES = {
    "one cycle row per source": ("cycles", lambda sc: [sc.cycle]),
    "one objective row per objective": ("objectives", lambda sc: sc.objectives),
    "one KR row per key result": ("key_results", lambda sc: sc.key_results),
    "one row per check-in, two on one day included": ("checkins", lambda sc: sc.checkins),
    "one scores row per key result": ("scores", lambda sc: sc.key_results),
    "one row per problem": ("problems", lambda sc: sc.problems),
}


@pytest.mark.parametrize(("table", "entities"), ENTITY_TABLES.values(), ids=ENTITY_TABLES.keys())
def test_row_counts_equal_the_scorecards_counts(db: Path, table: str, entities: Any) -> None:
    assert count(db, table) == sum(len(entities(sc)) for _, sc in run())


def test_the_same_ids_in_two_sources_are_two_rows(db: Path) -> None:
    with connect(db) as conn:
        rows = conn.execute(
            "SELECT c.source, o.title FROM objectives o JOIN cycles c ON c.pk = o.cycle_pk "
            "WHERE o.id = 'O1' ORDER BY c.source"
        ).fetchall()
    assert rows == [
        (GROWTH, scorecard().objectives[0].title),
        (SUPPORT, other_team().objectives[0].title),
    ]


def test_stored_scores_equal_the_scorecards(db: Path) -> None:
    with connect(db) as conn:
        stored = {
            (source, kr_id): (score, status, current, stale)
            for source, kr_id, score, status, current, stale in conn.execute(
                "SELECT c.source, k.id, s.score, s.status, s.current, s.stale FROM scores s "
                "JOIN key_results k ON k.pk = s.kr_pk JOIN cycles c ON c.pk = k.cycle_pk"
            )
        }
    expected = {
        (source, kr.id): (kr.score, kr.status.value, kr.current, int(kr.stale))
        for source, sc in run()
        for kr in sc.key_results
    }
    assert stored == expected


def test_check_ins_point_to_their_key_result(db: Path) -> None:
    with connect(db) as conn:
        rows = conn.execute(
            "SELECT ch.kr_id, k.id, ch.date, ch.seq, ch.value FROM checkins ch "
            "JOIN key_results k ON k.pk = ch.kr_pk ORDER BY ch.pk"
        ).fetchall()
    expected = [(c.kr_id, c.kr_id, c.date.isoformat(), c.value) for c in scorecard().checkins]
    assert [(a, b, d, v) for a, b, d, _, v in rows] == expected
    assert [seq for *_, seq, _ in rows] == [1, 1, 2, 1], "two check-ins on one day are 1 and 2"


def test_a_kr_of_an_unknown_objective_keeps_its_id_without_a_link(tmp_path: Path) -> None:
    sc = other_team()
    sc.key_results[0].objective_id = "O9"
    path = tmp_path / "okrs.db"
    write_sqlite([(SUPPORT, sc)], path)
    with connect(path) as conn:
        assert conn.execute("SELECT objective_pk, objective_id FROM key_results").fetchall() == [
            (None, "O9")
        ]


JOIN_IDS = {
    "objectives by cycle": ("objectives", "cycle_pk"),
    "objectives by parent": ("objectives", "parent_id"),
    "key results by cycle": ("key_results", "cycle_pk"),
    "key results by objective": ("key_results", "objective_pk"),
    "check-ins by cycle": ("checkins", "cycle_pk"),
    "check-ins by key result": ("checkins", "kr_pk"),
    "scores by key result": ("scores", "kr_pk"),
    "scores by date": ("scores", "as_of"),
    "problems by cycle": ("problems", "cycle_pk"),
}


@pytest.mark.parametrize(("table", "column"), JOIN_IDS.values(), ids=JOIN_IDS.keys())
def test_an_index_leads_with_each_join_id(db: Path, table: str, column: str) -> None:
    with connect(db) as conn:
        firsts = [
            conn.execute(f"PRAGMA index_info('{name}')").fetchone()[2]
            for _, name, *_ in conn.execute(f"PRAGMA index_list('{table}')")
        ]
    assert column in firsts


def test_foreign_keys_hold_and_the_schema_version_is_set(db: Path) -> None:
    with connect(db) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        referenced = {
            table: {row[2] for row in conn.execute(f"PRAGMA foreign_key_list('{table}')")}
            for table in TABLES
        }
    assert referenced == {
        "cycles": set(),
        "objectives": {"cycles"},
        "key_results": {"cycles", "objectives"},
        "checkins": {"cycles", "key_results"},
        "scores": {"key_results"},
        "problems": {"cycles"},
    }


# ── re-runs and history ───────────────────────────────────────────────────────


def test_running_the_same_export_again_changes_no_row(db: Path) -> None:
    before, raw = snapshot(db), db.read_bytes()
    assert write_sqlite(run(), db, DAY1) == dict.fromkeys(TABLES, 0)
    assert snapshot(db) == before
    assert db.read_bytes() == raw


def test_a_later_as_of_appends_exactly_one_scores_row_per_kr(db: Path) -> None:
    krs = sum(len(sc.key_results) for _, sc in run())
    changes = write_sqlite(run(DAY2, gain=0.1), db, DAY2)
    assert changes["scores"] == krs
    assert count(db, "scores") == 2 * krs
    assert count(db, "scores", "as_of = ?", DAY2.isoformat()) == krs
    assert write_sqlite(run(DAY2, gain=0.1), db, DAY2) == dict.fromkeys(TABLES, 0)
    assert count(db, "scores") == 2 * krs


def test_the_same_as_of_with_new_values_replaces_its_scores_rows(db: Path) -> None:
    before = count(db, "scores")
    write_sqlite(run(DAY1, gain=0.2), db, DAY1)
    assert count(db, "scores") == before
    with connect(db) as conn:
        score = conn.execute(
            "SELECT s.score FROM scores s JOIN key_results k ON k.pk = s.kr_pk "
            "JOIN cycles c ON c.pk = k.cycle_pk WHERE c.source = ? AND k.id = 'O1.KR2'",
            (GROWTH,),
        ).fetchone()[0]
    assert score == scorecard(DAY1, gain=0.2).key_results[1].score


def test_the_latest_export_sets_the_rows_and_the_check_ins_it_added(db: Path) -> None:
    write_sqlite(run(DAY2, gain=0.1), db, DAY2)
    later = scorecard(DAY2, gain=0.1)
    assert count(db, "checkins") == len(later.checkins) + len(other_team().checkins)
    with connect(db) as conn:
        current, as_of = conn.execute(
            "SELECT k.current, c.as_of FROM key_results k JOIN cycles c ON c.pk = k.cycle_pk "
            "WHERE c.source = ? AND k.id = 'O1.KR1'",
            (GROWTH,),
        ).fetchone()
    assert (current, as_of) == (later.key_results[0].current, DAY2.isoformat())


def test_an_earlier_as_of_adds_history_and_leaves_the_rows_alone(db: Path) -> None:
    write_sqlite(run(DAY2, gain=0.1), db, DAY2)
    before = snapshot(db)
    earlier = dt.date(2025, 8, 1)
    changes = write_sqlite(run(earlier, gain=-0.1), db, earlier)
    after = snapshot(db)
    for table in ("cycles", "objectives", "key_results", "checkins"):
        assert after[table] == before[table], table
    assert changes["scores"] == sum(len(sc.key_results) for _, sc in run())
    assert count(db, "scores", "as_of = ?", earlier.isoformat()) == changes["scores"]


def test_a_kr_gone_from_the_sheet_leaves_with_its_history_and_check_ins(db: Path) -> None:
    write_sqlite(run(DAY2), db, DAY2)
    sc = scorecard(DAY2)
    sc.key_results = [kr for kr in sc.key_results if kr.id != "O1.KR1"]
    sc.checkins = [c for c in sc.checkins if c.kr_id != "O1.KR1"]
    changes = write_sqlite([(GROWTH, sc), (SUPPORT, other_team(DAY2))], db, DAY2)
    assert changes["key_results"] == 1
    assert count(db, "key_results", "id = 'O1.KR1'") == 1, "the other source's O1.KR1 stays"
    assert count(db, "checkins", "kr_id = 'O1.KR1'") == 0
    assert count(db, "scores") == 2 * sum(len(s.key_results) for _, s in run()) - 2


def test_problems_are_replaced_per_source_cycle_and_as_of(db: Path) -> None:
    sc = scorecard()
    sc.problems = sc.problems[:1]
    write_sqlite([(GROWTH, sc), (SUPPORT, other_team())], db, DAY1)
    assert count(db, "problems") == 1
    write_sqlite(run(DAY2), db, DAY2)
    assert count(db, "problems", "as_of = ?", DAY1.isoformat()) == 1
    assert count(db, "problems", "as_of = ?", DAY2.isoformat()) == len(scorecard().problems)


def test_a_new_cycle_of_the_same_workbook_is_kept_beside_the_old_one(db: Path) -> None:
    write_sqlite([(GROWTH, scorecard(dt.date(2025, 10, 15), cycle=Q4))], db)
    assert count(db, "cycles", "source = ?", GROWTH) == 2
    assert count(db, "objectives", "id = 'O1'") == 3


def test_a_duplicate_id_keeps_the_last_row_and_stays_idempotent(tmp_path: Path) -> None:
    sc = scorecard()
    sc.key_results.append(sc.key_results[0].model_copy(update={"title": "the second O1.KR1"}))
    path = tmp_path / "okrs.db"
    write_sqlite([(GROWTH, sc)], path)
    assert write_sqlite([(GROWTH, sc)], path) == dict.fromkeys(TABLES, 0)
    with connect(path) as conn:
        assert conn.execute("SELECT title FROM key_results WHERE id = 'O1.KR1'").fetchall() == [
            ("the second O1.KR1",)
        ]


# ── one transaction ───────────────────────────────────────────────────────────


def _fail_on_second_source(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    real = export_sqlite._export_one
    calls: list[str] = []

    def export_one(conn: sqlite3.Connection, name: str, sc: Scorecard, counts: Any) -> None:
        calls.append(name)
        real(conn, name, sc, counts)
        if len(calls) == 2:
            raise error

    monkeypatch.setattr(export_sqlite, "_export_one", export_one)


FAILURES = {
    "a crash": (RuntimeError("interrupted"), RuntimeError),
    "a database error": (sqlite3.OperationalError("disk I/O error"), SheetsyncError),
}


@pytest.mark.parametrize(("error", "raised"), FAILURES.values(), ids=FAILURES.keys())
def test_an_interrupted_export_leaves_the_database_as_it_was(
    db: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, raised: type[Exception]
) -> None:
    before, raw = snapshot(db), db.read_bytes()
    _fail_on_second_source(monkeypatch, error)
    with pytest.raises(raised):
        write_sqlite(run(DAY2, gain=0.1), db, DAY2)
    assert snapshot(db) == before
    assert db.read_bytes() == raw


def test_an_interrupted_first_export_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on_second_source(monkeypatch, RuntimeError("interrupted"))
    with pytest.raises(RuntimeError):
        write_sqlite(run(), tmp_path / "new.db")
    assert list(tmp_path.iterdir()) == []


REFUSED = {
    "a newer schema version": ("PRAGMA user_version = 99", "schema version 99, newer"),
    "a database of another program": ("CREATE TABLE notes (x)", "did not create"),
}


@pytest.mark.parametrize(("setup", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_a_database_it_cannot_own_is_refused_unchanged(
    tmp_path: Path, setup: str, message: str
) -> None:
    path = tmp_path / "other.db"
    with connect(path) as conn:
        conn.execute(setup)
        conn.commit()
    raw = path.read_bytes()
    with pytest.raises(SheetsyncError, match=message):
        write_sqlite(run(), path)
    assert path.read_bytes() == raw


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just some text, not SQLite " * 10)
    with pytest.raises(SheetsyncError, match="cannot write .*notes.db"):
        write_sqlite(run(), path)
    assert path.read_text().startswith("just some text")


def test_scorecards_of_another_date_than_the_runs_are_a_bug(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="2025-08-22"):
        write_sqlite(run(DAY1), tmp_path / "okrs.db", DAY2)


# ── docs/export.md ────────────────────────────────────────────────────────────


def _sql_blocks() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)


def _query(title: str) -> str:
    [found] = [block for block in _sql_blocks() if block.startswith(f"-- {title}\n")]
    return found


def test_the_documented_schema_is_the_one_written() -> None:
    [ddl] = [block for block in _sql_blocks() if block.startswith("CREATE TABLE")]
    assert ddl == SCHEMA


def test_documented_query_objectives_below_0_4_last_quarter_by_team(db: Path) -> None:
    with connect(db) as conn:
        rows = conn.execute(_query("objectives below 0.4 last quarter, by team")).fetchall()
    expected = sorted(
        (o.team, o.id, o.title, o.owner, o.score, source)
        for source, sc in run()
        if sc.cycle.name == "2025-Q3"
        for o in sc.objectives
        if o.score is not None and o.score < 0.4
    )
    assert rows and sorted(rows) == expected
    teams = [row[0] for row in rows]
    assert teams == sorted(teams)


def test_documented_query_score_history_of_a_key_result(db: Path) -> None:
    later = dt.date(2025, 9, 1)
    write_sqlite(run(later, gain=0.2), db, later)
    with connect(db) as conn:
        rows = conn.execute(_query("score history of a key result")).fetchall()
    krs = [scorecard(DAY1).key_results[0], scorecard(later, gain=0.2).key_results[0]]
    assert rows == [
        (day.isoformat(), kr.progress, kr.score, kr.status.value, kr.confidence, kr.current,
         kr.projected, int(kr.stale))
        for day, kr in zip([DAY1, later], krs, strict=True)
    ]  # fmt: skip


def test_documented_query_mean_objective_score_per_team_and_cycle(db: Path) -> None:
    with connect(db) as conn:
        rows = conn.execute(_query("mean objective score per team and cycle")).fetchall()
    scores: dict[tuple[str, str | None], list[float]] = {}
    for _, sc in run():
        for o in sc.objectives:
            if o.score is not None:
                scores.setdefault((sc.cycle.name, o.team), []).append(o.score)
    assert [(c, t, n) for c, t, n, _ in rows] == [
        (c, t, len(v)) for (c, t), v in sorted(scores.items())
    ]
    for (_, _, _, mean), values in zip(rows, [v for _, v in sorted(scores.items())], strict=True):
        assert mean == pytest.approx(sum(values) / len(values))
