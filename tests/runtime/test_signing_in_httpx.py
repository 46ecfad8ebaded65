"""One signing path: every request is signed by the vendor's ``httpx.Auth`` inside httpx's own
request flow, so what the runtime sends is what httpx with the same auth sends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from mediatasks.auth import CDNetworksAuth, MyunAuth, PolyvAuth, ZegoAuth
from mediatasks.ratelimit import RateLimiter
from mediatasks.runtime import Caller, RetryPolicy

FAKE = "fake-secret-for-tests"
ZEGO_OK = {"Code": 0, "Message": "succeed", "RequestId": "r", "Data": {"Status": 2}}


def _fixed_nonce() -> str:
    return "0123456789abcdef"


AUTHS: dict[str, Callable[[], httpx.Auth]] = {
    "zego": lambda: ZegoAuth(12345, FAKE, clock=lambda: 1700000000.5, nonce=_fixed_nonce),
    "polyv": lambda: PolyvAuth("app", FAKE, clock=lambda: 1700000000.5),
    "cdnetworks": lambda: CDNetworksAuth("AK", FAKE, clock=lambda: 1700000000.5),
    "myun": lambda: MyunAuth("token-for-tests", headers={"X-Extra": "1"}),
}
REQUESTS: dict[str, dict[str, Any]] = {
    "zego": {
        "method": "post",
        "url": "/",
        "params": {"Action": "DescribeRecordStatus"},
        "json": {"TaskId": "X3CgNeE4I1qAAABN"},
    },
    "polyv": {"method": "get", "url": "/task", "params": {"taskId": "a b&c"}},
    "cdnetworks": {"method": "post", "url": "/vod/q", "json": {"transNo": "t"}},
    "myun": {"method": "get", "url": "/list", "params": {"page": 2, "limit": 50}},
}


def _recorder() -> tuple[list[httpx.Request], httpx.MockTransport]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=ZEGO_OK)

    return seen, httpx.MockTransport(handler)


def _wire(request: httpx.Request) -> tuple[str, str, list[tuple[str, str]], bytes]:
    return request.method, str(request.url), sorted(request.headers.multi_items()), request.content


@pytest.mark.parametrize("base_url", ["https://vendor.test", "http://sandbox:8765/mounted/"])
@pytest.mark.parametrize("vendor", sorted(REQUESTS))
def test_the_runtime_sends_what_httpx_with_the_same_auth_sends(vendor: str, base_url: str) -> None:
    seen, transport = _recorder()
    with httpx.Client(transport=transport, base_url=base_url, auth=AUTHS[vendor]()) as plain:
        plain.request(**REQUESTS[vendor])
    with httpx.Client(transport=transport, base_url=base_url, auth=AUTHS[vendor]()) as http:
        Caller("zego", http=http, limiter=RateLimiter("zego", [])).call("op", REQUESTS[vendor])
    assert _wire(seen[1]) == _wire(seen[0])


def test_each_attempt_is_signed_afresh() -> None:
    nonces = iter(["n1", "n2", "n3"])
    answers = [httpx.Response(503), httpx.Response(200, json=ZEGO_OK)]
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers[len(seen) - 1]

    auth = ZegoAuth(1, FAKE, nonce=lambda: next(nonces))
    with httpx.Client(
        transport=httpx.MockTransport(handler), base_url="https://vendor.test", auth=auth
    ) as http:
        caller = Caller("zego", http=http, limiter=RateLimiter("zego", []), policy=RetryPolicy())
        caller.call("op", REQUESTS["zego"])
    assert [r.url.params["SignatureNonce"] for r in seen] == ["n1", "n2"]
    assert all(r.url.params.get_list("Signature") for r in seen)
    assert all(len(r.url.params.get_list("AppId")) == 1 for r in seen)


def test_a_replaced_auth_is_used() -> None:
    seen, transport = _recorder()
    with httpx.Client(transport=transport, base_url="https://vendor.test") as http:
        caller = Caller("zego", http=http, limiter=RateLimiter("zego", []))
        caller.call("op", REQUESTS["zego"])
        http.auth = ZegoAuth(7, FAKE, nonce=_fixed_nonce)
        caller.call("op", REQUESTS["zego"])
    assert "AppId" not in seen[0].url.params
    assert seen[1].url.params["AppId"] == "7"


def test_a_hook_auth_runs_inside_httpx() -> None:
    hooked: list[str] = []
    seen, transport = _recorder()
    auth = MyunAuth(hook=lambda request: hooked.append(str(request.url)))
    with httpx.Client(transport=transport, base_url="https://vendor.test", auth=auth) as http:
        Caller("zego", http=http, limiter=RateLimiter("zego", [])).call("op", REQUESTS["myun"])
    assert hooked == [str(seen[0].url)]


def test_a_signer_replaces_a_header_instead_of_doubling_it() -> None:
    seen, transport = _recorder()
    auth = CDNetworksAuth("AK", FAKE, clock=lambda: 1.0)
    request = {**REQUESTS["cdnetworks"], "headers": {"authorization": "stale"}}
    with httpx.Client(transport=transport, base_url="https://vendor.test", auth=auth) as http:
        Caller("zego", http=http, limiter=RateLimiter("zego", [])).call("op", request)
    values = seen[0].headers.get_list("authorization")
    assert len(values) == 1
    assert values[0].startswith("WS3-HMAC-SHA256 ")


def test_an_appended_query_keeps_the_callers_encoding() -> None:
    seen, transport = _recorder()
    auth = PolyvAuth("app", FAKE, clock=lambda: 1.0)
    with httpx.Client(transport=transport, base_url="https://vendor.test", auth=auth) as http:
        http.get("/task?taskId=a%20b")
    assert str(seen[0].url).startswith("https://vendor.test/task?taskId=a%20b&appId=app&")
    assert seen[0].url.params["taskId"] == "a b"
