"""No signed material in logs or kept exceptions.

httpx logs every request's URL at INFO, which for ZEGO and Polyv carries a signature, nonce and
timestamp that a reader could replay within the vendor's window; the runtime logs its own line
with those redacted instead. A failed send keeps no httpx exception (whose ``.request`` holds
the ``Authorization`` header of 123pan, CDNetworks and MYun) as cause or context.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import httpx
import pytest

from mediatasks import errors
from mediatasks.sandbox import SandboxCredentials, create_app
from mediatasks.sandbox.transport import SandboxTransport
from mediatasks.vendors import client_for

ENV = {**SandboxCredentials().as_environment(), "MEDIATASKS_MYUN_TOKEN": "fake-myun-token"}
VENDORS = ("pan123", "myun", "zego", "cdnetworks", "polyv")
SEEDED = {"zego": "X3CgNeE4I1qAAABN", "polyv": "16661c08b9564c1ea6f4544ccd568e58"}
SIGNED = re.compile(r"[?&](Signature|SignatureNonce|Timestamp|sign|timestamp)=(?!REDACTED)")
TOKEN = {
    "code": 0,
    "message": "ok",
    "data": {"accessToken": "fake-bearer-token", "expiredAt": "2099-01-01T00:00:00+08:00"},
}
CREDENTIAL_MARKERS = ("Bearer", "fake-bearer-token", "WS3-HMAC-SHA256", "fake-myun-token")


@pytest.mark.parametrize("vendor", ["zego", "polyv"])
def test_the_url_line_redacts_signing_parameters(
    vendor: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    transport = SandboxTransport(create_app())
    with client_for(vendor, ENV, base_url=f"http://sandbox/{vendor}", transport=transport) as c:
        c.get_task(SEEDED[vendor])
    lines = [record.getMessage() for record in caplog.records]
    assert not [line for line in lines if SIGNED.search(line)], lines
    ours = [r.getMessage() for r in caplog.records if r.name == "mediatasks.http"]
    assert len(ours) == 1
    assert "=REDACTED" in ours[0]
    assert ours[0].startswith(f"{vendor} ")
    assert '"HTTP/1.1 200 OK"' in ours[0]


def test_other_httpx_requests_keep_their_line(caplog: pytest.LogCaptureFixture) -> None:
    """Only the runtime's own requests lose httpx's line (it logs its own instead)."""
    caplog.set_level(logging.INFO)
    with httpx.Client(transport=httpx.MockTransport(lambda _r: httpx.Response(204))) as http:
        http.get("https://elsewhere.test/?sign=abc")
    assert any(r.name == "httpx" and "sign=abc" in r.getMessage() for r in caplog.records)


def _failing(request: httpx.Request) -> httpx.Response:
    """A token if asked for one, then a reset after the signed request went out."""
    if request.url.path.endswith("/access_token"):
        return httpx.Response(200, json=TOKEN)
    raise httpx.ReadError("connection reset by peer", request=request)


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        todo += [item.__cause__, item.__context__]


def _reachable_text(error: BaseException) -> str:
    """Everything the error and its chain show or hold as attributes."""
    parts: list[str] = []
    for item in _chain(error):
        parts.append(repr(item))
        parts.append(str(item))
        parts.extend(repr(value) for value in vars(item).values())
    return "\n".join(parts)


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.anyio
async def test_a_failed_send_keeps_no_signed_request(vendor: str) -> None:
    transport = httpx.MockTransport(_failing)
    client = client_for(
        vendor,
        ENV,
        base_url=f"https://{vendor}.test",
        transport=transport,
        async_transport=transport,
    )
    task_id = "2875008" if vendor == "pan123" else SEEDED.get(vendor, "task0001")
    async with client:
        with pytest.raises(errors.TransportError) as sync_caught:
            client.get_task(task_id)
        with pytest.raises(errors.TransportError) as async_caught:
            await client.get_task_async(task_id)
    for error in (sync_caught.value, async_caught.value):
        assert all(isinstance(item, errors.MediaTasksError) for item in _chain(error))
        assert error.__cause__ is None
        assert error.__context__ is None
        text = _reachable_text(error)
        assert not any(marker in text for marker in CREDENTIAL_MARKERS), text
        assert not SIGNED.search(error.url or ""), error.url
        assert error.vendor == vendor
        assert error.method in ("GET", "POST")
        assert error.url is not None
        assert error.url.startswith(f"https://{vendor}.test/")
