"""The console script: output modes, where requests go (the embedded sandbox unless --live or
--base-url), credentials from the environment, exit codes."""

from __future__ import annotations

import functools
import json
from typing import Any

import httpx
import pytest

from mediatasks import cli
from mediatasks.registry import base_url_variable
from mediatasks.tasks import PollSchedule
from mediatasks.vendors import CREDENTIAL_ENV, client_for

ENV = {"MEDIATASKS_ZEGO_APP_ID": "1", "MEDIATASKS_ZEGO_SERVER_SECRET": "fake-cli-secret"}


def _zego(status: int | None, code: int = 0) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        data = None if status is None else {"Status": status}
        return httpx.Response(
            200, json={"Code": code, "Message": "m", "RequestId": "r", "Data": data}
        )

    return httpx.MockTransport(handler)


@pytest.fixture
def use(monkeypatch: pytest.MonkeyPatch) -> Any:
    def install(transport: httpx.BaseTransport, env: dict[str, str] = ENV) -> None:
        for key in list(ENV):
            monkeypatch.delenv(key, raising=False)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        monkeypatch.setattr(cli, "client_for", functools.partial(client_for, transport=transport))

    return install


def test_status_json(use: Any, capsys: pytest.CaptureFixture[str]) -> None:
    use(_zego(3))
    assert cli.main(["status", "zego", "T1", "--json", "--base-url", "https://z.test"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "SUCCEEDED"
    assert data["raw_status"] == 3


def test_status_table(use: Any, capsys: pytest.CaptureFixture[str]) -> None:
    use(_zego(2))
    assert cli.main(["status", "zego", "T1", "--live"]) == 0
    assert "RUNNING" in capsys.readouterr().out


def test_missing_credentials_exit_2_and_name_the_variables(
    use: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    use(_zego(3), env={})
    assert cli.main(["status", "zego", "T1", "--live"]) == cli.EXIT_USAGE
    assert "MEDIATASKS_ZEGO_APP_ID" in capsys.readouterr().err


def test_vendor_error_exit_3_without_secret(use: Any, capsys: pytest.CaptureFixture[str]) -> None:
    use(_zego(None, code=300001000))
    assert cli.main(["status", "zego", "T1", "--live"]) == cli.EXIT_VENDOR
    err = capsys.readouterr().err
    assert "300001000" in err
    assert "fake-cli-secret" not in err


def test_network_error_exit_4(use: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    use(httpx.MockTransport(handler))
    assert cli.main(["status", "zego", "T1", "--live"]) == cli.EXIT_NETWORK


def test_watch_json_streams_until_terminal(use: Any, capsys: pytest.CaptureFixture[str]) -> None:
    statuses = iter([1, 2, 4])

    def handler(request: httpx.Request) -> httpx.Response:
        body = {"Code": 0, "Message": "m", "RequestId": "r", "Data": {"Status": next(statuses)}}
        return httpx.Response(200, json=body)

    use(httpx.MockTransport(handler))
    code = cli.main(["watch", "zego", "T1", "--json", "--interval", "0.001", "--live"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [batch[0]["status"] for batch in lines] == ["PENDING", "RUNNING", "FAILED"]
    assert code == cli.EXIT_TASK_FAILED


def test_watch_live_table_and_timeout(use: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    use(_zego(2))
    monkeypatch.setattr(cli, "PollSchedule", lambda **_kw: PollSchedule(timeout=0, jitter=0))
    assert cli.main(["watch", "zego", "T1", "T2", "--live"]) == cli.EXIT_TIMEOUT


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for code in cli.EXIT_CODES:
        assert f"  {code}  " in out
    assert all(str(code) in (cli.__doc__ or "") for code in cli.EXIT_CODES)


SEEDED = {
    "pan123": "2875008",
    "myun": "17lok52y",
    "zego": "X3CgNeE4I1qAAABN",
    "cdnetworks": "036b6f4a01611000a79c3a7800000000",
    "polyv": "16661c08b9564c1ea6f4544ccd568e58",
}


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credentials or base URLs in the environment, and any real HTTP request fails."""
    for vendor, names in CREDENTIAL_ENV.items():
        for name, _required in names:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(base_url_variable(vendor), raising=False)

    def no_network(_self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"a real request left the process: {request.url}")

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", no_network)


@pytest.mark.usefixtures("offline")
@pytest.mark.parametrize("vendor", sorted(SEEDED))
def test_default_target_is_the_embedded_sandbox(
    vendor: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["status", vendor, SEEDED[vendor], "--json"]) == cli.EXIT_OK
    captured = capsys.readouterr()
    task = json.loads(captured.out)
    assert (task["vendor"], task["id"]) == (vendor, SEEDED[vendor])
    assert "embedded sandbox" in captured.err


@pytest.mark.usefixtures("offline")
def test_a_base_url_in_the_environment_does_not_leave_the_sandbox(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MEDIATASKS_ZEGO_BASE_URL", "https://cloudrecord-api.zego.im")
    monkeypatch.setenv("MEDIATASKS_ZEGO_APP_ID", "1")
    monkeypatch.setenv("MEDIATASKS_ZEGO_SERVER_SECRET", "fake-cli-secret")
    assert cli.main(["status", "zego", SEEDED["zego"], "--json"]) == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out)["status"] == "SUCCEEDED"


@pytest.mark.usefixtures("offline")
def test_sandbox_answers_keep_their_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["status", "zego", "0000000000000000"]) == cli.EXIT_VENDOR
    assert "300001000" in capsys.readouterr().err
    assert cli.main(["watch", "zego", SEEDED["zego"], "--json", "--interval", "0.001"]) == 0


@pytest.mark.usefixtures("offline")
def test_live_needs_credentials_before_any_request(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["status", "zego", "T1", "--live"]) == cli.EXIT_USAGE
    assert "MEDIATASKS_ZEGO_APP_ID" in capsys.readouterr().err


def _recording(seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = {"Code": 0, "Message": "m", "RequestId": "r", "Data": {"Status": 3}}
        return httpx.Response(200, json=body)

    return httpx.MockTransport(handler)


def test_live_goes_to_the_production_host_or_the_environment_override(
    use: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[httpx.Request] = []
    use(_recording(seen))
    monkeypatch.delenv("MEDIATASKS_ZEGO_BASE_URL", raising=False)
    assert cli.main(["status", "zego", "T1", "--live"]) == cli.EXIT_OK
    monkeypatch.setenv("MEDIATASKS_ZEGO_BASE_URL", "https://zego-test.example")
    assert cli.main(["status", "zego", "T1", "--live"]) == cli.EXIT_OK
    assert [r.url.host for r in seen] == ["cloudrecord-api.zego.im", "zego-test.example"]
    assert seen[0].url.params["AppId"] == ENV["MEDIATASKS_ZEGO_APP_ID"]


def test_base_url_signs_with_the_environment_credentials(use: Any) -> None:
    seen: list[httpx.Request] = []
    use(_recording(seen))
    assert cli.main(["status", "zego", "T1", "--base-url", "http://127.0.0.1:8765/zego"]) == 0
    assert str(seen[0].url).startswith("http://127.0.0.1:8765/zego/?Action=")
    assert seen[0].url.params["AppId"] == ENV["MEDIATASKS_ZEGO_APP_ID"]


def test_live_and_base_url_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["status", "zego", "T1", "--live", "--base-url", "https://z.test"])
    assert caught.value.code == cli.EXIT_USAGE
    assert "not allowed with" in capsys.readouterr().err
