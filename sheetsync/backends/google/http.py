"""gspread's HTTP client with a timeout, bounded retries and an optional local API endpoint."""

from __future__ import annotations

import os
import re
from typing import Any

import requests
from google.auth.exceptions import TransportError
from google.auth.transport.requests import AuthorizedSession, Request
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from sheetsync.backends.google.ratelimit import RateLimiter
from sheetsync.backends.google.retry import RetryPolicy, send_with_retries
from sheetsync.errors import ConfigError, RemoteError

ENDPOINT_VAR = "SHEETSYNC_SHEETS_ENDPOINT"
SHEETS_HOST = "https://sheets.googleapis.com"
AUTH_HOSTS = ("https://oauth2.googleapis.com", "https://iamcredentials.googleapis.com")
RETRYABLE = (requests.ConnectionError, requests.Timeout,
             requests.exceptions.ChunkedEncodingError, TransportError)


def endpoint_from_env(environ: dict[str, str] | None = None) -> str | None:
    """SHEETSYNC_SHEETS_ENDPOINT as a base URL without a trailing slash; None when unset."""
    value = (os.environ if environ is None else environ).get(ENDPOINT_VAR, "").strip()
    if not value:
        return None
    if not re.fullmatch(r"https?://[^/\s]+/?", value):
        raise ConfigError(f"{ENDPOINT_VAR}={value}: expected a base URL such as "
                          "http://127.0.0.1:8089")
    return value.rstrip("/")


def redirect(url: str, endpoint: str | None, host: str = SHEETS_HOST) -> str:
    """The URL to call: Google's host swapped for the endpoint when one is set."""
    if endpoint and url.startswith(host):
        return endpoint + url[len(host):]
    return url


class _RedirectingSession(requests.Session):
    """The session google-auth uses for its own calls (token refresh, the service account's
    access-boundary lookup): sent to the local endpoint too, when one is set, so that a run
    against it never reaches Google. google-auth pins an authorized-user token's refresh to
    Google's token endpoint whatever the file says, so this is the only way to redirect it."""

    # google-auth deep-copies this session for a background thread; requests pickles only the
    # attributes listed here.
    __attrs__ = [*requests.Session.__attrs__, "endpoint"]

    def __init__(self, endpoint: str | None) -> None:
        super().__init__()
        self.endpoint = endpoint

    def request(self, method: str | bytes, url: str | bytes, *args: Any,
                **kwargs: Any) -> requests.Response:
        target = url.decode() if isinstance(url, bytes) else url
        for host in AUTH_HOSTS:
            target = redirect(target, self.endpoint, host)
        verb = method.decode() if isinstance(method, bytes) else method
        response = super().request(verb, target, *args, **kwargs)
        reason = not_json(response)
        if reason is not None:
            # Raised past google-auth (which would take it for a network failure and retry it):
            # a captive portal does not go away by itself.
            raise RemoteError(f"Google sign-in: the token call {in_the_way(reason)}")
        return response


def authorized_session(credentials: Any, timeout: float,
                       endpoint: str | None) -> AuthorizedSession:
    auth_request = Request(_RedirectingSession(endpoint))
    return AuthorizedSession(  # type: ignore[no-untyped-call]
        credentials, refresh_timeout=timeout, auth_request=auth_request)


class SheetsAPIError(APIError):
    """gspread's APIError, noting whether an earlier attempt of this write lost its answer."""

    def __init__(self, response: requests.Response, *, after_lost_write: bool = False) -> None:
        super().__init__(response)
        self.after_lost_write = after_lost_write


class SheetsHTTPClient(HTTPClient):
    """Every gspread call goes through request(); this one adds what gspread's lacks.

    gspread's URL constants are imported by name into its modules, so redirecting to a local
    endpoint happens here, on the final URL, rather than by patching gspread.urls."""

    def __init__(self, auth: Any, session: requests.Session | None = None, *,
                 timeout: float = 30.0, policy: RetryPolicy | None = None,
                 endpoint: str | None = None, environ: dict[str, str] | None = None,
                 limiter: RateLimiter | None = None) -> None:
        self.limiter = limiter
        self.endpoint = endpoint if endpoint is not None else endpoint_from_env(environ)
        if session is None:
            session = authorized_session(auth, timeout, self.endpoint)
        super().__init__(auth, session)
        self.auth = auth
        self.policy = policy or RetryPolicy()
        self.set_timeout(timeout)

    def request(
        self,
        method: str,
        endpoint: str,
        params: Any = None,
        data: bytes | None = None,
        json: Any = None,
        files: Any = None,
        headers: Any = None,
    ) -> requests.Response:
        url = redirect(endpoint, self.endpoint)
        lost = False

        def send() -> requests.Response:
            nonlocal lost
            if self.limiter is not None:
                self.limiter.acquire()
            try:
                response: requests.Response = self.session.request(
                    method=method, url=url, json=json, params=params, data=data, files=files,
                    headers=headers, timeout=self.timeout,
                )
            except RETRYABLE:
                # A write may have been applied although its answer never came.
                lost = lost or method.upper() != "GET"
                raise
            # A 5xx can come after the write was applied (429 is refused before any work).
            lost = lost or (method.upper() != "GET" and response.status_code >= 500)
            return response

        what = _api_method(method, endpoint)
        try:
            response = send_with_retries(send, self.policy, what, RETRYABLE)
        except RemoteError as e:
            if not lost:
                raise
            raise RemoteError(f"{e}. The write may have been applied before it failed: run the "
                              "sync again, it reads the sheet afresh and writes only what is "
                              "still missing") from None
        reason = not_json(response)
        if reason is not None:
            raise RemoteError(f"Google Sheets API: {what} {in_the_way(reason)}")
        if response.ok:
            return response
        raise SheetsAPIError(response, after_lost_write=lost)

    def close(self) -> None:
        self.session.close()


def not_json(response: requests.Response) -> str | None:
    """What came back instead of Google's JSON (an HTML page from a captive portal, a proxy's
    error page), or None when the answer is JSON (or empty)."""
    ctype = response.headers.get("Content-Type", "")
    if not response.content or "json" in ctype.lower():
        return None
    found = re.search(rb"<title[^>]*>(.*?)</title>", response.content[:8192], re.I | re.S)
    title = " ".join(found.group(1).decode("utf-8", "replace").split())[:80] if found else ""
    kind = ctype.split(";", 1)[0].strip() or "no content type"
    return f"HTTP {response.status_code}, {kind}" + (f", titled '{title}'" if title else "")


def in_the_way(reason: str) -> str:
    return (f"was answered by something that is not Google ({reason}) instead of the API's "
            "JSON: a captive portal, proxy or firewall is in the way; sign in to the network "
            "or check HTTPS_PROXY, then run again")


def _api_method(method: str, url: str) -> str:
    """The API method a URL calls (spreadsheets.get, values.batchGet...), for messages."""
    tail = url.split("/v4/spreadsheets/", 1)[-1]
    if "/values/" in tail:
        suffix = tail.rsplit(":", 1)[-1] if method.upper() == "POST" else ""
        return {"GET": "values.get", "PUT": "values.update"}.get(
            method.upper(), f"values.{suffix or method.lower()}")
    if "/values:" in tail:
        return "values." + tail.rsplit(":", 1)[-1]
    if tail.endswith(":batchUpdate"):
        return "spreadsheets.batchUpdate"
    return "spreadsheets.get" if method.upper() == "GET" else f"{method.upper()} {url}"
