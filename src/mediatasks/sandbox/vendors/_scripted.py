"""Shared base of the emulators whose tasks are seeded and scripted rather than created.

Seeds (from the spec's examples) and recorded tasks (from cassettes) are put in order by
:func:`mediatasks.sandbox.lifecycle.ending_lifecycle`, so each ends terminal and stays there;
a subclass says what its task looks like once finished (:meth:`ScriptedService.finished`).
Scripts added through the admin API are served exactly as given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediatasks.sandbox.lifecycle import Lifecycles, status_reader
from mediatasks.sandbox.payloads import PayloadChecker
from mediatasks.sandbox.scripted import ScriptedTasks, example_payload, parse_states
from mediatasks.sandbox.service import Rejection, VendorService

__all__ = ["ScriptedService"]


class ScriptedService(VendorService):
    """Answers task queries from :class:`ScriptedTasks`; subclasses list their seeds."""

    #: (task id, operationId, [(after seconds, example key), ...]) seeded at every reset
    seeds: tuple[tuple[str, str, tuple[tuple[float, str], ...]], ...] = ()
    #: the query operations answered from the scripts (the first one's schema checks payloads)
    task_operations: tuple[str, ...] = ()
    #: the request field (body first, then query) that names the task
    task_field: str = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tasks = ScriptedTasks()
        self.payloads = PayloadChecker(
            self.spec, self.task_operations[0], self.profile.envelope.data_pointer
        )
        self.lifecycles = Lifecycles(
            status_reader(self.vendor, self.credentials), self.finished, self.payloads.check
        )
        self.reset()

    def finished(self, task_id: str, payload: Any) -> Any:
        """``payload`` as the vendor would show the same task once it has ended successfully."""
        raise NotImplementedError

    def reset(self) -> None:
        super().reset()
        self.tasks.clear()
        pointer = self.profile.envelope.data_pointer
        now = self.clock.now()
        for task_id, operation_id, script in self.seeds:
            states = [
                (after, example_payload(self.spec, operation_id, key, pointer))
                for after, key in script
            ]
            self.tasks.put(task_id, now, self.lifecycles.ending(task_id, states))
        self.seed_recorded()

    def add_task(self, task_id: str, states: list[dict[str, Any]]) -> None:
        """Accept a script only when every state's data fits the operation's payload schema."""
        parsed = parse_states(states)
        for index, (_after, data) in enumerate(parsed):
            self.payloads.check(data, f"states[{index}].data")
        self.tasks.put(task_id, self.clock.now(), parsed)

    def recorded_tasks(
        self,
        operation_id: str,
        query: Mapping[str, Any],
        body: Mapping[str, Any] | None,
        payload: Any,
    ) -> list[tuple[str, Any]]:
        if operation_id not in self.task_operations:
            return []
        task_id = (body or {}).get(self.task_field, query.get(self.task_field))
        if task_id in (None, ""):
            return []
        self.payloads.check(payload, "recorded payload")
        return [(str(task_id), payload)]

    def seed_task(self, task_id: str, payloads: list[Any]) -> None:
        self.tasks.put(task_id, self.clock.now(), self.lifecycles.recorded(task_id, payloads))

    def snapshot(self) -> list[dict[str, Any]]:
        return self.tasks.snapshot(self.clock.now())

    def current(self, task_id: str, now: float, what: str = "task") -> Any:
        """The scripted payload of ``task_id`` at ``now``, or the vendor's not-found answer."""
        task = self.tasks.get(task_id)
        if task is None:
            raise Rejection("not-found", f"{what} {task_id!r} does not exist")
        return task.current(now)
