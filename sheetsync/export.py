"""The public export API (SPEC §9): JSON, CSV and SQLite writers; they live in sheetsync.publish."""

from __future__ import annotations

from sheetsync.publish.exports import (
    CSV_COLUMNS,
    NamedScorecard,
    csv_rows,
    export_document,
    guard_text,
    json_schema,
    read_json,
    scorecard_document,
    scorecard_json,
    write_csv,
    write_json,
    write_sqlite,
)

__all__ = [
    "CSV_COLUMNS",
    "NamedScorecard",
    "csv_rows",
    "export_document",
    "guard_text",
    "json_schema",
    "read_json",
    "scorecard_document",
    "scorecard_json",
    "write_csv",
    "write_json",
    "write_sqlite",
]
