"""Sheets API emulator: injected faults (statuses, delays, dropped or lost answers, HTML pages)."""

from __future__ import annotations

from dataclasses import dataclass

from sheetsync.testing.emulator_control import Reply, json_reply
from sheetsync.testing.emulator_state import ApiError


@dataclass
class Fault:
    """What to do to the next `count` calls whose path contains `path` (and method matches)."""

    status: int | None = None
    count: int = 1
    delay: float = 0.0
    path: str | None = None
    method: str | None = None
    retry_after: float | None = None
    drop: bool = False
    lose_response: bool = False
    """Serve the call, then close the connection unanswered (a write applied, its reply lost)."""
    after_serving: bool = False
    """Serve the call, then answer `status` anyway (a write applied, its answer a 503)."""
    html: bool = False
    """Answer `status` (e.g. 200) with an HTML page: a captive portal or proxy in the way."""

    def matches(self, method: str, path: str, api: str) -> bool:
        """Without a path, a fault hits Sheets API calls only, never the token endpoint."""
        where = api == "sheets" if self.path is None else self.path in path
        return (self.count > 0 and where
                and (self.method is None or self.method.upper() == method))


_FAULT_MESSAGES = {
    429: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute "
         "per user' of service 'sheets.googleapis.com' for consumer "
         "'project_number:000000000000'.",
    500: "Internal error encountered.",
    503: "The service is currently unavailable.",
    504: "The request timed out. Please try again.",
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
}


def fault_reply(fault: Fault) -> Reply:
    assert fault.status is not None
    headers = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else None
    if fault.html:
        page = b"<!DOCTYPE html><html><head><title>Sign in to Guest Wi-Fi</title></head><body>" \
               b"<form action=\"/login\"><input name=\"code\"></form></body></html>"
        return Reply(fault.status, page, "text/html; charset=UTF-8", headers)
    if fault.status == 502:
        # Google's front end answers 502 with an HTML page, not the API's JSON error.
        html = b"<!DOCTYPE html><html><title>Error 502 (Server Error)!!1</title>" \
               b"<p><b>502.</b> That\xe2\x80\x99s an error.</p></html>"
        return Reply(502, html, "text/html; charset=UTF-8", headers)
    message = _FAULT_MESSAGES.get(fault.status, "Injected fault.")
    return json_reply(fault.status, ApiError(fault.status, message).body(), headers)
