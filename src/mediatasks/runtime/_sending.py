"""What happens to every request a vendor client sends, inside httpx's own request path.

Three things hold for each request the runtime makes — the call's own, and any request the
auth flow makes for it (123pan's token call) — and all three live in httpx's public event
hooks, which run after the auth flow has produced the final request and right before the
transport. (A wrapping transport would do as well, but httpx ignores the environment's
proxies once a transport is passed in.)

* **The call's deadline** (``request.extensions[DEADLINE]``, a ``time.monotonic()`` instant,
  set by the retry loop once per call): a request that would start after it fails at once;
  connect, write, pool and read timeouts are cut to the time left when the request leaves, and
  the read timeout again when the answer's headers are in; the body stream checks the deadline
  at every chunk, so a body that trickles one byte at a time cannot outlive it. An async call
  also runs in an anyio cancel scope ending at the deadline (:class:`~mediatasks.runtime.Caller`),
  which stops even a read that is stalled.
* **The rate-limit slot** of the request's operation (``request.extensions[OPERATION]``):
  queued here, after any token fetch, waited for (:func:`~mediatasks.runtime._steps.pause`,
  skipped in test mode), and committed as the request leaves: here, and again when httpcore
  reports the request's headers written (its documented ``trace`` extension), so the logged
  departure is as late as the real one.
* **One log line per answer** on the ``mediatasks.http`` logger, with the vendor, the
  operation and a URL whose signing parameters are redacted; httpx's own ``HTTP Request:``
  line (which would carry ZEGO's and Polyv's signature, nonce and timestamp) is dropped for
  the runtime's requests by a filter on the ``httpx`` logger.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import Any, Final
from urllib.parse import unquote

import httpx

from mediatasks.ratelimit import RateLimiter, Reservation
from mediatasks.runtime._steps import pause, pause_async

__all__ = [
    "DEADLINE",
    "OPERATION",
    "DeadlineExceeded",
    "Hooks",
    "Sending",
    "operation_of",
    "redact_url",
]

DEADLINE: Final = "mediatasks.deadline"
OPERATION: Final = "mediatasks.operation"
REDACTED: Final = "REDACTED"
_TIMEOUT_KEYS: Final = ("connect", "read", "write", "pool")
_WRITTEN: Final = "send_request_headers.complete"  # httpcore trace: http11.… and http2.…
LOG: Final = logging.getLogger("mediatasks.http")


class DeadlineExceeded(httpx.TimeoutException):
    """The call's deadline passed while one of its requests was under way."""


