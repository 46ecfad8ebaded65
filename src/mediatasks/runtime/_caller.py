"""One place where a vendor call is made: limiter slot, send, retries, envelope decoding.

Adapters describe a request (``httpx.Client.request`` keyword arguments, built by the
generated client's request builder) and hand it here, so auth, rate limiting, retrying and
error typing are written once instead of in every endpoint wrapper. The call itself is a
sans-IO flow (:meth:`Caller.flow`): per attempt, a fresh limiter slot (a Sleep step for its
wait, never longer than the time the retry budget has left), a Send step, and decoding; the
retry loop around it is :func:`~mediatasks.runtime._retry.retrying`. :meth:`Caller.call` and
:meth:`Caller.call_async` only drive that flow with a sync or an async httpx client, whose
``httpx.Auth`` signs every attempt afresh inside httpx's own request flow.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Mapping
from typing import Any

import httpx

from mediatasks.envelope import Answer, decode
from mediatasks.errors import RequestTimeoutError, TransportError
from mediatasks.ratelimit import RateLimiter, shared_limiter
from mediatasks.runtime._retry import RetryPolicy, retrying
from mediatasks.runtime._steps import Send, Sleep, Step, run_async, run_sync
from mediatasks.specs import VendorProfile, profile

__all__ = ["Caller", "transport_error"]


def transport_error(vendor: str, operation_id: str, exc: httpx.HTTPError) -> TransportError:
    """Type an httpx failure; only a failed connect proves the request never left."""
    never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
    cls = RequestTimeoutError if isinstance(exc, httpx.TimeoutException) else TransportError
    return cls(
        vendor,
        operation_id,
        f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__,
        may_have_reached_server=not never_sent,
    )


class Caller:
    """Sends operations of one vendor through the given sync and/or async httpx clients."""

    def __init__(
        self,
        vendor: str,
        *,
        http: httpx.Client | None = None,
        async_http: httpx.AsyncClient | None = None,
        policy: RetryPolicy | None = None,
        limiter: RateLimiter | None = None,
        vendor_profile: VendorProfile | None = None,
    ) -> None:
        self.vendor = vendor
        self.http = http
        self.async_http = async_http
        self.policy = policy or RetryPolicy()
        self.limiter = limiter or shared_limiter(vendor)
        self.profile = vendor_profile or profile(vendor)
        self.requests_sent = 0

    def __repr__(self) -> str:
        return f"Caller({self.vendor!r}, policy={self.policy!r})"

    def flow(
        self, operation_id: str, request: Mapping[str, Any], *, idempotent: bool = True
    ) -> Generator[Step, Any, Answer]:
        """The whole call as steps: limiter waits, sends and backoffs, then the answer."""

        def attempt(deadline: float) -> Generator[Step, Any, Answer]:
            delay = self.limiter.reserve(operation_id, max_wait=deadline - time.monotonic())
            if delay > 0:
                yield Sleep(delay)
            self.requests_sent += 1
            try:
                response = yield Send(request)
            except httpx.HTTPError as exc:
                raise transport_error(self.vendor, operation_id, exc) from exc
            return decode(self.profile, operation_id, response)

        return retrying(
            attempt, self.policy, idempotent=idempotent, name=f"{self.vendor}.{operation_id}"
        )

    def call(
        self, operation_id: str, request: Mapping[str, Any], *, idempotent: bool = True
    ) -> Answer:
        """Send ``request`` (``httpx.Client.request`` keyword arguments) and decode the answer."""
        http = self.http
        if http is None:
            raise RuntimeError(f"{self.vendor}: this client was built without a sync httpx client")

        def perform(step: Send) -> httpx.Response:
            return http.request(**step.request)

        return run_sync(self.flow(operation_id, request, idempotent=idempotent), perform)

    async def call_async(
        self, operation_id: str, request: Mapping[str, Any], *, idempotent: bool = True
    ) -> Answer:
        """:meth:`call` driven by the async httpx client."""
        http = self.async_http
        if http is None:
            raise RuntimeError(f"{self.vendor}: this client was built without an async client")

        async def perform(step: Send) -> httpx.Response:
            return await http.request(**step.request)

        return await run_async(self.flow(operation_id, request, idempotent=idempotent), perform)
