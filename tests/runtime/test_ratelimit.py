"""The sliding-log limiter: exact windows, bounded waits, sharing across threads and tasks."""

from __future__ import annotations

import threading

import pytest

from mediatasks.errors import RateLimitError
from mediatasks.ratelimit import RateLimiter, shared_limiter
from mediatasks.specs import RateLimit


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def _limiter(limit: int, period: float, clock: FakeClock, **kw: float) -> RateLimiter:
    rate = RateLimit(("*",), limit, period, "app")
    kw.setdefault("margin", 0.0)  # exact windows; the margin has its own test
    kw.setdefault("min_margin", 0.0)
    return RateLimiter("zego", [rate], clock=clock, **kw)


def test_grants_up_to_the_limit_then_spaces_by_the_window() -> None:
    clock = FakeClock()
    limiter = _limiter(10, 1.0, clock)
    delays = [limiter.reserve("op") for _ in range(12)]
    assert delays[:10] == [0.0] * 10
    assert delays[10] == pytest.approx(1.0)
    assert delays[11] == pytest.approx(1.0)


def test_any_window_holds_at_most_limit_grants() -> None:
    clock = FakeClock()
    limiter = _limiter(5, 2.0, clock)
    grants = []
    for step in range(60):
        clock.now += 0.13 * (step % 3)
        limiter.acquire("op", sleep=clock.sleep)
        grants.append(clock.now)
    for i, start in enumerate(grants):
        inside = [t for t in grants[i:] if t < start + 2.0 - 1e-9]
        assert len(inside) <= 5


def test_waits_beyond_the_bound_are_refused_without_reserving() -> None:
    clock = FakeClock()
    limiter = _limiter(1, 300.0, clock, max_wait=30.0)
    assert limiter.reserve("op") == 0.0
    with pytest.raises(RateLimitError) as caught:
        limiter.reserve("op")
    assert caught.value.retry_after == pytest.approx(300.0)
    clock.now += 300.0
    assert limiter.reserve("op") == 0.0  # the refused call took no slot


def test_limits_apply_only_to_their_operations() -> None:
    clock = FakeClock()
    rate = RateLimit(("describeRecordStatus",), 1, 1.0, "app")
    limiter = RateLimiter("zego", [rate], clock=clock, margin=0.0, min_margin=0.0)
    assert limiter.reserve("describeRecordStatus") == 0.0
    assert limiter.reserve("other") == 0.0
    assert limiter.reserve("describeRecordStatus") == pytest.approx(1.0)


def test_threads_share_one_budget() -> None:
    clock = FakeClock()
    limiter = _limiter(100, 10.0, clock, max_wait=1e9)
    delays: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(50):
            delay = limiter.reserve("op")
            with lock:
                delays.append(delay)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(delays) == 200
    assert sorted(delays) == [0.0] * 100 + [pytest.approx(10.0)] * 100


def test_shared_limiter_reads_the_spec_and_is_one_per_vendor() -> None:
    limiter = shared_limiter("zego")
    assert limiter is shared_limiter("zego")
    assert "10/1s" in repr(limiter)
    assert "300/300s" in repr(shared_limiter("cdnetworks"))
    assert "1500/10s" in repr(shared_limiter("polyv"))
    assert "20/1s ['getTranscodeVideoRecord']" in repr(shared_limiter("pan123"))


@pytest.mark.anyio
async def test_async_acquire_without_waiting_when_free() -> None:
    clock = FakeClock()
    limiter = _limiter(2, 1.0, clock)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    assert (await limiter.acquire_async("op", sleep)).delay == 0.0
    assert (await limiter.acquire_async("op", sleep)).delay == 0.0
    assert slept == []
    assert limiter.reserve("op") == pytest.approx(1.0)


class _LockThatMustNotBeTaken:
    def __enter__(self) -> None:
        raise AssertionError("the lock was taken")

    def __exit__(self, *_exc: object) -> None:
        return None


def test_windows_are_resolved_once_per_operation() -> None:
    clock = FakeClock()
    everything = RateLimit(("*",), 3, 1.0, "app")
    only_a = RateLimit(("a",), 2, 1.0, "app")
    limiter = RateLimiter("zego", [everything, only_a], clock=clock, margin=0.0, min_margin=0)
    assert len(limiter.windows_for("a")) == 2
    assert len(limiter.windows_for("b")) == 1
    assert limiter.windows_for("a") is limiter.windows_for("a")
    assert [limiter.reserve("a") for _ in range(3)] == [0.0, 0.0, pytest.approx(1.0)]
    assert limiter.reserve("b") == pytest.approx(1.0)  # the shared window saw a's grants


def test_an_operation_without_a_limit_does_not_take_the_lock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    limited = RateLimit(("a",), 1, 1.0, "app")
    limiter = RateLimiter("zego", [limited], clock=FakeClock())
    monkeypatch.setattr(limiter, "_lock", _LockThatMustNotBeTaken())
    assert limiter.reserve("unlimited") == 0.0
    with pytest.raises(AssertionError, match="lock was taken"):
        limiter.reserve("a")


def test_the_grant_log_stays_at_the_limit() -> None:
    clock = FakeClock()
    limiter = _limiter(5, 1.0, clock)
    for _ in range(1000):
        limiter.acquire("op", sleep=clock.sleep)
    (window,) = limiter.windows_for("op")
    assert len(window.grants) == 5


def test_a_slot_is_logged_when_the_request_leaves_not_when_it_was_queued() -> None:
    """A request queued at 0 s that leaves at 0.3 s (a token fetch came first) holds its window
    from 0.3 s: the next one may leave at 1.3 s, not at 1.0 s."""
    clock = FakeClock()
    limiter = _limiter(1, 1.0, clock)
    first = limiter.queue("op")
    assert first.delay == 0.0
    clock.now += 0.3
    limiter.commit(first)
    assert clock.now + limiter.reserve("op") == pytest.approx(1000.0 + 1.3)


def test_a_commit_never_moves_a_slot_earlier() -> None:
    clock = FakeClock()
    limiter = _limiter(1, 1.0, clock)
    limiter.reserve("op")
    later = limiter.queue("op")
    assert later.delay == pytest.approx(1.0)
    limiter.commit(later)  # committed at once, before its slot: logged at its slot
    assert limiter.reserve("op") == pytest.approx(2.0)


def test_the_default_margin_is_two_percent_of_each_period_at_least_50_ms() -> None:
    """No vendor documents its window semantics or where it counts a call; the margin absorbs
    the jitter between leaving here and arriving there."""
    clock = FakeClock()
    rate = RateLimit(("*",), 10, 1.0, "app")
    limiter = RateLimiter("zego", [rate], clock=clock)
    delays = [limiter.reserve("op") for _ in range(11)]
    assert delays[:10] == [0.0] * 10
    assert delays[10] == pytest.approx(1.05)
    one = [RateLimit(("*",), 1, 300.0, "account")]
    five_minutes = RateLimiter("cdnetworks", one, clock=clock, max_wait=1e9)
    five_minutes.reserve("op")
    assert five_minutes.peek("op") == pytest.approx(306.0)  # 2 % of 300 s
    with pytest.raises(ValueError, match="margin"):
        RateLimiter("zego", [rate], margin=1.5)
