"""``python -m mediatasks.sandbox`` and ``mediatasks sandbox`` (the same entry) print where they
serve and the credentials they accept; without the sandbox extra the CLI says how to get it."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from typing import Any

import httpx
import pytest

from mediatasks import cli, registry
from mediatasks.sandbox import SandboxCredentials, __main__


def test_main_prints_urls_and_credentials(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served = _fake_serve(monkeypatch)
    assert __main__.main(["--port", "0", "--no-rate-limits", "--lenient"]) == 0
    out = capsys.readouterr().out
    host, port = served["address"]
    assert host == "127.0.0.1"
    assert port != 0, "port 0 takes a free port, and the banner names it"
    assert f"http://127.0.0.1:{port}/_health" in out
    for key, value in SandboxCredentials().as_environment().items():
        assert f"export {key}={value}" in out
    assert "lenient signature case" in out
    assert served["access_log"] is False
    services = served["app"].state.sandbox.services.values()
    assert not any(s.limiter.enabled for s in services)
    assert all(s.lenient and not s.explain for s in services)


def _fake_serve(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    served: dict[str, Any] = {}

    def fake_serve(app: Any, sock: socket.socket, **options: Any) -> None:
        served.update(options, app=app, address=sock.getsockname())
        sock.close()

    monkeypatch.setattr(__main__, "serve", fake_serve)
    return served


def _exports(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        name, _, value = line.strip().removeprefix("export ").partition("=")
        if line.strip().startswith("export "):
            found[name] = value
    return found


def test_print_env_writes_only_export_lines_on_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served = _fake_serve(monkeypatch)
    assert cli.main(["sandbox", "--port", "0", "--print-env"]) == 0
    out, err = capsys.readouterr()
    port = served["address"][1]
    base = f"http://127.0.0.1:{port}"
    assert all(line.startswith("export ") for line in out.splitlines()), out
    exported = _exports(out)
    assert exported["MEDIATASKS_SANDBOX_URL"] == base
    for vendor in registry.vendor_keys():
        assert exported[registry.base_url_variable(vendor)] == f"{base}/{vendor}"
    for key, value in SandboxCredentials().as_environment().items():
        assert exported[key] == value
    # the text (URL, per-vendor table, the same export lines) is on stderr
    assert f"mediatasks sandbox on {base}" in err
    assert _exports(err) == exported
    zego = next(line for line in err.splitlines() if line.startswith("zego "))
    assert f"{base}/zego" in zego
    assert "SERVER_SECRET=00112233445566778899aabbccddeeff" in zego


def test_the_cli_subcommand_is_the_same_server_entry(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served = _fake_serve(monkeypatch)
    assert cli.main(["sandbox", "--port", "0", "--explain", "--access-log"]) == 0
    services = served["app"].state.sandbox.services.values()
    assert served["access_log"] is True
    assert all(s.explain and not s.lenient for s in services)
    out = capsys.readouterr().out
    assert _exports(out)["MEDIATASKS_ZEGO_BASE_URL"].endswith("/zego")
    with pytest.raises(SystemExit) as usage:
        cli.main(["sandbox", "--port", "many"])
    assert usage.value.code == 2
    assert "mediatasks sandbox: error" in capsys.readouterr().err


@pytest.mark.parametrize("entry", ["module", "cli"])
def test_a_busy_port_is_a_clear_error(entry: str, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        if entry == "module":
            assert __main__.main(["--port", str(port)]) == 2
        else:
            assert cli.main(["sandbox", "--port", str(port)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert f"cannot listen on 127.0.0.1:{port}" in err


@pytest.mark.parametrize(
    ("argv", "missing", "needed_by"),
    [
        (
            ["status", "zego", "X3CgNeE4I1qAAABN"],
            "starlette",
            "the embedded sandbox (the default target)",
        ),
        (
            ["watch", "zego", "X3CgNeE4I1qAAABN"],
            "jsonschema",
            "the embedded sandbox (the default target)",
        ),
        (["sandbox", "--port", "0"], "uvicorn", "`mediatasks sandbox`"),
    ],
)
def test_without_the_sandbox_extra_one_line_says_how_to_install_it(
    argv: list[str], missing: str, needed_by: str
) -> None:
    """A child process where one module of the extra cannot be imported (``None`` in
    ``sys.modules`` is Python's documented way to make an import fail)."""
    script = (
        f"import sys; sys.modules[{missing!r}] = None\n"
        f"from mediatasks.cli import main\nsys.exit(main({argv!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {needed_by} needs the sandbox extra ({missing} ")
    assert "pip install 'mediatasks[sandbox]'" in lines[0]


def test_served_sandbox_logs_requests_and_explains_refusals() -> None:
    """``--access-log --explain`` on a real port: one access line per request, the mismatch
    diagnosis on stderr and in the answer header, the secret nowhere."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mediatasks.sandbox", "--port", "0", "--access-log", "--explain"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", banner)
        assert found, banner
        base = found.group(0)
        deadline = time.monotonic() + 15
        while True:
            try:
                if httpx.get(f"{base}/_health", trust_env=False).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the sandbox did not come up"
                time.sleep(0.05)
        query = {
            "Action": "DescribeRecordStatus",
            "AppId": "1234567890",
            "SignatureNonce": "0123456789abcdef",
            "Timestamp": str(int(time.time())),
            "SignatureVersion": "2.0",
            "Signature": "0" * 32,
        }
        answer = httpx.post(
            f"{base}/zego/", params=query, json={"TaskId": "X3CgNeE4I1qAAABN"}, trust_env=False
        )
        assert answer.json()["Code"] == 100000005
        explained = json.loads(answer.headers["X-Sandbox-Explain"])
        assert explained["expected_string_to_sign"].endswith("<ServerSecret>" + query["Timestamp"])
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    secret = SandboxCredentials().zego_server_secret
    assert '"GET /_health HTTP/1.1" 200' in out  # uvicorn writes its access log to stdout
    assert '"POST /zego/?Action=DescribeRecordStatus' in out
    assert "expected string to sign: '12345678900123456789abcdef<ServerSecret>" in err
    assert secret not in err
    assert secret not in out.split("export MEDIATASKS_ZEGO_SERVER_SECRET=")[0]


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


def test_environment_names_the_served_vendors_and_their_accepted_credentials() -> None:
    creds = SandboxCredentials(myun_token="fake-myun-token")
    accepted = creds.as_environment()
    found = __main__.environment("http://h", ["zego", "myun"], creds)
    assert list(found.items()) == [
        ("MEDIATASKS_SANDBOX_URL", "http://h"),
        ("MEDIATASKS_ZEGO_BASE_URL", "http://h/zego"),
        ("MEDIATASKS_ZEGO_APP_ID", accepted["MEDIATASKS_ZEGO_APP_ID"]),
        ("MEDIATASKS_ZEGO_SERVER_SECRET", accepted["MEDIATASKS_ZEGO_SERVER_SECRET"]),
        ("MEDIATASKS_MYUN_BASE_URL", "http://h/myun"),
        ("MEDIATASKS_MYUN_TOKEN", "fake-myun-token"),
    ]
    # a credential without a value (MYun's token by default) is left out
    assert "MEDIATASKS_MYUN_TOKEN" not in __main__.environment(
        "http://h", ["myun"], SandboxCredentials()
    )
