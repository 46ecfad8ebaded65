"""Throughput at the vendors' published limits: wait on 1,000 tasks per vendor.

The sandbox runs on a loopback port with its rate limits on (it answers the vendor's
over-limit code past a published limit). For each vendor, 1,000 finished tasks are added
through the admin API (MYun: created through ``create-transcode``, then the sandbox clock is
moved past their run), and ``client.wait(ids)`` — the runtime's poller, its limiter, its
retries — reads them all. A recorder in front of the sandbox notes when each request arrived
and whether it was answered with the over-limit code.

Per vendor the table gives the task reads, wall time, requests per second as a share of the
vendor's published limit for the read call, the over-limit answers, and the busiest window:
the most requests that arrived within any one period of the limit (a vendor counting with a
sliding window refuses above the limit; the sandbox counts fixed windows). MYun publishes no
limit: its figure is requests per sweep against ⌈tasks / page size⌉.

Every call may wait up to six minutes for its slot (``RetryPolicy.timeout`` and the limiter's
``max_wait``): CDNetworks allows 300 calls per 5 minutes, and the runtime's default 30 s bound
refuses the 301st call of a sweep instead of waiting for the next window.

Run: ``.venv/bin/python bench/bench_throughput.py [--tasks N] [--vendor KEY ...]`` (part of
``make bench``; CDNetworks alone takes about 15 minutes at 1 call per second on average).
"""

from __future__ import annotations

import argparse
import bisect
import copy
import json
import math
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from mediatasks.ratelimit import RateLimiter, reset_shared_limiters
from mediatasks.runtime import RetryPolicy
from mediatasks.sandbox import SandboxConfig, create_app
from mediatasks.sandbox.background import serve_in_background
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.specs import VENDORS, RateLimit, profile
from mediatasks.tasks import PollSchedule, TaskStatus
from mediatasks.vendors import MyunClient, client_for

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

TASKS = 1_000
#: Long enough for CDNetworks' 5-minute window, bounded like every wait.
CALL_BUDGET = 360.0
MYUN_PAGE_SIZE = 100
#: The operation that reads one task (the request the limit counts).
READ_OPERATION = {
    "pan123": "getTranscodeVideoRecord",
    "myun": "listTranscodes",
    "zego": "describeRecordStatus",
    "cdnetworks": "getTrimmingTaskStatus",
    "polyv": "getSourceFileTask",
}


@dataclass
class Arrival:
    vendor: str
    method: str
    path: str
    at: float
    status: int = 0
    body: bytes = b""


@dataclass
class Recorder:
    """ASGI wrapper noting each request's arrival time and answer (bench instrumentation)."""

    app: Any
    arrivals: list[Arrival] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope["path"]).startswith("/_"):
            await self.app(scope, receive, send)
            return
        _, vendor, path = str(scope["path"]).split("/", 2)
        arrival = Arrival(vendor, str(scope["method"]), f"/{path}", time.monotonic())
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                arrival.status = int(message["status"])
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))
            await send(message)

        await self.app(scope, receive, capture)
        arrival.body = b"".join(chunks)
        with self.lock:
            self.arrivals.append(arrival)

    def of(self, vendor: str) -> list[Arrival]:
        with self.lock:
            return [a for a in self.arrivals if a.vendor == vendor]


def over_limit(vendor: str, arrival: Arrival) -> bool:
    if arrival.status == 429:
        return True
    vendor_profile = profile(vendor)
    try:
        body = json.loads(arrival.body)
    except ValueError:
        return False
    code = vendor_profile.envelope.code_of(body) if isinstance(body, dict) else None
    if not isinstance(code, int):
        return False
    detail = vendor_profile.envelope.detail_of(body)
    return vendor_profile.lookup(code, detail).kind == "rate-limited"


def busiest_window(times: list[float], period: float) -> int:
    """The most arrivals within any half-open interval of length ``period``."""
    ordered = sorted(times)
    return max(
        (bisect.bisect_left(ordered, t + period) - i for i, t in enumerate(ordered)), default=0
    )


def tightest_limit(vendor: str) -> RateLimit | None:
    operation = READ_OPERATION[vendor]
    limits = [lim for lim in profile(vendor).rate_limits if lim.applies_to(operation)]
    return min(limits, key=lambda lim: lim.limit / lim.period_seconds, default=None)


def finished_payload(vendor: str, current: Any) -> Any:
    """A seeded task's payload turned into a finished one (what the added tasks answer)."""
    data = copy.deepcopy(current)
    if vendor == "pan123":
        for item in data["UserTranscodeVideoRecordList"]:
            item.update(status=255, link="https://media.example.com/out.m3u8")
    elif vendor == "polyv":
        for item in data:
            item.update(status="SUCCESS", url="https://media.example.com/source.mp4")
            item["successTime"] = item["createTime"]
    return data


def task_ids(seed: str, count: int) -> list[str]:
    """``count`` ids shaped like ``seed`` (same length, same alphabet): its tail made digits."""
    width = len(str(count - 1))
    return [seed[:-width] + str(n).zfill(width) for n in range(count)]


