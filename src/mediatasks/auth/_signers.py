"""``httpx.Auth`` wrappers around the pure signing functions (ZEGO, Polyv, CDNetworks, MYun).

Each class adds exactly what its vendor's scheme puts on a request, inside httpx's own request
flow (``auth_flow``), and takes time and nonce from injectable callables, so tests pin them.
This is the only way a request is signed: the runtime, the contract tests and anyone passing
the auth to their own httpx client all go through it. Secrets sit in :class:`Secret` fields and
never reach a repr.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Mapping
from urllib.parse import parse_qsl, urlencode

import httpx

from mediatasks.auth._secret import Secret
from mediatasks.signing import cdnetworks, polyv, zego

__all__ = ["CDNetworksAuth", "MyunAuth", "PolyvAuth", "ZegoAuth"]

Clock = Callable[[], float]
Flow = Generator[httpx.Request, httpx.Response, None]


def append_query(request: httpx.Request, pairs: Iterable[tuple[str, str]]) -> None:
    """Append parameters to the request's query as sent (one URL rebuild; the existing query
    keeps its exact encoding)."""
    extra = urlencode(list(pairs)).encode("ascii")
    url = request.url
    request.url = url.copy_with(query=url.query + b"&" + extra if url.query else extra)


def _secret(value: str | Secret) -> Secret:
    return value if isinstance(value, Secret) else Secret(value)


class ZegoAuth(httpx.Auth):
    """AppId, SignatureNonce, Timestamp (s), SignatureVersion=2.0 and Signature in the query."""

    def __init__(
        self,
        app_id: int | str,
        server_secret: str | Secret,
        *,
        clock: Clock = time.time,
        nonce: Callable[[], str] = zego.new_nonce,
    ) -> None:
        self.app_id = str(app_id)
        self._secret = _secret(server_secret)
        self._clock = clock
        self._nonce = nonce

    def __repr__(self) -> str:
        return f"ZegoAuth(app_id={self.app_id!r}, server_secret={self._secret!r})"

    def auth_flow(self, request: httpx.Request) -> Flow:
        timestamp = int(self._clock())
        nonce = self._nonce()
        sig = zego.signature(self.app_id, nonce, self._secret.reveal(), timestamp)
        append_query(
            request,
            (
                ("AppId", self.app_id),
                ("SignatureNonce", nonce),
                ("Timestamp", str(timestamp)),
                ("SignatureVersion", zego.SIGNATURE_VERSION),
                ("Signature", sig),
            ),
        )
        yield request


class PolyvAuth(httpx.Auth):
    """appId, timestamp (ms) and sign in the query; sign covers query and form parameters."""

    requires_request_body = True

    def __init__(self, app_id: str, secret_key: str | Secret, *, clock: Clock = time.time) -> None:
        self.app_id = app_id
        self._secret = _secret(secret_key)
        self._clock = clock

    def __repr__(self) -> str:
        return f"PolyvAuth(app_id={self.app_id!r}, secret_key={self._secret!r})"

    def auth_flow(self, request: httpx.Request) -> Flow:
        added = {"appId": self.app_id, "timestamp": str(int(self._clock() * 1000))}
        params: dict[str, object] = dict(request.url.params.multi_items())
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/x-www-form-urlencoded"):
            params.update(parse_qsl(request.content.decode("utf-8"), keep_blank_values=True))
        params.update(added)
        added["sign"] = polyv.signature(params, self._secret.reveal())
        append_query(request, added.items())
        yield request


class CDNetworksAuth(httpx.Auth):
    """WS3-HMAC-SHA256: X-WS-AccessKey, X-WS-Timestamp and Authorization over the body hash."""

    requires_request_body = True
    DEFAULT_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"

    def __init__(
        self, access_key: str, secret_key: str | Secret, *, clock: Clock = time.time
    ) -> None:
        self.access_key = access_key
        self._secret = _secret(secret_key)
        self._clock = clock

    def __repr__(self) -> str:
        return f"CDNetworksAuth(access_key={self.access_key!r}, secret_key={self._secret!r})"

    def auth_flow(self, request: httpx.Request) -> Flow:
        """Add the three headers (and a Content-Type, which is always signed)."""
        timestamp = str(int(self._clock()))
        headers = request.headers
        if "content-type" not in headers:
            headers["Content-Type"] = self.DEFAULT_CONTENT_TYPE
        if "host" not in headers:
            headers["Host"] = request.url.netloc.decode("ascii")
        signed = cdnetworks.REQUIRED_SIGNED_HEADERS
        canonical = cdnetworks.canonical_request(
            request.method,
            request.url.raw_path.split(b"?", 1)[0].decode("ascii"),
            request.url.query.decode("ascii"),
            {name.lower(): value for name, value in headers.items()},
            signed,
            request.content,
        )
        signature = cdnetworks.signature(self._secret.reveal(), timestamp, canonical)
        headers["X-WS-AccessKey"] = self.access_key
        headers["X-WS-Timestamp"] = timestamp
        headers["Authorization"] = cdnetworks.authorization(self.access_key, signed, signature)
        yield request


class MyunAuth(httpx.Auth):
    """MYun documents no auth: optionally send ``Authorization: Bearer <token>`` and/or
    extra headers, or let ``hook`` edit each request (e.g. for a gateway in front of it)."""

    def __init__(
        self,
        token: str | Secret | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        hook: Callable[[httpx.Request], None] | None = None,
    ) -> None:
        self._token = None if token is None else _secret(token)
        self._headers = dict(headers or {})
        self._hook = hook

    def __repr__(self) -> str:
        return f"MyunAuth(token={self._token!r}, headers={sorted(self._headers)!r})"

    def auth_flow(self, request: httpx.Request) -> Flow:
        if self._token is not None:
            request.headers["Authorization"] = f"Bearer {self._token.reveal()}"
        request.headers.update(self._headers)
        if self._hook is not None:
            self._hook(request)
        yield request
