"""The sans-IO core: the retry loop, the caller and the poller are flows of steps, driven the
same way by the sync and the async shell; their bounds are visible without any I/O."""

from __future__ import annotations

import time
from collections.abc import Generator
from typing import Any

import httpx
import pytest
from stamina.instrumentation import RetryDetails, get_on_retry_hooks, set_on_retry_hooks

from mediatasks import errors
from mediatasks.model import Task, TaskStatus
from mediatasks.ratelimit import RateLimiter
from mediatasks.runtime import Caller, RetryPolicy, Send, Sleep, retrying, run_async, run_sync
from mediatasks.runtime._sending import DEADLINE, OPERATION
from mediatasks.specs import RateLimit
from mediatasks.tasks import PollSchedule
from mediatasks.tasks._poller import Sweep, poll_flow

ZEGO_OK = {"Code": 0, "Message": "succeed", "RequestId": "r", "Data": {"Status": 2}}
REQUEST = {"method": "POST", "url": "/", "json": {"TaskId": "t"}}


def _steps(flow: Generator[Any, Any, Any], replies: list[Any]) -> tuple[list[Any], Any]:
    """Drive a flow by hand: each non-Sleep step gets the next reply (raised if an exception)."""
    seen: list[Any] = []
    reply: Any = None
    try:
        step = next(flow)
        while True:
            seen.append(step)
            if isinstance(step, Sleep):
                step = flow.send(None)
                continue
            reply = replies.pop(0)
            step = flow.throw(reply) if isinstance(reply, Exception) else flow.send(reply)
    except StopIteration as done:
        return seen, done.value


def _caller(**kwargs: Any) -> Caller:
    return Caller("zego", limiter=RateLimiter("zego", []), **kwargs)


def _sends(seen: list[Any]) -> list[dict[str, Any]]:
    """The request of each Send step, without the extensions the caller adds."""
    return [
        {k: v for k, v in step.request.items() if k != "extensions"}
        for step in seen
        if isinstance(step, Send)
    ]


def test_a_first_success_is_one_send_and_no_sleep() -> None:
    seen, answer = _steps(_caller().flow("op", REQUEST), [httpx.Response(200, json=ZEGO_OK)])
    assert [type(step) for step in seen] == [Send]
    assert _sends(seen) == [REQUEST]
    extensions = seen[0].request["extensions"]
    assert extensions[OPERATION] == "op"
    assert extensions[DEADLINE] > time.monotonic()  # one deadline for the whole call
    assert answer.data == {"Status": 2}


def test_failures_back_off_with_growing_jittered_waits_bounded_by_attempts() -> None:
    policy = RetryPolicy(attempts=3, wait_initial=1.0, wait_jitter=0.5, wait_max=10.0)
    flow = _caller(policy=policy).flow("op", REQUEST)
    with pytest.raises(errors.HTTPStatusError):
        _steps(flow, [httpx.Response(503)] * 5)
    flow = _caller(policy=policy).flow("op", REQUEST)
    seen: list[Any] = []
    with pytest.raises(errors.HTTPStatusError):
        seen, _ = _steps(_record(flow, seen), [httpx.Response(503)] * 5)
    waits = [s.seconds for s in seen if isinstance(s, Sleep)]
    assert [type(s) for s in seen] == [Send, Sleep, Send, Sleep, Send]
    assert 1.0 <= waits[0] <= 1.5
    assert 2.0 <= waits[1] <= 2.5


def _record(flow: Generator[Any, Any, Any], into: list[Any]) -> Generator[Any, Any, Any]:
    """A flow that also notes each step (so a flow that raises still shows its steps)."""
    reply: Any = None
    failure: Exception | None = None
    while True:
        try:
            step = flow.send(reply) if failure is None else flow.throw(failure)
        except StopIteration as done:
            return done.value
        into.append(step)
        failure = None
        try:
            reply = yield step
        except Exception as exc:  # forwarded to the flow under test
            failure = exc


def test_a_non_idempotent_send_that_may_have_arrived_is_never_repeated() -> None:
    seen: list[Any] = []
    flow = _record(_caller().flow("op", REQUEST, idempotent=False), seen)
    with pytest.raises(errors.TransportError):
        _steps(flow, [httpx.ReadTimeout("slow"), httpx.Response(200, json=ZEGO_OK)])
    assert [type(step) for step in seen] == [Send]


