"""One place where a vendor call is made: deadline, send, retries, envelope decoding.

Adapters describe a request (``httpx.Client.request`` keyword arguments, built by the
generated client's request builder) and hand it here, so auth, rate limiting, retrying and
error typing are written once instead of in every endpoint wrapper. The call itself is a
sans-IO flow (:meth:`Caller.flow`): per attempt a Send step (carrying the operation and the
call's one deadline as request extensions) and decoding; the retry loop around it is
:func:`~mediatasks.runtime._retry.retrying`, which sets the deadline once per call.
:meth:`Caller.call` and :meth:`Caller.call_async` only drive that flow with a sync or an async
httpx client, whose ``httpx.Auth`` signs every attempt afresh inside httpx's own request flow,
and whose event hooks (:mod:`mediatasks.runtime._sending`) hold the deadline, take the
rate-limit slot as each request leaves (after any token fetch) and log a redacted line.

Every failure leaves as a :class:`~mediatasks.errors.MediaTasksError` that keeps no request:
it names the vendor, the operation (the token call's own, when that failed), the method and a
URL with its signing parameters redacted, and it is raised outside the ``except`` block, so
neither ``__cause__`` nor ``__context__`` holds httpx's exception with its signed request.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Mapping
from typing import Any

import anyio
import httpx

from mediatasks.envelope import Answer, decode
from mediatasks.errors import (
    ConfigurationError,
    MediaTasksError,
    RequestTimeoutError,
    TransportError,
    excerpt,
)
from mediatasks.ratelimit import RateLimiter, shared_limiter
from mediatasks.runtime._retry import RetryPolicy, retrying
from mediatasks.runtime._sending import (
    DEADLINE,
    OPERATION,
    Hooks,
    Sending,
    attach,
    operation_of,
    redact_url,
)
from mediatasks.runtime._steps import Send, Sleep, Step, run_async, run_sync
from mediatasks.specs import VendorProfile, profile

__all__ = ["Caller", "failure_of", "transport_error"]


def _request_of(exc: BaseException) -> httpx.Request | None:
    try:
        request = getattr(exc, "request", None)
    except RuntimeError:  # httpx: "The .request property has not been set."
        return None
    return request if isinstance(request, httpx.Request) else None


def transport_error(
    vendor: str,
    operation_id: str,
    exc: BaseException,
    *,
    redacted: frozenset[str] = frozenset(),
    method: str | None = None,
    url: str | None = None,
) -> TransportError:
    """Type an httpx failure; only a failed connect proves the request never left."""
    request = _request_of(exc)
    never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
    timed_out = isinstance(exc, httpx.TimeoutException | TimeoutError)
    cls = RequestTimeoutError if timed_out else TransportError
    text = excerpt(str(exc), 200)
    if isinstance(exc, TimeoutError) and not text:
        text = "the call's deadline passed"
    return cls(
        vendor,
        operation_of(request, operation_id),
        f"{type(exc).__name__}: {text}" if text else type(exc).__name__,
        may_have_reached_server=not never_sent,
        method=request.method if request is not None else method,
        url=redact_url(request.url, redacted) if request is not None else url,
    )


def failure_of(
    vendor: str,
    operation_id: str,
    exc: Exception,
    *,
    redacted: frozenset[str] = frozenset(),
    method: str | None = None,
    url: str | None = None,
) -> MediaTasksError | None:
    """The error a send's failure becomes; None for one that is already in the tree."""
    if isinstance(exc, MediaTasksError):
        return None
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol | UnicodeError):
        return ConfigurationError(
            f"{vendor} {operation_of(_request_of(exc), operation_id)}: the request cannot be "
            f"built ({type(exc).__name__}: {excerpt(str(exc), 120)}); nothing was sent"
        )
    if isinstance(exc, httpx.HTTPError | TimeoutError):
        return transport_error(vendor, operation_id, exc, redacted=redacted, method=method, url=url)
    return None


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
        self.hooks = Hooks(vendor, self.limiter, self.profile.signed_query_parameters)
        for client in (http, async_http):
            if client is not None:
                attach(client, self.hooks)

    def attach(self, client: httpx.Client | httpx.AsyncClient) -> None:
        """Give ``client`` this caller's hooks (deadline, send-time limit, redacted log)."""
        attach(client, self.hooks)

    def __repr__(self) -> str:
        return f"Caller({self.vendor!r}, policy={self.policy!r})"

    def flow(
        self, operation_id: str, request: Mapping[str, Any], *, idempotent: bool = True
    ) -> Generator[Step, Any, Answer]:
        """The whole call as steps: sends and backoffs under one deadline, then the answer."""

        def attempt(deadline: float) -> Generator[Step, Any, Answer]:
            # Wait out a full window here, before the auth flow signs (a signature must not
            # sit out a 5-minute window); the slot itself is taken as the request leaves.
            delay = self.limiter.peek(operation_id, max_wait=deadline - time.monotonic())
            if delay > 0:
                yield Sleep(delay)
            self.requests_sent += 1
            failure: MediaTasksError | None = None
            try:
                response = yield Send(self._under(request, operation_id, deadline))
            except Exception as exc:
                failure = failure_of(
                    self.vendor,
                    operation_id,
                    exc,
                    redacted=self.profile.signed_query_parameters,
                    method=str(request.get("method", "")).upper() or None,
                    url=str(request.get("url", "")) or None,
                )
                if failure is None:
                    raise
            if failure is not None:
                raise failure  # outside the handler: no __context__ with a signed request
            return decode(self.profile, operation_id, response)

        return retrying(
            attempt, self.policy, idempotent=idempotent, name=f"{self.vendor}.{operation_id}"
        )

    @staticmethod
    def _under(request: Mapping[str, Any], operation_id: str, deadline: float) -> dict[str, Any]:
        """The request's keyword arguments with the operation and deadline as extensions."""
        extensions = dict(request.get("extensions") or {})
        extensions[OPERATION] = operation_id
        extensions[DEADLINE] = deadline
        return {**request, "extensions": extensions}

    def call(
        self, operation_id: str, request: Mapping[str, Any], *, idempotent: bool = True
    ) -> Answer:
        """Send ``request`` (``httpx.Client.request`` keyword arguments) and decode the answer."""
        http = self.http
        if http is None:
            raise RuntimeError(f"{self.vendor}: this client was built without a sync httpx client")

        def perform(step: Send) -> httpx.Response:
            with Sending():
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
            # The hooks cut every timeout to the time left; the cancel scope also ends a read
            # that is stalled at the deadline (token fetch and body included).
            left = step.request["extensions"][DEADLINE] - time.monotonic()
            with Sending() as sending:
                try:
                    with anyio.fail_after(max(left, 0.0)):
                        return await http.request(**step.request)
                except TimeoutError:
                    pass
            raise sending.deadline_passed()  # outside the handler: no __context__

        return await run_async(self.flow(operation_id, request, idempotent=idempotent), perform)
