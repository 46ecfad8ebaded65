"""The httpx.Auth classes: what each adds to a request, token caching, and secret hygiene."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

import anyio
import httpx
import pytest

from mediatasks.auth import CDNetworksAuth, MyunAuth, Pan123TokenAuth, PolyvAuth, Secret, ZegoAuth
from mediatasks.errors import APIError, AuthError
from mediatasks.signing import cdnetworks, polyv, zego

FAKE_SECRET = "fake-secret-0123456789"


def _capture(auth: httpx.Auth, request: httpx.Request) -> httpx.Request:
    seen: list[httpx.Request] = []

    def handler(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        return httpx.Response(200, json={"ok": True})

    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        client.send(request)
    assert len(seen) == 1
    return seen[0]


def test_zego_adds_the_five_query_parameters() -> None:
    auth = ZegoAuth(
        12345, FAKE_SECRET, clock=lambda: 1615186943.9, nonce=lambda: "4fd24687296dd9f3"
    )
    sent = _capture(auth, httpx.Request("POST", "https://z.test/?Action=DescribeRecordStatus"))
    params = dict(sent.url.params)
    assert params["Action"] == "DescribeRecordStatus"
    assert params["AppId"] == "12345"
    assert params["Timestamp"] == "1615186943"
    assert params["SignatureVersion"] == "2.0"
    assert params["Signature"] == zego.signature(12345, "4fd24687296dd9f3", FAKE_SECRET, 1615186943)


def test_zego_signs_each_request_with_a_fresh_nonce() -> None:
    auth = ZegoAuth(1, FAKE_SECRET, clock=lambda: 1.0)
    a = _capture(auth, httpx.Request("GET", "https://z.test/"))
    b = _capture(auth, httpx.Request("GET", "https://z.test/"))
    assert a.url.params["SignatureNonce"] != b.url.params["SignatureNonce"]


def test_polyv_signs_query_with_ms_timestamp() -> None:
    auth = PolyvAuth("a0Wmol5EwX", "abc", clock=lambda: 1617950661.602)
    url = "https://p.test/v3/video/source-file-task/get?taskId=16661c08b9564c1ea6f4544ccd568e58"
    sent = _capture(auth, httpx.Request("GET", url))
    params = dict(sent.url.params)
    assert params["timestamp"] == "1617950661602"
    assert params["appId"] == "a0Wmol5EwX"
    assert params["sign"] == "F9F298D5569C084D158A38766D4129A8"  # VENDORS.md vector 1


def test_polyv_signs_form_body_parameters_too() -> None:
    auth = PolyvAuth("app", "k", clock=lambda: 1.0)
    request = httpx.Request("POST", "https://p.test/x", data={"vids": "a,b"})
    sent = _capture(auth, request)
    expected = polyv.signature({"vids": "a,b", "appId": "app", "timestamp": "1000"}, "k")
    assert sent.url.params["sign"] == expected


def test_cdnetworks_headers_verify_against_the_pure_function() -> None:
    auth = CDNetworksAuth("AK", "EXAMPLESECRETKEY0123456789", clock=lambda: 1564645579)
    body = b'{"transNo":"036b6f4a01611000a79c3a7800000000"}'
    request = httpx.Request(
        "POST",
        "https://api.cloudv.haplat.net/vod/videoManage/videoClipQuery",
        content=body,
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    sent = _capture(auth, request)
    assert sent.headers["X-WS-AccessKey"] == "AK"
    assert sent.headers["X-WS-Timestamp"] == "1564645579"
    # VENDORS.md vector 1: the same inputs through the Auth give the published signature.
    assert sent.headers["Authorization"] == cdnetworks.authorization(
        "AK",
        ["content-type", "host"],
        "24270e09d3a2830c08492915a66c14b0b3b79d9820c03702f53332bc696e88ba",
    )


def test_cdnetworks_get_gets_a_content_type_and_signs_the_query() -> None:
    auth = CDNetworksAuth("AK", FAKE_SECRET, clock=lambda: 10)
    sent = _capture(auth, httpx.Request("GET", "https://c.test/p/q?transNo=1"))
    assert sent.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    canonical = cdnetworks.canonical_request(
        "GET", "/p/q", "transNo=1", dict(sent.headers), ["content-type", "host"], b""
    )
    assert sent.headers["Authorization"].endswith(
        "Signature=" + cdnetworks.signature(FAKE_SECRET, 10, canonical)
    )


def test_myun_token_headers_and_hook() -> None:
    def hook(request: httpx.Request) -> None:
        request.headers["X-Hooked"] = "1"

    auth = MyunAuth("tok", headers={"X-Gateway": "g"}, hook=hook)
    sent = _capture(auth, httpx.Request("GET", "https://m.test/"))
    assert sent.headers["Authorization"] == "Bearer tok"
    assert sent.headers["X-Gateway"] == "g"
    assert sent.headers["X-Hooked"] == "1"
    bare = _capture(MyunAuth(), httpx.Request("GET", "https://m.test/"))
    assert "Authorization" not in bare.headers


@pytest.mark.parametrize(
    "auth",
    [
        ZegoAuth(1, FAKE_SECRET),
        PolyvAuth("app", FAKE_SECRET),
        CDNetworksAuth("AK", FAKE_SECRET),
        MyunAuth(FAKE_SECRET),
        Pan123TokenAuth("cid", FAKE_SECRET, token_url="https://x.test/t"),
    ],
)
def test_reprs_never_show_secrets(auth: httpx.Auth) -> None:
    assert FAKE_SECRET not in repr(auth)
    assert FAKE_SECRET not in str(Secret(FAKE_SECRET))


class FakePan123:
    """A token endpoint and a record endpoint; tokens expire when told to."""

    def __init__(self, now: list[float]) -> None:
        self.now = now
        self.issued = 0
        self.valid: set[str] = set()
        self.token_calls: list[dict[str, str]] = []
        self.reject_credentials = False

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/access_token"):
            self.token_calls.append(json.loads(request.content))
            assert request.headers["Platform"] == "open_platform"
            if self.reject_credentials:
                return httpx.Response(
                    200, json={"code": 401, "message": "bad client", "data": None}
                )
            self.issued += 1
            token = f"token-{self.issued}"
            self.valid.add(token)
            return httpx.Response(
                200,
                json={
                    "code": 0,
                    "message": "ok",
                    "data": {"accessToken": token, "expiredAt": "2025-03-23T15:48:37+08:00"},
                    "x-traceID": "t",
                },
            )
        token = request.headers["Authorization"].removeprefix("Bearer ")
        assert request.headers["Platform"] == "open_platform"
        if token not in self.valid:
            return httpx.Response(200, json={"code": 401, "message": "token expired", "data": None})
        return httpx.Response(200, json={"code": 0, "message": "ok", "data": {"token": token}})


EXPIRES = 1742716117.0  # 2025-03-23T15:48:37+08:00


def _pan123(now: list[float]) -> tuple[FakePan123, Pan123TokenAuth, httpx.Client]:
    fake = FakePan123(now)
    auth = Pan123TokenAuth(
        "cid", FAKE_SECRET, token_url="https://p.test/api/v1/access_token", clock=lambda: now[0]
    )
    client = httpx.Client(transport=httpx.MockTransport(fake.handler), auth=auth)
    return fake, auth, client


def _used_token(client: httpx.Client) -> str:
    response = client.post("https://p.test/api/v1/transcode/video/record", json={"fileId": 1})
    return str(response.json()["data"]["token"])


def test_pan123_token_is_fetched_once_and_cached() -> None:
    now = [EXPIRES - 86_400]
    fake, _, client = _pan123(now)
    assert [_used_token(client) for _ in range(3)] == ["token-1"] * 3
    assert fake.token_calls == [{"clientID": "cid", "clientSecret": FAKE_SECRET}]


def test_pan123_token_is_refreshed_before_expiry() -> None:
    now = [EXPIRES - 86_400]
    fake, _, client = _pan123(now)
    assert _used_token(client) == "token-1"
    now[0] = EXPIRES - 60  # inside the 300 s refresh margin
    assert _used_token(client) == "token-2"
    assert fake.issued == 2


def test_pan123_invalid_token_answer_refreshes_once_and_resends() -> None:
    now = [EXPIRES - 86_400]
    fake, _, client = _pan123(now)
    assert _used_token(client) == "token-1"
    fake.valid.clear()  # the vendor revoked it early
    assert _used_token(client) == "token-2"
    fake.valid.clear()
    fake.valid.add("never-issued")
    # refresh happens once only: the third token is also revoked before use -> the 401 stays
    original = fake.handler

    def revoke_all(request: httpx.Request) -> httpx.Response:
        response = original(request)
        if request.url.path.endswith("/access_token"):
            fake.valid.clear()
        return response

    client._transport = httpx.MockTransport(revoke_all)
    response = client.post("https://p.test/api/v1/transcode/video/record", json={"fileId": 1})
    assert response.json()["code"] == 401
    assert fake.issued == 3


def test_pan123_rejected_credentials_raise_auth_error_without_the_secret() -> None:
    fake, _, client = _pan123([0.0])
    fake.reject_credentials = True
    with pytest.raises(AuthError) as caught:
        client.post("https://p.test/api/v1/transcode/video/record", json={"fileId": 1})
    assert FAKE_SECRET not in str(caught.value)
    assert caught.value.code == 401


def test_pan123_refused_token_answer_never_lands_in_the_error() -> None:
    """A token under an HTTP error status is refused, and the error does not quote it."""
    leaked = "eyJ.leaked-token.sig"

    def handler(request: httpx.Request) -> httpx.Response:
        answer = {"code": 0, "message": "ok", "data": {"accessToken": leaked, "expiredAt": "x"}}
        return httpx.Response(502, json=answer)

    auth = Pan123TokenAuth("cid", FAKE_SECRET, token_url="https://p.test/api/v1/access_token")
    client = httpx.Client(transport=httpx.MockTransport(handler), auth=auth)
    with pytest.raises(APIError) as caught:
        client.post("https://p.test/api/v1/transcode/video/record", json={"fileId": 1})
    assert leaked not in str(caught.value)
    assert leaked not in repr(vars(caught.value))


def _slow_token_endpoint(
    fake: FakePan123, delay: float
) -> Callable[[httpx.Request], httpx.Response]:
    """The fake's handler, with the token call taking ``delay`` seconds (sync transport)."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/access_token"):
            time.sleep(delay)
        return fake.handler(request)

    return handler


