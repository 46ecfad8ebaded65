"""The admin API: health, clock, scripted tasks (validated against the payload schema), reset."""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_kit import CDN_TASK, Kit

from mediatasks.specs import VENDORS


def test_health_lists_every_vendor_and_spec_version(kit: Kit) -> None:
    body = kit.client.get("/_health").json()
    assert body["status"] == "ok"
    assert set(body["vendors"]) == set(VENDORS)
    assert body["vendors"]["zego"]["operations"] == ["describeRecordStatus"]


def test_index_documents_the_endpoints(kit: Kit) -> None:
    index = kit.client.get("/_admin/").json()
    assert any(line.startswith("POST   /_admin/{vendor}/tasks") for line in index["endpoints"])
    assert set(index["rate_limits"].values()) == {True}


def test_clock_set_and_advance(kit: Kit) -> None:
    assert kit.client.post("/_admin/clock", json={"set": 2_000_000_000}).json()["now"] >= 2e9
    now = kit.client.post("/_admin/clock", json={"advance": 60}).json()["now"]
    assert 2_000_000_060 <= now < 2_000_000_061
    assert kit.client.get("/_admin/clock").json()["now"] >= now


@pytest.mark.parametrize(
    "body", [{}, {"advance": "inf"}, {"set": "nan"}, {"advance": True}, {"advance": [1]}, "[]"]
)
def test_clock_refuses_nonsense(kit: Kit, body: Any) -> None:
    response = (
        kit.client.post("/_admin/clock", content=body)
        if isinstance(body, str)
        else kit.client.post("/_admin/clock", json=body)
    )
    assert response.status_code == 400
    assert "error" in response.json()


ZEGO_RUNNING: dict[str, Any] = {
    "RoomId": "room-1",
    "RecordMode": 1,
    "StreamType": 3,
    "RecordBeginTimestamp": 1750000000000,
    "Status": 2,
}


def test_scripted_zego_task_follows_the_clock(kit: Kit) -> None:
    ended = {**ZEGO_RUNNING, "Status": 3, "RecordEndTimestamp": 1750000060000}
    script = {
        "id": "TestTask00000001",
        "states": [{"after": 0, "data": ZEGO_RUNNING}, {"after": 60, "data": ended}],
    }
    response = kit.client.post("/_admin/zego/tasks", json=script)
    assert response.status_code == 200
    assert "TestTask00000001" in [t["id"] for t in response.json()["tasks"]]
    assert kit.zego({"TaskId": "TestTask00000001"}).json()["Data"]["Status"] == 2
    kit.sandbox.clock.advance(60)
    assert kit.zego({"TaskId": "TestTask00000001"}).json()["Data"]["Status"] == 3


@pytest.mark.parametrize(
    ("vendor", "data"),
    [
        ("zego", {**ZEGO_RUNNING, "Status": 9}),
        ("zego", {"RoomId": "no other fields"}),
        ("zego", None),
        ("polyv", [{"vid": 1}]),
        ("cdnetworks", {"status": 2}),
        ("pan123", {"UserTranscodeVideoRecordList": "none"}),
    ],
)
def test_scripted_data_must_fit_the_payload_schema(kit: Kit, vendor: str, data: Any) -> None:
    response = kit.client.post(
        f"/_admin/{vendor}/tasks", json={"id": "t1", "states": [{"data": data}]}
    )
    assert response.status_code == 400
    assert "states[0].data" in response.json()["error"]
    assert "t1" not in [t["id"] for t in kit.client.get(f"/_admin/{vendor}/tasks").json()["tasks"]]


@pytest.mark.parametrize(
    "body",
    [
        {"id": "", "states": [{"data": {}}]},
        {"id": "x", "states": []},
        {"id": "x", "states": [{"after": -1, "data": {}}]},
        {"id": "x", "states": [{"after": 0}]},
        {"id": "x"},
    ],
)
def test_scripts_are_checked(kit: Kit, body: dict[str, Any]) -> None:
    assert kit.client.post("/_admin/cdnetworks/tasks", json=body).status_code == 400


