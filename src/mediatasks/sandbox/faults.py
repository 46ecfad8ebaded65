"""Fault injection: make the sandbox misbehave the way real gateways and networks do.

A fault is a short text, given per request in the ``X-Sandbox-Fault`` header or per vendor through
the admin API (``POST /_admin/faults``). Several faults join with ``;``:

    latency=250          wait 250 ms (real time; the sandbox clock is untouched), then go on
    status=503           answer this HTTP status (400-599) with an empty JSON object body
    retry-after=2        add a Retry-After header (seconds); alone it means status=429
    html                 answer an HTML gateway error page (HTTP 502 unless status= says)
    truncated            answer normally but cut the body in half (broken JSON)
    content-type         answer normally but label the body text/plain
    drop                 send the headers and half the body, then close the connection
    extra-field          answer normally but add a field no spec lists (``sandboxExtra``) to
                         every JSON object of the body: a vendor addition, for tolerant readers
                         and the contract tests' drift report

Words join with ``;`` or ``,`` (``status=503;retry-after=2``, ``latency=100,truncated``).
Unknown words, arguments where none belong and empty faults are rejected with HTTP 400, so a
typo never silently disables a test.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "EXTRA_FIELD",
    "FAULT_HEADER",
    "ConnectionDropped",
    "Fault",
    "FaultBook",
    "apply_fault",
    "fault_of_request",
    "parse_fault",
]

FAULT_HEADER = "x-sandbox-fault"
#: The field the ``extra-field`` fault adds to every object of an answer.
EXTRA_FIELD = "sandboxExtra"
_HEADER_BYTES = FAULT_HEADER.encode()
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
    extra_field: bool = False


def _bounded(arg: str, low: int, high: int, unit: str) -> int:
    number = int(arg)
    if not low <= number <= high:
        raise ValueError(f"{unit} must be {low}-{high}")
    return number


def _word(name: str, arg: str) -> tuple[str, object]:
    """One word of the grammar as a (Fault field, value) pair."""
    if name == "latency":
        return "latency_ms", _bounded(arg.removesuffix("ms"), 0, 30_000, "milliseconds")
    if name == "status":
        return "status", _bounded(arg, 400, 599, "status")
    if name == "retry-after":
        return "retry_after", str(_bounded(arg, 0, 86_400, "seconds"))
    flags = {"html": "html", "truncated": "truncated", "drop": "drop"}
    flags["content-type"] = "wrong_content_type"
    flags["extra-field"] = "extra_field"
    if name in flags and not arg:
        return flags[name], True
    raise ValueError("unknown fault")


def parse_fault(text: str) -> Fault:
    """Parse the fault grammar above; raises ValueError naming the bad word."""
    values: dict[str, object] = {}
    for raw in text.replace(",", ";").split(";"):
        word = raw.strip().lower()
        if not word:
            continue
        name, _, arg = word.partition("=")
        try:
            key, value = _word(name, arg)
        except ValueError as exc:
            raise ValueError(f"bad fault {word!r}: {exc}") from exc
        values[key] = value
    if not values:
        raise ValueError(f"empty fault {text!r}")
    if "retry_after" in values and "status" not in values:
        values["status"] = 429
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


class ConnectionDropped(Exception):  # noqa: N818 - names the event, like ConnectionResetError
    """Raised after a ``drop`` fault sent part of a body: the server then closes the connection.

    uvicorn closes the socket of a response that was started and then failed, which is exactly a
    dropped connection; the in-process transports turn it into ``httpx.RemoteProtocolError``.
    """


Sleep = Callable[[float], Awaitable[None]]


async def apply_fault(
    fault: Fault, app: ASGIApp, scope: Scope, receive: Receive, send: Send, *, sleep: Sleep
) -> None:
    """Answer through ``app`` the way ``fault`` says (latency first, then the rest)."""
    if fault.latency_ms:
        await sleep(fault.latency_ms / 1000)
    if fault.status is not None:
        headers = [(b"retry-after", fault.retry_after.encode())] if fault.retry_after else []
        if fault.html:
            await _plain(send, fault.status, _HTML, b"text/html; charset=utf-8", headers)
        else:
            await _plain(send, fault.status, b"{}", b"application/json", headers)
        return
    if fault.html:
        await _plain(send, 502, _HTML, b"text/html; charset=utf-8")
        return
    if fault.truncated or fault.wrong_content_type or fault.drop or fault.extra_field:
        await _mangled(app, scope, receive, send, fault)
        return
    await app(scope, receive, send)


def _with_extra_field(body: bytes) -> bytes:
    """``body`` with :data:`EXTRA_FIELD` added to every JSON object (unchanged if not JSON)."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    todo = [data]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            todo.extend(node.values())
            node[EXTRA_FIELD] = "a field no spec lists (X-Sandbox-Fault: extra-field)"
        elif isinstance(node, list):
            todo.extend(node)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


async def _mangled(app: ASGIApp, scope: Scope, receive: Receive, send: Send, fault: Fault) -> None:
    start: Message = {}
    chunks: list[bytes] = []

    async def capture(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, capture)
    body = b"".join(chunks)
    status = start.get("status", 200)
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    if fault.wrong_content_type:
        headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
        headers.append((b"content-type", b"text/plain; charset=utf-8"))
    if fault.drop:
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send(
            {"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True}
        )
        raise ConnectionDropped("drop fault: connection closed mid-body")
    if fault.extra_field:
        body = _with_extra_field(body)
    if fault.truncated:
        body = body[: len(body) // 2]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def fault_of_request(scope: Scope) -> Fault | str | None:
    """The fault a request asks for in its header: a Fault, an error text, or None."""
    for name, value in scope.get("headers", []):
        if name == _HEADER_BYTES:
            try:
                return parse_fault(value.decode("latin-1"))
            except ValueError as exc:
                return str(exc)
    return None


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
