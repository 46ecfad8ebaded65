"""Seeding from recorded cassettes: successful task answers become tasks; bad ones are listed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sandbox_kit import Kit

from mediatasks.sandbox import SandboxConfig, SandboxCredentials, create_app
from mediatasks.sandbox.fixtures import default_fixtures_root
from mediatasks.sandbox.lifecycle import STEP_SECONDS
from mediatasks.sandbox.transport import SandboxTransport

DATA = Path(__file__).parent / "data"


@pytest.fixture
def seeded() -> Iterator[Kit]:
    creds = SandboxCredentials()
    app = create_app(SandboxConfig(credentials=creds, fixtures=DATA))
    with httpx.Client(transport=SandboxTransport(app), base_url="http://sandbox") as client:
        yield Kit(app, client, creds)


def test_recorded_polls_become_a_lifecycle(seeded: Kit) -> None:
    assert seeded.zego({"TaskId": "CassetteTask0001"}).json()["Data"]["Status"] == 2
    seeded.sandbox.clock.advance(STEP_SECONDS)
    assert seeded.zego({"TaskId": "CassetteTask0001"}).json()["Data"]["Status"] == 3
    assert seeded.zego({"TaskId": "NotThereTask0001"}).json()["Code"] == 300001000


def test_form_and_query_requests_are_understood(seeded: Kit) -> None:
    first = seeded.cdn_json("cassette0000000000000000000001").json()
    assert (first["code"], first["data"]["taskId"]) == (200, "t-1")
    assert seeded.cdn_json("cassette0000000000000000000002").json()["data"]["status"] == 3
    assert (
        seeded.cdn_json("036b6f4a01611000a79c3a7800000000").json()["code"] == 200
    )  # spec seeds stay


def test_myun_recorded_task_keeps_its_view_until_deleted(seeded: Kit) -> None:
    view = seeded.myun_get("cas55ette")["transcoding"]
    assert (view["status"], view["task_config_temp_id"]) == (2, 4)
    assert seeded.myun_list()["count"] == 3  # the document's task, the spec's, the cassette's
    assert seeded.myun_delete("cas55ette")["errcode"] == 1000
    assert seeded.myun_get("cas55ette")["transcoding"]["status"] == 4


def test_cassette_tasks_survive_reset(seeded: Kit) -> None:
    seeded.client.post("/_admin/reset")
    assert seeded.myun_get("cas55ette")["errcode"] == 1000


def test_bad_cassettes_are_skipped_and_listed(seeded: Kit) -> None:
    cassettes = seeded.client.get("/_admin/").json()["cassettes"]
    assert cassettes["zego"]["tasks"] == ["CassetteTask0001"]
    problems = cassettes["polyv"]["problems"]
    assert any(p.startswith("bad.yaml#0") and "payload" in p for p in problems)
    assert any(p.startswith("bad.yaml#1") for p in problems)
    assert any(p.startswith("broken.yaml") for p in problems)
    assert cassettes["polyv"]["tasks"] == []
    assert seeded.polyv().json()["code"] == 200  # still serving


def test_fixtures_root_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MEDIATASKS_SANDBOX_FIXTURES", str(tmp_path))
    assert default_fixtures_root() == tmp_path
    monkeypatch.delenv("MEDIATASKS_SANDBOX_FIXTURES")
    root = default_fixtures_root()
    assert root is None or root.name == "fixtures"
