"""Lifecycles that end: every seeded or recorded task reaches a terminal state and stays there.

A task whose answers came from a cassette may have been recorded in any order (a poll that saw
it finished, then a later session that saw it waiting again), and a spec example may show a
task half done. Served as recorded, such a task cycles or never finishes, and a client's
``wait`` never returns. :func:`ending_lifecycle` orders the answers into a life a real task
could have — every distinct unfinished state in the order first seen, then the finished ones —
and, when nothing finished was recorded, appends the vendor's own finished form of the last
state. Whether a payload is finished is judged exactly as the runtime judges it (the vendor
adapter's :class:`~mediatasks.tasks.Task`), so "terminal" means what ``wait`` means.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from mediatasks import registry
from mediatasks.errors import MediaTasksError
from mediatasks.runtime import Answer
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.tasks import TaskStatus

__all__ = [
    "STEP_SECONDS",
    "Lifecycles",
    "StatusReader",
    "StatusValues",
    "ending_lifecycle",
    "status_reader",
    "status_values",
]

#: Sandbox seconds between two states of a lifecycle built from recorded answers.
STEP_SECONDS: Final = 10.0

StatusReader = Callable[[str, Any], TaskStatus]
States = tuple[tuple[float, Any], ...]


def status_reader(vendor: str, credentials: SandboxCredentials) -> StatusReader:
    """``(task id, payload) -> TaskStatus`` as the vendor's runtime adapter reads it.

    A payload the adapter cannot read counts as UNKNOWN (not terminal). The client is never
    used to send anything; its base URL is never resolved.
    """
    from mediatasks.vendors import client_for  # noqa: PLC0415 - the runtime loads the sandbox lazily

    reader = client_for(
        vendor, credentials.as_environment(), base_url=f"http://sandbox.invalid/{vendor}"
    )

    def status_of(task_id: str, payload: Any) -> TaskStatus:
        try:
            task = reader.task_from(task_id, Answer(None, payload, None, 200))
        except MediaTasksError:
            return TaskStatus.UNKNOWN
        return task.status

    return status_of


@dataclass(frozen=True, slots=True)
class StatusValues:
    """Raw values of one of a vendor's status tables, as an emulator finishing a task needs
    them: the one it sets (``done``, meaning SUCCEEDED) and the ones it replaces (``busy``)."""

    done: Any
    busy: frozenset[Any]


def status_values(vendor: str, table: str) -> StatusValues:
    """From the registry's table ``table`` of ``vendor``: ``done`` is the first value meaning
    SUCCEEDED (the table lists the plain success first: ZEGO's file 3, uploaded, before 4, in
    backup storage), ``busy`` every value that is not terminal."""
    values = registry.get(vendor).table(table).values
    done = next(raw for raw, status in values.items() if status is TaskStatus.SUCCEEDED)
    return StatusValues(done, frozenset(raw for raw, s in values.items() if not s.is_terminal))


def _key(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)


def ending_lifecycle(
    task_id: str,
    states: Sequence[tuple[float, Any]],
    status_of: StatusReader,
    finished: Callable[[str, Any], Any],
    step: float = STEP_SECONDS,
) -> States:
    """``states`` (offset, payload) as a life that ends terminal and stays terminal.

    Equal payloads count once (the first offset wins); unfinished states keep their order and
    come first, finished ones follow in their order; a finished state never comes before an
    unfinished one. Without any finished state, ``finished(task_id, last payload)`` is appended
    ``step`` seconds after the last state; it must read as terminal, else ValueError.
    """
    seen: set[str] = set()
    unique: list[tuple[float, Any]] = []
    for after, payload in sorted(states, key=lambda item: item[0]):
        key = _key(payload)
        if key not in seen:
            seen.add(key)
            unique.append((after, payload))
    if not unique:
        raise ValueError(f"task {task_id!r} has no states")
    done = [status_of(task_id, payload).is_terminal for _after, payload in unique]
    ordered = [p for p, d in zip(unique, done, strict=True) if not d]
    ordered += [p for p, d in zip(unique, done, strict=True) if d]
    if not any(done):
        last = ordered[-1][1]
        ending = finished(task_id, last)
        if not status_of(task_id, ending).is_terminal:
            raise ValueError(f"task {task_id!r}: the finished form of its last state is not final")
        ordered.append((0.0, ending))
    # Offsets follow the new order: the first state keeps its offset, each later one comes at
    # its own offset or one step after the previous state, whichever is later.
    result: list[tuple[float, Any]] = [ordered[0]]
    for after, payload in ordered[1:]:
        result.append((max(after, result[-1][0] + step), payload))
    return tuple(result)


@dataclass(frozen=True, slots=True)
class Lifecycles:
    """How one emulator ends the tasks it seeds: its status reader, its ``finished`` form of
    an unfinished payload, and the check (``check(payload, what)``, raising
    :class:`~mediatasks.sandbox.validation.BadRequestError`) the final state must pass."""

    status_of: StatusReader
    finished: Callable[[str, Any], Any]
    check: Callable[[Any, str], None]

    def ending(self, task_id: str, states: Sequence[tuple[float, Any]]) -> States:
        """``states`` as a life that ends (:func:`ending_lifecycle`), its final state checked."""
        lifecycle = ending_lifecycle(task_id, states, self.status_of, self.finished)
        self.check(lifecycle[-1][1], f"the final state of task {task_id!r}")
        return lifecycle

    def recorded(self, task_id: str, payloads: Sequence[Any]) -> States:
        """Recorded answers in order, one :data:`STEP_SECONDS` apart, as a life that ends."""
        return self.ending(task_id, [(i * STEP_SECONDS, p) for i, p in enumerate(payloads)])
