"""Vendor clients over httpx.MockTransport: requests they build, Tasks they read, sweeps."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from mediatasks import errors
from mediatasks.errors import ConfigurationError
from mediatasks.tasks import TaskStatus
from mediatasks.vendors import (
    CDNetworksClient,
    MyunClient,
    Pan123Client,
    PolyvClient,
    ZegoClient,
    client_for,
    default_base_url,
)

Handler = Callable[[httpx.Request], httpx.Response]


def _mock(handler: Handler) -> dict[str, Any]:
    transport = httpx.MockTransport(handler)
    return {"transport": transport, "async_transport": transport}


def test_zego_ended_task_with_uploaded_files() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.params["Action"] == "DescribeRecordStatus"
        assert "Signature" in request.url.params
        assert json.loads(request.content) == {"TaskId": "X3CgNeE4I1qAAABN"}
        data = {
            "Status": 3,
            "RecordFiles": [
                {
                    "FileId": "f1",
                    "Status": 3,
                    "FileUrl": "https://o/f1.mp4",
                    "FileSize": 10,
                    "Duration": 2000,
                },
                {"FileId": "f2", "Status": 2},
            ],
        }
        return httpx.Response(
            200, json={"Code": 0, "Message": "ok", "RequestId": "r", "Data": data}
        )

    with ZegoClient(1, "fake", base_url="https://z.test", **_mock(handler)) as client:
        task = client.get_task("X3CgNeE4I1qAAABN")
    assert task.status is TaskStatus.RUNNING  # ended, but f2 still uploading
    assert task.raw_status == 3
    assert task.outputs[0].url == "https://o/f1.mp4"
    assert task.outputs[0].duration_seconds == 2.0
    assert task.progress == 0.5


def test_zego_unknown_status_is_kept_raw() -> None:
    body = {"Code": 0, "Message": "ok", "RequestId": "r", "Data": {"Status": 9}}
    with ZegoClient(
        1, "fake", base_url="https://z.test", **_mock(lambda _r: httpx.Response(200, json=body))
    ) as c:
        task = c.get_task("t")
    assert task.status is TaskStatus.UNKNOWN
    assert task.raw_status == 9


def test_polyv_aggregates_per_video_items() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/base/v3/video/source-file-task/get"
        assert {"taskId", "appId", "timestamp", "sign"} <= set(request.url.params)
        data = [
            {"vid": "v1", "url": "https://d/v1.mp4", "status": "SUCCESS"},
            {"vid": "v2", "url": None, "status": "FAIL"},
        ]
        return httpx.Response(
            200,
            json={"code": 200, "status": "success", "requestId": "q", "error": None, "data": data},
        )

    with PolyvClient("app", "fake", base_url="https://p.test/base", **_mock(handler)) as c:
        task = c.get_task("tid")
    assert task.status is TaskStatus.FAILED
    assert task.raw_status == ("SUCCESS", "FAIL")
    assert [p.name for p in task.parts] == ["v1", "v2"]
    assert task.error == "failed for v2"


def test_cdnetworks_signs_and_reads() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["Authorization"].startswith("WS3-HMAC-SHA256 Credential=AK,")
        assert json.loads(request.content) == {"transNo": "n1"}
        return httpx.Response(
            200, json={"code": 200, "message": "ok", "data": {"status": 3, "transNo": "n1"}}
        )

    with CDNetworksClient("AK", "fake", base_url="https://c.test", **_mock(handler)) as c:
        task = c.get_task("n1")
    assert task.status is TaskStatus.FAILED
    assert task.error == "trimming failed"


def test_pan123_aggregates_resolutions() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/access_token"):
            token = {"accessToken": "tok", "expiredAt": "2999-01-01T00:00:00+08:00"}
            return httpx.Response(
                200, json={"code": 0, "message": "ok", "data": token, "x-traceID": "t"}
            )
        assert request.headers["Authorization"] == "Bearer tok"
        assert json.loads(request.content) == {"fileId": 2875008}
        records = [
            {
                "create_at": "2024-12-19 13:19:33",
                "resolution": "720P",
                "status": 255,
                "link": "https://l/720.m3u8",
            },
            {"create_at": "2024-12-19 13:19:30", "resolution": "1080P", "status": 2, "link": ""},
        ]
        data = {"UserTranscodeVideoRecordList": records}
        return httpx.Response(
            200, json={"code": 0, "message": "ok", "data": data, "x-traceID": "t"}
        )

    with Pan123Client("cid", "fake", base_url="https://a.test/pan123", **_mock(handler)) as c:
        task = c.get_task("2875008")
    assert task.status is TaskStatus.RUNNING
    assert task.raw_status == (255, 2)
    assert task.created_at == "2024-12-19 13:19:30"
    assert [o.label for o in task.outputs] == ["720P"]
    with pytest.raises(errors.ConfigurationError, match="integers"):
        c.get_task("abc")  # checked at the entry point; task_request takes checked ids


def test_malformed_payload_is_an_invalid_response() -> None:
    body = {"code": 0, "message": "ok", "data": {"UserTranscodeVideoRecordList": "oops"}}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/access_token"):
            data = {"accessToken": "tok", "expiredAt": "2999-01-01T00:00:00+08:00"}
            return httpx.Response(200, json={"code": 0, "message": "ok", "data": data})
        return httpx.Response(200, json=body)

    with (
        Pan123Client("cid", "fake", base_url="https://a.test", **_mock(handler)) as c,
        pytest.raises(errors.InvalidResponseError, match="not a list"),
    ):
        c.get_task("1")


def _myun_task(task_id: str, status: int) -> dict[str, Any]:
    return {
        "id": task_id,
        "created_at": "2010-11-22T15:16:17+08:00",
        "updated_at": "x",
        "task_config_temp_id": 5,
        "origin_url": "u",
        "target_url": "" if status != 2 else f"https://t/{task_id}.m3u8",
        "format": "m3u8",
        "status": status,
        "progress": 1 if status == 2 else 0.25,
        "error_code": 0 if status != 3 else 7,
        "error_info": "" if status != 3 else "bad input",
    }


class FakeMyun:
    def __init__(self, total: int) -> None:
        self.tasks = [_myun_task(f"t{i}", i % 4) for i in range(total)]
        self.requests: list[str] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request.url.path)
        if request.url.path.endswith("/get-transcodes"):
            page, limit = int(request.url.params["page"]), int(request.url.params["limit"])
            chunk = self.tasks[(page - 1) * limit : page * limit]
            return httpx.Response(
                200, json={"errcode": 1000, "results": chunk, "count": len(self.tasks)}
            )
        if request.url.path.endswith("/get-transcode"):
            wanted = request.url.params["id"]
            for task in self.tasks:
                if task["id"] == wanted:
                    return httpx.Response(200, json={"errcode": 1000, "transcoding": task})
            return httpx.Response(200, json={"errcode": 1004})
        raise AssertionError(request.url.path)


def test_myun_sweep_reads_pages_not_tasks() -> None:
    fake = FakeMyun(1000)
    ids = [f"t{i}" for i in range(1000)]
    with MyunClient(base_url="https://m.test", page_size=100, **_mock(fake.handler)) as c:
        tasks = c.get_tasks(ids)
    assert len(fake.requests) == 10
    assert [t.id for t in tasks] == ids
    assert tasks[2].status is TaskStatus.SUCCEEDED
    assert tasks[2].outputs[0].url == "https://t/t2.m3u8"
    assert tasks[3].status is TaskStatus.FAILED
    assert tasks[3].error == "bad input"
    assert tasks[1].progress == 0.25


def test_myun_sweep_stops_early_and_reads_stragglers_singly() -> None:
    fake = FakeMyun(500)
    with MyunClient(base_url="https://m.test", page_size=100, **_mock(fake.handler)) as c:
        tasks = c.get_tasks(["t1", "t150"])
        assert len(fake.requests) == 2
        with pytest.raises(errors.NotFoundError):
            c.get_tasks(["t1", "missing"])
    assert tasks[1].id == "t150"


@pytest.mark.anyio
async def test_myun_async_sweep_and_wait() -> None:
    fake = FakeMyun(300)
    ids = ["t2", "t3", "t6"]  # statuses 2, 3, 2: already terminal
    async with MyunClient(base_url="https://m.test", page_size=100, **_mock(fake.handler)) as c:
        tasks = await c.wait_async(ids)
    assert [t.status for t in tasks] == [
        TaskStatus.SUCCEEDED,
        TaskStatus.FAILED,
        TaskStatus.SUCCEEDED,
    ]
    assert len(fake.requests) == 1


def test_myun_create_is_not_retried_after_a_read_timeout() -> None:
    calls: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(json.loads(request.content))
        raise httpx.ReadTimeout("slow", request=request)

    with (
        MyunClient(base_url="https://m.test", **_mock(handler)) as c,
        pytest.raises(errors.RequestTimeoutError),
    ):
        c.create_task("https://src/a.mp4", quality=3)
    assert calls == [
        {"origin_url": "https://src/a.mp4", "task_config_temp_id": 3, "format": "m3u8"}
    ]


def test_myun_create_returns_the_id() -> None:
    answer = httpx.Response(200, json={"errcode": 1000, "id": "17lok52y"})
    with MyunClient(base_url="https://m.test", token="tok", **_mock(lambda _r: answer)) as c:
        assert c.create_task("https://src/a.mp4") == "17lok52y"


@pytest.mark.anyio
async def test_async_get_tasks_for_per_task_vendors() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        task_id = request.url.params["taskId"]
        data = [{"vid": task_id, "url": None, "status": "PROCESS"}]
        return httpx.Response(
            200, json={"code": 200, "status": "success", "requestId": "q", "data": data}
        )

    async with PolyvClient("app", "fake", base_url="https://p.test", **_mock(handler)) as c:
        tasks = await c.get_tasks_async(["a", "b", "c"])
    assert [t.id for t in tasks] == ["a", "b", "c"]
    assert all(t.status is TaskStatus.RUNNING for t in tasks)


def _polyv_succeeded(request: httpx.Request) -> httpx.Response:
    data = [{"vid": request.url.params["taskId"], "url": None, "status": "SUCCESS"}]
    return httpx.Response(
        200, json={"code": 200, "status": "success", "requestId": "q", "data": data}
    )


def _counting_checks(client: PolyvClient, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    checked: list[str] = []
    real = client.check_task_id

    def check(task_id: str) -> str:
        checked.append(task_id)
        return real(task_id)

    monkeypatch.setattr(client, "check_task_id", check)
    return checked


@pytest.mark.anyio
async def test_each_entry_point_checks_every_id_once(monkeypatch: pytest.MonkeyPatch) -> None:
    async with PolyvClient(
        "app", "fake", base_url="https://p.test", **_mock(_polyv_succeeded)
    ) as c:
        checked = _counting_checks(c, monkeypatch)
        c.get_task("a")
        assert checked == ["a"]
        for read in (c.get_tasks, c.wait):
            checked.clear()
            read(["a", "b"])
            assert checked == ["a", "b"], read
        for read_async in (c.get_tasks_async, c.wait_async):
            checked.clear()
            await read_async(["a", "b"])
            assert checked == ["a", "b"], read_async
        with pytest.raises(ConfigurationError, match="empty"):
            c.wait(["a", ""])


def test_client_for_names_missing_variables_not_values() -> None:
    with pytest.raises(ConfigurationError, match="MEDIATASKS_ZEGO_SERVER_SECRET"):
        client_for("zego", {"MEDIATASKS_ZEGO_APP_ID": "1"})
    with pytest.raises(ConfigurationError, match="unknown vendor"):
        client_for("nope", {})
    client = client_for("myun", {}, base_url="https://m.test")
    assert isinstance(client, MyunClient)
    assert client.base_url == "https://m.test"
    assert default_base_url("zego") == "https://cloudrecord-api.zego.im"


@pytest.mark.anyio
async def test_async_get_tasks_raises_the_first_error_itself_not_a_group() -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        task_id = request.url.params["taskId"]
        sent.append(task_id)
        if task_id == "gone":
            error = {"code": 104, "desc": "invalid signature"}
            return httpx.Response(
                200, json={"code": 403, "status": "error", "requestId": "q", "error": error}
            )
        data = [{"vid": task_id, "url": None, "status": "PROCESS"}]
        return httpx.Response(
            200, json={"code": 200, "status": "success", "requestId": "q", "data": data}
        )

    async with PolyvClient("app", "fake", base_url="https://p.test", **_mock(handler)) as c:
        with pytest.raises(errors.VendorError) as caught:
            await c.get_tasks_async(["a", "gone", "c"])
    assert caught.value.code == 403


def test_myun_sweep_stops_at_an_empty_page_whatever_count_claims() -> None:
    """A count larger than the list (stale, or capped pages) must not cost 1,000 requests."""
    fake = FakeMyun(150)
    original = fake.handler

    def inflated(request: httpx.Request) -> httpx.Response:
        response = original(request)
        if request.url.path.endswith("/get-transcodes"):
            body = json.loads(response.content)
            body["count"] = 1_000_000
            return httpx.Response(200, json=body)
        return response

    with MyunClient(base_url="https://m.test", page_size=100, **_mock(inflated)) as c:
        tasks = c.get_tasks(["t1", "t149"])
        assert len(fake.requests) == 2
        with pytest.raises(errors.NotFoundError):
            c.get_tasks(["missing"])
    assert [t.id for t in tasks] == ["t1", "t149"]
    # pages 1, 2 (full, then half), 3 (empty: the end), then the straggler read singly
    assert fake.requests[2:] == ["/transcoding/api/get-transcodes"] * 3 + [
        "/transcoding/api/get-transcode"
    ]


@pytest.mark.parametrize("bad_id", ["abc", "12.5", ""])
def test_pan123_bad_file_id_is_a_configuration_error_before_any_request(bad_id: str) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        raise AssertionError("nothing may be sent")

    with (
        Pan123Client("cid", "fake", base_url="https://p.test", **_mock(handler)) as c,
        pytest.raises(errors.ConfigurationError, match=r"file ids are|task id is empty"),
    ):
        c.get_task(bad_id)
    assert sent == []
