"""sheetsync's ownership record in Google Sheets (SPEC §7): developer metadata on its columns.

Each column sheetsync made (or was handed) carries developer metadata with the key
`sheetsync.owned.column` and the column's role as value ("score", "status", ...). Sheets moves
metadata with its column when people insert, delete or move columns, so the record follows the
column; other sheetsync keys (`sheetsync.fingerprint`, ...) sit beside it and are left alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sheetsync.write.writeplan import ColumnClaim, TabClaim

OWNED_COLUMN = "sheetsync.owned.column"
OWNED_TAB = "sheetsync.owned.tab"
"""On a tab sheetsync made: the tab's role ("summary", "history"), found when it is renamed."""
COLUMN_FIELDS = "columnMetadata(developerMetadata(metadataKey,metadataValue))"
"""What a read asks of each tab's grid data (inside data(...)) to see the column record."""
FIELDS = f"developerMetadata(metadataKey,metadataValue),data({COLUMN_FIELDS})"
"""What the metadata read asks of each tab (inside sheets(...)) to see the record."""


def owned_columns(sheet: dict[str, Any]) -> dict[str, int]:
    """role → 1-based column from a tab's metadata read (its columnMetadata)."""
    out: dict[str, int] = {}
    for data in sheet.get("data", []):
        start = int(data.get("startColumn", 0))
        for i, column in enumerate(data.get("columnMetadata", [])):
            for meta in column.get("developerMetadata", []):
                role = meta.get("metadataValue")
                if meta.get("metadataKey") == OWNED_COLUMN and isinstance(role, str):
                    out.setdefault(role, start + i + 1)
    return out


def owned_tabs(sheets: list[dict[str, Any]]) -> dict[str, str]:
    """role → current title of each tab carrying sheetsync's tab metadata."""
    out: dict[str, str] = {}
    for sheet in sheets:
        for meta in sheet.get("developerMetadata", []):
            role = meta.get("metadataValue")
            if meta.get("metadataKey") == OWNED_TAB and isinstance(role, str):
                out.setdefault(role, str(sheet.get("properties", {}).get("title", "")))
    return out


def claim_requests(claims: list[ColumnClaim], sheet_ids: dict[str, int],
                   tabs: Sequence[TabClaim] = ()) -> list[dict[str, Any]]:
    """One createDeveloperMetadata per claimed column or tab (after the cells and the tabs of the
    same batch, so a column or tab added by it exists)."""
    out: list[dict[str, Any]] = [{"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": OWNED_COLUMN, "metadataValue": c.role, "visibility": "DOCUMENT",
        "location": {"dimensionRange": {"sheetId": sheet_ids[c.sheet], "dimension": "COLUMNS",
                                        "startIndex": c.col - 1, "endIndex": c.col}},
    }}} for c in claims if c.sheet in sheet_ids]
    out += [{"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": OWNED_TAB, "metadataValue": t.role, "visibility": "DOCUMENT",
        "location": {"sheetId": sheet_ids[t.title]},
    }}} for t in tabs if t.title in sheet_ids]
    return out