def test_scripted_tasks_for_every_scripted_vendor(kit: Kit) -> None:
    cdn = {"status": 1, "taskId": "t", "transNo": "abc"}
    assert (
        kit.client.post(
            "/_admin/cdnetworks/tasks", json={"id": "abc", "states": [{"data": cdn}]}
        ).status_code
        == 200
    )
    assert kit.cdn_json("abc").json()["data"] == cdn
    records = {
        "UserTranscodeVideoRecordList": [
            {
                "create_at": "2025-01-01 00:00:00",
                "resolution": "720P",
                "status": 255,
                "link": "https://x.example/a.m3u8",
            }
        ]
    }
    assert (
        kit.client.post(
            "/_admin/pan123/tasks", json={"id": "77", "states": [{"data": records}]}
        ).status_code
        == 200
    )
    assert kit.pan123_record(kit.pan123_token(), file_id=77)["data"] == records
    polyv = [
        {
            "vid": "v_1",
            "status": "PROCESS",
            "url": None,
            "createTime": 1750000000000,
            "successTime": None,
        }
    ]
    assert (
        kit.client.post(
            "/_admin/polyv/tasks", json={"id": "p1", "states": [{"data": polyv}]}
        ).status_code
        == 200
    )
    assert kit.polyv(kit.polyv_query("p1")).json()["data"] == polyv


def test_myun_takes_no_scripts_and_unknown_vendors_are_refused(kit: Kit) -> None:
    assert (
        kit.client.post(
            "/_admin/myun/tasks", json={"id": "x", "states": [{"data": {}}]}
        ).status_code
        == 400
    )
    assert kit.client.get("/_admin/acme/tasks").status_code == 400
    assert kit.client.get("/_admin/myun/tasks").json()["tasks"][0]["id"] == "17lok52y"


def test_seeded_lifecycles_advance(kit: Kit) -> None:
    from mediatasks.sandbox.vendors import cdnetworks, polyv, zego  # noqa: PLC0415

    assert kit.cdn_json(cdnetworks.LIFECYCLE_TASK).json()["data"]["status"] == 1
    assert kit.zego({"TaskId": zego.LIFECYCLE_TASK}).json()["Data"]["Status"] != 3
    assert kit.polyv(kit.polyv_query(polyv.LIFECYCLE_TASK)).json()["data"][0]["status"] == "INIT"
    kit.sandbox.clock.advance(30)
    assert kit.cdn_json(cdnetworks.LIFECYCLE_TASK).json()["data"]["status"] == 2
    assert kit.zego({"TaskId": zego.LIFECYCLE_TASK}).json()["Data"]["Status"] == 3
    assert kit.polyv(kit.polyv_query(polyv.LIFECYCLE_TASK)).json()["data"][0]["status"] == "FAIL"


def test_reset_restores_everything(kit: Kit) -> None:
    kit.client.post("/_admin/clock", json={"advance": 3600})
    kit.client.post("/_admin/faults", json={"vendor": "zego", "fault": "status=503"})
    kit.client.post("/_admin/rate-limits", json={"enabled": False})
    cdn = {"status": 1, "taskId": "t", "transNo": "abc"}
    kit.client.post("/_admin/cdnetworks/tasks", json={"id": "abc", "states": [{"data": cdn}]})
    kit.client.post("/_admin/reset")
    index = kit.client.get("/_admin/").json()
    assert index["faults"] == {}
    assert kit.cdn_json("abc").json()["code"] == 1603
    assert kit.cdn_json(CDN_TASK).json()["code"] == 200
    assert set(index["rate_limits"].values()) == {True}
    assert 1_750_000_000 <= index["clock"] < 1_750_000_060  # the configured start, not +3600
