"""Fault injection: make the sandbox misbehave the way real gateways and networks do.

A fault is a short text, given per request in the ``X-Sandbox-Fault`` header or per vendor through
the admin API (``POST /_admin/faults``). Several faults join with ``;``:

    latency=250          wait 250 ms (sandbox clock untouched) before answering normally
    status=429           answer this HTTP status with an empty JSON object body
    retry-after=2        with status=429/503: add a Retry-After header (seconds)
    status=502,html      answer with an HTML gateway error page instead of JSON
    truncated            answer normally but cut the JSON body in half
    content-type         answer normally but label the body text/plain
    drop                 promise a body, send part of it and hang up (a dropped connection)

Unknown words are rejected with HTTP 400 so a typo never silently disables a test.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["FAULT_HEADER", "Fault", "FaultBook", "FaultMiddleware", "parse_fault"]

FAULT_HEADER = "x-sandbox-fault"
_HTML = (
    b"<html><head><title>502 Bad Gateway</title></head><body>"
    b"<center><h1>502 Bad Gateway</h1></center><hr><center>gateway</center></body></html>"
)


@dataclass(frozen=True, slots=True)
class Fault:
    latency_ms: int = 0
    status: int | None = None
    retry_after: str | None = None
    html: bool = False
    truncated: bool = False
    wrong_content_type: bool = False
    drop: bool = False


def parse_fault(text: str) -> Fault:
    """Parse the fault grammar above; raises ValueError naming the bad word."""
    values: dict[str, object] = {}
    for raw in text.replace(",", ";").split(";"):
        word = raw.strip().lower()
        if not word:
            continue
        name, _, arg = word.partition("=")
        try:
            if name == "latency":
                values["latency_ms"] = max(0, min(int(arg.removesuffix("ms")), 30_000))
            elif name == "status":
                values["status"] = int(arg)
            elif name == "retry-after":
                values["retry_after"] = str(int(float(arg)))
            elif name in {"html", "truncated", "drop"}:
                values[name] = True
            elif name == "content-type":
                values["wrong_content_type"] = True
            else:
                raise ValueError(f"unknown fault {word!r}")
        except ValueError as exc:
            raise ValueError(f"bad fault {word!r}: {exc}") from exc
    status = values.get("status")
    if isinstance(status, int) and not 100 <= status <= 599:
        raise ValueError(f"bad fault status {status}")
    return Fault(**values)  # type: ignore[arg-type]


@dataclass(slots=True)
class _Entry:
    fault: Fault
    remaining: int | None


@dataclass
class FaultBook:
    """Per-vendor faults set through the admin API, optionally for the next N requests only."""

    _entries: dict[str, _Entry] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def set(self, vendor: str, fault: Fault, count: int | None) -> None:
        with self._lock:
            self._entries[vendor] = _Entry(fault, count)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def take(self, vendor: str) -> Fault | None:
        with self._lock:
            entry = self._entries.get(vendor)
            if entry is None:
                return None
            if entry.remaining is not None:
                entry.remaining -= 1
                if entry.remaining <= 0:
                    del self._entries[vendor]
            return entry.fault

    def describe(self) -> dict[str, object]:
        with self._lock:
            return {
                v: {"fault": e.fault.__repr__(), "remaining": e.remaining}
                for v, e in self._entries.items()
            }


class FaultMiddleware:
    """ASGI middleware applying a request's or its vendor's fault around the real answer."""

    def __init__(self, app: ASGIApp, book: FaultBook, vendors: tuple[str, ...]) -> None:
        self.app = app
        self.book = book
        self.vendors = vendors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        fault = self._fault_for(scope)
        if isinstance(fault, str):
            await _plain(send, 400, fault.encode(), b"text/plain; charset=utf-8")
            return
        if fault is None:
            await self.app(scope, receive, send)
            return
        if fault.latency_ms:
            await asyncio.sleep(fault.latency_ms / 1000)
        if fault.status is not None:
            headers = [(b"retry-after", fault.retry_after.encode())] if fault.retry_after else []
            if fault.html:
                await _plain(send, fault.status, _HTML, b"text/html", headers)
            else:
                await _plain(send, fault.status, b"{}", b"application/json", headers)
            return
        if fault.html:
            await _plain(send, 502, _HTML, b"text/html")
            return
        if fault.truncated or fault.wrong_content_type or fault.drop:
            await self._mangled(scope, receive, send, fault)
            return
        await self.app(scope, receive, send)

    def _fault_for(self, scope: Scope) -> Fault | str | None:
        for name, value in scope.get("headers", []):
            if name == FAULT_HEADER.encode():
                try:
                    return parse_fault(value.decode("latin-1"))
                except ValueError as exc:
                    return str(exc)
        segment = scope.get("path", "/").lstrip("/").split("/", 1)[0]
        return self.book.take(segment) if segment in self.vendors else None

    async def _mangled(self, scope: Scope, receive: Receive, send: Send, fault: Fault) -> None:
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        if fault.wrong_content_type:
            headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
            headers.append((b"content-type", b"text/plain; charset=utf-8"))
        if fault.drop:
            headers.append((b"content-length", str(len(body) + 64).encode()))
            await send(
                {
                    "type": "http.response.start",
                    "status": start.get("status", 200),
                    "headers": headers,
                }
            )
            await send({"type": "http.response.body", "body": body[: len(body) // 2]})
            return
        if fault.truncated:
            body = body[: len(body) // 2]
        headers.append((b"content-length", str(len(body)).encode()))
        await send(
            {"type": "http.response.start", "status": start.get("status", 200), "headers": headers}
        )
        await send({"type": "http.response.body", "body": body})


async def _plain(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes,
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    headers = [
        (b"content-type", content_type),
        (b"content-length", str(len(body)).encode()),
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
