"""The clients against the in-process sandbox: its signature checks accept ours, its
envelopes decode into the documented error classes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mediatasks import errors
from mediatasks.sandbox import SandboxCredentials, create_app
from mediatasks.sandbox.transport import SandboxTransport, async_transport
from mediatasks.tasks import TaskStatus
from mediatasks.vendors import TaskClient, client_for

SEEDED = {
    "zego": "X3CgNeE4I1qAAABN",
    "cdnetworks": "036b6f4a01611000a79c3a7800000000",
    "polyv": "16661c08b9564c1ea6f4544ccd568e58",
    "pan123": "2875008",
}


@pytest.fixture(scope="module")
def transport() -> Iterator[SandboxTransport]:
    sync = SandboxTransport(create_app())
    yield sync
    sync.close()


def _client(vendor: str, transport: SandboxTransport) -> TaskClient:
    env = SandboxCredentials().as_environment()
    return client_for(vendor, env, base_url=f"http://sandbox/{vendor}", transport=transport)


@pytest.mark.parametrize("vendor", sorted(SEEDED))
def test_signed_reads_are_accepted(vendor: str, transport: SandboxTransport) -> None:
    with _client(vendor, transport) as client:
        task = client.get_task(SEEDED[vendor])
    assert task.vendor == vendor
    assert task.id == SEEDED[vendor]
    assert task.status is not TaskStatus.UNKNOWN


@pytest.mark.parametrize("vendor", sorted(SEEDED))
def test_unknown_ids_are_not_found(vendor: str, transport: SandboxTransport) -> None:
    with _client(vendor, transport) as client, pytest.raises(errors.NotFoundError):
        client.get_task("9999999" if vendor == "pan123" else "0000000000000000")


def test_wrong_secret_is_an_auth_error(transport: SandboxTransport) -> None:
    env = SandboxCredentials().as_environment() | {"MEDIATASKS_ZEGO_SERVER_SECRET": "wrong-fake"}
    client = client_for("zego", env, base_url="http://sandbox/zego", transport=transport)
    with client, pytest.raises(errors.AuthError) as caught:
        client.get_task(SEEDED["zego"])
    assert "wrong-fake" not in str(caught.value)


@pytest.mark.anyio
async def test_myun_create_and_read_async() -> None:
    app = create_app()
    env = SandboxCredentials().as_environment()
    client = client_for(
        "myun", env, base_url="http://sandbox/myun", async_transport=async_transport(app)
    )
    async with client:
        assert hasattr(client, "create_task_async")
        task_id = await client.create_task_async("https://media.example.com/a.mp4")
        [task] = await client.get_tasks_async([task_id])
    assert task.id == task_id
    assert task.status in {TaskStatus.PENDING, TaskStatus.RUNNING}
