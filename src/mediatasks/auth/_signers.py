"""``httpx.Auth`` wrappers around the pure signing functions (ZEGO, Polyv, CDNetworks, MYun).

Each class adds exactly what its vendor's scheme puts on a request and takes time and nonce
from injectable callables, so tests pin them. Secrets sit in :class:`Secret` fields and never
reach a repr. The three signing schemes are :class:`PresigningAuth` subclasses: they sign a
request's parts (``presign``), which lets the runtime build each URL once; MYun only adds
headers (and may run a hook on the finished request), so it stays a plain ``httpx.Auth``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Mapping
from urllib.parse import parse_qsl

import httpx

from mediatasks.auth._presign import Outgoing, PresigningAuth
from mediatasks.auth._secret import Secret
from mediatasks.signing import cdnetworks, polyv, zego

__all__ = ["CDNetworksAuth", "MyunAuth", "PolyvAuth", "ZegoAuth"]

Clock = Callable[[], float]


def _secret(value: str | Secret) -> Secret:
    return value if isinstance(value, Secret) else Secret(value)


class ZegoAuth(PresigningAuth):
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

    def presign(self, outgoing: Outgoing) -> None:
        timestamp = int(self._clock())
        nonce = self._nonce()
        sig = zego.signature(self.app_id, nonce, self._secret.reveal(), timestamp)
        outgoing.add_query(
            (
                ("AppId", self.app_id),
                ("SignatureNonce", nonce),
                ("Timestamp", str(timestamp)),
                ("SignatureVersion", zego.SIGNATURE_VERSION),
                ("Signature", sig),
            )
        )


class PolyvAuth(PresigningAuth):
    """appId, timestamp (ms) and sign in the query; sign covers query and form parameters."""

    requires_request_body = True

    def __init__(self, app_id: str, secret_key: str | Secret, *, clock: Clock = time.time) -> None:
        self.app_id = app_id
        self._secret = _secret(secret_key)
        self._clock = clock

    def __repr__(self) -> str:
        return f"PolyvAuth(app_id={self.app_id!r}, secret_key={self._secret!r})"

    def presign(self, outgoing: Outgoing) -> None:
        added = {"appId": self.app_id, "timestamp": str(int(self._clock() * 1000))}
        params: dict[str, object] = dict(outgoing.query)
        content_type = outgoing.header("content-type") or ""
        if content_type.startswith("application/x-www-form-urlencoded"):
            params.update(parse_qsl(outgoing.body.decode("utf-8"), keep_blank_values=True))
        params.update(added)
        added["sign"] = polyv.signature(params, self._secret.reveal())
        outgoing.add_query(added.items())


class CDNetworksAuth(PresigningAuth):
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

    def sign(self, request: httpx.Request) -> None:
        """Add the three headers (and a Content-Type, which is always signed) in place."""
        outgoing = Outgoing.from_request(request, with_body=True)
        self.presign(outgoing)
        outgoing.apply_to(request)

    def presign(self, outgoing: Outgoing) -> None:
        timestamp = str(int(self._clock()))
        if outgoing.header("content-type") is None:
            outgoing.set_header("Content-Type", self.DEFAULT_CONTENT_TYPE)
        if outgoing.header("host") is None:
            outgoing.set_header("Host", outgoing.host)
        signed = cdnetworks.REQUIRED_SIGNED_HEADERS
        canonical = cdnetworks.canonical_request(
            outgoing.method,
            outgoing.path,
            outgoing.raw_query,
            outgoing.headers,
            signed,
            outgoing.body,
        )
        signature = cdnetworks.signature(self._secret.reveal(), timestamp, canonical)
        outgoing.set_header("X-WS-AccessKey", self.access_key)
        outgoing.set_header("X-WS-Timestamp", timestamp)
        outgoing.set_header(
            "Authorization", cdnetworks.authorization(self.access_key, signed, signature)
        )


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

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._token is not None:
            request.headers["Authorization"] = f"Bearer {self._token.reveal()}"
        request.headers.update(self._headers)
        if self._hook is not None:
            self._hook(request)
        yield request
