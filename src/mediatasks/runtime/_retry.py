"""When to retry a call, and the stamina loop that does it.

The decision list (after openai-python's): connection errors and timeouts, HTTP 408/429/5xx,
the vendors' over-limit codes (kind ``rate-limited``) and their internal-error codes (kind
``server``). A ``Retry-After`` the vendor sends is honoured up to ``retry_after_cap``. A call
that is not idempotent (MYun create) is retried only when the request provably never left:
the connection could not be established. Every loop is bounded by ``attempts`` and by
``timeout`` seconds of wall time; tests switch the sleeps off with ``stamina.set_testing``.
Stamina checks its timeout only after an attempt, so a ``Retry-After`` wait that would end
past the deadline is not started: the call gives up at once with the vendor's error (which
carries ``retry_after``). The caller also caps each attempt's limiter wait at the time left.
The first attempt runs outside stamina; a retryable failure hands over to stamina, which
replays it as its own first attempt (see :func:`call_sync`).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final, TypeVar

import stamina

from mediatasks.errors import (
    HTTPStatusError,
    RateLimitError,
    TransportError,
    VendorError,
    VendorServerError,
)

__all__ = ["RETRYABLE_STATUS", "RetryPolicy", "call_async", "call_sync"]

T = TypeVar("T")
RETRYABLE_STATUS: Final = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounds and backoff of the retry loop (exponential with jitter, after stamina)."""

    attempts: int = 4
    timeout: float = 30.0
    wait_initial: float = 0.2
    wait_max: float = 5.0
    wait_jitter: float = 0.5
    retry_after_cap: float = 20.0

    def decide(self, exc: Exception, *, idempotent: bool) -> bool | float:
        """False: give up. True: back off. A float: wait exactly that (Retry-After)."""
        if isinstance(exc, TransportError):
            return idempotent or not exc.may_have_reached_server
        if not idempotent:
            return False
        if isinstance(exc, RateLimitError) and exc.code is None and exc.status_code is None:
            return False  # the local limiter's own refusal: waiting longer is its job
        retryable = isinstance(exc, RateLimitError | VendorServerError) or (
            isinstance(exc, HTTPStatusError) and exc.status_code in RETRYABLE_STATUS
        )
        if not retryable:
            return False
        assert isinstance(exc, VendorError)
        if exc.retry_after is not None:
            return min(exc.retry_after, self.retry_after_cap)
        return True


def _within(verdict: bool | float, deadline: float, clock: Callable[[], float]) -> bool | float:
    """The verdict, except that a Retry-After wait ending past the deadline gives up now.

    A float verdict of ``0.0`` (``Retry-After: 0``) means "retry at once", not "give up".
    """
    if isinstance(verdict, bool):
        return verdict
    return False if clock() + verdict > deadline else verdict


def _on(
    policy: RetryPolicy, idempotent: bool, deadline: float, clock: Callable[[], float]
) -> Callable[[Exception], bool | float]:
    def hook(exc: Exception) -> bool | float:
        return _within(policy.decide(exc, idempotent=idempotent), deadline, clock)

    return hook


def _context(
    policy: RetryPolicy,
    idempotent: bool,
    remaining: float,
    deadline: float,
    clock: Callable[[], float],
) -> Any:
    return stamina.retry_context(
        on=_on(policy, idempotent, deadline, clock),
        attempts=policy.attempts,
        timeout=remaining,
        wait_initial=policy.wait_initial,
        wait_max=policy.wait_max,
        wait_jitter=policy.wait_jitter,
    )


def _replay(first: Exception) -> None:
    """Stamina's first attempt: the failure the fast path already saw."""
    raise first


def call_sync(
    fn: Callable[[], T],
    policy: RetryPolicy,
    *,
    idempotent: bool,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Run ``fn`` under the policy; the last error propagates when retries are exhausted.

    The first attempt runs bare (most calls succeed, and a stamina context costs about as much
    as signing a request). Only a failure that the policy would retry enters stamina, whose
    first attempt replays that failure, so attempts, backoff, the ``timeout`` (less the time
    the first attempt took) and stamina's instrumentation and test mode are all stamina's.
    """
    deadline = clock() + policy.timeout
    try:
        return fn()
    except Exception as exc:
        if _within(policy.decide(exc, idempotent=idempotent), deadline, clock) is False:
            raise
        first: Exception | None = exc
    remaining = deadline - clock()
    if remaining <= 0:
        assert first is not None
        raise first
    for attempt in _context(policy, idempotent, remaining, deadline, clock):
        with attempt:
            if first is not None:
                replayed, first = first, None
                _replay(replayed)
            return fn()
    raise AssertionError("stamina ended the retry loop without a result or an error")


async def call_async(
    fn: Callable[[], Awaitable[T]],
    policy: RetryPolicy,
    *,
    idempotent: bool,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Async twin of :func:`call_sync`."""
    deadline = clock() + policy.timeout
    try:
        return await fn()
    except Exception as exc:
        if _within(policy.decide(exc, idempotent=idempotent), deadline, clock) is False:
            raise
        first: Exception | None = exc
    remaining = deadline - clock()
    if remaining <= 0:
        assert first is not None
        raise first
    async for attempt in _context(policy, idempotent, remaining, deadline, clock):
        with attempt:
            if first is not None:
                replayed, first = first, None
                _replay(replayed)
            return await fn()
    raise AssertionError("stamina ended the retry loop without a result or an error")
