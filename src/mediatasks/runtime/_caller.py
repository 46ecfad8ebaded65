"""One place where a vendor call is made: limiter slot, send, retries, envelope decoding.

Adapters describe a request (method, URL, params, body) — built by the generated client's
request builder where one exists — and hand it here, so auth, rate limiting, retrying and
error typing are written once instead of in every endpoint wrapper. The httpx clients carry
the vendor's ``httpx.Auth``; each attempt takes a fresh limiter slot and is signed afresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from mediatasks.errors import RequestTimeoutError, TransportError
from mediatasks.ratelimit import RateLimiter, shared_limiter
from mediatasks.runtime._envelope import Answer, decode
from mediatasks.runtime._retry import RetryPolicy, call_async, call_sync
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

    def call(
        self, operation_id: str, request: Mapping[str, Any], *, idempotent: bool = True
    ) -> Answer:
        """Send ``request`` (``httpx.Client.request`` keyword arguments) and decode the answer."""
        if self.http is None:
            raise RuntimeError(f"{self.vendor}: this client was built without a sync httpx client")
        http = self.http

        def attempt() -> Answer:
            self.limiter.acquire(operation_id)
            self.requests_sent += 1
            try:
                response = http.request(**request)
            except httpx.HTTPError as exc:
                raise transport_error(self.vendor, operation_id, exc) from exc
            return decode(self.profile, operation_id, response)

        return call_sync(attempt, self.policy, idempotent=idempotent)

    async def call_async(
        self, operation_id: str, request: Mapping[str, Any], *, idempotent: bool = True
    ) -> Answer:
        """Async twin of :meth:`call`."""
        if self.async_http is None:
            raise RuntimeError(f"{self.vendor}: this client was built without an async client")
        http = self.async_http

        async def attempt() -> Answer:
            await self.limiter.acquire_async(operation_id)
            self.requests_sent += 1
            try:
                response = await http.request(**request)
            except httpx.HTTPError as exc:
                raise transport_error(self.vendor, operation_id, exc) from exc
            return decode(self.profile, operation_id, response)

        return await call_async(attempt, self.policy, idempotent=idempotent)
