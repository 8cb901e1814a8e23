"""Sheets API emulator: developer metadata on sheets, rows and columns, moving with them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class DevMeta:
    """One developer metadata entry; a row or column location is (dimension, start, end),
    0-based half-open, kept up to date as dimensions are inserted, deleted and moved."""

    metadata_id: int
    key: str
    value: str | None
    sheet_id: int
    dimension: str | None = None
    """None for metadata on the whole sheet, else "ROWS" or "COLUMNS"."""
    start: int = 0
    end: int = 0
    visibility: str = "DOCUMENT"
    on_spreadsheet: bool = False
    """Metadata on the spreadsheet itself (sheet_id is then -1 and names no sheet)."""

    def to_api(self) -> dict[str, Any]:
        location: dict[str, Any]
        if self.on_spreadsheet:
            location = {"locationType": "SPREADSHEET", "spreadsheet": True}
        elif self.dimension is None:
            location = {"locationType": "SHEET", "sheetId": self.sheet_id}
        else:
            location = {"locationType": self.dimension[:-1],
                        "dimensionRange": {"sheetId": self.sheet_id, "dimension": self.dimension,
                                           "startIndex": self.start, "endIndex": self.end}}
        out: dict[str, Any] = {"metadataId": self.metadata_id, "metadataKey": self.key,
                               "location": location, "visibility": self.visibility}
        if self.value is not None:
            out["metadataValue"] = self.value
        return out


def shift(meta: tuple[DevMeta, ...], sheet_id: int, dimension: str,
          index_map: dict[int, int | None]) -> tuple[DevMeta, ...]:
    """META after the rows or columns of one sheet moved: INDEX_MAP gives each old index its new
    one (None: deleted). A location whose every index was deleted goes with it, as in Sheets."""
    out = []
    for m in meta:
        if m.sheet_id != sheet_id or m.dimension != dimension:
            out.append(m)
            continue
        moved = [index_map.get(i, i) for i in range(m.start, m.end)]
        kept = sorted(i for i in moved if i is not None)
        if kept:
            out.append(replace(m, start=kept[0], end=kept[-1] + 1))
    return tuple(out)


def from_request(body: dict[str, Any], metadata_id: int) -> DevMeta:
    """createDeveloperMetadata's body as a DevMeta (spreadsheet, sheet or dimension-range
    locations)."""
    dm = body["developerMetadata"]
    location = dm.get("location", {})
    key = dm.get("metadataKey")
    if not isinstance(key, str) or not key:
        raise ValueError("developerMetadata.metadataKey is required")
    if "dimensionRange" in location:
        dr = location["dimensionRange"]
        if dr.get("dimension") not in ("ROWS", "COLUMNS"):
            raise ValueError("dimensionRange.dimension must be ROWS or COLUMNS")
        return DevMeta(metadata_id, key, dm.get("metadataValue"), int(dr.get("sheetId", 0)),
                       dr["dimension"], int(dr["startIndex"]), int(dr["endIndex"]),
                       dm.get("visibility", "DOCUMENT"))
    if "sheetId" in location:
        return DevMeta(metadata_id, key, dm.get("metadataValue"), int(location["sheetId"]),
                       visibility=dm.get("visibility", "DOCUMENT"))
    if location.get("spreadsheet") is True:
        return DevMeta(metadata_id, key, dm.get("metadataValue"), -1,
                       visibility=dm.get("visibility", "DOCUMENT"), on_spreadsheet=True)
    raise ValueError("developerMetadata.location needs a sheetId, a dimensionRange or "
                     "spreadsheet: true")


def matches(meta: DevMeta, lookup: dict[str, Any]) -> bool:
    """Whether META is selected by a DeveloperMetadataLookup (every field given must match;
    the fields sheetsync uses: metadataId, metadataKey, metadataValue, locationType)."""
    return (("metadataId" not in lookup or meta.metadata_id == int(lookup["metadataId"]))
            and ("metadataKey" not in lookup or meta.key == lookup["metadataKey"])
            and ("metadataValue" not in lookup or meta.value == lookup["metadataValue"])
            and ("locationType" not in lookup
                 or meta.to_api()["location"]["locationType"] == lookup["locationType"]))


def column_metadata(meta: tuple[DevMeta, ...], sheet_id: int, c0: int,
                    c1: int) -> list[dict[str, Any]]:
    """The columnMetadata entries of a grid read: pixel size and the column's metadata."""
    out: list[dict[str, Any]] = []
    for c in range(c0, c1):
        entry: dict[str, Any] = {"pixelSize": 100}
        found = [m.to_api() for m in meta if m.sheet_id == sheet_id
                 and m.dimension == "COLUMNS" and m.start <= c < m.end]
        if found:
            entry["developerMetadata"] = found
        out.append(entry)
    return out
