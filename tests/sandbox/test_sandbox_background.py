"""``serve_in_background``: a loopback sandbox that starts reliably on a busy CI machine."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from mediatasks.sandbox import SandboxConfig, background, create_app
from mediatasks.sandbox.background import serve_in_background


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port another process is listening on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield int(other.getsockname()[1])


def test_the_port_is_held_from_the_start(monkeypatch: pytest.MonkeyPatch, taken_port: int) -> None:
    """Probing for a free port and binding it later is a race: another job on the machine can
    take the port in between. Simulated here by a probe whose answer went stale; the server
    must own its socket from the start instead."""
    monkeypatch.setattr(background, "_free_port", lambda _host: taken_port, raising=False)
    with serve_in_background(create_app(SandboxConfig(fixtures=None)), start_timeout=5) as url:
        assert not url.endswith(f":{taken_port}")
        assert httpx.get(f"{url}/_health", trust_env=False).json()["status"] == "ok"


def test_a_proxy_in_the_environment_does_not_hide_the_loopback_server(
    monkeypatch: pytest.MonkeyPatch, taken_port: int
) -> None:
    """CI machines often set HTTP(S)_PROXY; the readiness probe must still reach 127.0.0.1."""
    dead_proxy = f"http://127.0.0.1:{taken_port}"  # accepts connections, never answers
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, dead_proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    with serve_in_background(create_app(SandboxConfig(fixtures=None)), start_timeout=5) as url:
        assert httpx.get(f"{url}/_health", trust_env=False).status_code == 200


def test_a_busy_port_given_explicitly_is_a_start_error(taken_port: int) -> None:
    app = create_app(SandboxConfig(fixtures=None))
    with (
        pytest.raises(background.SandboxStartError, match="cannot listen"),
        serve_in_background(app, port=taken_port),
    ):
        pass  # pragma: no cover - never entered
