"""``python -m mediatasks.sandbox`` prints where it serves and the credentials it accepts."""

from __future__ import annotations

from typing import Any

import pytest

from mediatasks.sandbox import SandboxCredentials, __main__


def test_main_prints_urls_and_credentials(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served: dict[str, Any] = {}

    def fake_run(app: Any, **options: Any) -> None:
        served.update(options, app=app)

    monkeypatch.setattr("uvicorn.run", fake_run)
    assert __main__.main(["--port", "9999", "--no-rate-limits"]) == 0
    out = capsys.readouterr().out
    assert "http://127.0.0.1:9999/_health" in out
    for key, value in SandboxCredentials().as_environment().items():
        assert f"export {key}={value}" in out
    assert served["port"] == 9999
    assert served["host"] == "127.0.0.1"
    assert not any(s.limiter.enabled for s in served["app"].state.sandbox.services.values())


def test_sync_transport_survives_being_closed_by_a_client() -> None:
    import httpx  # noqa: PLC0415

    from mediatasks.sandbox import SandboxConfig, create_app  # noqa: PLC0415
    from mediatasks.sandbox.transport import SandboxTransport  # noqa: PLC0415

    transport = SandboxTransport(create_app(SandboxConfig(fixtures=None)), timeout=5)
    for _ in range(2):
        with httpx.Client(transport=transport, base_url="http://sandbox") as client:
            assert client.get("/_health").status_code == 200
    transport.close()
    transport.close()
