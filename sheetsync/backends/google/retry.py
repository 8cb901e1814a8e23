"""Bounded retries for Google API calls: backoff with jitter, Retry-After, a time budget."""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from sheetsync.errors import RemoteError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Rate limiting and server-side failures: worth another try. Anything else is final."""


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: at most `max_retries` retries and `max_seconds` in all, per API call.

    The wait before retry n is uniformly drawn from [half, all] of min(cap, base * 2**n), and at
    least what the server's Retry-After asks for. Sleep, clock and randomness are injectable so
    tests run in milliseconds."""

    max_retries: int = 5
    max_seconds: float = 60.0
    base: float = 0.5
    cap: float = 32.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    random: Callable[[], float] = field(default=random.random, repr=False)

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        ceiling = min(self.cap, self.base * 2.0**retry)
        wait = ceiling * (0.5 + 0.5 * self.random())
        if retry_after is not None:
            wait = max(wait, retry_after)
        return wait


def parse_retry_after(header: str | None, now: dt.datetime | None = None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not header:
        return None
    header = header.strip()
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def _reason(response: requests.Response) -> str:
    try:
        message = response.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        message = response.reason or ""
    return f"HTTP {response.status_code}" + (f" ({message})" if message else "")


def send_with_retries(
    send: Callable[[], requests.Response],
    policy: RetryPolicy,
    what: str,
    retryable: tuple[type[BaseException], ...] = (requests.ConnectionError, requests.Timeout),
) -> requests.Response:
    """Call `send` until it gives a final response; raise RemoteError once the budget is spent.

    A response with a status outside RETRY_STATUSES is returned as it is, success or not."""
    start = policy.clock()
    retries = 0
    while True:
        retry_after = None
        try:
            response = send()
        except retryable as e:
            failure = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
        else:
            if response.status_code not in RETRY_STATUSES:
                return response
            failure = _reason(response)
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
        elapsed = policy.clock() - start
        wait = policy.delay(retries, retry_after)
        if retries >= policy.max_retries or elapsed + wait > policy.max_seconds:
            attempts = retries + 1
            raise RemoteError(
                f"Google Sheets API: {what} still failing after {attempts} "
                f"attempt{'s' if attempts != 1 else ''} in {elapsed:.1f}s: {failure}. "
                f"Try again later (limits: google.max_retries = {policy.max_retries}, "
                f"google.max_retry_seconds = {policy.max_seconds:g})"
            )
        policy.sleep(wait)
        retries += 1
