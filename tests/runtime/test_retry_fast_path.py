"""The retry loop's fast path: the first attempt runs outside stamina, and a retryable failure
is replayed as stamina's own first attempt, so bounds and instrumentation stay stamina's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import stamina
from stamina.instrumentation import RetryDetails, set_on_retry_hooks

from mediatasks import errors
from mediatasks.runtime import RetryPolicy, call_async, call_sync


def _no_stamina(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("stamina was entered")


def _failing(times: int, exc: Exception) -> tuple[list[int], Any]:
    calls: list[int] = []

    def fn() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise exc
        return "ok"

    return calls, fn


def _busy() -> errors.HTTPStatusError:
    return errors.HTTPStatusError("zego", "op", "busy", status_code=503)


@pytest.fixture
def retries_seen() -> Iterator[list[RetryDetails]]:
    seen: list[RetryDetails] = []

    def hook(details: RetryDetails) -> None:
        seen.append(details)

    set_on_retry_hooks([hook])
    yield seen
    set_on_retry_hooks(None)


def test_a_first_success_never_enters_stamina(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stamina, "retry_context", _no_stamina)
    assert call_sync(lambda: "ok", RetryPolicy(), idempotent=True) == "ok"


def test_a_failure_that_is_not_retried_never_enters_stamina(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stamina, "retry_context", _no_stamina)
    bad = errors.InvalidParameterError("zego", "op", "bad", code=300000004)
    calls, fn = _failing(5, bad)
    with pytest.raises(errors.InvalidParameterError) as caught:
        call_sync(fn, RetryPolicy(), idempotent=True)
    assert caught.value is bad
    assert len(calls) == 1


def test_the_failure_is_replayed_as_staminas_first_attempt(
    retries_seen: list[RetryDetails],
) -> None:
    busy = _busy()
    calls, fn = _failing(2, busy)
    assert call_sync(fn, RetryPolicy(attempts=4), idempotent=True) == "ok"
    assert len(calls) == 3
    assert [d.retry_num for d in retries_seen] == [1, 2]
    assert retries_seen[0].caused_by is busy


def test_attempts_count_the_bare_first_attempt(retries_seen: list[RetryDetails]) -> None:
    calls, fn = _failing(99, _busy())
    with pytest.raises(errors.HTTPStatusError):
        call_sync(fn, RetryPolicy(attempts=3), idempotent=True)
    assert len(calls) == 3
    assert len(retries_seen) == 2


def test_the_first_attempt_counts_against_the_timeout() -> None:
    ticks = iter([0.0, 31.0])
    calls, fn = _failing(99, _busy())
    with pytest.raises(errors.HTTPStatusError):
        call_sync(fn, RetryPolicy(timeout=30.0), idempotent=True, clock=lambda: next(ticks))
    assert len(calls) == 1


def test_stamina_gets_the_time_that_is_left(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    real = stamina.retry_context

    def spy(**kwargs: Any) -> Any:
        seen.update(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(stamina, "retry_context", spy)
    ticks = iter([100.0, 112.5])
    calls, fn = _failing(1, _busy())
    policy = RetryPolicy(timeout=30.0, attempts=5)
    assert call_sync(fn, policy, idempotent=True, clock=lambda: next(ticks)) == "ok"
    assert seen["timeout"] == pytest.approx(17.5)
    assert seen["attempts"] == 5
    assert len(calls) == 2


def test_deactivated_stamina_means_one_attempt() -> None:
    calls, fn = _failing(99, _busy())
    stamina.set_active(False)
    try:
        with pytest.raises(errors.HTTPStatusError):
            call_sync(fn, RetryPolicy(attempts=4), idempotent=True)
    finally:
        stamina.set_active(True)
    assert len(calls) == 1


@pytest.mark.anyio
async def test_async_fast_path_and_replay(
    monkeypatch: pytest.MonkeyPatch, retries_seen: list[RetryDetails]
) -> None:
    calls, fn = _failing(1, _busy())

    async def afn() -> str:
        return str(fn())

    assert await call_async(afn, RetryPolicy(), idempotent=True) == "ok"
    assert len(calls) == 2
    assert len(retries_seen) == 1
    monkeypatch.setattr(stamina, "retry_context", _no_stamina)
    assert await call_async(afn, RetryPolicy(), idempotent=True) == "ok"
    assert len(calls) == 3


@pytest.mark.anyio
async def test_async_timeout_spent_by_the_first_attempt() -> None:
    ticks = iter([0.0, 31.0])
    calls, fn = _failing(99, _busy())

    async def afn() -> str:
        return str(fn())

    with pytest.raises(errors.HTTPStatusError):
        await call_async(afn, RetryPolicy(), idempotent=True, clock=lambda: next(ticks))
    assert len(calls) == 1