def add_tasks(admin: httpx.Client, base_url: str, vendor: str, count: int) -> list[str]:
    if vendor == "myun":
        ids = []
        body = {"task_config_temp_id": 5, "origin_url": "https://media.example.com/a.mp4"}
        for _ in range(count):
            answer = admin.post(f"{base_url}/myun/transcoding/api/create-transcode", json=body)
            ids.append(str(answer.json()["id"]))
        admin.post(f"{base_url}/_admin/clock", json={"advance": 60}).raise_for_status()
        return ids
    seeded = admin.get(f"{base_url}/_admin/{vendor}/tasks").json()["tasks"][0]
    payload = finished_payload(vendor, seeded["current"])
    ids = task_ids(seeded["id"], count)
    for task_id in ids:
        states = [{"after": 0, "data": payload}]
        admin.post(f"{base_url}/_admin/{vendor}/tasks", json={"id": task_id, "states": states})
    return ids


@dataclass
class Row:
    vendor: str
    tasks: int
    requests: int
    seconds: float
    limit: RateLimit | None
    over_limit: int
    busiest: int
    succeeded: int
    error: str = ""


def measure(vendor: str, base_url: str, recorder: Recorder, count: int) -> Row:
    with httpx.Client(timeout=30, trust_env=False) as admin:
        ids = add_tasks(admin, base_url, vendor, count)
    options: dict[str, Any] = {
        "policy": RetryPolicy(timeout=CALL_BUDGET),
        "limiter": RateLimiter(vendor, profile(vendor).rate_limits, max_wait=CALL_BUDGET),
        "base_url": f"{base_url}/{vendor}",
    }
    credentials = SandboxCredentials().as_environment()
    client = (
        MyunClient(page_size=MYUN_PAGE_SIZE, **options)
        if vendor == "myun"
        else client_for(vendor, credentials, **options)
    )
    before = len(recorder.of(vendor))
    start = time.monotonic()
    error = ""
    succeeded = 0
    try:
        with client:
            done = client.wait(ids, schedule=PollSchedule(timeout=3 * 3600, interval_initial=1))
        succeeded = sum(t.status is TaskStatus.SUCCEEDED for t in done)
    except Exception as exc:  # reported in the table, not a traceback
        error = f"{type(exc).__name__}: {exc}"
    seconds = time.monotonic() - start
    limit = tightest_limit(vendor)
    arrivals = recorder.of(vendor)[before:]
    operation = profile(vendor).operations[READ_OPERATION[vendor]]
    reads = [a for a in arrivals if (a.method, a.path) == (operation.method, operation.path)]
    return Row(
        vendor,
        count,
        len(arrivals),
        seconds,
        limit,
        sum(over_limit(vendor, a) for a in arrivals),
        busiest_window([a.at for a in reads], limit.period_seconds) if limit else 0,
        succeeded,
        error,
    )


def render(rows: list[Row]) -> str:
    head = (
        f"{'vendor':<11} {'tasks':>5} {'requests':>8} {'seconds':>8} {'req/s':>7} "
        f"{'limit':>12} {'share':>6} {'over-limit':>10} {'busiest window':>15}"
    )
    lines = [head]
    for row in rows:
        rate = row.requests / row.seconds if row.seconds else 0.0
        if row.limit is None:
            expected = math.ceil(row.tasks / MYUN_PAGE_SIZE)
            limit, share = "none", f"{row.requests}/{expected} per sweep"
            busiest = "-"
        else:
            per_second = row.limit.limit / row.limit.period_seconds
            limit = f"{row.limit.limit}/{row.limit.period_seconds:g} s"
            share = f"{rate / per_second:.0%}"
            busiest = f"{row.busiest}/{row.limit.limit}"
        lines.append(
            f"{row.vendor:<11} {row.tasks:>5} {row.requests:>8} {row.seconds:>8.1f} "
            f"{rate:>7.1f} {limit:>12} {share:>6} {row.over_limit:>10} {busiest:>15}"
        )
        if row.error or row.succeeded != row.tasks:
            lines.append(f"  {row.vendor}: {row.succeeded}/{row.tasks} succeeded {row.error}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=TASKS, help=f"tasks per vendor ({TASKS})")
    parser.add_argument("--vendor", action="append", choices=VENDORS, dest="vendors")
    args = parser.parse_args(argv)
    vendors = args.vendors or list(VENDORS)
    reset_shared_limiters()
    recorder = Recorder(create_app(SandboxConfig(rate_limits=True)))
    rows: dict[str, Row] = {}
    with serve_in_background(recorder) as base_url:
        # One thread per vendor: limits are per vendor, and CDNetworks' windows are long.
        threads = [
            threading.Thread(
                target=lambda v=vendor: rows.__setitem__(
                    v, measure(v, base_url, recorder, args.tasks)
                ),
                name=f"bench-{vendor}",
            )
            for vendor in vendors
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    print(f"waiting on {args.tasks} tasks per vendor, sandbox on a loopback port, limits on")
    print(render([rows[v] for v in vendors if v in rows]))


if __name__ == "__main__":
    main()
