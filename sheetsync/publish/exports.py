"""Scorecard ─► exporters: the JSON document and its JSON Schema (SPEC §8), and the CSV files."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from sheetsync.errors import SheetsyncError, UsageError
from sheetsync.models import Scorecard
from sheetsync.publish.export_sqlite import NamedScorecard, write_sqlite
from sheetsync.publish.outputs import write_output

__all__ = [
    "CSV_COLUMNS",
    "NamedScorecard",
    "csv_rows",
    "export_document",
    "json_schema",
    "guard_text",
    "read_json",
    "scorecard_document",
    "scorecard_json",
    "write_csv",
    "write_json",
    "write_sqlite",
]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


# ── JSON ──────────────────────────────────────────────────────────────────────


def scorecard_document(sc: Scorecard) -> dict[str, Any]:
    """The SPEC §8 document of one scorecard as plain JSON values (dates as ISO text)."""
    return sc.model_dump(mode="json")


def scorecard_json(sc: Scorecard) -> str:
    """The SPEC §8 JSON text of one scorecard, shared by `score --json` and the JSON export."""
    return _dumps(scorecard_document(sc))


def export_document(items: Sequence[NamedScorecard]) -> dict[str, Any]:
    """One source gives its bare scorecard document; several give {"sources": [...]}.

    Each entry of "sources" is that source's scorecard document with a "source" key first.
    """
    if len(items) == 1:
        return scorecard_document(items[0][1])
    return {"sources": [{"source": name, **scorecard_document(sc)} for name, sc in items]}


def write_json(
    items: Sequence[NamedScorecard], path: str | Path, split: bool = False
) -> list[Path]:
    """Write one JSON document to `path`, or with `split` one file per source into folder `path`.

    Split files are named after their source (`2025-Q3.xlsx` → `2025-Q3.json`), made unique with
    `-2`, `-3` … when two sources share a name. Returns the files written.
    """
    target = Path(path)
    if not split:
        _write_files({target: _dumps(export_document(items))}, (n for n, _ in items))
        return [target]
    names = unique_stems(name for name, _ in items)
    files = {
        target / f"{stem}.json": scorecard_json(sc)
        for stem, (_, sc) in zip(names, items, strict=True)
    }
    _write_files(files, (n for n, _ in items))
    return list(files)


def read_json(path: str | Path) -> list[NamedScorecard]:
    """Read a JSON export back; a bare document is named after the file it was read from."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if isinstance(data, dict) and "sources" in data:
            return [
                (str(entry.pop("source")), Scorecard.model_validate(entry))
                for entry in data["sources"]
            ]
        return [(str(path), Scorecard.model_validate(data))]
    except (OSError, ValueError, KeyError, TypeError) as exc:  # ValidationError is a ValueError
        raise SheetsyncError(f"cannot read {path} as a sheetsync export: {exc}") from exc


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an export document: one scorecard or several sources.

    Every key the export writes is listed as required, so a consumer can rely on it being there.
    """
    generated = Scorecard.model_json_schema(mode="serialization")
    defs: dict[str, Any] = generated.pop("$defs")
    defs["Scorecard"] = generated
    for definition in defs.values():
        if "properties" in definition:
            definition["required"] = list(definition["properties"])
    named = copy.deepcopy(generated)
    named["title"] = "SourceScorecard"
    named["description"] = "One source's scorecard in a multi-source export."
    named["properties"] = {
        "source": {"type": "string", "description": "Workbook path or spreadsheet id."},
        **named["properties"],
    }
    named["required"] = list(named["properties"])
    defs["SourceScorecard"] = named
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "sheetsync export",
        "description": 'A scorecard as `sheetsync score --json` prints it, or {"sources": [...]}.',
        "oneOf": [
            {"$ref": "#/$defs/Scorecard"},
            {
                "type": "object",
                "properties": {
                    "sources": {"type": "array", "items": {"$ref": "#/$defs/SourceScorecard"}}
                },
                "required": ["sources"],
                "additionalProperties": False,
            },
        ],
        "$defs": defs,
    }


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# ── CSV ───────────────────────────────────────────────────────────────────────

CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "objectives": (
        "source", "cycle", "as_of", "id", "title", "owner", "team", "level", "type",
        "parent_id", "score", "status", "aligned_score", "kr_count", "grade", "sheet", "row",
    ),
    "key_results": (
        "source", "cycle", "as_of", "id", "objective_id", "title", "owner", "kind", "direction",
        "unit", "baseline", "target", "current", "weight", "confidence", "due", "progress",
        "score", "status", "last_checkin", "checkins", "delta", "stale", "projected", "grade",
        "sheet", "row", "commit", "stretch", "comparison", "breaches", "holds", "zone",
        "person_score", "person_progress", "person_status", "owners",
    ),
    "checkins": (
        "source", "cycle", "kr_id", "date", "value", "confidence", "note", "author", "sheet", "row",
    ),
    "problems": (
        "source", "cycle", "as_of", "severity", "sheet", "cell", "column", "message", "kr_id",
        "objective_id",
    ),
}  # fmt: skip
"""File stem → column order of that CSV file; documented in docs/export.md, never reordered."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a text cell as a formula (OWASP CSV injection)."""