def test_pan123_concurrent_threads_fetch_one_token() -> None:
    now = [EXPIRES - 86_400]
    fake = FakePan123(now)
    auth = Pan123TokenAuth(
        "cid", FAKE_SECRET, token_url="https://p.test/api/v1/access_token", clock=lambda: now[0]
    )
    transport = httpx.MockTransport(_slow_token_endpoint(fake, 0.05))
    start = threading.Barrier(8)
    used: list[str] = []

    def worker() -> None:
        with httpx.Client(transport=transport, auth=auth) as client:
            start.wait()
            used.append(_used_token(client))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert used == ["token-1"] * 8
    assert fake.issued == 1
    assert auth.fetches == 1


def _async_pan123(now: list[float]) -> tuple[FakePan123, Pan123TokenAuth, httpx.AsyncClient]:
    fake = FakePan123(now)

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/access_token"):
            await anyio.sleep(0.02)  # other coroutines run meanwhile
        return fake.handler(request)

    auth = Pan123TokenAuth(
        "cid", FAKE_SECRET, token_url="https://p.test/api/v1/access_token", clock=lambda: now[0]
    )
    return fake, auth, httpx.AsyncClient(transport=httpx.MockTransport(handler), auth=auth)


async def _used_token_async(client: httpx.AsyncClient) -> str:
    response = await client.post("https://p.test/api/v1/transcode/video/record", json={"fileId": 1})
    return str(response.json()["data"]["token"])


