"""Tasks whose answers follow a script: a list of payload snapshots at offsets in seconds.

ZEGO, CDNetworks, Polyv and 123pan tasks are started outside the operations we transcribe, so the
sandbox seeds them from the spec's examples and lets tests add more through the admin API:
``{"id": "...", "states": [{"after": 0, "data": {...}}, {"after": 30, "data": {...}}]}`` answers
the first payload until 30 s (sandbox clock) after the task was added, then the second.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mediatasks.sandbox.payloads import payload_at
from mediatasks.sandbox.validation import BadRequestError, operation_by_id, response_examples

__all__ = ["ScriptedTask", "ScriptedTasks"]

MAX_STATES = 64


@dataclass(frozen=True, slots=True)
class ScriptedTask:
    task_id: str
    created: float
    states: tuple[tuple[float, Any], ...]

    def current(self, now: float) -> Any:
        """The payload in force at ``now``; shared, so treat it as read-only (it is only ever
        serialised, and copying it on every answer showed up in profiles)."""
        elapsed = now - self.created
        payload = self.states[0][1]
        for after, data in self.states:
            if elapsed >= after:
                payload = data
        return payload


def parse_states(raw: Any) -> tuple[tuple[float, Any], ...]:
    """Validate an admin script; errors name the offending entry."""
    if not isinstance(raw, list) or not raw:
        raise BadRequestError("states must be a non-empty list")
    if len(raw) > MAX_STATES:
        raise BadRequestError(f"at most {MAX_STATES} states")
    states = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, Mapping) or "data" not in entry:
            raise BadRequestError(f"states[{index}] must be an object with 'data'")
        after = entry.get("after", 0)
        if not isinstance(after, int | float) or isinstance(after, bool) or after < 0:
            raise BadRequestError(f"states[{index}].after must be a number >= 0")
        states.append((float(after), copy.deepcopy(entry["data"])))
    return tuple(sorted(states, key=lambda item: item[0]))


class ScriptedTasks:
    """A thread-safe store of scripted tasks keyed by id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tasks: dict[str, ScriptedTask] = {}

    def put(self, task_id: str, created: float, states: tuple[tuple[float, Any], ...]) -> None:
        with self._lock:
            self._tasks[task_id] = ScriptedTask(task_id, created, states)

    def get(self, task_id: str) -> ScriptedTask | None:
        with self._lock:
            return self._tasks.get(task_id)

    def clear(self) -> None:
        with self._lock:
            self._tasks.clear()

    def snapshot(self, now: float) -> list[dict[str, Any]]:
        with self._lock:
            tasks = list(self._tasks.values())
        return [
            {"id": t.task_id, "current": t.current(now), "states": len(t.states)} for t in tasks
        ]


def example_payload(
    spec: Mapping[str, Any], operation_id: str, key: str, data_pointer: str | None
) -> Any:
    """The payload (value at ``data_pointer``) of a named response example of an operation."""
    examples = response_examples(spec, operation_by_id(spec, operation_id))
    if key not in examples:
        raise KeyError(f"{operation_id} has no response example {key!r}")
    return copy.deepcopy(payload_at(examples[key], data_pointer))
