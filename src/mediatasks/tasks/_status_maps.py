"""Reading vendor status values through the registry's status tables.

The tables live in the vendor records (:mod:`mediatasks.registry`), each tied to the spec schema
that lists its values; a test checks every table against its schema. A value the table does
not know maps to UNKNOWN; the caller keeps the raw value next to it. The named constants are
the public names of the built-in tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from mediatasks import registry
from mediatasks.model import TaskStatus
from mediatasks.registry import StatusTable

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
    "table_status",
]

_PAN123_TABLE: Final = registry.get("pan123").table("record")

#: 123pan transcode record ``status`` (per resolution): 1 waiting, 2 transcoding,
#: 3-254 failed (duration refunded), 255 success.
PAN123_STATUS: Final[Mapping[int, TaskStatus]] = _PAN123_TABLE.values
PAN123_FAILED_RANGE: Final = _PAN123_TABLE.failed_range or range(0)
#: MYun transcode ``status``.
MYUN_STATUS: Final[Mapping[int, TaskStatus]] = registry.get("myun").table("task").values
#: ZEGO ``Data.Status`` of a recording task.
ZEGO_TASK_STATUS: Final[Mapping[int, TaskStatus]] = registry.get("zego").table("task").values
#: ZEGO ``RecordFiles[].Status``.
ZEGO_FILE_STATUS: Final[Mapping[int, TaskStatus]] = registry.get("zego").table("file").values
#: CDNetworks trimming task ``status``.
CDNETWORKS_STATUS: Final[Mapping[int, TaskStatus]] = registry.get("cdnetworks").table("task").values
#: Polyv source-file task ``data[].status``.
POLYV_STATUS: Final[Mapping[str, TaskStatus]] = registry.get("polyv").table("task").values


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


def table_status(table: StatusTable, raw: object) -> TaskStatus:
    """A registry table's reading of ``raw``, its failure range included."""
    number = _as_int(raw)
    if table.failed_range is not None and number is not None and number in table.failed_range:
        return TaskStatus.FAILED
    return map_status(table.values, raw)


def pan123_status(raw: object) -> TaskStatus:
    """123pan per-resolution status, including the 3-254 failure range."""
    return table_status(_PAN123_TABLE, raw)