class Sending:
    """One send of the runtime in progress (sync: this thread; async: this task), and the last
    request it put on the wire (a failure is named after it: the token call's, say)."""

    __slots__ = ("_token", "request")

    def __init__(self) -> None:
        self.request: httpx.Request | None = None
        self._token: contextvars.Token[Sending | None] | None = None

    def __enter__(self) -> Sending:
        self._token = _CURRENT.set(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._token is not None:
            _CURRENT.reset(self._token)

    def deadline_passed(self) -> DeadlineExceeded:
        """The error for a deadline that a cancel scope enforced, naming the request."""
        error = DeadlineExceeded("the call's deadline passed before the answer was complete")
        if self.request is not None:
            error.request = self.request
        return error


# httpx's own line is replaced by the runtime's redacted one while a Sending is current.
_CURRENT: contextvars.ContextVar[Sending | None] = contextvars.ContextVar(
    "mediatasks_sending", default=None
)


class _DropHttpxLine(logging.Filter):
    """Drops httpx's ``HTTP Request:`` line for requests the runtime sends (it logs its own)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (_CURRENT.get() is not None and str(record.msg).startswith("HTTP Request:"))


def _install_filter() -> None:
    httpx_logger = logging.getLogger("httpx")
    if not any(isinstance(f, _DropHttpxLine) for f in httpx_logger.filters):
        httpx_logger.addFilter(_DropHttpxLine())


_install_filter()


def redact_url(url: httpx.URL | str, names: frozenset[str]) -> str:
    """``url`` with the value of every query parameter named in ``names`` replaced; the rest of
    the query keeps its exact bytes."""
    parsed = httpx.URL(url) if isinstance(url, str) else url
    query = parsed.query.decode("ascii", errors="replace")
    if not query or not names:
        return str(parsed)
    parts = []
    for part in query.split("&"):
        name = unquote(part.split("=", 1)[0].replace("+", " "))
        parts.append(f"{part.split('=', 1)[0]}={REDACTED}" if name in names else part)
    return str(parsed.copy_with(query="&".join(parts).encode("ascii")))


def operation_of(request: httpx.Request | None, default: str) -> str:
    """The operation a request was sent for (the token call names its own), else ``default``."""
    if request is None:
        return default
    operation = request.extensions.get(OPERATION)
    return operation if isinstance(operation, str) else default


def _time_left(request: httpx.Request) -> float | None:
    deadline = request.extensions.get(DEADLINE)
    if not isinstance(deadline, int | float):
        return None
    left = float(deadline) - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded(
            f"the call's deadline passed ({-left:.2f} s ago) before the answer was complete",
            request=request,
        )
    return left


def _cap_timeouts(request: httpx.Request, left: float, keys: tuple[str, ...]) -> None:
    """Cut the request's httpx timeouts to ``left`` seconds (a fresh dict: httpcore reads it
    when each phase starts)."""
    current = request.extensions.get("timeout")
    timeouts: dict[str, Any] = dict(current) if isinstance(current, Mapping) else {}
    for key in keys:
        value = timeouts.get(key)
        timeouts[key] = left if value is None else min(float(value), left)
    request.extensions["timeout"] = timeouts


class _DeadlineStream(httpx.SyncByteStream):
    """A sync answer body that fails at the first chunk arriving after the deadline."""

    def __init__(self, inner: httpx.SyncByteStream, request: httpx.Request) -> None:
        self._inner = inner
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            _time_left(self._request)
            yield chunk

    def close(self) -> None:
        self._inner.close()


class _AsyncDeadlineStream(httpx.AsyncByteStream):
    """The async twin of :class:`_DeadlineStream`."""

    def __init__(self, inner: httpx.AsyncByteStream, request: httpx.Request) -> None:
        self._inner = inner
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            _time_left(self._request)
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


class Hooks:
    """The event hooks of one vendor's httpx clients (see the module docstring)."""

    def __init__(self, vendor: str, limiter: RateLimiter, redacted: frozenset[str]) -> None:
        self.vendor = vendor
        self.limiter = limiter
        self.redacted = redacted

    def sync(self) -> dict[str, list[Callable[..., Any]]]:
        return {"request": [self.on_request], "response": [self.on_response]}

    def async_(self) -> dict[str, list[Callable[..., Awaitable[Any]]]]:
        return {"request": [self.on_request_async], "response": [self.on_response_async]}

    # -- request: deadline, then the limiter's slot, then the deadline again --------------
    @staticmethod
    def _note(request: httpx.Request) -> None:
        current = _CURRENT.get()
        if current is not None:
            current.request = request

    def _operation(self, request: httpx.Request) -> str | None:
        operation = request.extensions.get(OPERATION)
        return operation if isinstance(operation, str) else None

    def _leave(self, request: httpx.Request, reservation: Reservation | None) -> bool:
        """Cap the timeouts to the time left; True when the slot wants a later commit."""
        left = _time_left(request)
        if left is not None:
            _cap_timeouts(request, left, _TIMEOUT_KEYS)
        return reservation is not None and bool(reservation.grants)

    def on_request(self, request: httpx.Request) -> None:
        self._note(request)
        operation = self._operation(request)
        reservation = (
            None
            if operation is None
            else self.limiter.acquire(operation, pause, max_wait=_time_left(request))
        )
        if self._leave(request, reservation):
            assert reservation is not None
            limiter, previous = self.limiter, request.extensions.get("trace")

            def trace(event: str, info: Mapping[str, Any]) -> None:
                if event.endswith(_WRITTEN):
                    limiter.commit(reservation)
                if previous is not None:
                    previous(event, info)

            request.extensions["trace"] = trace

    async def on_request_async(self, request: httpx.Request) -> None:
        self._note(request)
        operation = self._operation(request)
        reservation = (
            None
            if operation is None
            else await self.limiter.acquire_async(
                operation, pause_async, max_wait=_time_left(request)
            )
        )
        if self._leave(request, reservation):
            assert reservation is not None
            limiter, previous = self.limiter, request.extensions.get("trace")

            async def trace(event: str, info: Mapping[str, Any]) -> None:
                if event.endswith(_WRITTEN):
                    limiter.commit(reservation)
                if previous is not None:
                    await previous(event, info)

            request.extensions["trace"] = trace

    # -- response: the body under the deadline, and the redacted line -----------------------
    def _log(self, response: httpx.Response) -> None:
        if LOG.isEnabledFor(logging.INFO):
            request = response.request
            LOG.info(
                '%s %s: %s %s "%s %d %s"',
                self.vendor,
                operation_of(request, "-"),
                request.method,
                redact_url(request.url, self.redacted),
                response.http_version,
                response.status_code,
                response.reason_phrase,
            )

    def _answer(self, response: httpx.Response, kind: type, wrapper: Any) -> None:
        """Log the answer; read its body under the deadline (``wrapper`` around a ``kind``)."""
        self._log(response)
        request = response.request
        left = _time_left(request)
        if left is not None and isinstance(response.stream, kind):
            _cap_timeouts(request, left, ("read",))
            response.stream = wrapper(response.stream, request)

    def on_response(self, response: httpx.Response) -> None:
        self._answer(response, httpx.SyncByteStream, _DeadlineStream)

    async def on_response_async(self, response: httpx.Response) -> None:
        self._answer(response, httpx.AsyncByteStream, _AsyncDeadlineStream)


def attach(client: httpx.Client | httpx.AsyncClient, hooks: Hooks) -> None:
    """Add ``hooks`` to a client's event hooks (once), keeping the ones it has."""
    ours = hooks.async_() if isinstance(client, httpx.AsyncClient) else hooks.sync()
    current = client.event_hooks
    if any(getattr(hook, "__self__", None) is hooks for hook in current.get("request", [])):
        return
    client.event_hooks = {
        name: [*current.get(name, []), *ours.get(name, [])] for name in ("request", "response")
    }
