"""sheetsync's ownership record in Google Sheets (SPEC §7): developer metadata on its columns.

Each column sheetsync made (or was handed) carries developer metadata with the key
`sheetsync.owned.column` and the column's role as value ("score", "status", ...). Sheets moves
metadata with its column when people insert, delete or move columns, so the record follows the
column; other sheetsync keys (`sheetsync.fingerprint`, ...) sit beside it and are left alone.
"""

from __future__ import annotations

from typing import Any

from sheetsync.write.writeplan import ColumnClaim

OWNED_COLUMN = "sheetsync.owned.column"
FIELDS = "data(columnMetadata(developerMetadata(metadataKey,metadataValue)))"
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


def claim_requests(claims: list[ColumnClaim], sheet_ids: dict[str, int]) -> list[dict[str, Any]]:
    """One createDeveloperMetadata per claimed column (after the cells of the same batch)."""
    return [{"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": OWNED_COLUMN, "metadataValue": c.role, "visibility": "DOCUMENT",
        "location": {"dimensionRange": {"sheetId": sheet_ids[c.sheet], "dimension": "COLUMNS",
                                        "startIndex": c.col - 1, "endIndex": c.col}},
    }}} for c in claims if c.sheet in sheet_ids]
