"""One wall-clock deadline per call (``RetryPolicy.timeout``), from the first byte of the token
request to the last byte of the answer, against a loopback server that trickles or stalls.

Before it, httpx's per-read timeouts let a body arriving one byte every 0.2 s run for as long
as the server liked, and the 123pan token request had no timeout at all.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

import pytest
from loopback import answer, reset, serve, stall, trickle

from mediatasks import cli, errors
from mediatasks.runtime import RetryPolicy
from mediatasks.vendors import Pan123Client, ZegoClient, client_for

ZEGO_OK = {"Code": 0, "Message": "succeed", "RequestId": "r", "Data": {"Status": 2}}
TOKEN_OK = {
    "code": 0,
    "message": "ok",
    "data": {"accessToken": "fake-token", "expiredAt": "2099-01-01T00:00:00+08:00"},
    "x-traceID": "t",
}
RECORD_OK = {"code": 0, "message": "ok", "data": {"UserTranscodeVideoRecordList": []}}
BUDGET = 1.0  # the call's deadline in these tests
SLACK = 0.8  # what the clock may add on a busy 2-core machine (a trickle byte is 0.2 s)


def _zego(url: str) -> ZegoClient:
    policy = RetryPolicy(timeout=BUDGET, attempts=3)
    return ZegoClient("1", "fake-secret", base_url=url + "/zego", policy=policy)


def _pan123(url: str) -> Pan123Client:
    policy = RetryPolicy(timeout=BUDGET, attempts=3)
    return Pan123Client("cid", "fake-secret", base_url=url, policy=policy)


def _trickling(handler: BaseHTTPRequestHandler) -> None:
    trickle(handler, ZEGO_OK, every=0.2, for_at_most=6.0)


def _timed(call: Callable[[], object]) -> tuple[BaseException, float]:
    started = time.monotonic()
    with pytest.raises(errors.MediaTasksError) as caught:
        call()
    return caught.value, time.monotonic() - started


def test_a_trickling_body_ends_at_the_deadline() -> None:
    with serve(_trickling) as url, _zego(url) as client:
        error, took = _timed(lambda: client.get_task("X3CgNeE4I1qAAABN"))
    assert isinstance(error, errors.RequestTimeoutError), error
    assert (error.vendor, error.operation) == ("zego", "describeRecordStatus")
    assert BUDGET - 0.05 <= took < BUDGET + SLACK


@pytest.mark.anyio
async def test_a_trickling_body_ends_at_the_deadline_async() -> None:
    with serve(_trickling) as url:
        async with _zego(url) as client:
            started = time.monotonic()
            with pytest.raises(errors.RequestTimeoutError):
                await client.get_task_async("X3CgNeE4I1qAAABN")
            took = time.monotonic() - started
    assert BUDGET - 0.05 <= took < BUDGET + SLACK


def _stalled_token(handler: BaseHTTPRequestHandler) -> None:
    if handler.path.endswith("/access_token"):
        stall(handler, 6.0)
    else:
        answer(handler, RECORD_OK)


def test_a_stalled_token_endpoint_ends_at_the_deadline_under_its_own_name() -> None:
    with serve(_stalled_token) as url, _pan123(url) as client:
        error, took = _timed(lambda: client.get_task("2875008"))
    assert isinstance(error, errors.RequestTimeoutError), error
    assert took < BUDGET + SLACK
    assert error.operation == "getAccessToken"
    assert str(error).startswith("pan123 getAccessToken: ")


@pytest.mark.anyio
async def test_a_stalled_token_endpoint_ends_at_the_deadline_async() -> None:
    with serve(_stalled_token) as url:
        async with _pan123(url) as client:
            started = time.monotonic()
            with pytest.raises(errors.RequestTimeoutError) as caught:
                await client.get_task_async("2875008")
            took = time.monotonic() - started
    assert took < BUDGET + SLACK
    assert caught.value.operation == "getAccessToken"


def _token_reset(handler: BaseHTTPRequestHandler) -> None:
    if handler.path.endswith("/access_token"):
        reset(handler)
    else:
        answer(handler, RECORD_OK)


def test_a_failing_token_call_is_reported_under_the_token_operation() -> None:
    with serve(_token_reset) as url, _pan123(url) as client:
        error, _took = _timed(lambda: client.get_task("2875008"))
    assert isinstance(error, errors.TransportError), error
    assert error.operation == "getAccessToken"
    assert str(error).startswith("pan123 getAccessToken: ")
    assert error.method == "POST"
    assert error.url is not None
    assert error.url.endswith("/api/v1/access_token")


def test_a_healthy_call_is_untouched_by_the_deadline() -> None:
    with serve(lambda h: answer(h, ZEGO_OK)) as url, _zego(url) as client:
        assert client.get_task("X3CgNeE4I1qAAABN").status.value == "RUNNING"


def test_the_cli_ends_a_stalled_token_call_with_exit_4(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MEDIATASKS_PAN123_CLIENT_ID", "cid")
    monkeypatch.setenv("MEDIATASKS_PAN123_CLIENT_SECRET", "fake-secret")
    policy = RetryPolicy(timeout=BUDGET, attempts=3)  # the CLI's own default is 30 s
    monkeypatch.setattr(cli, "client_for", functools.partial(client_for, policy=policy))
    with serve(_stalled_token) as url:
        started = time.monotonic()
        code = cli.main(["status", "pan123", "2875008", "--base-url", url])
        took = time.monotonic() - started
    assert code == cli.EXIT_NETWORK
    assert took < BUDGET + SLACK
    assert "pan123 getAccessToken: " in capsys.readouterr().err
