"""When to retry a call, and the retry loop, written once as a sans-IO flow.

The decision list (after openai-python's): connection errors and timeouts, HTTP 408/429/5xx,
the vendors' over-limit codes (kind ``rate-limited``) and their internal-error codes (kind
``server``). A ``Retry-After`` the vendor sends is honoured up to ``retry_after_cap``. A call
that is not idempotent (MYun create) is retried only when the request provably never left:
the connection could not be established. Every loop is bounded by ``attempts`` and by
``timeout`` seconds of wall time; a wait (backoff or Retry-After) that would end past the
deadline is not started: the call gives up at once with the vendor's error (which carries
``retry_after``).

The backoff is stamina's formula (``wait_initial * 2**(n-1)`` plus up to ``wait_jitter`` of
random jitter, capped at ``wait_max``), computed here rather than by stamina because stamina
does its own sleeping inside its iterator, and the loop must hand its waits to a sync or an
async shell as :class:`~mediatasks.runtime._steps.Sleep` steps (see ARCHITECTURE.md). Each
scheduled retry still goes to stamina's public instrumentation hooks
(``stamina.instrumentation.set_on_retry_hooks``: logging, structlog, Prometheus, the CLI's
``-v`` lines).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from stamina.instrumentation import RetryDetails, get_on_retry_hooks

from mediatasks.errors import (
    HTTPStatusError,
    RateLimitError,
    TransportError,
    VendorError,
    VendorServerError,
)
from mediatasks.runtime._steps import Flow, Sleep

__all__ = ["RETRYABLE_STATUS", "RetryPolicy", "retrying"]

T = TypeVar("T")
RETRYABLE_STATUS: Final = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounds and backoff of the retry loop (exponential with jitter)."""

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

    def backoff(self, attempt: int) -> float:
        """The wait after failed attempt number ``attempt`` (1-based), jittered."""
        exponential: float = self.wait_initial * 2.0 ** (attempt - 1)
        return min(self.wait_max, exponential + random.uniform(0, self.wait_jitter))

    def wait_after(
        self, exc: Exception, attempt: int, *, idempotent: bool, time_left: float
    ) -> float | None:
        """How long to wait before the next attempt, or None to give up with ``exc``."""
        if attempt >= self.attempts:
            return None
        verdict = self.decide(exc, idempotent=idempotent)
        if verdict is False:
            return None
        wait = self.backoff(attempt) if verdict is True else float(verdict)
        return None if wait > time_left else wait


def retrying(
    attempt: Callable[[float], Flow[T]],
    policy: RetryPolicy,
    *,
    idempotent: bool,
    clock: Callable[[], float] = time.monotonic,
    name: str = "call",
) -> Generator[Any, Any, T]:
    """Run ``attempt`` (a flow factory, given the deadline) until it returns or the policy
    gives up; the last error propagates. Waits are yielded as Sleep steps, and every scheduled
    retry is reported to stamina's instrumentation hooks under ``name``."""
    start = clock()
    deadline = start + policy.timeout
    number = 0
    while True:
        number += 1
        try:
            return (yield from attempt(deadline))
        except Exception as exc:
            wait = policy.wait_after(
                exc, number, idempotent=idempotent, time_left=deadline - clock()
            )
            if wait is None:
                raise
            _report(name, number, wait, clock() - start, exc)
        yield Sleep(wait)


def _report(name: str, retry_num: int, wait: float, so_far: float, cause: Exception) -> None:
    """Tell stamina's hooks (logging, structlog, Prometheus, the CLI's ``-v``) about a retry."""
    details = RetryDetails(
        name=name,
        args=(),
        kwargs={},
        retry_num=retry_num,
        wait_for=wait,
        waited_so_far=so_far,
        caused_by=cause,
    )
    for hook in get_on_retry_hooks():
        hook(details)
