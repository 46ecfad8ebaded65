"""httpx transports that talk to an in-process sandbox: the embedded default of mediatasks.

httpx's own ``ASGITransport`` serves async clients only. :class:`SandboxTransport` gives sync
clients (the CLI, generated ``sync`` functions) the same in-process app by running it on one
private event loop thread; requests are bounded by ``timeout`` so a stuck handler cannot hang a
caller forever.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx

from mediatasks.sandbox.faults import ConnectionDropped

__all__ = ["SandboxTransport", "async_transport"]


class _DroppingASGITransport(httpx.ASGITransport):
    """``httpx.ASGITransport`` that reports a ``drop`` fault as the network error it mimics."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except ConnectionDropped as exc:
            raise httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body", request=request
            ) from exc


def async_transport(app: Any) -> httpx.ASGITransport:
    """The transport for ``httpx.AsyncClient`` (client address 127.0.0.1)."""
    return _DroppingASGITransport(app=app, client=("127.0.0.1", 50000))


class SandboxTransport(httpx.BaseTransport):
    """A sync httpx transport into an ASGI app, through a background event loop.

    ``httpx.Client.close()`` closes its transport; one SandboxTransport is often shared by
    several clients (a test module's fixture), so a closed transport starts a fresh loop on
    its next request instead of hanging on a stopped one.
    """

    def __init__(self, app: Any, timeout: float = 30.0) -> None:
        self._inner = async_transport(app)
        self._timeout = timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._running_loop()

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._thread is None or not self._thread.is_alive():
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(
                    target=self._loop.run_forever, name="sandbox-loop", daemon=True
                )
                self._thread.start()
            return self._loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        copy = httpx.Request(request.method, request.url, headers=request.headers, content=body)
        future = asyncio.run_coroutine_threadsafe(self._send(copy), self._running_loop())
        try:
            status, headers, content = future.result(self._timeout)
        except TimeoutError as exc:
            future.cancel()
            raise httpx.ReadTimeout(
                "the in-process sandbox did not answer in time", request=request
            ) from exc
        return httpx.Response(status, headers=headers, content=content, request=request)

    async def _send(self, request: httpx.Request) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        response = await self._inner.handle_async_request(request)
        content = await response.aread()
        return response.status_code, list(response.headers.raw), content

    def close(self) -> None:
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is not None and thread is not None and thread.is_alive():
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)
            loop.close()
