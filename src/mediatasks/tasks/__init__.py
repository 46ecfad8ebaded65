"""The unified task model, the per-vendor status tables and the poller.

``Task`` is what every adapter returns; ``wait``/``wait_async`` poll adapters until tasks are
terminal or a deadline passes.
"""

from __future__ import annotations

from mediatasks.model import (
    RawStatus,
    Task,
    TaskOutput,
    TaskPart,
    TaskStatus,
    aggregate_status,
    parts_progress,
)
from mediatasks.tasks._poller import AsyncTaskSource, PollSchedule, TaskSource, wait, wait_async
from mediatasks.tasks._status_maps import (
    CDNETWORKS_STATUS,
    MYUN_STATUS,
    PAN123_STATUS,
    POLYV_STATUS,
    ZEGO_FILE_STATUS,
    ZEGO_TASK_STATUS,
    map_status,
    pan123_status,
    table_status,
)

__all__ = [
    "CDNETWORKS_STATUS",
    "MYUN_STATUS",
    "PAN123_STATUS",
    "POLYV_STATUS",
    "ZEGO_FILE_STATUS",
    "ZEGO_TASK_STATUS",
    "AsyncTaskSource",
    "PollSchedule",
    "RawStatus",
    "Task",
    "TaskOutput",
    "TaskPart",
    "TaskSource",
    "TaskStatus",
    "aggregate_status",
    "map_status",
    "pan123_status",
    "parts_progress",
    "table_status",
    "wait",
    "wait_async",
]
