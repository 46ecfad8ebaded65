"""The retry policy: what is retried, Retry-After, idempotency, and the bound on attempts."""

from __future__ import annotations

import time

import httpx
import pytest

from mediatasks import errors
from mediatasks.ratelimit import RateLimiter
from mediatasks.runtime import Caller, RetryPolicy
from mediatasks.specs import RateLimit

ZEGO_OK = {"Code": 0, "Message": "succeed", "RequestId": "r", "Data": {"Status": 2}}
ZEGO_QPS = {"Code": 300000003, "Message": "qps", "RequestId": "r", "Data": None}
ZEGO_BAD = {"Code": 300000004, "Message": "bad", "RequestId": "r", "Data": None}


def _caller(answers: list[object], policy: RetryPolicy | None = None) -> tuple[Caller, list[int]]:
    """A caller whose transport plays ``answers`` in order (responses or exceptions)."""
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        item = answers[min(len(calls), len(answers)) - 1]
        if isinstance(item, Exception):
            raise item
        assert isinstance(item, httpx.Response)
        return item

    http = httpx.Client(transport=httpx.MockTransport(handler), base_url="https://z.test")
    caller = Caller("zego", http=http, policy=policy, limiter=RateLimiter("zego", []))
    return caller, calls


REQUEST = {"method": "POST", "url": "/", "json": {"TaskId": "t"}}


def test_read_retries_5xx_and_over_limit_then_succeeds() -> None:
    caller, calls = _caller(
        [httpx.Response(503), httpx.Response(200, json=ZEGO_QPS), httpx.Response(200, json=ZEGO_OK)]
    )
    assert caller.call("describeRecordStatus", REQUEST).data == {"Status": 2}
    assert len(calls) == 3


def test_read_retries_connection_errors_and_timeouts() -> None:
    caller, calls = _caller(
        [
            httpx.ConnectError("refused"),
            httpx.ReadTimeout("slow"),
            httpx.Response(200, json=ZEGO_OK),
        ]
    )
    assert caller.call("describeRecordStatus", REQUEST).request_id == "r"
    assert len(calls) == 3


def test_attempts_are_bounded_and_the_last_error_propagates() -> None:
    caller, calls = _caller([httpx.Response(503)], RetryPolicy(attempts=3))
    with pytest.raises(errors.HTTPStatusError):
        caller.call("describeRecordStatus", REQUEST)
    assert len(calls) == 3


def test_client_errors_are_not_retried() -> None:
    caller, calls = _caller([httpx.Response(200, json=ZEGO_BAD)])
    with pytest.raises(errors.InvalidParameterError):
        caller.call("describeRecordStatus", REQUEST)
    assert len(calls) == 1


def test_timeouts_are_typed() -> None:
    caller, _ = _caller([httpx.ReadTimeout("slow")], RetryPolicy(attempts=1))
    with pytest.raises(errors.RequestTimeoutError) as caught:
        caller.call("describeRecordStatus", REQUEST)
    assert caught.value.may_have_reached_server


def test_non_idempotent_call_is_not_retried_once_it_may_have_arrived() -> None:
    caller, calls = _caller([httpx.ReadTimeout("slow"), httpx.Response(200, json=ZEGO_OK)])
    with pytest.raises(errors.RequestTimeoutError):
        caller.call("describeRecordStatus", REQUEST, idempotent=False)
    assert len(calls) == 1
    caller, calls = _caller([httpx.Response(503), httpx.Response(200, json=ZEGO_OK)])
    with pytest.raises(errors.HTTPStatusError):
        caller.call("describeRecordStatus", REQUEST, idempotent=False)
    assert len(calls) == 1


def test_non_idempotent_call_is_retried_when_the_connection_never_opened() -> None:
    caller, calls = _caller([httpx.ConnectError("refused"), httpx.Response(200, json=ZEGO_OK)])
    caller.call("describeRecordStatus", REQUEST, idempotent=False)
    assert len(calls) == 2


def test_retry_after_is_honoured_and_capped() -> None:
    policy = RetryPolicy(retry_after_cap=10.0)
    short = errors.RateLimitError("v", "op", "m", status_code=429, retry_after=3.0)
    long = errors.HTTPStatusError("v", "op", "m", status_code=503, retry_after=3600.0)
    assert policy.decide(short, idempotent=True) == 3.0
    assert policy.decide(long, idempotent=True) == 10.0
    plain = errors.HTTPStatusError("v", "op", "m", status_code=502)
    assert policy.decide(plain, idempotent=True) is True
    assert (
        policy.decide(errors.HTTPStatusError("v", "op", "m", status_code=400), idempotent=True)
        is False
    )


def test_local_limiter_refusal_is_not_retried() -> None:
    local = errors.RateLimitError("v", "op", "local", retry_after=99.0)
    assert RetryPolicy().decide(local, idempotent=True) is False


@pytest.mark.anyio
async def test_async_path_retries_too() -> None:
    answers = [httpx.Response(502), httpx.Response(200, json=ZEGO_OK)]
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return answers[len(calls) - 1]

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="https://z.test")
    caller = Caller("zego", async_http=http, limiter=RateLimiter("zego", []))
    answer = await caller.call_async("describeRecordStatus", REQUEST)
    assert answer.data == {"Status": 2}
    assert len(calls) == 2
    await http.aclose()


def test_retry_after_zero_means_retry_at_once() -> None:
    caller, calls = _caller(
        [httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(200, json=ZEGO_OK)]
    )
    assert caller.call("describeRecordStatus", REQUEST).data == {"Status": 2}
    assert len(calls) == 2


def test_a_retry_after_beyond_the_time_budget_gives_up_at_once() -> None:
    """Stamina checks its timeout only after an attempt: waiting 20 s on a 5 s budget would
    overrun it, so the vendor's answer is raised now, carrying its retry_after."""
    long_wait = httpx.Response(429, headers={"Retry-After": "20"})
    caller, calls = _caller([long_wait, httpx.Response(200, json=ZEGO_OK)], RetryPolicy(timeout=5))
    with pytest.raises(errors.RateLimitError) as caught:
        caller.call("describeRecordStatus", REQUEST)
    assert caught.value.retry_after == 20.0
    assert len(calls) == 1
    # within the budget it is honoured (the runtime's test mode skips the actual wait)
    short_wait = httpx.Response(429, headers={"Retry-After": "2"})
    caller, calls = _caller([short_wait, httpx.Response(200, json=ZEGO_OK)])
    assert caller.call("describeRecordStatus", REQUEST).data == {"Status": 2}
    assert len(calls) == 2


def test_the_limiter_wait_is_bounded_by_the_call_budget() -> None:
    """A slot further away than the call's timeout is refused instead of slept for."""
    one_per_minute = [RateLimit(("*",), 1, 60.0, "account")]
    limiter = RateLimiter("zego", one_per_minute, max_wait=120.0)
    http = httpx.Client(
        transport=httpx.MockTransport(lambda _r: httpx.Response(200, json=ZEGO_OK)),
        base_url="https://z.test",
    )
    caller = Caller("zego", http=http, policy=RetryPolicy(timeout=1.0), limiter=limiter)
    caller.call("describeRecordStatus", REQUEST)
    started = time.monotonic()
    with pytest.raises(errors.RateLimitError, match=r"exceeds the 1\.0 s bound") as caught:
        caller.call("describeRecordStatus", REQUEST)
    assert time.monotonic() - started < 0.5
    assert caught.value.code is None
    assert caught.value.retry_after is not None
    assert caught.value.retry_after > 59