def guard_text(text: str) -> str:
    """Prefix a single quote to text a spreadsheet would otherwise run as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_cell(value: object) -> str:
    """One value as CSV text: blank for None, ISO dates, unrounded floats, guarded text.

    Only text is guarded: a number is data, so -3.0 stays -3.0.
    """
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):  # a KR's owners: "Ann, Pat"
        return guard_text(", ".join(str(v) for v in value))
    return guard_text(str(value))


def csv_rows(items: Sequence[NamedScorecard]) -> dict[str, list[list[str]]]:
    """Every CSV file's rows (header first) for these scorecards, in source then sheet order."""
    tables: dict[str, list[list[str]]] = {}
    for stem, columns in CSV_COLUMNS.items():
        rows = [list(columns)]
        for name, sc in items:
            context = {"source": name, "cycle": sc.cycle.name, "as_of": sc.as_of}
            entities: list[BaseModel] = getattr(sc, stem)  # each file is named after its list
            for entity in entities:
                rows.append([csv_cell(_column_value(entity, col, context)) for col in columns])
        tables[stem] = rows
    return tables


def write_csv(items: Sequence[NamedScorecard], folder: str | Path) -> list[Path]:
    """Write objectives.csv, key_results.csv, checkins.csv and problems.csv into `folder`.

    UTF-8 without a byte-order mark, RFC 4180 quoting, one header row; rows of every source
    share the files, told apart by the `source` and `cycle` columns. Returns the files written.
    """
    files: dict[Path, str] = {}
    for stem, rows in csv_rows(items).items():
        buffer = io.StringIO(newline="")
        csv.writer(buffer).writerows(rows)
        files[Path(folder) / f"{stem}.csv"] = buffer.getvalue()
    _write_files(files, (n for n, _ in items))
    return list(files)


def _column_value(entity: BaseModel, column: str, context: dict[str, object]) -> object:
    if column in context:
        return context[column]
    if column in type(entity).model_fields:
        return getattr(entity, column)
    # sheet and row of an objective, KR or check-in live on its SourceRef
    ref = getattr(entity, "source", None)
    return getattr(ref, column, None) if ref is not None else None


# ── files ─────────────────────────────────────────────────────────────────────

_UNSAFE = re.compile(r"[^\w .-]+")
_SHEETS_ID = re.compile(r"/spreadsheets/d/([\w-]+)")


def source_stem(source: str) -> str:
    """A file-name stem for a source: the workbook's stem, or a Google spreadsheet's id."""
    found = _SHEETS_ID.search(source)
    if found:
        return found.group(1)
    stem = Path(source.rstrip("/\\").replace("\\", "/")).stem
    return _UNSAFE.sub("_", stem).strip(" ._") or "source"


def unique_stems(sources: Iterable[str]) -> list[str]:
    """File-name stems for these sources, with -2, -3 … added where two would collide."""
    seen: set[str] = set()
    stems: list[str] = []
    for source in sources:
        base = stem = source_stem(source)
        n = 1
        while stem.lower() in seen:  # case-insensitive file systems would merge Q3 and q3
            n += 1
            stem = f"{base}-{n}"
        seen.add(stem.lower())
        stems.append(stem)
    return stems


def _write_files(files: dict[Path, str], sources: Iterable[str]) -> None:
    """Each file through a temporary sibling and a rename (outputs.write_output): never over a
    source, never replacing a device."""
    names = list(sources)
    for path, text in files.items():
        write_output(path, text, names)


def format_for(path: Path) -> str:
    """The export format a --to path implies: .json, .sqlite/.db, else a folder of CSV files."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".sqlite", ".sqlite3", ".db"):
        return "sqlite"
    if suffix in ("", ".csv"):
        return "csv"
    raise UsageError(f"--to {path}: cannot tell the format from '{suffix}'; give --format")
