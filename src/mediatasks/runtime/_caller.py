"""One place where a vendor call is made: limiter slot, send, retries, envelope decoding.

Adapters describe a request (method, URL, params, body) — built by the generated client's
request builder where one exists — and hand it here, so auth, rate limiting, retrying and
error typing are written once instead of in every endpoint wrapper. The httpx clients carry
the vendor's ``httpx.Auth``; each attempt takes a fresh limiter slot and is signed afresh.
A slot is waited for only as long as the call's retry budget (``RetryPolicy.timeout``) lasts,
so the limiter cannot stretch a call past it.
The request is encoded once per call and its URL parsed once per attempt
(:class:`~mediatasks.runtime._request.RequestBuilder`); shapes the builder does not know go
to httpx as they are.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import httpx

from mediatasks.errors import RequestTimeoutError, TransportError
from mediatasks.ratelimit import RateLimiter, shared_limiter
from mediatasks.runtime._envelope import Answer, decode
from mediatasks.runtime._request import RequestBuilder, Send
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
        self._builders: dict[bool, RequestBuilder] = {}

    def __repr__(self) -> str:
        return f"Caller({self.vendor!r}, policy={self.policy!r})"

    def _builder(self, http: httpx.Client | httpx.AsyncClient) -> RequestBuilder:
        """The request builder of ``http``, remade if the client or its auth was replaced."""
        is_async = isinstance(http, httpx.AsyncClient)
        builder = self._builders.get(is_async)
        if builder is None or builder.http is not http or builder.auth is not http.auth:
            builder = RequestBuilder(http.base_url, http.auth, http=http)
            self._builders[is_async] = builder
        return builder

    def call(
        self, operation_id: str, request: Mapping[str, Any], *, idempotent: bool = True
    ) -> Answer:
        """Send ``request`` (``httpx.Client.request`` keyword arguments) and decode the answer."""
        if self.http is None:
            raise RuntimeError(f"{self.vendor}: this client was built without a sync httpx client")
        http = self.http
        builder = self._builder(http)
        prepared = builder.prepare(request)

        def send(args: Send) -> httpx.Response:
            if args.presigned:  # the auth has signed the parts: httpx must not sign again
                return http.request(
                    args.method, args.url, headers=args.headers, content=args.content, auth=None
                )
            return http.request(args.method, args.url, headers=args.headers, content=args.content)

        deadline = time.monotonic() + self.policy.timeout

        def attempt() -> Answer:
            self.limiter.acquire(operation_id, max_wait=deadline - time.monotonic())
            self.requests_sent += 1
            try:
                if prepared is None:
                    response = http.request(**request)
                else:
                    response = send(builder.send_args(prepared))
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
        builder = self._builder(http)
        prepared = builder.prepare(request)

        async def send(args: Send) -> httpx.Response:
            if args.presigned:
                return await http.request(
                    args.method, args.url, headers=args.headers, content=args.content, auth=None
                )
            return await http.request(
                args.method, args.url, headers=args.headers, content=args.content
            )

        deadline = time.monotonic() + self.policy.timeout

        async def attempt() -> Answer:
            await self.limiter.acquire_async(operation_id, max_wait=deadline - time.monotonic())
            self.requests_sent += 1
            try:
                if prepared is None:
                    response = await http.request(**request)
                else:
                    response = await send(builder.send_args(prepared))
            except httpx.HTTPError as exc:
                raise transport_error(self.vendor, operation_id, exc) from exc
            return decode(self.profile, operation_id, response)

        return await call_async(attempt, self.policy, idempotent=idempotent)