def test_a_wait_past_the_deadline_gives_up_without_sleeping() -> None:
    ticks = iter([0.0, 29.0])
    flow = retrying(
        _failing,
        RetryPolicy(timeout=30.0, wait_initial=5.0),
        idempotent=True,
        clock=lambda: next(ticks),
    )
    with pytest.raises(errors.VendorServerError):
        next(flow)


def _failing(_deadline: float) -> Generator[Any, Any, str]:
    raise errors.VendorServerError("v", "op", "down")
    yield  # a generator function


def _poll(statuses: dict[str, list[TaskStatus]]) -> tuple[list[Any], list[Task]]:
    schedule = PollSchedule(interval_initial=1.0, factor=2.0, jitter=0.0, timeout=100)
    flow = poll_flow(list(statuses), schedule=schedule, vendor="v", clock=lambda: 0.0)
    seen: list[Any] = []
    reply: Any = None
    try:
        while True:
            step = flow.send(reply)
            seen.append(step)
            reply = (
                None
                if isinstance(step, Sleep)
                else [Task("v", i, statuses[i].pop(0), None) for i in step.task_ids]
            )
    except StopIteration as done:
        return seen, done.value


def test_the_poll_flow_sweeps_the_unfinished_and_sleeps_between() -> None:
    running, done = TaskStatus.RUNNING, TaskStatus.SUCCEEDED
    seen, tasks = _poll({"a": [running, done], "b": [running, running, done]})
    assert seen == [
        Sweep(["a", "b"]),
        Sleep(1.0),
        Sweep(["a", "b"]),
        Sleep(2.0),
        Sweep(["b"]),
    ]
    assert [t.status for t in tasks] == [done, done]


def test_both_shells_drive_the_same_flow_to_the_same_steps() -> None:
    answers = [httpx.Response(502), httpx.Response(200, json=ZEGO_OK)]
    sent: list[Any] = []
    waits: list[float] = []

    def perform(step: Send) -> httpx.Response:
        sent.append(step)
        return answers[len(sent) - 1]

    answer = run_sync(_caller().flow("op", REQUEST), perform, waits.append)
    assert answer.data == {"Status": 2}
    assert len(sent) == 2
    assert len(waits) == 1


@pytest.mark.anyio
async def test_the_async_shell_drives_the_same_flow() -> None:
    answers = [httpx.Response(502), httpx.Response(200, json=ZEGO_OK)]
    sent: list[Any] = []
    waits: list[float] = []

    async def perform(step: Send) -> httpx.Response:
        sent.append(step)
        return answers[len(sent) - 1]

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    answer = await run_async(_caller().flow("op", REQUEST), perform, sleep)
    assert answer.data == {"Status": 2}
    assert len(sent) == 2
    assert len(waits) == 1


def test_each_scheduled_retry_reaches_staminas_hooks() -> None:
    seen: list[RetryDetails] = []

    def hook(details: RetryDetails) -> None:
        seen.append(details)

    previous = get_on_retry_hooks()
    set_on_retry_hooks([hook])
    try:
        answers = [httpx.Response(503), httpx.Response(502), httpx.Response(200, json=ZEGO_OK)]
        run_sync(_caller().flow("describeRecordStatus", REQUEST), lambda _s: answers.pop(0), _nap)
    finally:
        set_on_retry_hooks(previous)
    assert [d.retry_num for d in seen] == [1, 2]
    assert {d.name for d in seen} == {"zego.describeRecordStatus"}
    assert isinstance(seen[0].caused_by, errors.HTTPStatusError)
    assert all(d.wait_for > 0 for d in seen)


def _nap(_seconds: float) -> None:
    """A shell sleep that does not wait."""


def test_a_full_window_is_waited_out_as_a_sleep_step_before_the_send() -> None:
    """The long wait comes before the Send step, so before the auth flow signs: a signature
    never sits out a window (CDNetworks refuses a timestamp 5 minutes old). The slot itself is
    taken at send time, in httpx's request hook."""
    one_per_10s = [RateLimit(("*",), 1, 10.0, "account")]
    limiter = RateLimiter("zego", one_per_10s, max_wait=20, margin=0.0, min_margin=0.0)
    caller = Caller("zego", limiter=limiter)
    limiter.reserve("op")
    seen, _ = _steps(caller.flow("op", REQUEST), [httpx.Response(200, json=ZEGO_OK)])
    assert [type(step) for step in seen] == [Sleep, Send]
    assert 9.0 < seen[0].seconds <= 10.0
