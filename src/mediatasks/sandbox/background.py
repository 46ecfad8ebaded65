"""Serve the sandbox on a loopback port from a background thread, for tests and the main job.

``with serve_in_background() as base_url:`` binds a socket (a free 127.0.0.1 port unless one is
given), starts uvicorn on it, waits (bounded) until it answers ``/_health``, yields
``http://127.0.0.1:PORT`` and stops the server on exit. Anything that needs a real socket — the
TypeScript proof, the live-mode contract suite, the dropped-connection fault — uses this
instead of its own server loop.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

from mediatasks.errors import MediaTasksError
from mediatasks.sandbox.app import create_app

__all__ = ["SandboxStartError", "listening_socket", "serve_in_background"]


class SandboxStartError(MediaTasksError):
    """The background sandbox did not come up in time."""


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound and listening before the server thread starts: asking for a free port
    and binding it later would let another process take it in between (busy CI machines)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise SandboxStartError(f"cannot listen on {host}:{port}: {exc}") from exc
    return sock


@contextmanager
def serve_in_background(
    app: Any = None, host: str = "127.0.0.1", port: int = 0, start_timeout: float = 15.0
) -> Iterator[str]:
    """Run ``app`` (default: a fresh sandbox) on ``host:port`` until the block ends."""
    if app is None:
        app = create_app()
    sock = listening_socket(host, port)
    port = int(sock.getsockname()[1])
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"sandbox-{port}", daemon=True
    )
    thread.start()
    base_url = f"http://{host}:{port}"
    deadline = time.monotonic() + start_timeout
    try:
        while True:
            try:
                # trust_env=False: an HTTP(S)_PROXY of the machine must not carry a loopback probe
                answer = httpx.get(f"{base_url}/_health", timeout=1.0, trust_env=False)
                if answer.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or not thread.is_alive():
                raise SandboxStartError(
                    f"sandbox did not answer on {base_url} within {start_timeout} s"
                )
            time.sleep(0.05)
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
