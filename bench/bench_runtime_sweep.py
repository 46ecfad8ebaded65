"""Requests per sweep when waiting on 1,000 MYun tasks: list pages against one call per task.

An in-process fake MYun (``httpx.MockTransport``) holds 1,000 tasks. One sweep of
``MyunClient.get_tasks`` reads them through the list call (``listTranscodes``, page size
100); the baseline reads each with ``getTranscode``. The table gives requests and wall time
per sweep for both.

Run: ``.venv/bin/python bench/bench_runtime_sweep.py`` (part of ``make bench``).
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from mediatasks.ratelimit import RateLimiter
from mediatasks.vendors import MyunClient

TASKS = 1_000
PAGE_SIZE = 100


def task(index: int) -> dict[str, Any]:
    return {
        "id": f"t{index:04d}",
        "created_at": "2010-11-22T15:16:17+08:00",
        "updated_at": "2010-11-22T15:16:17+08:00",
        "task_config_temp_id": 5,
        "origin_url": "https://media.example.com/a.mp4",
        "target_url": "",
        "format": "m3u8",
        "status": 1,
        "progress": 0.5,
        "error_code": 0,
        "error_info": "",
    }


class FakeMyun:
    def __init__(self) -> None:
        self.tasks = [task(i) for i in range(TASKS)]
        self.by_id = {t["id"]: t for t in self.tasks}
        self.requests = 0

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        params = request.url.params
        if request.url.path.endswith("/get-transcodes"):
            page, limit = int(params["page"]), int(params["limit"])
            chunk = self.tasks[(page - 1) * limit : page * limit]
            return httpx.Response(200, json={"errcode": 1000, "results": chunk, "count": TASKS})
        return httpx.Response(200, json={"errcode": 1000, "transcoding": self.by_id[params["id"]]})


def measure(batched: bool) -> tuple[int, float]:
    fake = FakeMyun()
    client = MyunClient(
        base_url="https://myun.test",
        page_size=PAGE_SIZE,
        transport=httpx.MockTransport(fake.handler),
        limiter=RateLimiter("myun", []),
    )
    ids = [t["id"] for t in fake.tasks]
    start = time.perf_counter()
    tasks = client.get_tasks(ids) if batched else [client.get_task(i) for i in ids]
    elapsed = time.perf_counter() - start
    client.close()
    assert len(tasks) == TASKS
    assert all(t.progress == 0.5 for t in tasks)
    return fake.requests, elapsed


def main() -> None:
    per_task_requests, per_task_time = measure(batched=False)
    batched_requests, batched_time = measure(batched=True)
    print(f"waiting on {TASKS} MYun tasks, one sweep (page size {PAGE_SIZE})")
    print(f"{'strategy':<38} {'requests':>9} {'ms/sweep':>10}")
    print(f"{'one getTranscode per task':<38} {per_task_requests:9d} {per_task_time * 1e3:10.1f}")
    print(
        f"{'listTranscodes pages (get_tasks)':<38} {batched_requests:9d} {batched_time * 1e3:10.1f}"
    )
    print(f"request reduction: {per_task_requests / batched_requests:.0f}x")


if __name__ == "__main__":
    main()
