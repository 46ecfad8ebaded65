"""A misbehaving HTTP server on a loopback port (port 0) for the runtime's fault tests.

Each test gives it a ``behaviour(handler)`` function that writes whatever it wants to the raw
socket: a body trickling one byte at a time, a token endpoint that never answers, a reset.
Every loop it runs is bounded in bytes and seconds and stops when the client goes away, and the
server is shut down when the test ends.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Behaviour = Callable[[BaseHTTPRequestHandler], None]


def answer(handler: BaseHTTPRequestHandler, body: dict[str, Any], status: int = 200) -> None:
    raw = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(raw)))
    handler.end_headers()
    handler.wfile.write(raw)


def trickle(
    handler: BaseHTTPRequestHandler, body: dict[str, Any], every: float, for_at_most: float
) -> None:
    """Headers at once, then the body one byte every ``every`` seconds (bounded in time)."""
    raw = json.dumps(body).encode() + b" " * 10_000
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(raw)))
    handler.end_headers()
    handler.wfile.flush()
    ends = time.monotonic() + for_at_most
    for index in range(len(raw)):
        if time.monotonic() > ends:
            return
        try:
            handler.wfile.write(raw[index : index + 1])
            handler.wfile.flush()
        except OSError:  # the client gave up: that is the point
            return
        time.sleep(every)


def stall(handler: BaseHTTPRequestHandler, seconds: float) -> None:
    """Read the request, then say nothing for ``seconds`` (or until the client leaves)."""
    handler.connection.settimeout(0.05)
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        try:
            if handler.connection.recv(1, socket.MSG_PEEK) == b"":
                return  # the client closed its end
        except TimeoutError:
            continue
        except OSError:
            return


def reset(handler: BaseHTTPRequestHandler) -> None:
    """Close the connection with a TCP reset instead of an answer."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    handler.connection.close()


@contextmanager
def serve(behaviour: Behaviour) -> Iterator[str]:
    """``http://127.0.0.1:<port>`` of a server running ``behaviour`` for every request."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.body = self.rfile.read(length) if length else b""
            behaviour(self)

        def do_GET(self) -> None:
            self._any()

        def do_POST(self) -> None:
            self._any()

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    # serve_forever checks for shutdown every poll_interval (0.5 s by default): every test
    # would wait that long at its end.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
