"""Shared base of the emulators whose tasks are seeded and scripted rather than created."""

from __future__ import annotations

from typing import Any

from mediatasks.sandbox.scripted import ScriptedTasks, example_payload, parse_states
from mediatasks.sandbox.service import Rejection, VendorService

__all__ = ["ScriptedService"]


class ScriptedService(VendorService):
    """Answers task queries from :class:`ScriptedTasks`; subclasses list their seeds."""

    #: (task id, operationId, [(after seconds, example key), ...]) seeded at every reset
    seeds: tuple[tuple[str, str, tuple[tuple[float, str], ...]], ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tasks = ScriptedTasks()
        self.reset()

    def reset(self) -> None:
        super().reset()
        self.tasks.clear()
        pointer = self.profile.envelope.data_pointer or ""
        now = self.clock.now()
        for task_id, operation_id, script in self.seeds:
            states = tuple(
                (after, example_payload(self.spec, operation_id, key, pointer))
                for after, key in script
            )
            self.tasks.put(task_id, now, states)

    def add_task(self, task_id: str, states: list[dict[str, Any]]) -> None:
        self.tasks.put(task_id, self.clock.now(), parse_states(states))

    def snapshot(self) -> list[dict[str, Any]]:
        return self.tasks.snapshot(self.clock.now())

    def current(self, task_id: str, now: float, what: str = "task") -> Any:
        """The scripted payload of ``task_id`` at ``now``, or the vendor's not-found answer."""
        task = self.tasks.get(task_id)
        if task is None:
            raise Rejection("not-found", f"{what} {task_id!r} does not exist")
        return task.current(now)
