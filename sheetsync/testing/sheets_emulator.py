"""A local Google Sheets API v4 emulator on 127.0.0.1, so the Google backend is tested offline.

It keeps spreadsheets in memory, speaks the subset of the API that sheetsync and gspread's
open_by_key use (same paths, query parameters, JSON shapes and error bodies), issues OAuth tokens
to real google-auth credentials, logs every call, and injects faults on request.

    python -m sheetsync.testing.sheets_emulator --port 8089 --seed okrs.xlsx

Control endpoints (no auth): GET/DELETE /_emulator/requests, POST/DELETE /_emulator/faults,
POST /_emulator/spreadsheets, GET/DELETE /_emulator/spreadsheets/{id},
POST /_emulator/spreadsheets/{id}/access, POST /_emulator/service-accounts,
POST /_emulator/revoke, POST /_emulator/tokens/expire, POST /_emulator/reset.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from sheetsync.testing.emulator_auth import GrantError, TokenIssuer, make_service_account
from sheetsync.testing.emulator_control import Control, Reply, json_reply
from sheetsync.testing.emulator_discovery import validate_call
from sheetsync.testing.emulator_faults import Fault, fault_reply
from sheetsync.testing.emulator_routes import route_sheets
from sheetsync.testing.emulator_state import ApiError, Spreadsheet

DROP = object()
"""A dispatch result that closes the connection without answering (a network failure)."""


class _Server(ThreadingHTTPServer):
    """The emulator's HTTP server: a client that hangs up mid-answer (a timeout being tested) is
    what clients do, not an error to print."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class SheetsEmulator:
    """The emulator's state and server; start() runs it on a free port in a daemon thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, seed: int | None = None) -> None:
        self.host, self.port = host, port
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.issuer = TokenIssuer()
        self.log: list[dict[str, Any]] = []
        self.faults: list[Fault] = []
        self.lock = threading.RLock()
        self.rng = random.Random(seed)
        self.control = Control(self)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> SheetsEmulator:
        server = _Server((self.host, self.port), _Handler)
        server.daemon_threads = True
        server.emulator = self  # type: ignore[attr-defined]
        self._server = server
        self.port = server.server_address[1]
        self.issuer.token_url = f"{self.url}/token"
        self._thread = threading.Thread(target=server.serve_forever, name="sheets-emulator",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> SheetsEmulator:
        return self.start() if self._server is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # --- in-process helpers (the same things the control endpoints do) ------------------------

    def create_spreadsheet(self, spec: dict[str, Any]) -> str:
        with self.lock:
            return str(self.control.create(spec)["spreadsheetId"])

    def requests(self, api: str | None = "sheets") -> list[dict[str, Any]]:
        """The calls served so far (Sheets API calls only, unless api is None or another name)."""
        with self.lock:
            return [dict(e) for e in self.log if api is None or e["api"] == api]

    def clear_requests(self) -> None:
        with self.lock:
            self.log.clear()

    def add_fault(self, status: int | None = None, *, count: int = 1, delay: float = 0.0,
                  path: str | None = None, method: str | None = None,
                  retry_after: float | None = None, drop: bool = False,
                  lose_response: bool = False, after_serving: bool = False,
                  html: bool = False) -> None:
        with self.lock:
            self.faults.append(Fault(status, count, delay, path, method, retry_after, drop,
                                     lose_response, after_serving, html))

    def new_service_account(self, email: str) -> dict[str, Any]:
        """A service-account key file (fresh RSA key) whose token_uri is this emulator."""
        info, public_pem = make_service_account(f"{self.url}/token", email)
        with self.lock:
            self.issuer.service_accounts[email] = public_pem
        return info

    # --- dispatch -----------------------------------------------------------------------------

    def dispatch(self, method: str, raw_path: str, query: str, body: bytes,
                 headers: dict[str, str]) -> Reply | object:
        if raw_path.startswith("/_emulator/"):
            with self.lock:
                return self.control.handle(method, raw_path, body)
        api, endpoint = _classify(method, raw_path)
        entry: dict[str, Any] = {
            "api": api, "endpoint": endpoint, "method": method, "path": unquote(raw_path),
            "query": parse_qs(query, keep_blank_values=True), "status": 0,
            "summary": _summary(endpoint, body), "time": time.time(),
        }
        with self.lock:
            self.log.append(entry)  # on arrival, so a call still being served is counted
        fault = self._take_fault(method, unquote(raw_path), api)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        with self.lock:
            reply: Reply | object
            if fault is not None and fault.drop:
                reply = DROP
            elif fault is not None and fault.status:
                if fault.after_serving:
                    self._serve(api, method, raw_path, query, body, headers)
                reply = fault_reply(fault)
            else:
                reply = self._serve(api, method, raw_path, query, body, headers)
            entry["status"] = reply.status if isinstance(reply, Reply) else 0
        if fault is not None and fault.lose_response:
            return DROP
        return reply

    def _take_fault(self, method: str, path: str, api: str) -> Fault | None:
        with self.lock:
            for f in self.faults:
                if f.matches(method, path, api):
                    f.count -= 1
                    return Fault(**{**asdict(f), "count": 1})
        return None

    def _serve(self, api: str, method: str, raw_path: str, query: str, body: bytes,
               headers: dict[str, str]) -> Reply:
        try:
            if api == "oauth":
                return self._token(body, headers)
            if api == "iam":
                return json_reply(200, {"locations": [], "encodedLocations": "0x0"})
            if api != "sheets":
                raise ApiError(404, f"The requested URL {unquote(raw_path)} was not found.")
            identity = self.issuer.identity(headers.get("authorization"))
            if identity is None:
                raise ApiError(401, "Request had invalid authentication credentials. Expected "
                                    "OAuth 2 access token, login cookie or other valid "
                                    "authentication credential.")
            try:
                payload = json.loads(body) if body else None
            except ValueError:
                raise ApiError(400, "Invalid JSON payload received.") from None
            params = parse_qs(query, keep_blank_values=True)
            validate_call(method, raw_path, params, payload)  # refuse what Google refuses
            status, result = route_sheets(self, method, raw_path, params, payload)
            return json_reply(status, result)
        except ApiError as e:
            return json_reply(e.code, e.body())
        except Exception as e:  # noqa: BLE001 - an emulator bug must show, not drop the line
            return json_reply(500, ApiError(500, f"emulator failure: {e!r}").body())

    def _token(self, body: bytes, headers: dict[str, str]) -> Reply:
        if "json" in headers.get("content-type", ""):
            form = {k: str(v) for k, v in json.loads(body or b"{}").items()}
        else:
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        try:
            return json_reply(200, self.issuer.grant(form))
        except GrantError as e:
            return json_reply(e.status, {"error": e.error, "error_description": e.description})


_ENDPOINTS = [
    ("POST", r"/v4/spreadsheets/?", "spreadsheets.create"),
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


def _classify(method: str, raw_path: str) -> tuple[str, str]:
    if raw_path == "/token":
        return "oauth", "oauth.token"
    if raw_path.startswith("/v1/projects/") and raw_path.endswith("/allowedLocations"):
        return "iam", "iam.allowedLocations"
    if raw_path.startswith("/v4/"):
        for verb, pattern, name in _ENDPOINTS:
            if verb == method and re.fullmatch(pattern, raw_path):
                return "sheets", name
        return "sheets", "unknown"
    return "other", "unknown"


def _summary(endpoint: str, body: bytes) -> Any:
    """A short account of a request body for the log: request kinds, ranges, input option."""
    try:
        data = json.loads(body) if body and endpoint != "oauth.token" else None
    except ValueError:
        return None
    if endpoint == "oauth.token":
        grant = parse_qs(body.decode(errors="replace")).get("grant_type", [""])[0]
        return {"grant_type": grant}
    if not isinstance(data, dict):
        return None
    if endpoint == "spreadsheets.batchUpdate":
        kinds = [next(iter(r), "?") for r in data.get("requests", []) if isinstance(r, dict)]
        return {"requests": kinds[:50], "count": len(kinds)}
    if endpoint == "values.batchUpdate":
        ranges = [d.get("range") for d in data.get("data", []) if isinstance(d, dict)]
        return {"valueInputOption": data.get("valueInputOption"), "ranges": ranges[:50],
                "count": len(ranges)}
    if endpoint == "values.update":
        return {"rows": len(data.get("values") or [])}
    return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ESF"
    # Headers and body go out in two writes; with Nagle on, each kept-alive call waits ~40 ms.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is at GET /_emulator/requests."""

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        emulator: SheetsEmulator = self.server.emulator  # type: ignore[attr-defined]
        reply = emulator.dispatch(method, split.path, split.query, body, headers)
        if not isinstance(reply, Reply):
            self.close_connection = True
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for k, v in (reply.headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(reply.body)


@contextmanager
def running_emulator(*, seed: int | None = None) -> Iterator[SheetsEmulator]:
    """A started emulator on a free port, stopped on exit (for pytest fixtures)."""
    emulator = SheetsEmulator(seed=seed).start()
    try:
        yield emulator
    finally:
        emulator.stop()


def main(argv: list[str] | None = None) -> int:
    from sheetsync.testing.seeding import spec_from_xlsx

    parser = argparse.ArgumentParser(prog="python -m sheetsync.testing.sheets_emulator",
                                     description="Run a local Google Sheets API v4 emulator.")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free one)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--seed", action="append", default=[], metavar="WORKBOOK.xlsx",
                        help="create a spreadsheet from a workbook's tabs and values; "
                             "prints its id")
    parser.add_argument("--id", help="spreadsheet id for the first --seed (default: random)")
    parser.add_argument("--service-account", type=Path, metavar="PATH",
                        help="write a service-account key file whose token_uri is this emulator")
    parser.add_argument("--email", default="sheetsync@emulated-project.iam.gserviceaccount.com",
                        help="the service account's email (with --service-account)")
    args = parser.parse_args(argv)
    emulator = SheetsEmulator(args.host, args.port).start()
    print(f"Sheets API emulator on {emulator.url}  (Ctrl-C to stop)", file=sys.stderr)
    print(f"SHEETSYNC_SHEETS_ENDPOINT={emulator.url}", file=sys.stderr)
    for i, workbook in enumerate(args.seed):
        spec = spec_from_xlsx(Path(workbook))
        if i == 0 and args.id:
            spec["id"] = args.id
        sid = emulator.create_spreadsheet(spec)
        print(f"{workbook}: spreadsheet {sid} ({len(spec['sheets'])} tabs)", file=sys.stderr)
        print(sid, flush=True)
    if args.service_account:
        info = emulator.new_service_account(args.email)
        args.service_account.write_text(json.dumps(info, indent=2), encoding="utf-8")
        print(f"service account {args.email} key written to {args.service_account}",
              file=sys.stderr)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
    return 0


if __name__ == "__main__":
    # Run the imported module's main, not this __main__ copy, so that there is one Reply class.
    from sheetsync.testing.sheets_emulator import main as _main

    sys.exit(_main())
