"""One request budget per minute shared by every Google source of a process (Sheets API quota)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW = 60.0


class RateLimiter:
    """At most `per_minute` requests in any 60-second window.

    The Sheets API counts requests per minute per user and per project, over all spreadsheets,
    so a run over many sheets must share one budget: a limiter per sheet would let 200 sheets
    send 200 times the quota. Retries spend the budget too, since Google counts them."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self.clock, self.sleep = clock, sleep
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()
        self.waited = 0.0
        """Seconds spent waiting so far, for the run's log."""

    def acquire(self) -> float:
        """Wait until one more request fits in the window, count it, and return the wait."""
        with self._lock:
            waited = 0.0
            while True:
                now = self.clock()
                while self._sent and now - self._sent[0] >= WINDOW:
                    self._sent.popleft()
                if len(self._sent) < self.per_minute:
                    self._sent.append(now)
                    self.waited += waited
                    return waited
                pause = WINDOW - (now - self._sent[0])
                self.sleep(pause)
                waited += pause


_SHARED: dict[int, RateLimiter] = {}
_SHARED_LOCK = threading.Lock()


def shared_limiter(per_minute: int) -> RateLimiter:
    """The process's limiter for this budget: every backend opened with the same
    `google.requests_per_minute` draws on it, however many sheets a run opens."""
    with _SHARED_LOCK:
        limiter = _SHARED.get(per_minute)
        if limiter is None:
            limiter = _SHARED[per_minute] = RateLimiter(per_minute)
        return limiter
