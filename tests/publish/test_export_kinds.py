"""The kinds of SPEC §2b in every export: score --json and the JSON export, the JSON Schema, the
CSV key_results columns, SQLite columns, the migration of a version 1 file, the HTML report."""

from __future__ import annotations

import csv
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import jsonschema
import pytest
from kinds_books import MID_NOVEMBER, config, mixed_book

from sheetsync import pipeline
from sheetsync.backends.memory import MemoryBackend
from sheetsync.models import Scorecard
from sheetsync.publish.export_sqlite import KINDS_COLUMNS, SCHEMA, write_sqlite
from sheetsync.publish.exports import json_schema, scorecard_json, write_csv
from sheetsync.publish.html_report import render_html

KIND_FIELDS = ("kind", "breaches", "commit", "stretch", "comparison", "holds", "zone",
               "person_score", "person_progress", "person_status")


@pytest.fixture(scope="module")
def sc() -> Scorecard:
    return pipeline.run(MemoryBackend(mixed_book()), config(), MID_NOVEMBER).scorecard


def _by_id(sc: Scorecard) -> dict[str, dict[str, object]]:
    return {k.id: k.model_dump(mode="json") for k in sc.key_results}


def test_score_json_carries_kind_breaches_commit_and_stretch(sc: Scorecard) -> None:
    data = json.loads(scorecard_json(sc))
    krs = {k["id"]: k for k in data["key_results"]}
    assert {f for f in KIND_FIELDS} <= set(krs["O1.KR1"])
    assert (krs["O1.KR1"]["kind"], krs["O1.KR1"]["comparison"], krs["O1.KR1"]["breaches"],
            krs["O1.KR1"]["holds"]) == ("threshold", "at_least", 1, True)
    assert (krs["O3.KR1"]["commit"], krs["O3.KR1"]["stretch"], krs["O3.KR1"]["zone"]) == (
        50, 150, "target")
    assert (krs["O3.KR3"]["kind"], krs["O3.KR3"]["person_score"]) == ("graded", 0.8)


def test_the_json_schema_names_the_kinds_and_the_export_validates(sc: Scorecard) -> None:
    schema = json_schema()
    kr = schema["$defs"]["ScoredKeyResult"]
    assert set(KIND_FIELDS) <= set(kr["required"])
    kinds = schema["$defs"]["Kind"]["enum"]
    assert {"threshold", "graded"} <= set(kinds)
    assert set(schema["$defs"]["Comparison"]["enum"]) == {"at_least", "at_most"}
    assert set(schema["$defs"]["Zone"]["enum"]) == {"fail", "commit", "target", "stretch"}
    jsonschema.validate(json.loads(scorecard_json(sc)), schema)


def test_the_csv_key_results_file_has_the_kind_columns(sc: Scorecard, tmp_path: Path) -> None:
    write_csv([("okrs.xlsx", sc)], tmp_path)
    with (tmp_path / "key_results.csv").open(encoding="utf-8", newline="") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert (rows["O1.KR2"]["kind"], rows["O1.KR2"]["comparison"], rows["O1.KR2"]["breaches"],
            rows["O1.KR2"]["holds"]) == ("threshold", "at_most", "2", "false")
    assert (rows["O3.KR2"]["commit"], rows["O3.KR2"]["stretch"], rows["O3.KR2"]["zone"]) == (
        "2.0", "6.0", "commit")
    assert rows["O2.KR1"]["breaches"] == rows["O2.KR1"]["zone"] == ""


def _kr_rows(path: Path) -> dict[str, sqlite3.Row]:
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        return {r["id"]: r for r in conn.execute("SELECT * FROM key_results")}


def test_sqlite_key_results_have_the_kind_columns(sc: Scorecard, tmp_path: Path) -> None:
    path = tmp_path / "okrs.db"
    write_sqlite([("okrs.xlsx", sc)], path, MID_NOVEMBER)
    rows = _kr_rows(path)
    assert (rows["O1.KR1"]["kind"], rows["O1.KR1"]["comparison"], rows["O1.KR1"]["breaches"],
            rows["O1.KR1"]["holds"]) == ("threshold", "at_least", 1, 1)
    assert (rows["O3.KR1"]["commit_point"], rows["O3.KR1"]["stretch"],
            rows["O3.KR1"]["zone"]) == (50, 150, "target")
    assert rows["O3.KR4"]["person_score"] == pytest.approx(0.9)


def _version_1_schema() -> str:
    """Schema version 2 without the columns version 2 added: the DDL of version 1."""
    added = {"commit_point" if n == "commit" else n for n, _ in KINDS_COLUMNS}
    return "\n".join(line for line in SCHEMA.splitlines()
                     if not line.strip() or line.split()[0] not in added)


def test_a_version_1_file_is_migrated_and_keeps_its_rows(sc: Scorecard, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as conn:
        for statement in _version_1_schema().split(";\n"):
            if statement.strip():
                conn.execute(statement)
        conn.execute("INSERT INTO cycles (source, name, start_date, end_date, as_of) "
                     "VALUES ('old.xlsx', '2026-Q3', '2026-07-01', '2026-09-30', '2026-09-30')")
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
    write_sqlite([("okrs.xlsx", sc)], path, MID_NOVEMBER)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM cycles").fetchone()[0] == 2
        columns = [r[1] for r in conn.execute("PRAGMA table_info(key_results)")]
    fresh = tmp_path / "new.db"
    write_sqlite([("okrs.xlsx", sc)], fresh, MID_NOVEMBER)
    with closing(sqlite3.connect(fresh)) as conn:
        assert columns == [r[1] for r in conn.execute("PRAGMA table_info(key_results)")]
    assert _kr_rows(path)["O1.KR2"]["breaches"] == 2


def test_the_html_report_shows_kind_holds_zone_and_a_persons_score(sc: Scorecard) -> None:
    page = render_html([("okrs.xlsx", sc)])
    for text in ("holds (breached 1 time)", "does not hold (breached 2 times)",
                 "target reached", "commit reached", "<th>Person&#x27;s score</th>",
                 "<td>threshold</td>", "<td>graded</td>"):
        assert text in page, text
