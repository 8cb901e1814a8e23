"""Replays recorded Sheets API v4 traffic (gspread's cassettes) against the emulator."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from sheetsync.testing import SheetsEmulator
from sheetsync.testing.emulator_requests import HANDLERS

RECORDINGS = Path(__file__).resolve().parents[2] / "shared" / "sheets-api-recordings"
SHEETS = "https://sheets.googleapis.com"
DRIVE_FILES = "https://www.googleapis.com/drive/v3/files"

ENDPOINTS = [
    ("GET", r"/v4/spreadsheets/[^/:]+", "spreadsheets.get"),
    ("POST", r"/v4/spreadsheets/[^/:]+:batchUpdate", "spreadsheets.batchUpdate"),
    ("GET", r"/v4/spreadsheets/[^/:]+/values:batchGet", "values.batchGet"),
    ("POST", r"/v4/spreadsheets/[^/:]+/values:batchUpdate", "values.batchUpdate"),
    ("POST", r"/v4/spreadsheets/[^/:]+/values:batchClear", "values.batchClear"),
    ("POST", r"/v4/spreadsheets/[^/:]+/values/.+:clear", "values.clear"),
    ("POST", r"/v4/spreadsheets/[^/:]+/values/.+:append", "values.append"),
    ("GET", r"/v4/spreadsheets/[^/:]+/values/.+", "values.get"),
    ("PUT", r"/v4/spreadsheets/[^/:]+/values/.+", "values.update"),
]
REPLAYABLE = {"spreadsheets.get", "spreadsheets.batchUpdate", "values.batchGet",
              "values.batchUpdate", "values.batchClear", "values.clear", "values.get",
              "values.update"}
UNSUPPORTED_FIELDS = ("namedRanges", "columnMetadata")


@dataclass
class Interaction:
    method: str
    uri: str
    body: str | None
    status: int
    response: str

    @property
    def path(self) -> str:
        return urlsplit(self.uri).path

    @property
    def endpoint(self) -> str | None:
        if not self.uri.startswith(SHEETS):
            return None
        for verb, pattern, name in ENDPOINTS:
            if verb == self.method and re.fullmatch(pattern, self.path):
                return name
        return "unknown"

    @property
    def spreadsheet_id(self) -> str:
        return self.path.split("/")[3].split(":")[0]

    def unsupported(self) -> str | None:
        """Why the emulator cannot replay this call, or None."""
        name = self.endpoint
        if name is None:
            return "drive upload" if "/upload/drive/" in self.uri else None
        if name not in REPLAYABLE:
            return name
        if any(f in self.uri for f in UNSUPPORTED_FIELDS):
            return "fields=" + next(f for f in UNSUPPORTED_FIELDS if f in self.uri)
        if name == "spreadsheets.batchUpdate" and self.body:
            kinds = [next(iter(r)) for r in json.loads(self.body).get("requests", [])]
            missing = [k for k in kinds if k not in HANDLERS]
            if missing:
                return "batchUpdate:" + ",".join(missing)
        return None


@dataclass
class Recording:
    path: Path
    interactions: list[Interaction] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> Recording:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = [
            Interaction(i["request"]["method"], i["request"]["uri"], i["request"]["body"],
                        i["response"]["status"]["code"], i["response"]["body"]["string"])
            for i in data["interactions"]
        ]
        return cls(path, items)

    @property
    def endpoints(self) -> set[str]:
        return {i.endpoint for i in self.interactions if i.endpoint}

    def unsupported(self) -> list[str]:
        return sorted({u for i in self.interactions if (u := i.unsupported())})


def shape(value: Any) -> Any:
    """A JSON value with every leaf replaced by its type name (ints and floats are numbers)."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(v) for v in value]
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "null"


@dataclass
class Outcome:
    endpoint: str
    uri: str
    recorded_status: int
    status: int
    recorded: Any
    emulated: Any


def replay(recording: Recording, emulator: SheetsEmulator, token: str) -> list[Outcome]:
    """Re-create each recorded spreadsheet when Drive created it, then send every Sheets call."""
    created: set[str] = set()
    outcomes = []
    session = requests.Session()
    for it in recording.interactions:
        if it.uri.startswith(DRIVE_FILES) and it.method == "POST":
            info = json.loads(it.response)
            emulator.create_spreadsheet({"id": info["id"], "title": info.get("name"),
                                         "sheets": [{"title": "Sheet1"}]})
            created.add(info["id"])
            continue
        if it.uri.startswith(DRIVE_FILES) and it.method == "DELETE":
            emulator.spreadsheets.pop(it.path.rsplit("/", 1)[-1], None)
            continue
        name = it.endpoint
        if name is None:
            continue
        sid = it.spreadsheet_id
        if sid not in created and sid not in emulator.spreadsheets and it.status == 403:
            # A spreadsheet someone else owns: present, but not shared with the caller.
            emulator.create_spreadsheet({"id": sid, "private": True})
        body = it.body
        if name == "spreadsheets.batchUpdate" and body and it.status == 200:
            body = _with_recorded_sheet_ids(body, it.response)
        url = emulator.url + it.uri[len(SHEETS):]
        headers = {"Authorization": f"Bearer {token}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        resp = session.request(it.method, url, data=body.encode() if body else None,
                               headers=headers, timeout=30)
        outcomes.append(Outcome(name, it.uri, it.status, resp.status_code,
                                json.loads(it.response) if it.response else None,
                                resp.json() if resp.content else None))
    return outcomes


def _with_recorded_sheet_ids(body: str, response: str) -> str:
    """Give each addSheet the id Google chose in the recording, as later calls refer to it."""
    request = json.loads(body)
    replies = json.loads(response).get("replies", [])
    for req, reply in zip(request.get("requests", []), replies, strict=False):
        if "addSheet" in req and "addSheet" in reply:
            props = req["addSheet"].setdefault("properties", {})
            props.setdefault("sheetId", reply["addSheet"]["properties"]["sheetId"])
    return json.dumps(request)
