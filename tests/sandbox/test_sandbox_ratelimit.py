"""Each vendor's published limit, its own over-limit answer, and window rollover on the clock."""

from __future__ import annotations

import pytest
from sandbox_kit import CDN_TASK, Kit

from mediatasks.sandbox.clock import Clock
from mediatasks.sandbox.ratelimit import RateLimiter
from mediatasks.specs import RateLimit


def _at_window_start(kit: Kit, period: float) -> None:
    """Move the clock to 10 ms into a fresh window, so a burst cannot straddle two windows."""
    now = kit.now()
    kit.sandbox.clock.advance(period - (now % period) + 0.01)


def test_zego_ten_per_second_then_300000003_then_rollover(kit: Kit) -> None:
    _at_window_start(kit, 1)
    query = kit.zego_query()
    codes = [kit.zego(query=query).json()["Code"] for _ in range(11)]
    assert codes == [0] * 10 + [300000003]
    kit.sandbox.clock.advance(1)
    assert kit.zego(query=query).json()["Code"] == 0


def test_pan123_token_call_limit_is_8_per_second(kit: Kit) -> None:
    _at_window_start(kit, 1)
    codes = [kit.pan123_token_call()["code"] for _ in range(9)]
    assert codes == [0] * 8 + [429]
    kit.sandbox.clock.advance(1)
    assert kit.pan123_token_call()["code"] == 0


def test_pan123_record_limit_rolls_over(kit: Kit) -> None:
    token = kit.pan123_token()
    _at_window_start(kit, 1)
    assert [kit.pan123_record(token)["code"] for _ in range(21)][-2:] == [0, 429]
    kit.sandbox.clock.advance(1)
    assert kit.pan123_record(token)["code"] == 0


def test_cdnetworks_300_per_5_minutes(kit: Kit) -> None:
    _at_window_start(kit, 300)
    body = f'{{"transNo":"{CDN_TASK}"}}'.encode()
    headers = kit.cdn_headers(body)
    codes = [kit.cdn_post(body, headers=headers).json()["code"] for _ in range(301)]
    assert codes == [200] * 300 + [429]
    kit.sandbox.clock.advance(299)  # same window until 300 s have passed
    assert kit.cdn_post(body, headers=kit.cdn_headers(body)).json()["code"] == 429
    kit.sandbox.clock.advance(1)
    assert kit.cdn_post(body, headers=kit.cdn_headers(body)).json()["code"] == 200


def test_polyv_ip_limit_counts_before_auth_and_blocks_five_minutes(kit: Kit) -> None:
    _at_window_start(kit, 10)
    bad = {**kit.polyv_query(), "sign": "0" * 32}
    codes = [kit.polyv(bad).json()["code"] for _ in range(1500)]
    assert set(codes) == {403}  # refused calls count too: the gateway limits by address
    over = kit.polyv().json()
    assert (over["code"], over["error"]["code"]) == (429, 429)
    kit.sandbox.clock.advance(10)  # a new window, but the address is blocked for 300 s
    assert kit.polyv().json()["code"] == 429
    kit.sandbox.clock.advance(291)
    assert kit.polyv().json()["code"] == 200


def test_limits_can_be_switched_off_through_the_admin_api(kit: Kit) -> None:
    assert kit.client.post("/_admin/rate-limits", json={"enabled": False}).status_code == 200
    query = kit.zego_query()
    assert {kit.zego(query=query).json()["Code"] for _ in range(15)} == {0}
    assert kit.client.post("/_admin/rate-limits", json={"enabled": "no"}).status_code == 400


def test_a_refused_call_uses_up_no_other_limit() -> None:
    clock = Clock(1000.5)
    per_second = RateLimit(("op",), 2, 1.0, "app")
    per_minute = RateLimit(("op",), 3, 60.0, "app")
    limiter = RateLimiter((per_second, per_minute), clock)
    limits = limiter.limits_for("op")
    assert [limiter.check(limits, "me").allowed for _ in range(4)] == [True, True, False, False]
    clock.advance(1)
    # the two refused calls did not count against the per-minute limit: one call is left
    assert [limiter.check(limits, "me").allowed for _ in range(2)] == [True, False]
    assert limiter.check(limits, "someone else").allowed


@pytest.mark.parametrize("caller", ["a", "b"])
def test_limits_are_per_caller(caller: str) -> None:
    limiter = RateLimiter((RateLimit(("*",), 1, 1.0, "app"),), Clock(5.5))
    limits = limiter.limits_for("anything")
    assert limiter.check(limits, caller).allowed
    assert not limiter.check(limits, caller).allowed
    assert limiter.check(limits, caller + "x").allowed


def test_the_window_slides_so_a_burst_across_a_boundary_is_refused() -> None:
    """Fixed windows would allow 2 x limit calls within one period across a boundary (10 at
    0.9 s and 10 more at 1.1 s); the vendors do not document fixed windows, so the sandbox
    counts the strictest reading: any ``period`` seconds hold at most ``limit`` calls."""
    clock = Clock(1000.0)
    limiter = RateLimiter((RateLimit(("op",), 10, 1.0, "app"),), clock)
    limits = limiter.limits_for("op")
    clock.advance(0.9)
    assert all(limiter.check(limits, "me").allowed for _ in range(10))
    clock.advance(0.2)  # 1.1 s: a new fixed window, but only 0.2 s after the burst
    refused = limiter.check(limits, "me")
    assert not refused.allowed
    assert refused.retry_after == pytest.approx(0.8, abs=0.05)
    clock.advance(0.8)  # a full period after the burst
    assert limiter.check(limits, "me").allowed
