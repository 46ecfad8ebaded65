"""The console script: output modes, credentials from the environment, exit codes."""

from __future__ import annotations

import functools
import json
from typing import Any

import httpx
import pytest

from mediatasks import cli
from mediatasks.tasks import PollSchedule
from mediatasks.vendors import client_for

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
    assert cli.main(["status", "zego", "T1"]) == 0
    assert "RUNNING" in capsys.readouterr().out


def test_missing_credentials_exit_2_and_name_the_variables(
    use: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    use(_zego(3), env={})
    assert cli.main(["status", "zego", "T1"]) == cli.EXIT_USAGE
    assert "MEDIATASKS_ZEGO_APP_ID" in capsys.readouterr().err


def test_vendor_error_exit_3_without_secret(use: Any, capsys: pytest.CaptureFixture[str]) -> None:
    use(_zego(None, code=300001000))
    assert cli.main(["status", "zego", "T1"]) == cli.EXIT_VENDOR
    err = capsys.readouterr().err
    assert "300001000" in err
    assert "fake-cli-secret" not in err


def test_network_error_exit_4(use: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    use(httpx.MockTransport(handler))
    assert cli.main(["status", "zego", "T1"]) == cli.EXIT_NETWORK


def test_watch_json_streams_until_terminal(use: Any, capsys: pytest.CaptureFixture[str]) -> None:
    statuses = iter([1, 2, 4])

    def handler(request: httpx.Request) -> httpx.Response:
        body = {"Code": 0, "Message": "m", "RequestId": "r", "Data": {"Status": next(statuses)}}
        return httpx.Response(200, json=body)

    use(httpx.MockTransport(handler))
    code = cli.main(["watch", "zego", "T1", "--json", "--interval", "0"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [batch[0]["status"] for batch in lines] == ["PENDING", "RUNNING", "FAILED"]
    assert code == cli.EXIT_TASK_FAILED


def test_watch_live_table_and_timeout(use: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    use(_zego(2))
    monkeypatch.setattr(cli, "PollSchedule", lambda **_kw: PollSchedule(timeout=0, jitter=0))
    assert cli.main(["watch", "zego", "T1", "T2"]) == cli.EXIT_TIMEOUT


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for code in cli.EXIT_CODES:
        assert f"  {code}  " in out
    assert all(str(code) in (cli.__doc__ or "") for code in cli.EXIT_CODES)
