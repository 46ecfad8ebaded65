"""Bad input is a ConfigurationError before any request, in the library and the CLI (exit 2):
ids (a 70,000-character id, a lone surrogate, 123pan's decimal int64), base URLs (empty,
malformed, from the environment), watch's --interval and --timeout. Errors quote at most 64
characters of what they were given.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from mediatasks import cli, errors
from mediatasks.sandbox import SandboxCredentials
from mediatasks.vendors import ZegoClient, client_for

ENTRY = Path(sys.executable).with_name("mediatasks")
VENDORS = ("pan123", "myun", "zego", "cdnetworks", "polyv")
ENV = SandboxCredentials().as_environment()
HUGE = "a" * 70_000


class NothingSent(httpx.MockTransport):
    """A transport that fails the test if anything reaches it."""

    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []
        super().__init__(self._refuse)

    def _refuse(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        raise AssertionError(f"nothing may be sent, got {request.method} {request.url}")


def _client(vendor: str, transport: NothingSent, **options: Any) -> Any:
    return client_for(
        vendor,
        ENV,
        base_url=f"https://{vendor}.test",
        transport=transport,
        async_transport=transport,
        **options,
    )


def _refused(call: Callable[[], object]) -> errors.ConfigurationError:
    with pytest.raises(errors.ConfigurationError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_70000_character_id_is_refused_before_any_request(vendor: str) -> None:
    transport = NothingSent()
    with _client(vendor, transport) as client:
        error = _refused(lambda: client.get_task(HUGE))
    assert transport.sent == []
    assert "70,000 characters" in str(error)
    assert len(str(error)) < 250  # at most 64 characters of the id are quoted


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.anyio
async def test_a_lone_surrogate_in_an_id_is_refused_sync_and_async(vendor: str) -> None:
    transport = NothingSent()
    task_id = "123\ud800" if vendor != "pan123" else "\ud8001"
    async with _client(vendor, transport) as client:
        _refused(lambda: client.get_task(task_id))
        with pytest.raises(errors.ConfigurationError, match=r"surrogate|decimal"):
            await client.get_task_async(task_id)
        _refused(lambda: client.get_tasks(["fine1234", task_id]))
    assert transport.sent == []


@pytest.mark.parametrize(
    "file_id",
    [" 42 ", "1_000", "٢٨٧٥٠٠٨", "-1", "+5", "0", "00", str(2**63), str(2**70), "4.2", "9" * 5000],
)
def test_pan123_file_ids_are_positive_ascii_decimal_int64(file_id: str) -> None:
    transport = NothingSent()
    with _client("pan123", transport) as client:
        error = _refused(lambda: client.get_task(file_id))
    assert transport.sent == []
    assert len(str(error)) < 64 + 120


def test_the_largest_int64_file_id_is_sent() -> None:
    seen: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/access_token"):
            data = {"accessToken": "t", "expiredAt": "2099-01-01T00:00:00+08:00"}
            return httpx.Response(200, json={"code": 0, "message": "ok", "data": data})
        seen.append(request.content)
        body = {"code": 0, "message": "ok", "data": {"UserTranscodeVideoRecordList": []}}
        return httpx.Response(200, json=body)

    client = client_for(
        "pan123", ENV, base_url="https://p.test", transport=httpx.MockTransport(handler)
    )
    with client:
        client.get_task(str(2**63 - 1))
    assert seen == [b'{"fileId":9223372036854775807}']


@pytest.mark.parametrize(
    "base_url", ["", "   ", "http://[::1", "ftp://x.test", "x.test/zego", "http://u:p@x.test"]
)
def test_bad_base_urls_are_configuration_errors_in_the_library(base_url: str) -> None:
    _refused(lambda: client_for("zego", ENV, base_url=base_url))
    _refused(lambda: ZegoClient("1", "s", base_url=base_url))


@pytest.mark.parametrize("value", ["", "http://[::1", "http://x.test:99999"])
def test_a_bad_base_url_variable_is_a_configuration_error(value: str) -> None:
    error = _refused(lambda: client_for("zego", {**ENV, "MEDIATASKS_ZEGO_BASE_URL": value}))
    assert "MEDIATASKS_ZEGO_BASE_URL" in str(error)


# -- the CLI --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["status", "zego", "T1", "--base-url", ""],
        ["status", "zego", "T1", "--base-url", "http://[::1"],
        ["watch", "zego", "T1", "--interval", "0"],
        ["watch", "zego", "T1", "--interval", "-5"],
        ["watch", "zego", "T1", "--interval", "nan"],
        ["watch", "zego", "T1", "--interval", "inf"],
        ["watch", "zego", "T1", "--timeout", "nan"],
        ["watch", "zego", "T1", "--timeout", "0"],
        ["status", "pan123", " 42 "],
        ["status", "pan123", "٢٨٧٥٠٠٨"],
        ["status", "pan123", str(2**70)],
        ["status", "myun", HUGE],
        ["status", "zego", ""],
    ],
)
def test_usage_errors_exit_2_before_any_request(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    transport = NothingSent()
    monkeypatch.setattr(cli, "client_for", functools.partial(client_for, transport=transport))
    if "--base-url" not in argv:
        argv = [*argv, "--live"]  # the vendor's own id rules need its client
    with pytest.raises(SystemExit) as leaving:  # argparse's own usage errors exit here
        _exit_with(cli.main(argv))
    assert transport.sent == []
    assert leaving.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err) < 1200


def _exit_with(code: int) -> None:
    raise SystemExit(code)


def test_a_bad_base_url_variable_is_exit_2_with_live(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("MEDIATASKS_ZEGO_BASE_URL", "http://[::1")
    assert cli.main(["status", "zego", "T1", "--live"]) == cli.EXIT_USAGE
    assert "MEDIATASKS_ZEGO_BASE_URL" in capsys.readouterr().err


def test_a_non_utf8_argument_is_exit_2_without_a_traceback() -> None:
    """A byte that is not UTF-8 reaches Python as a lone surrogate (surrogateescape)."""
    done = subprocess.run(
        [str(ENTRY).encode(), b"status", b"zego", b"\xffabc"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == cli.EXIT_USAGE, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"surrogate" in done.stderr


def test_quote_input_cuts_and_says_how_long() -> None:
    assert errors.quote_input("short") == "'short'"
    quoted = errors.quote_input("x" * 5000)
    assert quoted.startswith("'" + "x" * 64 + "'")
    assert "5,000 characters" in quoted
    assert errors.quote_input("\ud800") == "'\\ud800'"


@pytest.mark.parametrize(
    "argv",
    [["status", "x" * 70_000, "T1"], ["status", "zego", "T1", "--" + "y" * 70_000]],
)
def test_argparse_errors_do_not_echo_a_huge_argument(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as leaving:
        cli.main(argv)
    assert leaving.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert len(err) < 1500
    assert "70,0" in err  # says how long it was
