"""The explicit table from every documented vendor status value to a :class:`TaskStatus`.

Each table covers every value the vendor documents (sources: VENDORS.md). A value the table
does not know maps to UNKNOWN; the caller keeps the raw value next to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from mediatasks.tasks._model import TaskStatus

__all__ = [
    "CDNETWORKS_STATUS",
    "MYUN_STATUS",
    "PAN123_FAILED_RANGE",
    "PAN123_STATUS",
    "POLYV_STATUS",
    "ZEGO_FILE_STATUS",
    "ZEGO_TASK_STATUS",
    "map_status",
    "pan123_status",
]

S = TaskStatus

#: 123pan transcode record ``status`` (per resolution): 1 waiting, 2 transcoding,
#: 3-254 failed (duration refunded), 255 success.
PAN123_STATUS: Final[Mapping[int, TaskStatus]] = MappingProxyType(
    {1: S.PENDING, 2: S.RUNNING, 255: S.SUCCEEDED}
)
PAN123_FAILED_RANGE: Final = range(3, 255)

#: MYun transcode ``status``: -1 default (not yet scheduled), 0 waiting, 1 transcoding,
#: 2 success (final), 3 failed, 4 deleted.
MYUN_STATUS: Final[Mapping[int, TaskStatus]] = MappingProxyType(
    {-1: S.PENDING, 0: S.PENDING, 1: S.RUNNING, 2: S.SUCCEEDED, 3: S.FAILED, 4: S.DELETED}
)

#: ZEGO ``Data.Status`` of a recording task: 1 initialized, 2 recording, 3 ended,
#: 4 ended abnormally, 5 paused.
ZEGO_TASK_STATUS: Final[Mapping[int, TaskStatus]] = MappingProxyType(
    {1: S.PENDING, 2: S.RUNNING, 3: S.SUCCEEDED, 4: S.FAILED, 5: S.PAUSED}
)

#: ZEGO ``RecordFiles[].Status``: 1 recording, 2 uploading, 3 uploaded, 4 customer storage
#: failed so the file went to ZEGO's backup storage (kept 3 days; still an output), 5 upload
#: failed everywhere.
ZEGO_FILE_STATUS: Final[Mapping[int, TaskStatus]] = MappingProxyType(
    {1: S.RUNNING, 2: S.RUNNING, 3: S.SUCCEEDED, 4: S.SUCCEEDED, 5: S.FAILED}
)

#: CDNetworks trimming task ``status``: 1 processing, 2 success, 3 failed.
CDNETWORKS_STATUS: Final[Mapping[int, TaskStatus]] = MappingProxyType(
    {1: S.RUNNING, 2: S.SUCCEEDED, 3: S.FAILED}
)

#: Polyv source-file task ``data[].status``.
POLYV_STATUS: Final[Mapping[str, TaskStatus]] = MappingProxyType(
    {"INIT": S.PENDING, "PROCESS": S.RUNNING, "SUCCESS": S.SUCCEEDED, "FAIL": S.FAILED}
)


def _as_int(raw: object) -> int | None:
    """Integers, and integer strings (vendors drift between the two), else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
        return int(raw.strip())
    return None


def map_status(
    table: Mapping[int, TaskStatus] | Mapping[str, TaskStatus], raw: object
) -> TaskStatus:
    """Look ``raw`` up in ``table``; integer tables accept integer strings; misses are UNKNOWN."""
    if isinstance(raw, str) and raw in table:
        return table[raw]  # type: ignore[index]
    number = _as_int(raw)
    if number is not None and number in table:
        return table[number]  # type: ignore[index]
    return TaskStatus.UNKNOWN


def pan123_status(raw: object) -> TaskStatus:
    """123pan per-resolution status, including the 3-254 failure range."""
    number = _as_int(raw)
    if number is not None and number in PAN123_FAILED_RANGE:
        return TaskStatus.FAILED
    return map_status(PAN123_STATUS, raw)
