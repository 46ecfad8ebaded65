"""The unified task model: every documented status value, aggregation, unknown values."""

from __future__ import annotations

import pytest

from mediatasks.tasks import (
    CDNETWORKS_STATUS,
    MYUN_STATUS,
    POLYV_STATUS,
    ZEGO_FILE_STATUS,
    ZEGO_TASK_STATUS,
    Task,
    TaskOutput,
    TaskPart,
    TaskStatus,
    aggregate_status,
    map_status,
    pan123_status,
)

S = TaskStatus


def test_pan123_every_documented_value() -> None:
    assert pan123_status(1) is S.PENDING
    assert pan123_status(2) is S.RUNNING
    assert all(pan123_status(v) is S.FAILED for v in range(3, 255))
    assert pan123_status(255) is S.SUCCEEDED
    assert pan123_status(0) is S.UNKNOWN
    assert pan123_status(256) is S.UNKNOWN
    assert pan123_status("255") is S.SUCCEEDED


def test_tables_cover_every_documented_value() -> None:
    assert dict(MYUN_STATUS) == {
        -1: S.PENDING,
        0: S.PENDING,
        1: S.RUNNING,
        2: S.SUCCEEDED,
        3: S.FAILED,
        4: S.DELETED,
    }
    assert dict(ZEGO_TASK_STATUS) == {
        1: S.PENDING,
        2: S.RUNNING,
        3: S.SUCCEEDED,
        4: S.FAILED,
        5: S.PAUSED,
    }
    assert set(ZEGO_FILE_STATUS) == {1, 2, 3, 4, 5}
    assert ZEGO_FILE_STATUS[5] is S.FAILED
    assert ZEGO_FILE_STATUS[4] is S.SUCCEEDED
    assert dict(CDNETWORKS_STATUS) == {1: S.RUNNING, 2: S.SUCCEEDED, 3: S.FAILED}
    assert dict(POLYV_STATUS) == {
        "INIT": S.PENDING,
        "PROCESS": S.RUNNING,
        "SUCCESS": S.SUCCEEDED,
        "FAIL": S.FAILED,
    }


@pytest.mark.parametrize("raw", [99, "NEW_STATE", None, 2.5, True, [1]])
def test_unknown_values_map_to_unknown(raw: object) -> None:
    assert map_status(MYUN_STATUS, raw) is S.UNKNOWN
    assert map_status(POLYV_STATUS, raw) is S.UNKNOWN


def test_integer_strings_are_accepted_by_integer_tables() -> None:
    assert map_status(CDNETWORKS_STATUS, "2") is S.SUCCEEDED
    assert map_status(MYUN_STATUS, "-1") is S.PENDING


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([], S.UNKNOWN),
        ([S.SUCCEEDED, S.SUCCEEDED], S.SUCCEEDED),
        ([S.SUCCEEDED, S.FAILED], S.FAILED),
        ([S.PENDING, S.PENDING], S.PENDING),
        ([S.PENDING, S.SUCCEEDED], S.RUNNING),
        ([S.PENDING, S.RUNNING], S.RUNNING),
        ([S.FAILED, S.RUNNING], S.RUNNING),
        ([S.UNKNOWN, S.SUCCEEDED], S.UNKNOWN),
        ([S.PAUSED, S.PAUSED], S.PAUSED),
        ([S.DELETED, S.DELETED], S.DELETED),
        ([S.DELETED, S.SUCCEEDED], S.SUCCEEDED),
    ],
)
def test_aggregate(parts: list[TaskStatus], expected: TaskStatus) -> None:
    assert aggregate_status(parts) is expected


def test_terminal_states() -> None:
    assert {s for s in S if s.is_terminal} == {S.SUCCEEDED, S.FAILED, S.DELETED}


def test_to_dict_is_json_ready() -> None:
    task = Task(
        "pan123",
        "7",
        S.RUNNING,
        (255, 2),
        progress=0.5,
        outputs=(TaskOutput("https://x/720.m3u8", label="720P"),),
        parts=(TaskPart("720P", S.SUCCEEDED, 255), TaskPart("1080P", S.RUNNING, 2)),
        raw={"secret-free": True},
    )
    data = task.to_dict()
    assert data["raw_status"] == [255, 2]
    assert data["status"] == "RUNNING"
    assert data["parts"][1] == {
        "name": "1080P",
        "status": "RUNNING",
        "raw_status": 2,
        "outputs": [],
    }
    assert "raw" not in data
