"""123pan: a bearer token from clientID/clientSecret, cached until shortly before ``expiredAt``.

The token call (``POST /api/v1/access_token``) is made from inside the auth flow, so one
``httpx.Auth`` serves sync and async clients alike. The token is refreshed when the remaining
lifetime falls below a margin (the smaller of ``refresh_margin`` and a tenth of the lifetime),
and once more, then the request is resent, when the vendor answers an invalid-token code
(401 in the body).

The logic is written once as a sans-IO generator (``_steps``: requests to send, and when to
hold the fetch lock), driven by ``sync_auth_flow`` and ``async_auth_flow``. Fetching is
single-flight: a request that finds no usable token takes a lock, looks again and
fetches only if nobody did meanwhile, so a burst of concurrent first calls (``get_tasks_async``
sends eight at once) costs one token call, not one each; the token endpoint has its own low
limit (8-10 per second) and each token counts as a logged-in device. Threads share a
``threading.Lock`` (``sync_auth_flow``), coroutines an ``anyio.Lock`` per event loop
(``async_auth_flow``; a thread lock held across an ``await`` would block the loop). A thread and
a coroutine refreshing at the same moment may still fetch one token each; both are valid.

The token request runs under the call that needed it: it takes the call's timeouts and
deadline (request extensions, see :mod:`mediatasks.runtime._sending`) and names its own
operation, so a stalled token endpoint ends with the call's deadline and a failure is reported
as ``pan123 getAccessToken``, with the token call's own rate-limit slot (8 per second).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass
from typing import Any, Final

import anyio
import httpx
from anyio.lowlevel import RunVar

from mediatasks.auth._secret import Secret
from mediatasks.envelope import decode
from mediatasks.errors import APIError, InvalidResponseError, SpecError
from mediatasks.runtime._sending import DEADLINE, OPERATION, DeadlineExceeded
from mediatasks.specs import profile, spec_path

__all__ = ["PLATFORM", "AccessToken", "Pan123TokenAuth", "token_operation"]

PLATFORM: Final = "open_platform"
TOKEN_BODY_WITHHELD: Final = "<token answer withheld>"  # noqa: S105 - a placeholder
CHINA_TIME: Final = dt.timezone(dt.timedelta(hours=8))
_AUTH_KINDS: Final = frozenset({"auth", "auth-expired"})
_LOCK: Final = "lock"  # a step of the token flow: hold the fetch lock
_UNLOCK: Final = "unlock"  # and let it go
_Step = httpx.Request | str


def token_operation() -> str:
    """The operation of 123pan's token call: its spec's ``x-signing.token.operation``."""
    found = profile("pan123").token_operation
    if found is None:
        raise SpecError(
            str(spec_path("pan123")), "/components/securitySchemes", "no x-signing.token"
        )
    return found


@dataclass(frozen=True, slots=True)
class AccessToken:
    """A token and when it stops working (Unix seconds)."""

    value: str
    expires_at: float
    fetched_at: float

    def __repr__(self) -> str:
        return f"AccessToken(value='********', expires_at={self.expires_at})"

    def usable(self, now: float, refresh_margin: float) -> bool:
        margin = min(refresh_margin, (self.expires_at - self.fetched_at) / 10)
        return now < self.expires_at - margin


class Pan123TokenAuth(httpx.Auth):
    """``Authorization: Bearer <token>`` and ``Platform: open_platform`` on every request."""

    requires_response_body = True

    def __init__(
        self,
        client_id: str,
        client_secret: str | Secret,
        *,
        token_url: str,
        clock: Callable[[], float] = time.time,
        refresh_margin: float = 300.0,
    ) -> None:
        self.client_id = client_id
        self._secret = client_secret if isinstance(client_secret, Secret) else Secret(client_secret)
        self.token_url = token_url
        self._clock = clock
        self._refresh_margin = refresh_margin
        self._token: AccessToken | None = None
        self._lock = threading.Lock()  # guards _token and fetches (held for microseconds)
        self._fetch_lock = threading.Lock()  # one token call at a time among threads
        self._async_fetch_locks: RunVar[anyio.Lock] = RunVar(f"mediatasks-pan123-{id(self)}")
        self._invalid_codes = frozenset(
            entry.code for entry in profile("pan123").error_codes() if entry.kind in _AUTH_KINDS
        )
        self._token_operation = token_operation()
        self.fetches = 0

    def __repr__(self) -> str:
        return f"Pan123TokenAuth(client_id={self.client_id!r}, client_secret={self._secret!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        return self.sync_auth_flow(request)

    def _steps(self, request: httpx.Request) -> Generator[_Step, httpx.Response | None, None]:
        """The token logic once (sans-IO): requests to send, and when to hold the fetch lock."""
        token = self._cached()
        if token is None:
            token = yield from self._fetch(request)
        self._apply(request, token)
        response = yield request
        assert response is not None
        if self._says_invalid_token(response):
            self._forget(token)
            token = yield from self._fetch(request)  # refreshed meanwhile, or now
            self._apply(request, token)
            yield request

    def _fetch(
        self, for_request: httpx.Request
    ) -> Generator[_Step, httpx.Response | None, AccessToken]:
        """Single-flight: take the lock, look again, and fetch only if nobody did meanwhile."""
        yield _LOCK
        token = self._cached()
        if token is None:
            answer = yield self._token_request(for_request)
            assert answer is not None
            token = self._store(answer)
        yield _UNLOCK
        return token

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """:meth:`_steps` driven with a thread lock and blocking reads."""
        steps = self._steps(request)
        held = False
        try:
            step = next(steps)
            while True:
                reply: httpx.Response | None = None
                if step is _LOCK:
                    self._take_fetch_lock(request)
                    held = True
                elif step is _UNLOCK:
                    self._fetch_lock.release()
                    held = False
                else:
                    assert isinstance(step, httpx.Request)
                    reply = yield step
                    reply.read()
                step = steps.send(reply)
        except StopIteration:
            return
        finally:
            if held:
                self._fetch_lock.release()

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """:meth:`_steps` driven with this event loop's lock and awaited reads."""
        steps = self._steps(request)
        lock = self._async_fetch_lock()
        held = False
        try:
            step = next(steps)
            while True:
                reply: httpx.Response | None = None
                if step is _LOCK:
                    await lock.acquire()
                    held = True
                elif step is _UNLOCK:
                    lock.release()
                    held = False
                else:
                    assert isinstance(step, httpx.Request)
                    reply = yield step
                    await reply.aread()
                step = steps.send(reply)
        except StopIteration:
            return
        finally:
            if held:
                lock.release()

    def _take_fetch_lock(self, request: httpx.Request) -> None:
        """Wait for another thread's token call at most until this call's deadline."""
        deadline = request.extensions.get(DEADLINE)
        if not isinstance(deadline, int | float):
            self._fetch_lock.acquire()
            return
        if not self._fetch_lock.acquire(timeout=max(float(deadline) - time.monotonic(), 0.0)):
            raise DeadlineExceeded(
                "the call's deadline passed while another thread fetched the token",
                request=request,
            )

    def _async_fetch_lock(self) -> anyio.Lock:
        """This auth's lock in the running event loop (made on first use in each loop)."""
        lock = self._async_fetch_locks.get(None)
        if lock is None:
            lock = anyio.Lock()
            self._async_fetch_locks.set(lock)
        return lock

    def _cached(self) -> AccessToken | None:
        with self._lock:
            token = self._token
        if token is not None and token.usable(self._clock(), self._refresh_margin):
            return token
        return None

    def _forget(self, token: AccessToken) -> None:
        with self._lock:
            if self._token is token:
                self._token = None

    def _apply(self, request: httpx.Request, token: AccessToken) -> None:
        request.headers["Authorization"] = f"Bearer {token.value}"
        request.headers["Platform"] = PLATFORM

    def _token_request(self, for_request: httpx.Request) -> httpx.Request:
        """The token call, under the timeouts and deadline of the request that needs it."""
        body = {"clientID": self.client_id, "clientSecret": self._secret.reveal()}
        inherited: dict[str, Any] = {
            key: for_request.extensions[key]
            for key in ("timeout", DEADLINE)
            if key in for_request.extensions
        }
        return httpx.Request(
            "POST",
            self.token_url,
            json=body,
            headers={"Platform": PLATFORM},
            extensions={**inherited, OPERATION: self._token_operation},
        )

    def _store(self, response: httpx.Response) -> AccessToken:
        """Read the token answer (typed error if refused) and make it the cached token."""
        try:
            answer = decode(profile("pan123"), self._token_operation, response)
        except APIError as exc:
            # The token answer may hold a token even when refused (a success code under an
            # HTTP error status); errors must never carry one, so the excerpt is withheld.
            exc.body = TOKEN_BODY_WITHHELD
            raise
        token = self._parse(answer.data, response)
        with self._lock:
            self._token = token
            self.fetches += 1
        return token

    def _parse(self, data: Any, response: httpx.Response) -> AccessToken:
        value = data.get("accessToken") if isinstance(data, dict) else None
        expired = data.get("expiredAt") if isinstance(data, dict) else None
        try:
            if not isinstance(value, str) or not value or not isinstance(expired, str):
                raise ValueError("data.accessToken or data.expiredAt missing")
            when = dt.datetime.fromisoformat(expired)
        except ValueError as exc:
            raise InvalidResponseError(
                "pan123", self._token_operation, str(exc), status_code=response.status_code
            ) from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=CHINA_TIME)
        return AccessToken(value, when.timestamp(), self._clock())

    def _says_invalid_token(self, response: httpx.Response) -> bool:
        try:
            body = json.loads(response.content)
        except (ValueError, UnicodeDecodeError):
            return response.status_code == 401
        code = body.get("code") if isinstance(body, dict) else None
        return code in self._invalid_codes or response.status_code == 401
