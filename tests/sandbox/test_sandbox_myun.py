"""MYun tasks really move: waiting -> transcoding (progress rising) -> success or failure, on the
sandbox clock; list pages and counts; delete and batch delete turn tasks to status 4."""

from __future__ import annotations

import pytest
from sandbox_kit import Kit

from mediatasks.sandbox.vendors.myun import TRANSCODE_SECONDS, WAIT_SECONDS


def test_lifecycle_to_success(kit: Kit) -> None:
    created = kit.myun_create(task_config_temp_id=3)
    assert created["errcode"] == 1000
    task_id = created["id"]
    waiting = kit.myun_get(task_id)["transcoding"]
    assert (waiting["status"], waiting["progress"], waiting["target_url"]) == (0, 0.0, "")
    kit.sandbox.clock.advance(WAIT_SECONDS + 1)
    first = kit.myun_get(task_id)["transcoding"]
    kit.sandbox.clock.advance(TRANSCODE_SECONDS / 2)
    second = kit.myun_get(task_id)["transcoding"]
    assert first["status"] == second["status"] == 1
    assert 0 < first["progress"] < second["progress"] < 1
    kit.sandbox.clock.advance(TRANSCODE_SECONDS)
    done = kit.myun_get(task_id)["transcoding"]
    assert (done["status"], done["progress"], done["error_code"]) == (2, 1.0, 0)
    assert done["target_url"].endswith(".m3u8")
    assert done["task_config_temp_id"] == 3


def test_lifecycle_to_failure(kit: Kit) -> None:
    task_id = kit.myun_create("https://media.example.com/fail-me.mp4")["id"]
    kit.sandbox.clock.advance(WAIT_SECONDS + TRANSCODE_SECONDS + 1)
    failed = kit.myun_get(task_id)["transcoding"]
    assert failed["status"] == 3
    assert failed["error_code"] != 0
    assert failed["error_info"]
    assert failed["target_url"] == ""


def test_list_pages_newest_first_with_total_count(kit: Kit) -> None:
    ids = []
    for index in range(5):
        ids.append(kit.myun_create(f"https://media.example.com/{index}.mp4")["id"])
        kit.sandbox.clock.advance(1)
    # seeded: the document's task (an hour old) and the spec examples' task (created 2024)
    newest_first = [*reversed(ids), "17lok52y", "2b9x0q4m"]
    pages = [kit.myun_list(page=page, limit=2) for page in (1, 2, 3, 4, 5)]
    assert [p["count"] for p in pages] == [7] * 5
    assert [t["id"] for p in pages for t in p["results"]] == newest_first
    assert pages[4]["results"] == []
    default = kit.myun_list()
    assert len(default["results"]) == 7  # default limit 15


def test_list_rejects_bad_paging(kit: Kit) -> None:
    for params in ({"page": 0}, {"limit": 0}, {"limit": "many"}, {"page": -1}):
        assert kit.myun_list(**params)["errcode"] == 1001, params


def test_delete_turns_task_deleted_and_stays_counted(kit: Kit) -> None:
    task_id = kit.myun_create()["id"]
    assert kit.myun_delete(task_id)["errcode"] == 1000
    assert kit.myun_get(task_id)["transcoding"]["status"] == 4
    assert kit.myun_list()["count"] == 3  # with the two seeded tasks
    again = kit.myun_delete(task_id)
    assert again["errcode"] == 1009
    assert kit.myun_delete("nope")["errcode"] == 1004


def test_deleted_keeps_its_progress(kit: Kit) -> None:
    task_id = kit.myun_create()["id"]
    kit.sandbox.clock.advance(WAIT_SECONDS + TRANSCODE_SECONDS / 2)
    kit.myun_delete(task_id)
    kit.sandbox.clock.advance(100)
    view = kit.myun_get(task_id)["transcoding"]
    assert view["status"] == 4
    assert 0.4 < view["progress"] < 0.6


def test_batch_delete_is_all_or_nothing(kit: Kit) -> None:
    a, b = kit.myun_create()["id"], kit.myun_create()["id"]
    assert kit.myun_delete_many(f"{a},unknown")["errcode"] == 1004
    assert kit.myun_get(a)["transcoding"]["status"] == 0
    assert kit.myun_delete_many(f"{a},{b}")["errcode"] == 1000
    assert {kit.myun_get(i)["transcoding"]["status"] for i in (a, b)} == {4}
    assert kit.myun_delete_many(f"{a},17lok52y")["errcode"] == 1009
    assert kit.myun_get("17lok52y")["transcoding"]["status"] == 2


def test_batch_delete_rejects_malformed_ids(kit: Kit) -> None:
    for ids in ("", ",", "a,,b", "a b"):
        assert kit.myun_delete_many(ids)["errcode"] == 1001, ids


def test_reset_forgets_created_tasks(kit: Kit) -> None:
    task_id = kit.myun_create()["id"]
    assert kit.client.post("/_admin/reset").json() == {"reset": True}
    assert kit.myun_get(task_id)["errcode"] == 1004
    assert kit.myun_list()["count"] == 2  # the two seeded tasks


@pytest.mark.parametrize(
    "origin_url", ["https://media.example.com/a.mp4", "https://media.example.com/fail-me.mp4"]
)
def test_a_recorded_unfinished_task_ends_as_a_created_one_does(kit: Kit, origin_url: str) -> None:
    task_id = kit.myun_create(origin_url, format="mp4")["id"]
    waiting = kit.myun_get(task_id)["transcoding"]
    kit.sandbox.clock.advance(WAIT_SECONDS + TRANSCODE_SECONDS + 1)
    done = kit.myun_get(task_id)["transcoding"]
    ended = kit.sandbox.services["myun"].finished(task_id, waiting)
    final = ("status", "progress", "target_url", "error_code", "error_info")
    assert {name: ended[name] for name in final} == {name: done[name] for name in final}


def test_deleted_after_success_keeps_its_target_url(kit: Kit) -> None:
    task_id = kit.myun_create()["id"]
    kit.sandbox.clock.advance(WAIT_SECONDS + TRANSCODE_SECONDS + 1)
    done = kit.myun_get(task_id)["transcoding"]
    kit.myun_delete(task_id)
    deleted = kit.myun_get(task_id)["transcoding"]
    assert (deleted["status"], deleted["progress"]) == (4, 1.0)
    assert (
        deleted["target_url"]
        == done["target_url"]
        == f"https://sandbox.invalid/myun/{task_id}/index.m3u8"
    )
