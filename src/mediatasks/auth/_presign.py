"""Signing the parts of a request before httpx builds it.

httpx hands an ``Auth`` a finished ``Request``; a signer that adds query parameters then has
to build the URL again, and URL building (parsing and validating every character) is the
costliest step of a signed call. So each vendor signer implements
:meth:`PresigningAuth.presign` over plain parts (:class:`Outgoing`: method, host, path, query,
headers, body), and there are two ways in:

* the runtime (:mod:`mediatasks.runtime`) describes the request as parts, lets the auth sign
  them and builds the URL exactly once, sending with httpx's auth switched off;
* ``auth_flow``, for anyone who passes the auth to their own httpx client, reads the parts
  from the finished request and writes back what the signer added (one URL rebuild, and none
  for a signer that only adds headers).

Either way the signature is computed by the same ``presign``, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Mapping
from urllib.parse import parse_qsl, urlencode

import httpx

__all__ = ["Outgoing", "PresigningAuth", "append_query"]


def append_query(url: httpx.URL, pairs: Iterable[tuple[str, str]]) -> httpx.URL:
    """Append parameters to the query in one URL rebuild (``copy_merge_params`` parses the
    query and the URL twice)."""
    extra = urlencode(list(pairs)).encode("ascii")
    if not extra:
        return url
    return url.copy_with(query=url.query + b"&" + extra if url.query else extra)


class Outgoing:
    """A request as a signer sees it; signers add to it through the methods below.

    ``path`` is the raw (percent-encoded) path as sent, ``raw_query`` the query string as sent
    before the signer's additions. ``query`` (pairs) and ``headers`` (lower-case names, with
    the signer's own additions) are worked out on first use, as most signers need neither.
    """

    __slots__ = (
        "_headers",
        "_query",
        "_source_headers",
        "added_headers",
        "added_query",
        "body",
        "host",
        "method",
        "path",
        "raw_query",
    )

    def __init__(
        self,
        *,
        method: str,
        host: str,
        path: str,
        raw_query: str,
        headers: Mapping[str, str],
        body: bytes,
        query: tuple[tuple[str, str], ...] | None = None,
    ) -> None:
        self.method = method
        self.host = host
        self.path = path
        self.raw_query = raw_query
        self.body = body
        self._query = query
        self._source_headers = headers
        self._headers: dict[str, str] | None = None
        self.added_query: list[tuple[str, str]] = []
        self.added_headers: dict[str, str] = {}

    def __repr__(self) -> str:  # headers may carry credentials: names only
        return (
            f"Outgoing({self.method} {self.host}{self.path}, "
            f"headers={sorted(self.headers)}, added_query={[k for k, _ in self.added_query]})"
        )

    @classmethod
    def from_request(cls, request: httpx.Request, *, with_body: bool) -> Outgoing:
        url = request.url
        return cls(
            method=request.method,
            host=url.netloc.decode("ascii"),
            path=url.raw_path.split(b"?", 1)[0].decode("ascii"),
            raw_query=url.query.decode("ascii"),
            headers=request.headers,
            body=request.content if with_body else b"",
        )

    @property
    def query(self) -> tuple[tuple[str, str], ...]:
        """The query pairs before the signer's additions (as httpx parses them)."""
        if self._query is None:
            self._query = tuple(parse_qsl(self.raw_query, keep_blank_values=True))
        return self._query

    @property
    def headers(self) -> Mapping[str, str]:
        """Every header by lower-case name, the signer's additions included."""
        if self._headers is None:
            self._headers = {name.lower(): value for name, value in self._source_headers.items()}
            for name, value in self.added_headers.items():
                self._headers[name.lower()] = value
        return self._headers

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def set_header(self, name: str, value: str) -> None:
        self.added_headers[name] = value
        if self._headers is not None:
            self._headers[name.lower()] = value

    def add_query(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.added_query.extend(pairs)

    def apply_to(self, request: httpx.Request) -> None:
        """Write the signer's additions into an httpx request."""
        if self.added_query:
            request.url = append_query(request.url, self.added_query)
        for name, value in self.added_headers.items():
            request.headers[name] = value


class PresigningAuth(httpx.Auth):
    """An ``httpx.Auth`` whose signing is a function of the request's parts."""

    def presign(self, outgoing: Outgoing) -> None:
        """Add this scheme's query parameters and/or headers to ``outgoing``."""
        raise NotImplementedError

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        outgoing = Outgoing.from_request(request, with_body=self.requires_request_body)
        self.presign(outgoing)
        outgoing.apply_to(request)
        yield request
