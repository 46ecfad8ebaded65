"""Turning an operation's request into what httpx sends, with one URL parse per attempt.

Handing ``httpx.Client.request`` a relative URL plus ``params`` costs three URL parses (merge
with the base URL, merge the query, and once more when a signing ``Auth`` appends to it), and
httpx validates every character each time: on an in-process transport that is most of a
call. :class:`RequestBuilder` does what httpx would do, once:

* the base URL joined with an operation's path is parsed once per path and cached;
* the query string and the body bytes are encoded once per call, exactly as httpx encodes
  ``params`` (``urlencode``, see :func:`encode_query`) and ``json`` (compact, UTF-8, no NaN);
* per attempt, a :class:`~mediatasks.auth.PresigningAuth` signs the parts and the final URL
  is parsed once; the request then goes out with httpx's auth switched off (the auth has run).
  Other auths (123pan's token, MYun's headers) run inside httpx as usual.

A request shape the builder does not know (form data, files, an absolute URL) goes through
``httpx.Client.request`` unchanged, so nothing depends on this being complete.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote_plus

import httpx

from mediatasks.auth._presign import Outgoing, PresigningAuth

__all__ = ["Prepared", "RequestBuilder", "Send", "encode_query", "query_pairs"]

_KNOWN_KEYS: Final = frozenset({"method", "url", "params", "json", "content", "headers"})
_MAX_CACHED_PATHS: Final = 256


_PLAIN: Final = re.compile(r"[A-Za-z0-9_.~-]*")


def encode_query(pairs: Iterable[tuple[str, str]]) -> str:
    """``urllib.parse.urlencode(pairs)``, without calling ``quote_plus`` on values that it
    would leave unchanged (signatures, nonces, timestamps, ids: nearly every value)."""
    return "&".join(
        f"{key if _PLAIN.fullmatch(key) else quote_plus(key)}="
        f"{value if _PLAIN.fullmatch(value) else quote_plus(value)}"
        for key, value in pairs
    )


def _text(value: object) -> str:
    """A query value as httpx writes it (``True`` -> ``true``, ``None`` -> empty)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)


def query_pairs(params: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """``params`` as httpx's ``QueryParams`` would hold them (lists become repeated keys)."""
    if not params:
        return ()
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if isinstance(value, list | tuple):
            pairs.extend((str(key), _text(item)) for item in value)
        else:
            pairs.append((str(key), _text(value)))
    return tuple(pairs)


@dataclass(frozen=True, slots=True)
class _Target:
    """The base URL joined with one operation path, parsed once."""

    url: httpx.URL
    prefix: str
    host: str
    path: str


@dataclass(frozen=True, slots=True)
class Prepared:
    """One call's request, encoded once; :meth:`RequestBuilder.send_args` signs each attempt."""

    method: str
    target: _Target
    query: tuple[tuple[str, str], ...]
    raw_query: str
    headers: Mapping[str, str]
    body: bytes | None


@dataclass(frozen=True, slots=True)
class Send:
    """Arguments of one ``httpx.Client.request`` call; ``presigned`` means send with auth=None."""

    method: str
    url: httpx.URL
    headers: Mapping[str, str]
    content: bytes | None
    presigned: bool


class RequestBuilder:
    """Prepares requests for one httpx client (its base URL and auth)."""

    def __init__(
        self,
        base_url: httpx.URL,
        auth: httpx.Auth | None,
        *,
        http: httpx.Client | httpx.AsyncClient | None = None,
    ) -> None:
        self.base_url = base_url
        self.auth = auth
        self.http = http
        self._targets: dict[str, _Target] = {}

    def _target(self, path: str) -> _Target:
        target = self._targets.get(path)
        if target is None:
            url = self.base_url.copy_with(
                raw_path=self.base_url.raw_path + path.lstrip("/").encode("ascii")
            )
            target = _Target(
                url, str(url), url.netloc.decode("ascii"), url.raw_path.decode("ascii")
            )
            if len(self._targets) < _MAX_CACHED_PATHS:
                self._targets[path] = target
        return target

    def prepare(self, request: Mapping[str, Any]) -> Prepared | None:
        """The encoded request, or None when httpx should build it (an unusual shape)."""
        path = request.get("url")
        if (
            not _KNOWN_KEYS.issuperset(request)
            or not isinstance(path, str)
            or not path.startswith("/")
            or "?" in path
            or "#" in path
            or not path.isascii()
            or not self.base_url.host
            or self.base_url.query
        ):
            return None
        headers = dict(request.get("headers") or {})
        body: bytes | None = None
        if "json" in request and "content" in request:
            return None
        if request.get("json") is not None:
            body = json.dumps(
                request["json"], ensure_ascii=False, separators=(",", ":"), allow_nan=False
            ).encode("utf-8")
            if not any(name.lower() == "content-type" for name in headers):
                headers["Content-Type"] = "application/json"
        elif request.get("content") is not None:
            content = request["content"]
            if isinstance(content, str):
                body = content.encode("utf-8")
            elif isinstance(content, bytes):
                body = content
            else:
                return None
        query = query_pairs(request.get("params"))
        return Prepared(
            method=str(request["method"]).upper(),
            target=self._target(path),
            query=query,
            raw_query=encode_query(query),
            headers=headers,
            body=body,
        )

    def send_args(self, prepared: Prepared) -> Send:
        """Sign (when the auth can sign parts) and parse the final URL: one parse."""
        target = prepared.target
        raw_query = prepared.raw_query
        headers = prepared.headers
        presigned = False
        if isinstance(self.auth, PresigningAuth):
            presigned = True
            outgoing = Outgoing(
                method=prepared.method,
                host=target.host,
                path=target.path,
                query=prepared.query,
                raw_query=raw_query,
                headers=headers,
                body=prepared.body or b"",
            )
            self.auth.presign(outgoing)
            if outgoing.added_query:
                extra = encode_query(outgoing.added_query)
                raw_query = f"{raw_query}&{extra}" if raw_query else extra
            if outgoing.added_headers:
                added = {name.lower() for name in outgoing.added_headers}
                headers = {k: v for k, v in headers.items() if k.lower() not in added}
                headers.update(outgoing.added_headers)
        url = httpx.URL(f"{target.prefix}?{raw_query}") if raw_query else target.url
        return Send(prepared.method, url, headers, prepared.body, presigned)
