"""Poll tasks until each is terminal or a deadline passes (one sans-IO flow, two shells).

A sweep asks the source for every unfinished task at once (``get_tasks``), so a vendor with a
list call (MYun) answers a whole page of tasks per request. Between sweeps the interval grows
geometrically with jitter up to a cap; the loop is bounded by the deadline *and* a maximum
number of sweeps. The loop is :func:`poll_flow`, which yields :class:`Sweep` and ``Sleep``
steps; :func:`wait` and :func:`wait_async` drive it. Clock and sleep are parameters, so tests
never really wait.
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from mediatasks.errors import TaskFailedError, WaitTimeoutError
from mediatasks.model import Task, TaskStatus
from mediatasks.runtime._steps import Sleep, run_async, run_sync

__all__ = [
    "AsyncTaskSource",
    "PollSchedule",
    "Sweep",
    "TaskSource",
    "poll_flow",
    "wait",
    "wait_async",
]

OnUpdate = Callable[[Sequence[Task]], None]


class TaskSource(Protocol):
    """Anything that reads many tasks in one sweep (every vendor client is one)."""

    def get_tasks(self, task_ids: Sequence[str]) -> list[Task]: ...


class AsyncTaskSource(Protocol):
    async def get_tasks_async(self, task_ids: Sequence[str]) -> list[Task]: ...


@dataclass(frozen=True, slots=True)
class PollSchedule:
    """How often to poll and for how long."""

    timeout: float = 600.0
    interval_initial: float = 1.0
    interval_max: float = 30.0
    factor: float = 1.5
    jitter: float = 0.1
    max_sweeps: int = 10_000

    def intervals(self) -> Callable[[], float]:
        """A stateful generator of successive intervals (with ± ``jitter`` fraction)."""
        current = self.interval_initial

        def next_interval() -> float:
            nonlocal current
            value = current * (1 + random.uniform(-self.jitter, self.jitter))
            current = min(current * self.factor, self.interval_max)
            return max(0.0, value)

        return next_interval


class _Tracker:
    """The latest known state of every task, in the caller's order."""

    def __init__(self, task_ids: Sequence[str]) -> None:
        if not task_ids:
            raise ValueError("wait needs at least one task id")
        self.order = list(dict.fromkeys(task_ids))
        self.latest: dict[str, Task] = {}

    def unfinished(self) -> list[str]:
        return [i for i in self.order if i not in self.latest or not self.latest[i].is_terminal]

    def update(self, tasks: Sequence[Task]) -> None:
        for task in tasks:
            self.latest[task.id] = task

    def snapshot(self, vendor: str) -> list[Task]:
        return [self.latest.get(i) or Task(vendor, i, TaskStatus.UNKNOWN, None) for i in self.order]

    def finish(self, raise_on_failure: bool) -> list[Task]:
        tasks = [self.latest[i] for i in self.order]
        if raise_on_failure:
            for task in tasks:
                if task.status is TaskStatus.FAILED:
                    raise TaskFailedError(task)
        return tasks


@dataclass(frozen=True, slots=True)
class Sweep:
    """A step of the poll flow: read these tasks (``get_tasks``) and return them."""

    task_ids: list[str]


def poll_flow(
    task_ids: Sequence[str],
    *,
    schedule: PollSchedule | None = None,
    raise_on_failure: bool = False,
    on_update: OnUpdate | None = None,
    vendor: str = "?",
    clock: Callable[[], float] = time.monotonic,
) -> Generator[Sweep | Sleep, Any, list[Task]]:
    """The poll loop as steps (sans-IO): sweeps and sleeps, bounded by deadline and sweeps."""
    plan = schedule or PollSchedule()
    tracker = _Tracker(task_ids)
    start = clock()
    next_interval = plan.intervals()
    for _ in range(plan.max_sweeps):
        tracker.update((yield Sweep(tracker.unfinished())))
        if on_update is not None:
            on_update(tracker.snapshot(vendor))
        if not tracker.unfinished():
            return tracker.finish(raise_on_failure)
        remaining = plan.timeout - (clock() - start)
        if remaining <= 0:
            break
        yield Sleep(min(next_interval(), remaining))
    raise WaitTimeoutError(tracker.snapshot(vendor), clock() - start)


def wait(
    source: TaskSource,
    task_ids: Sequence[str],
    *,
    sleep: Callable[[float], None] | None = None,
    **options: Any,
) -> list[Task]:
    """Poll until every task is terminal; WaitTimeoutError when the deadline comes first.

    ``options`` are those of :func:`poll_flow` (schedule, raise_on_failure, on_update, vendor,
    clock).
    """

    def perform(step: Sweep) -> list[Task]:
        return source.get_tasks(step.task_ids)

    return run_sync(poll_flow(task_ids, **options), perform, sleep)


async def wait_async(
    source: AsyncTaskSource,
    task_ids: Sequence[str],
    *,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    **options: Any,
) -> list[Task]:
    """:func:`wait` driven by an async source."""

    async def perform(step: Sweep) -> list[Task]:
        return await source.get_tasks_async(step.task_ids)

    return await run_async(poll_flow(task_ids, **options), perform, sleep)
