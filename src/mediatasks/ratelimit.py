"""A client-side limiter that keeps each vendor within its published rate.

Vendors publish "N calls per window" (ZEGO 10/s, 123pan 20/s for the record call, CDNetworks
300 per 5 min, Polyv 1500 per 10 s) and punish excess (Polyv blocks the IP for 5 minutes), so
the limiter is exact rather than a token bucket that may burst to twice the limit: a sliding
log of the last ``limit`` grant times, where the next grant is at ``oldest + period``.

A grant is a *reservation*: taking it is a few microseconds under a ``threading.Lock`` (safe
from threads and from event loops alike), and the caller then sleeps until its slot outside
the lock, with ``time.sleep`` or ``anyio.sleep``. A slot further away than ``max_wait`` is
refused with :class:`~mediatasks.errors.RateLimitError` and nothing is reserved, so no wait is
unbounded. One registry per process (:func:`shared_limiter`) makes every client of a vendor
share one budget.
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import anyio

from mediatasks.errors import RateLimitError
from mediatasks.specs import RateLimit, profile

__all__ = ["DEFAULT_MAX_WAIT", "RateLimiter", "Window", "reset_shared_limiters", "shared_limiter"]

DEFAULT_MAX_WAIT: Final = 30.0
_MAX_CACHED_OPERATIONS: Final = 256  # a spec names a handful; this only bounds misuse


@dataclass(slots=True)
class Window:
    """The grant log of one published limit."""

    limit: int
    period: float
    operations: tuple[str, ...]
    grants: collections.deque[float]

    @classmethod
    def from_spec(cls, rate: RateLimit) -> Window:
        if rate.limit < 1 or rate.period_seconds <= 0:
            raise ValueError(f"unusable rate limit {rate.limit}/{rate.period_seconds}s")
        return cls(rate.limit, rate.period_seconds, rate.operations, collections.deque())

    def applies_to(self, operation_id: str) -> bool:
        return "*" in self.operations or operation_id in self.operations

    def earliest(self, now: float) -> float:
        if len(self.grants) < self.limit:
            return now
        return max(now, self.grants[0] + self.period)

    def record(self, at: float) -> None:
        self.grants.append(at)
        while len(self.grants) > self.limit:
            self.grants.popleft()


class RateLimiter:
    """Grants call slots for one vendor so that every published window holds."""

    def __init__(
        self,
        vendor: str,
        limits: Sequence[RateLimit],
        *,
        max_wait: float = DEFAULT_MAX_WAIT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.vendor = vendor
        self.max_wait = max_wait
        self._clock = clock
        self._windows = [Window.from_spec(rate) for rate in limits]
        self._lock = threading.Lock()
        self._by_operation: dict[str, tuple[Window, ...]] = {}

    def __repr__(self) -> str:
        windows = ", ".join(f"{w.limit}/{w.period:g}s {list(w.operations)}" for w in self._windows)
        return f"RateLimiter({self.vendor!r}, [{windows}])"

    def windows_for(self, operation_id: str) -> tuple[Window, ...]:
        """The windows that apply to ``operation_id``, worked out once per operation."""
        windows = self._by_operation.get(operation_id)
        if windows is None:
            windows = tuple(w for w in self._windows if w.applies_to(operation_id))
            if len(self._by_operation) < _MAX_CACHED_OPERATIONS:
                self._by_operation[operation_id] = windows
        return windows

    def reserve(self, operation_id: str, max_wait: float | None = None) -> float:
        """Take the next slot for ``operation_id``; returns how many seconds to wait for it.

        ``max_wait`` lowers the limiter's own bound for this call (a retry loop passes the
        time it has left), never raises it.

        O(1) per call: the applicable windows are cached per operation (a vendor has one or
        two), an operation without a published limit returns without taking the lock, and
        each window's log is a deque trimmed to its limit.
        """
        windows = self.windows_for(operation_id)
        if not windows:
            return 0.0
        bound = self.max_wait if max_wait is None else min(self.max_wait, max_wait)
        with self._lock:
            now = self._clock()
            at = now
            for window in windows:
                at = max(at, window.earliest(now))
            delay = at - now
            if delay > bound:
                raise RateLimitError(
                    self.vendor,
                    operation_id,
                    f"local rate limiter: next slot in {delay:.1f} s exceeds the "
                    f"{max(bound, 0.0):.1f} s bound",
                    retry_after=delay,
                )
            for window in windows:
                window.record(at)
            return delay

    def acquire(
        self,
        operation_id: str,
        sleep: Callable[[float], None] = time.sleep,
        *,
        max_wait: float | None = None,
    ) -> float:
        """Reserve and sleep until the slot (sync callers); returns the time waited."""
        delay = self.reserve(operation_id, max_wait)
        if delay > 0:
            sleep(delay)
        return delay

    async def acquire_async(self, operation_id: str, *, max_wait: float | None = None) -> float:
        """Reserve and sleep until the slot (async callers); returns the time waited."""
        delay = self.reserve(operation_id, max_wait)
        if delay > 0:
            await anyio.sleep(delay)
        return delay


_SHARED: dict[str, RateLimiter] = {}
_SHARED_LOCK = threading.Lock()


def shared_limiter(vendor: str) -> RateLimiter:
    """The process-wide limiter of ``vendor``, built from its spec's ``x-rate-limits``."""
    with _SHARED_LOCK:
        limiter = _SHARED.get(vendor)
        if limiter is None:
            limiter = RateLimiter(vendor, profile(vendor).rate_limits)
            _SHARED[vendor] = limiter
        return limiter


def reset_shared_limiters() -> None:
    """Forget every shared limiter (tests and benchmarks start from an empty log)."""
    with _SHARED_LOCK:
        _SHARED.clear()
