"""Per-call overhead of a mediatasks client against raw httpx on one in-process transport.

Both sides talk to the same ``httpx.MockTransport`` answering a ZEGO DescribeRecordStatus
envelope. "raw httpx" sends the request and parses the JSON; "mediatasks" adds everything the
runtime does per call: the request built by the generated client, signing (ZEGO md5 v2 in the
query), the stamina retry wrapper, the limiter (a no-limit limiter, so the measurement is not
throttled to ZEGO's 10/s), envelope decoding and the Task reader. Target: at most 1.2x.

Run: ``.venv/bin/python bench/bench_runtime.py`` (part of ``make bench``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from mediatasks.auth import ZegoAuth
from mediatasks.ratelimit import RateLimiter
from mediatasks.vendors import ZegoClient

CALLS = 2_000
ROUNDS = 7
BODY = {
    "Code": 0,
    "Message": "succeed",
    "RequestId": "r",
    "Data": {
        "RoomId": "room",
        "Status": 3,
        "RecordFiles": [{"FileId": "f1", "Status": 3, "FileUrl": "https://o/f1.mp4"}],
    },
}


def handler(_request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=BODY)


def per_call(fn: Callable[[], object]) -> float:
    """One round of CALLS calls, in microseconds per call."""
    start = time.perf_counter()
    for _ in range(CALLS):
        fn()
    return (time.perf_counter() - start) / CALLS * 1e6


def best_of_interleaved(a: Callable[[], object], b: Callable[[], object]) -> tuple[float, float]:
    """Rounds of ``a`` and ``b`` alternate, so a noisy neighbour hurts both alike; best of each."""
    for _ in range(200):
        a()
        b()
    rounds_a, rounds_b = [], []
    for _ in range(ROUNDS):
        rounds_a.append(per_call(a))
        rounds_b.append(per_call(b))
    return min(rounds_a), min(rounds_b)


def main() -> None:
    transport = httpx.MockTransport(handler)
    raw = httpx.Client(transport=transport, base_url="https://cloudrecord-api.zego.im")

    def raw_call() -> object:
        response = raw.post("/", params={"Action": "DescribeRecordStatus"}, json={"TaskId": "t"})
        return response.json()["Data"]

    client = ZegoClient(
        1234567890,
        "00112233445566778899aabbccddeeff",
        base_url="https://cloudrecord-api.zego.im",
        transport=transport,
        limiter=RateLimiter("zego", []),
    )

    def ours() -> object:
        return client.get_task("X3CgNeE4I1qAAABN")

    signed = httpx.Client(
        transport=transport,
        base_url="https://cloudrecord-api.zego.im",
        auth=ZegoAuth(1234567890, "00112233445566778899aabbccddeeff"),
    )

    def signed_call() -> object:
        response = signed.post("/", params={"Action": "DescribeRecordStatus"}, json={"TaskId": "t"})
        return response.json()["Data"]

    raw_us, ours_us = best_of_interleaved(raw_call, ours)
    _, signed_us = best_of_interleaved(raw_call, signed_call)
    rows = [
        ("raw httpx (send + json)", raw_us, 1.0),
        ("raw httpx + ZegoAuth (signing only)", signed_us, signed_us / raw_us),
        ("mediatasks get_task (sign, retry, decode, Task)", ours_us, ours_us / raw_us),
    ]
    print(f"{'path':<50} {'us/call':>9} {'ratio':>7}")
    for name, micro, ratio in rows:
        print(f"{name:<50} {micro:9.1f} {ratio:7.2f}x")
    verdict = "meets" if ours_us / raw_us <= 1.2 else "misses"
    print(
        f"target <= 1.20x: {verdict} (best of {ROUNDS} interleaved rounds x {CALLS} calls; "
        f"added {ours_us - raw_us:.1f} us/call)"
    )
    client.close()
    raw.close()
    signed.close()


if __name__ == "__main__":
    main()