@pytest.mark.anyio
async def test_pan123_concurrent_coroutines_fetch_one_token() -> None:
    fake, _, client = _async_pan123([EXPIRES - 86_400])
    used: list[str] = []

    async def one() -> None:
        used.append(await _used_token_async(client))

    async with client, anyio.create_task_group() as group:
        for _ in range(8):
            group.start_soon(one)
    assert used == ["token-1"] * 8
    assert fake.issued == 1


@pytest.mark.anyio
async def test_pan123_concurrent_invalid_token_answers_refresh_once() -> None:
    fake, _, client = _async_pan123([EXPIRES - 86_400])
    used: list[str] = []

    async def one() -> None:
        used.append(await _used_token_async(client))

    async with client:
        assert await _used_token_async(client) == "token-1"
        fake.valid.clear()  # revoked: every request in the burst gets code 401 back
        async with anyio.create_task_group() as group:
            for _ in range(8):
                group.start_soon(one)
    assert used == ["token-2"] * 8
    assert fake.issued == 2


def test_pan123_async_lock_is_per_event_loop() -> None:
    """The same auth serves one event loop after another (an asyncio lock is loop-bound)."""
    fake, auth, _ = _async_pan123([EXPIRES - 86_400])

    async def burst() -> None:
        transport = httpx.MockTransport(fake.handler)
        async with (
            httpx.AsyncClient(transport=transport, auth=auth) as c,
            anyio.create_task_group() as group,
        ):
            for _ in range(4):
                group.start_soon(_used_token_async, c)
        fake.valid.clear()

    anyio.run(burst)
    anyio.run(burst)
    assert fake.issued == 2
