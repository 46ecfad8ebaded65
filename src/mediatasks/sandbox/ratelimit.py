"""Enforce each vendor's published rate limits (``x-rate-limits``) the way the vendor does.

A fixed-window counter per (limit, caller) pair, read against the sandbox clock, so a test can
cross a window boundary by advancing the clock. Where the vendor blocks an abusive caller for a
while (Polyv: five minutes), ``penalty-seconds`` keeps answering over-limit until it runs out.
"""

from __future__ import annotations

import math
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
    """Counts calls per limit and caller; thread-safe, O(1) per call."""

    def __init__(self, limits: tuple[RateLimit, ...], clock: Clock) -> None:
        self._limits = limits
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[tuple[int, str], tuple[int, int]] = {}
        self._blocked_until: dict[tuple[int, str], float] = {}
        self.enabled = True

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()
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
            updates: list[tuple[tuple[int, str], tuple[int, int]]] = []
            for index, limit in limits:
                key = (index, caller)
                blocked = self._blocked_until.get(key, 0.0)
                if now < blocked:
                    return Decision(False, limit, blocked - now)
                window = math.floor(now / limit.period_seconds)
                start, count = self._windows.get(key, (window, 0))
                if start != window:
                    start, count = window, 0
                if count >= limit.limit:
                    retry = (window + 1) * limit.period_seconds - now
                    if limit.penalty_seconds:
                        self._blocked_until[key] = now + limit.penalty_seconds
                        retry = limit.penalty_seconds
                    return Decision(False, limit, retry)
                updates.append((key, (start, count + 1)))
            self._windows.update(updates)
        return Decision(True)
