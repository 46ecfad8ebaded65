"""Enforce each vendor's published rate limits (``x-rate-limits``) the strictest way.

No vendor says whether its window is fixed or sliding, so the sandbox counts a **sliding
window**: a call is allowed when fewer than ``limit`` calls were allowed in the ``period``
seconds before it (a log of the last ``limit`` arrival times per (limit, caller) pair, read
against the sandbox clock, so a test can move past a window by advancing the clock). A client
that only keeps fixed windows can send ``2 * limit`` calls within one period across a
boundary; this catches it. Where the vendor blocks an abusive caller for a while (Polyv: five
minutes), ``penalty-seconds`` keeps answering over-limit until it runs out.
"""

from __future__ import annotations

import collections
import threading
from dataclasses import dataclass

from mediatasks.sandbox.clock import Clock
from mediatasks.specs import RateLimit

__all__ = ["Decision", "RateLimiter"]


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    limit: RateLimit | None = None
    retry_after: float = 0.0


class RateLimiter:
    """Counts calls per limit and caller; thread-safe, amortised O(1) per call."""

    def __init__(self, limits: tuple[RateLimit, ...], clock: Clock) -> None:
        self._limits = limits
        self._clock = clock
        self._lock = threading.Lock()
        self._logs: dict[tuple[int, str], collections.deque[float]] = {}
        self._blocked_until: dict[tuple[int, str], float] = {}
        self.enabled = True

    def reset(self) -> None:
        with self._lock:
            self._logs.clear()
            self._blocked_until.clear()

    def limits_for(self, operation_id: str) -> tuple[tuple[int, RateLimit], ...]:
        """The limits (with their index, the counter key) that count calls of an operation."""
        return tuple(
            (index, limit)
            for index, limit in enumerate(self._limits)
            if limit.applies_to(operation_id)
        )

    def check(self, limits: tuple[tuple[int, RateLimit], ...], caller: str) -> Decision:
        """Count one call against ``limits``; say whether it is allowed and when to come back.

        All limits are checked before any is counted, so a call refused by one limit does not
        use up another; a refused call counts nowhere (the vendors document no penalty for
        being refused, only Polyv's block, which ``penalty-seconds`` models).
        """
        if not self.enabled or not limits:
            return Decision(True)
        now = self._clock.now()
        with self._lock:
            admitted: list[collections.deque[float]] = []
            for index, limit in limits:
                key = (index, caller)
                blocked = self._blocked_until.get(key, 0.0)
                if now < blocked:
                    return Decision(False, limit, blocked - now)
                log = self._logs.setdefault(key, collections.deque())
                while log and log[0] <= now - limit.period_seconds:
                    log.popleft()
                if len(log) >= limit.limit:
                    retry = log[0] + limit.period_seconds - now
                    if limit.penalty_seconds:
                        self._blocked_until[key] = now + limit.penalty_seconds
                        retry = limit.penalty_seconds
                    return Decision(False, limit, retry)
                admitted.append(log)
            for log in admitted:
                log.append(now)
        return Decision(True)
