"""JSON and CSV exports: the SPEC §8 shape, its JSON Schema, round trips, CSV columns and guard."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from export_scorecards import HYPERLINK, Q3, other_team, scorecard
from pydantic import BaseModel

from sheetsync.errors import SheetsyncError
from sheetsync.models import CheckIn, Problem, Scorecard, ScoredKeyResult, ScoredObjective
from sheetsync.publish.exports import (
    CSV_COLUMNS,
    csv_cell,
    csv_rows,
    export_document,
    guard_text,
    json_schema,
    read_json,
    scorecard_document,
    scorecard_json,
    source_stem,
    unique_stems,
    write_csv,
    write_json,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "export.md"

SCORECARDS = {
    "a scorecard with awkward text and check-ins": scorecard(),
    "a later scorecard with one more check-in": scorecard(dt.date(2025, 9, 1), gain=0.1),
    "a one-objective scorecard": other_team(),
    "an empty scorecard": Scorecard(as_of=dt.date(2025, 8, 15), cycle=Q3),
}

# SPEC §8: the keys `score --json` and the JSON export promise
SPEC_KEYS = {
    "objectives": {"id", "title", "owner", "type", "parent_id", "score", "status", "aligned_score"},
    "key_results": {
        "id", "objective_id", "title", "owner", "kind", "direction", "baseline", "target",
        "current", "weight", "progress", "score", "status", "confidence", "last_checkin",
        "checkins", "stale", "projected",
    },
    "checkins": {"kr_id", "date", "value", "confidence", "note", "author"},
    "problems": {"severity", "sheet", "cell", "message"},
}  # fmt: skip


def validator() -> jsonschema.protocols.Validator:
    schema = json_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


# ── JSON ──────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("sc", SCORECARDS.values(), ids=SCORECARDS.keys())
def test_reading_the_json_back_gives_an_equal_scorecard(sc: Scorecard) -> None:
    assert Scorecard.model_validate_json(scorecard_json(sc)) == sc


def test_the_document_has_the_spec_keys_with_snake_case_names_and_iso_dates() -> None:
    doc = json.loads(scorecard_json(scorecard()))
    assert list(doc)[:6] == ["as_of", "cycle", "objectives", "key_results", "checkins", "problems"]
    assert doc["as_of"] == "2025-08-15"
    assert doc["cycle"] == {"name": "2025-Q3", "start": "2025-07-01", "end": "2025-09-30"}
    for entity, keys in SPEC_KEYS.items():
        assert doc[entity], entity
        for row in doc[entity]:
            assert keys <= set(row), f"{entity} lacks {keys - set(row)}"


def test_numbers_are_written_unrounded() -> None:
    sc = scorecard()
    doc = json.loads(scorecard_json(sc))
    assert [kr["score"] for kr in doc["key_results"]] == [kr.score for kr in sc.key_results]


@pytest.mark.parametrize("sc", SCORECARDS.values(), ids=SCORECARDS.keys())
def test_every_exported_document_validates_against_the_schema(sc: Scorecard) -> None:
    validator().validate(json.loads(scorecard_json(sc)))


def test_a_multi_source_document_validates_against_the_schema() -> None:
    doc = export_document([("growth.xlsx", scorecard()), ("support.xlsx", other_team())])
    validator().validate(json.loads(json.dumps(doc)))


def _drop(key: str) -> Any:
    def change(doc: dict[str, Any]) -> dict[str, Any]:
        del doc[key]
        return doc

    return change


BROKEN = {
    "a document without as_of": _drop("as_of"),
    "a document without problems": _drop("problems"),
    "a KR with an unknown status": lambda d: d["key_results"][0].update(status="Fine") or d,
    "a KR with a text score": lambda d: d["key_results"][0].update(score="0.5") or d,
    "a check-in with a date that is no date": lambda d: d["checkins"][0].update(date="15.7.") or d,
    "an objective with a key the model lacks": lambda d: d["objectives"][0].update(x=1) or d,
    "a sources entry without its source": lambda d: {"sources": [d]},
}


@pytest.mark.parametrize("breaks", BROKEN.values(), ids=BROKEN.keys())
def test_the_schema_rejects(breaks: Any) -> None:
    doc = breaks(scorecard_document(scorecard()))
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(doc)


def test_one_source_is_written_as_the_bare_document(tmp_path: Path) -> None:
    sc = scorecard()
    [path] = write_json([("okrs/growth.xlsx", sc)], tmp_path / "q3.json")
    assert path.read_text(encoding="utf-8") == scorecard_json(sc)
    assert read_json(path) == [(str(path), sc)]


def test_several_sources_share_one_document_and_read_back_equal(tmp_path: Path) -> None:
    items = [("okrs/growth.xlsx", scorecard()), ("okrs/support.xlsx", other_team())]
    [path] = write_json(items, tmp_path / "all.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert [entry["source"] for entry in doc["sources"]] == [
        "okrs/growth.xlsx",
        "okrs/support.xlsx",
    ]
    assert read_json(path) == items


def test_split_writes_one_document_per_source_named_after_it(tmp_path: Path) -> None:
    items = [
        ("2025/OKRs Q3 2025.xlsx", scorecard()),
        ("2024/OKRs Q3 2025.xlsx", other_team()),
        ("https://docs.google.com/spreadsheets/d/1AbC-d_9/edit#gid=0", other_team()),
    ]
    paths = write_json(items, tmp_path / "out", split=True)
    assert [p.name for p in paths] == ["OKRs Q3 2025.json", "OKRs Q3 2025-2.json", "1AbC-d_9.json"]
    for path, (_, sc) in zip(paths, items, strict=True):
        assert Scorecard.model_validate_json(path.read_text(encoding="utf-8")) == sc
    assert not list((tmp_path / "out").glob(".*")), "no temporary file is left behind"


NOT_EXPORTS = {
    "a file that is not JSON": "{not json",
    "a JSON list": "[1, 2]",
    "a scorecard without its cycle": '{"as_of": "2025-08-15"}',
    "a sources entry without its source": '{"sources": [{"as_of": "2025-08-15"}]}',
}


@pytest.mark.parametrize("text", NOT_EXPORTS.values(), ids=NOT_EXPORTS.keys())
def test_reading_back_something_else_is_a_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "other.json"
    path.write_text(text)
    with pytest.raises(SheetsyncError, match="cannot read .*other.json as a sheetsync export"):
        read_json(path)


STEMS = {
    "a workbook path gives its stem": ("okrs/2025-Q3.xlsx", "2025-Q3"),
    "a Windows path gives its stem": ("C:\\okrs\\OKRs Q3 2025.xlsx", "OKRs Q3 2025"),
    "a Sheets URL gives the spreadsheet id": (
        "https://docs.google.com/spreadsheets/d/1xYz_AB-c/edit#gid=0",
        "1xYz_AB-c",
    ),
    "a bare spreadsheet id stays as it is": ("1xYz_AB-c", "1xYz_AB-c"),
    "characters a file name cannot hold become underscores": ("a/b:c?*d.xlsx", "b_c_d"),
    "a name of dots only still gives a name": ("...", "source"),
}


@pytest.mark.parametrize(("source", "stem"), STEMS.values(), ids=STEMS.keys())
def test_file_stem_of_a_source(source: str, stem: str) -> None:
    assert source_stem(source) == stem


def test_stems_that_differ_only_in_case_are_made_unique() -> None:
    assert unique_stems(["a/Q3.xlsx", "b/q3.xlsx", "c/Q3.xlsx"]) == ["Q3", "q3-2", "Q3-3"]


def test_a_json_file_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file, not a folder")
    with pytest.raises(SheetsyncError, match="cannot write .*blocker"):
        write_json([("a.xlsx", scorecard())], tmp_path / "blocker" / "q3.json")


# ── CSV ───────────────────────────────────────────────────────────────────────

GUARD = {
    "a HYPERLINK formula is quoted": (HYPERLINK, "'" + HYPERLINK),
    "a leading plus is quoted": ("+1 555 0100", "'+1 555 0100"),
    "a leading minus in text is quoted": ("-10% churn", "'-10% churn"),
    "a leading at sign is quoted": ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    "a leading tab is quoted": ("\t=1+1", "'\t=1+1"),
    "a leading carriage return is quoted": ("\r=1+1", "'\r=1+1"),
    "an equals sign later in the text is left alone": ("a=b", "a=b"),
    "plain text is left alone": ("Grow revenue", "Grow revenue"),
    "empty text is left alone": ("", ""),
    "a leading space is left alone": (" =x", " =x"),
}


@pytest.mark.parametrize(("text", "written"), GUARD.values(), ids=GUARD.keys())
def test_formula_guard(text: str, written: str) -> None:
    assert guard_text(text) == written
    assert csv_cell(text) == written


CELLS = {
    "a negative number is not guarded": (-3.0, "-3.0"),
    "a negative integer is not guarded": (-2, "-2"),
    "a float keeps every digit": (4 / 23, repr(4 / 23)),
    "a date is ISO": (dt.date(2025, 8, 1), "2025-08-01"),
    "true is true": (True, "true"),
    "false is false": (False, "false"),
    "a missing value is empty": (None, ""),
}


@pytest.mark.parametrize(("value", "written"), CELLS.values(), ids=CELLS.keys())
def test_csv_cell(value: object, written: str) -> None:
    assert csv_cell(value) == written


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def csv_folder(tmp_path: Path) -> Path:
    write_csv([("okrs/growth.xlsx", scorecard()), ("okrs/support.xlsx", other_team())], tmp_path)
    return tmp_path


def test_a_hyperlink_title_comes_out_guarded(csv_folder: Path) -> None:
    titles = {row["id"]: row["title"] for row in _read(csv_folder / "objectives.csv")}
    assert titles["O2"] == "'" + HYPERLINK


def test_a_negative_baseline_stays_a_number_and_text_minus_is_guarded(csv_folder: Path) -> None:
    rows = _read(csv_folder / "key_results.csv")
    krs = {row["id"]: row for row in rows if row["source"] == "okrs/growth.xlsx"}
    assert krs["O1.KR1"]["baseline"] == "-3.0"
    assert krs["O1.KR2"]["title"] == "'-10% churn"
    assert krs["O1.KR2"]["owner"] == "'+Dan"
    notes = [row["note"] for row in _read(csv_folder / "checkins.csv")]
    assert "'=1+1 is not a formula" in notes


@pytest.mark.parametrize("stem", CSV_COLUMNS)
def test_each_file_has_its_header_in_the_documented_order(csv_folder: Path, stem: str) -> None:
    with open(csv_folder / f"{stem}.csv", encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == list(CSV_COLUMNS[stem])
    documented = re.search(rf"^\| {stem}\.csv \| (.+) \|$", DOCS.read_text(), re.MULTILINE)
    assert documented, f"docs/export.md lists no columns for {stem}.csv"
    assert documented.group(1).split(", ") == list(CSV_COLUMNS[stem])


@pytest.mark.parametrize("stem", CSV_COLUMNS)
def test_row_counts_equal_the_scorecards_counts(csv_folder: Path, stem: str) -> None:
    rows = _read(csv_folder / f"{stem}.csv")
    expected = [
        (source, sc.cycle.name)
        for source, sc in [("okrs/growth.xlsx", scorecard()), ("okrs/support.xlsx", other_team())]
        for _ in getattr(sc, stem)
    ]
    assert [(row["source"], row["cycle"]) for row in rows] == expected


def test_values_read_back_equal_the_model(csv_folder: Path) -> None:
    sc = scorecard()
    rows = [r for r in _read(csv_folder / "key_results.csv") if r["source"] == "okrs/growth.xlsx"]
    for kr, row in zip(sc.key_results, rows, strict=True):
        assert row["score"] == ("" if kr.score is None else repr(kr.score))
        if kr.score is not None:
            assert float(row["score"]) == kr.score
        assert row["status"] == kr.status.value
        assert row["last_checkin"] == (kr.last_checkin.isoformat() if kr.last_checkin else "")
        assert row["row"] == str(kr.source.row if kr.source else "")
    assert rows[0]["stale"] == "true" and rows[1]["stale"] == "false"


def test_files_are_utf8_without_a_byte_order_mark(csv_folder: Path) -> None:
    raw = (csv_folder / "objectives.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert "Café-Umsatz „verdoppeln“".encode() in raw


# fields the CSV files leave out on purpose, as docs/export.md says
OMITTED: dict[type[BaseModel], set[str]] = {
    ScoredObjective: {"source"},
    ScoredKeyResult: {"source", "problems"},
    CheckIn: {"source"},
    Problem: {"workbook"},
}
STEM_OF: dict[type[BaseModel], str] = {
    ScoredObjective: "objectives",
    ScoredKeyResult: "key_results",
    CheckIn: "checkins",
    Problem: "problems",
}


@pytest.mark.parametrize("model", STEM_OF, ids=lambda m: f"every {m.__name__} field has a column")
def test_every_model_field_has_a_csv_column(model: type[BaseModel]) -> None:
    fields = set(model.model_fields) - OMITTED[model]
    assert fields <= set(CSV_COLUMNS[STEM_OF[model]])


def test_csv_rows_compute_without_files() -> None:
    sc = other_team()
    rows = csv_rows([("a.xlsx", sc)])
    assert list(rows) == list(CSV_COLUMNS)
    for stem, table in rows.items():
        assert table[0] == list(CSV_COLUMNS[stem])
        assert len(table) == 1 + len(getattr(sc, stem))
