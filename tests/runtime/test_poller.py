"""wait/wait_async: terminal states, deadlines, failures, backoff — with a fake clock."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from mediatasks.errors import TaskFailedError, WaitTimeoutError
from mediatasks.tasks import PollSchedule, Task, TaskStatus, wait, wait_async


class ScriptedSource:
    """Each task id walks through a list of statuses, one step per sweep."""

    def __init__(self, scripts: dict[str, list[TaskStatus]]) -> None:
        self.scripts = scripts
        self.sweeps: list[list[str]] = []

    def get_tasks(self, task_ids: Sequence[str]) -> list[Task]:
        self.sweeps.append(list(task_ids))
        out = []
        for task_id in task_ids:
            script = self.scripts[task_id]
            status = script.pop(0) if len(script) > 1 else script[0]
            out.append(Task("myun", task_id, status, status.value))
        return out

    async def get_tasks_async(self, task_ids: Sequence[str]) -> list[Task]:
        return self.get_tasks(task_ids)


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


R, OK, BAD = TaskStatus.RUNNING, TaskStatus.SUCCEEDED, TaskStatus.FAILED
NO_JITTER = PollSchedule(timeout=100, interval_initial=1, interval_max=4, factor=2, jitter=0)


def test_polls_only_unfinished_tasks_until_all_are_terminal() -> None:
    source = ScriptedSource({"a": [R, OK], "b": [R, R, R, BAD]})
    fake = FakeTime()
    seen: list[int] = []
    tasks = wait(
        source,
        ["a", "b"],
        schedule=NO_JITTER,
        clock=fake.clock,
        sleep=fake.sleep,
        on_update=lambda ts: seen.append(len(ts)),
    )
    assert [t.status for t in tasks] == [OK, BAD]
    assert source.sweeps == [["a", "b"], ["a", "b"], ["b"], ["b"]]
    assert fake.sleeps == [1, 2, 4]  # exponential, capped at interval_max
    assert seen == [2, 2, 2, 2]


def test_raise_on_failure() -> None:
    fake = FakeTime()
    with pytest.raises(TaskFailedError) as caught:
        wait(
            ScriptedSource({"a": [BAD]}),
            ["a"],
            raise_on_failure=True,
            clock=fake.clock,
            sleep=fake.sleep,
        )
    assert caught.value.task.id == "a"


def test_deadline_raises_with_last_states_and_never_oversleeps() -> None:
    fake = FakeTime()
    schedule = PollSchedule(timeout=10, interval_initial=3, factor=1, jitter=0)
    with pytest.raises(WaitTimeoutError) as caught:
        wait(
            ScriptedSource({"a": [R]}), ["a"], schedule=schedule, clock=fake.clock, sleep=fake.sleep
        )
    assert caught.value.tasks[0].status is R
    assert fake.now == pytest.approx(10)
    assert fake.sleeps[-1] == pytest.approx(1)


def test_sweeps_are_bounded_even_with_a_frozen_clock() -> None:
    schedule = PollSchedule(timeout=10, max_sweeps=5, jitter=0)
    source = ScriptedSource({"a": [R]})
    with pytest.raises(WaitTimeoutError):
        wait(source, ["a"], schedule=schedule, clock=lambda: 0.0, sleep=lambda _s: None)
    assert len(source.sweeps) == 5


def test_empty_id_list_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one"):
        wait(ScriptedSource({}), [])


@pytest.mark.anyio
async def test_async_wait() -> None:
    fake = FakeTime()
    source = ScriptedSource({"a": [R, R, OK]})
    tasks = await wait_async(
        source, ["a", "a"], schedule=NO_JITTER, clock=fake.clock, sleep=fake.asleep
    )
    assert [t.status for t in tasks] == [OK]
    assert len(source.sweeps) == 3
