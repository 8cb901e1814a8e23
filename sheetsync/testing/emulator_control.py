"""Sheets API emulator: the /_emulator/ control endpoints (state, request log, faults, accounts)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from sheetsync.testing.emulator_ranges import RangeError
from sheetsync.testing.emulator_spec import spreadsheet_from_spec, spreadsheet_to_spec

if TYPE_CHECKING:
    from sheetsync.testing.sheets_emulator import SheetsEmulator


@dataclass
class Reply:
    """An HTTP answer: status, body bytes, content type and extra headers."""

    status: int
    body: bytes
    content_type: str = "application/json; charset=UTF-8"
    headers: dict[str, str] | None = None


def json_reply(status: int, payload: Any, headers: dict[str, str] | None = None) -> Reply:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return Reply(status, body, headers=headers)


class Control:
    """Handles /_emulator/...; the caller holds the emulator's lock."""

    def __init__(self, emulator: SheetsEmulator) -> None:
        self.emu = emulator

    def handle(self, method: str, raw_path: str, body: bytes) -> Reply:
        path = raw_path[len("/_emulator"):]
        try:
            data = json.loads(body) if body else {}
            status, result = self._route(method, path, data)
        except (ValueError, KeyError, TypeError, RangeError) as e:
            status, result = 400, {"error": {"code": 400, "message": f"bad control request: {e}",
                                             "status": "INVALID_ARGUMENT"}}
        return json_reply(status, result)

    def _route(self, method: str, path: str, data: Any) -> tuple[int, Any]:
        emu = self.emu
        if path == "/requests":
            if method == "DELETE":
                emu.log.clear()
                return 200, {}
            return 200, {"requests": [dict(e) for e in emu.log]}
        if path == "/faults":
            if method == "DELETE":
                emu.faults.clear()
                return 200, {}
            emu.add_fault(data.get("status"), count=int(data.get("count", 1)),
                          delay=float(data.get("delay", 0)), path=data.get("path"),
                          method=data.get("method"), retry_after=data.get("retry_after"),
                          drop=bool(data.get("drop", False)),
                          lose_response=bool(data.get("lose_response", False)),
                          after_serving=bool(data.get("after_serving", False)),
                          html=bool(data.get("html", False)))
            return 200, {"faults": len([f for f in emu.faults if f.count > 0])}
        if path == "/spreadsheets" and method == "POST":
            return 200, self.create(data)
        m = re.fullmatch(r"/spreadsheets/([^/]+)(/access)?", path)
        if m:
            sid = unquote(m.group(1))
            ss = emu.spreadsheets.get(sid)
            if ss is None:
                return 404, {"error": {"code": 404, "message": f"no spreadsheet {sid}",
                                       "status": "NOT_FOUND"}}
            if m.group(2) and method == "POST":
                ss.private = bool(data.get("private", True))
                return 200, {"spreadsheetId": sid, "private": ss.private}
            if method == "DELETE":
                del emu.spreadsheets[sid]
                return 200, {}
            return 200, spreadsheet_to_spec(ss)
        if path == "/service-accounts" and method == "POST":
            email = str(data["client_email"])
            if "public_key_pem" in data:
                emu.issuer.service_accounts[email] = str(data["public_key_pem"]).encode()
                return 200, {"client_email": email}
            return 200, emu.new_service_account(email)
        if path == "/revoke" and method == "POST":
            emu.issuer.revoked.add(str(data["refresh_token"]))
            return 200, {}
        if path == "/tokens/expire" and method == "POST":
            emu.issuer.expire_all()
            return 200, {}
        if path == "/reset" and method == "POST":
            emu.spreadsheets.clear()
            emu.log.clear()
            emu.faults.clear()
            return 200, {}
        return 404, {"error": {"code": 404, "message": f"no control endpoint {method} {path}",
                               "status": "NOT_FOUND"}}

    def create(self, spec: dict[str, Any]) -> dict[str, Any]:
        ss = spreadsheet_from_spec(spec, self.emu.rng)
        self.emu.spreadsheets[ss.spreadsheet_id] = ss
        return {"spreadsheetId": ss.spreadsheet_id,
                "url": f"https://docs.google.com/spreadsheets/d/{ss.spreadsheet_id}/edit"}
