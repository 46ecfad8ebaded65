"""One task model for five vendors whose "tasks" look nothing alike.

A 123pan task is a file whose records come per resolution, a Polyv answer is a list of
per-video items and a ZEGO recording has per-file upload states; each of those becomes a
:class:`Task` whose ``parts`` keep the per-item detail and whose ``status`` is the aggregate
(:func:`aggregate_status`). The vendor's own value always survives in ``raw_status``, so an
unknown value degrades to ``UNKNOWN`` instead of failing.

``Task[DetailT]`` also carries the vendor's payload as the generated client's typed model
(``task.detail``: ZEGO's ``RecordTask``, Polyv's ``list[SourceFileTask]``, ...), read from
``raw`` on first use, so the unified fields never depend on every documented field being there.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Generic, TypeAlias

from typing_extensions import TypeVar

__all__ = [
    "DetailT",
    "RawStatus",
    "Task",
    "TaskOutput",
    "TaskPart",
    "TaskStatus",
    "aggregate_status",
    "jsonable_raw_status",
    "parts_progress",
]

RawStatus: TypeAlias = int | str | tuple["RawStatus", ...] | None
#: The type of :attr:`Task.detail`: the generated model of a vendor's task payload.
DetailT = TypeVar("DetailT", default=Any)
_UNREAD: Final[Any] = object()


class TaskStatus(enum.StrEnum):
    """The unified status. SUCCEEDED, FAILED and DELETED are terminal."""

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    PAUSED = "PAUSED"
    DELETED = "DELETED"
    UNKNOWN = "UNKNOWN"

    @property
    def is_terminal(self) -> bool:
        return self in _TERMINAL


_TERMINAL = frozenset({TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.DELETED})


@dataclass(frozen=True, slots=True)
class TaskOutput:
    """Something the task produced: a URL and what it is (resolution, format, file name)."""

    url: str
    label: str | None = None
    size_bytes: int | None = None
    duration_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class TaskPart:
    """One per-item record of an aggregated task (a resolution, a video, a recorded file)."""

    name: str
    status: TaskStatus
    raw_status: RawStatus
    outputs: tuple[TaskOutput, ...] = ()


@dataclass(frozen=True, slots=True)
class Task(Generic[DetailT]):
    """A vendor task as one shape: unified ``status`` plus the vendor's ``raw_status``.

    ``progress`` is a fraction in [0, 1] when the vendor reports one (MYun) or when it follows
    from parts (finished parts / all parts); ``None`` when nothing says how far along it is.
    ``raw`` is the vendor's payload for this task, unchanged; :attr:`detail` is the same
    payload as the generated client's typed model (``read_detail`` reads it, once).
    """

    vendor: str
    id: str
    status: TaskStatus
    raw_status: RawStatus
    progress: float | None = None
    outputs: tuple[TaskOutput, ...] = ()
    error: str | None = None
    parts: tuple[TaskPart, ...] = ()
    created_at: str | None = None
    raw: Mapping[str, Any] | Sequence[Any] | None = field(default=None, repr=False)
    read_detail: Callable[[], DetailT] | None = field(default=None, repr=False, compare=False)
    _detail: Any = field(default=_UNREAD, init=False, repr=False, compare=False)

    @property
    def is_terminal(self) -> bool:
        return self.status.is_terminal

    @property
    def detail(self) -> DetailT:
        """The vendor's payload as its generated model, e.g. ZEGO's ``RecordTask`` with its
        ``record_files``: every field the spec documents, typed, plus the ones it does not in
        ``additional_properties``; an enum value it does not list is kept as an
        ``UNDOCUMENTED`` member. Read from ``raw`` on first access (the unified fields above
        never wait for it); a payload that lacks a field the spec requires raises
        :class:`~mediatasks.errors.InvalidResponseError` here. A task whose client reads no
        model gives ``raw``."""
        if self._detail is _UNREAD:
            value = self.raw if self.read_detail is None else self.read_detail()
            object.__setattr__(self, "_detail", value)
        detail: DetailT = self._detail
        return detail

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (the CLI's ``--json``), without the raw payload."""
        return {
            "vendor": self.vendor,
            "id": self.id,
            "status": self.status.value,
            "raw_status": jsonable_raw_status(self.raw_status),
            "progress": self.progress,
            "outputs": [_output_dict(o) for o in self.outputs],
            "error": self.error,
            "parts": [
                {
                    "name": p.name,
                    "status": p.status.value,
                    "raw_status": jsonable_raw_status(p.raw_status),
                    "outputs": [_output_dict(o) for o in p.outputs],
                }
                for p in self.parts
            ],
            "created_at": self.created_at,
        }


def jsonable_raw_status(raw: RawStatus) -> Any:
    """A raw status as JSON data (a tuple of part statuses becomes a list)."""
    if isinstance(raw, tuple):
        return [jsonable_raw_status(item) for item in raw]
    return raw


def _output_dict(output: TaskOutput) -> dict[str, Any]:
    return {
        "url": output.url,
        "label": output.label,
        "size_bytes": output.size_bytes,
        "duration_seconds": output.duration_seconds,
    }


def aggregate_status(statuses: Sequence[TaskStatus]) -> TaskStatus:  # noqa: PLR0911
    """The status of a task made of parts.

    No parts: UNKNOWN. Any part not terminal: UNKNOWN if one is unknown, PENDING or PAUSED if
    all unfinished parts are, else RUNNING. All terminal: FAILED if any failed, DELETED if all
    were deleted, else SUCCEEDED.
    """
    if not statuses:
        return TaskStatus.UNKNOWN
    unfinished = [s for s in statuses if not s.is_terminal]
    if unfinished:
        if TaskStatus.UNKNOWN in unfinished:
            return TaskStatus.UNKNOWN
        if len(unfinished) == len(statuses):
            for uniform in (TaskStatus.PENDING, TaskStatus.PAUSED):
                if all(s is uniform for s in unfinished):
                    return uniform
        return TaskStatus.RUNNING
    if TaskStatus.FAILED in statuses:
        return TaskStatus.FAILED
    if all(s is TaskStatus.DELETED for s in statuses):
        return TaskStatus.DELETED
    return TaskStatus.SUCCEEDED


def parts_progress(parts: Sequence[TaskPart]) -> float | None:
    """Finished parts over all parts; None without parts."""
    if not parts:
        return None
    return sum(1 for p in parts if p.status.is_terminal) / len(parts)
