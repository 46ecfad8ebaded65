"""A client-side limiter that keeps each vendor within its published rate.

Vendors publish "N calls per window" (ZEGO 10/s, 123pan 20/s for the record call, CDNetworks
300 per 5 min, Polyv 1500 per 10 s) and punish excess (Polyv blocks the IP for 5 minutes), so
the limiter is exact rather than a token bucket that may burst to twice the limit: a sliding
log of the last ``limit`` departures, where the next one may leave at
``oldest + period + margin``.

**Window semantics.** No vendor documents whether its window is fixed or sliding, nor whether
it counts a call when it arrives; a sliding window over arrivals is the strictest reading, and
whatever holds under it holds under fixed windows too. The log therefore keeps *departure*
times, and a margin — 2 % of each period (``margin``), at least 50 ms (``min_margin``): 50 ms
of a 1 s window, 6 s of a 5-minute one — absorbs the difference between when a call leaves
here and when the vendor counts it (network and scheduling jitter), because that part is
unverified for every vendor.

**Slots are taken at send time.** :meth:`RateLimiter.queue` queues a slot (a few
microseconds under a ``threading.Lock``, safe from threads and event loops alike); the caller
sleeps until it outside the lock and, as the request leaves, :meth:`RateLimiter.commit` moves
the logged time to the real departure. The runtime queues in httpx's request hook, the last
step before the transport, and commits when httpcore reports the request's headers written,
so a token fetch or a slow sleeper in between can never make two departures closer than a
period (see :mod:`mediatasks.runtime._sending`). A long wait would leave a signature stale by
the time the request leaves (CDNetworks accepts 5 minutes), so the runtime first waits,
*before* signing, for as long as :meth:`RateLimiter.peek` says no slot is free; the wait at
send time is then only what concurrent callers took meanwhile. A slot further away
than ``max_wait`` is refused with :class:`~mediatasks.errors.RateLimitError` and nothing is
reserved, so no wait is unbounded. One registry per process (:func:`shared_limiter`) makes
every client of a vendor share one budget.
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Final

from mediatasks.errors import RateLimitError
from mediatasks.specs import RateLimit, profile

__all__ = [
    "DEFAULT_MARGIN",
    "DEFAULT_MAX_WAIT",
    "DEFAULT_MIN_MARGIN",
    "RateLimiter",
    "Reservation",
    "Window",
    "reset_shared_limiters",
    "shared_limiter",
]

DEFAULT_MAX_WAIT: Final = 30.0
DEFAULT_MARGIN: Final = 0.02  # of each period: unverified window semantics, network jitter
DEFAULT_MIN_MARGIN: Final = 0.05  # seconds: the jitter of a network, whatever the period
_MAX_CACHED_OPERATIONS: Final = 256  # a spec names a handful; this only bounds misuse


class _Grant:
    """One logged slot: its planned time until the request leaves, then its departure."""

    __slots__ = ("at",)

    def __init__(self, at: float) -> None:
        self.at = at

    def __repr__(self) -> str:
        return f"_Grant({self.at})"


@dataclass(slots=True)
class Window:
    """The grant log of one published limit (``spacing``: the period plus the margin)."""

    limit: int
    period: float
    operations: tuple[str, ...]
    grants: collections.deque[_Grant]
    spacing: float = 0.0

    @classmethod
    def from_spec(cls, rate: RateLimit, margin: float = 0.0, min_margin: float = 0.0) -> Window:
        if rate.limit < 1 or rate.period_seconds <= 0:
            raise ValueError(f"unusable rate limit {rate.limit}/{rate.period_seconds}s")
        spacing = rate.period_seconds + max(rate.period_seconds * margin, min_margin)
        return cls(rate.limit, rate.period_seconds, rate.operations, collections.deque(), spacing)

    def applies_to(self, operation_id: str) -> bool:
        return "*" in self.operations or operation_id in self.operations

    def earliest(self, now: float) -> float:
        if len(self.grants) < self.limit:
            return now
        return max(now, self.grants[0].at + self.spacing)

    def record(self, at: float) -> _Grant:
        grant = _Grant(at)
        self.grants.append(grant)
        while len(self.grants) > self.limit:
            self.grants.popleft()
        return grant


@dataclass(frozen=True, slots=True)
class Reservation:
    """A queued slot: wait ``delay`` seconds, then :meth:`RateLimiter.commit` as it leaves."""

    delay: float
    grants: tuple[_Grant, ...] = ()


_FREE: Final = Reservation(0.0)


class RateLimiter:
    """Grants call slots for one vendor so that every published window holds."""

    def __init__(
        self,
        vendor: str,
        limits: Sequence[RateLimit],
        *,
        max_wait: float = DEFAULT_MAX_WAIT,
        margin: float = DEFAULT_MARGIN,
        min_margin: float = DEFAULT_MIN_MARGIN,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not 0.0 <= margin < 1.0:
            raise ValueError(f"margin must be in [0, 1), got {margin!r}")
        if not 0.0 <= min_margin < 60.0:
            raise ValueError(f"min_margin must be in [0, 60) seconds, got {min_margin!r}")
        self.vendor = vendor
        self.max_wait = max_wait
        self._clock = clock
        self._windows = [Window.from_spec(rate, margin, min_margin) for rate in limits]
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
        """Take the next slot for ``operation_id`` now; returns how many seconds to wait.

        For a caller that sends right after the wait and has nothing to commit (the logged
        time is the planned one); the runtime uses :meth:`queue` and :meth:`commit`.
        """
        return self.queue(operation_id, max_wait).delay

    def peek(self, operation_id: str, max_wait: float | None = None) -> float:
        """How long until a slot for ``operation_id`` is free, reserving nothing (refused like
        :meth:`queue` past the bound)."""
        windows = self.windows_for(operation_id)
        if not windows:
            return 0.0
        with self._lock:
            now = self._clock()
            delay = max(window.earliest(now) for window in windows) - now
        self._check_bound(operation_id, delay, max_wait)
        return delay

    def _check_bound(self, operation_id: str, delay: float, max_wait: float | None) -> None:
        bound = self.max_wait if max_wait is None else min(self.max_wait, max_wait)
        if delay > bound:
            raise RateLimitError(
                self.vendor,
                operation_id,
                f"local rate limiter: next slot in {delay:.1f} s exceeds the "
                f"{max(bound, 0.0):.1f} s bound",
                retry_after=delay,
            )

    def queue(self, operation_id: str, max_wait: float | None = None) -> Reservation:
        """Queue the next slot for ``operation_id``: wait its ``delay``, then :meth:`commit`.

        ``max_wait`` lowers the limiter's own bound for this call (a retry loop passes the
        time it has left), never raises it.

        O(1) per call: the applicable windows are cached per operation (a vendor has one or
        two), an operation without a published limit returns without taking the lock, and
        each window's log is a deque trimmed to its limit.
        """
        windows = self.windows_for(operation_id)
        if not windows:
            return _FREE
        with self._lock:
            now = self._clock()
            at = now
            for window in windows:
                at = max(at, window.earliest(now))
            delay = at - now
            self._check_bound(operation_id, delay, max_wait)
            return Reservation(delay, tuple(window.record(at) for window in windows))

    def commit(self, reservation: Reservation) -> None:
        """The request leaves now: log its real departure (never earlier than planned)."""
        if not reservation.grants:
            return
        with self._lock:
            now = self._clock()
            for grant in reservation.grants:
                grant.at = max(grant.at, now)

    def acquire(
        self,
        operation_id: str,
        sleep: Callable[[float], None],
        *,
        max_wait: float | None = None,
    ) -> Reservation:
        """Queue a slot, ``sleep`` until it and commit it; the runtime's request hook passes
        :func:`~mediatasks.runtime._steps.pause` (skipped in test mode) and commits the
        returned reservation again when the request's headers are written."""
        reservation = self.queue(operation_id, max_wait)
        if reservation.delay > 0:
            sleep(reservation.delay)
        self.commit(reservation)
        return reservation

    async def acquire_async(
        self,
        operation_id: str,
        sleep: Callable[[float], Awaitable[None]],
        *,
        max_wait: float | None = None,
    ) -> Reservation:
        """:meth:`acquire` for async callers (``sleep`` is awaited)."""
        reservation = self.queue(operation_id, max_wait)
        if reservation.delay > 0:
            await sleep(reservation.delay)
        self.commit(reservation)
        return reservation


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
