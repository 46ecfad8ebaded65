"""The runtime builds and signs requests itself (one URL parse per attempt); what it sends must
be what httpx with the same ``httpx.Auth`` would have sent, byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediatasks.auth import CDNetworksAuth, MyunAuth, Outgoing, PolyvAuth, PresigningAuth, ZegoAuth
from mediatasks.ratelimit import RateLimiter
from mediatasks.runtime import Caller, RetryPolicy
from mediatasks.runtime._request import RequestBuilder, encode_query, query_pairs
from mediatasks.vendors import _generated as generated

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
    "zego": generated.zego_describe("X3CgNeE4I1qAAABN"),
    "polyv": generated.polyv_get("16661c08b9564c1ea6f4544ccd568e58"),
    "cdnetworks": generated.cdnetworks_query("036b6f4a01611000a79c3a7800000000"),
    "myun": generated.myun_list(2, 50),
}


def _recorder() -> tuple[list[httpx.Request], httpx.MockTransport]:
    """A transport that keeps what it was sent and answers a ZEGO success (every caller in
    this module decodes with ZEGO's envelope; only the request side is under test)."""
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
        caller = Caller("zego", http=http, limiter=RateLimiter("zego", []))
        caller.call("op", REQUESTS[vendor])
    assert RequestBuilder(http.base_url, None).prepare(REQUESTS[vendor]) is not None
    assert _wire(seen[1]) == _wire(seen[0])


@pytest.mark.parametrize(
    "kwargs",
    [
        generated.pan123_record(2875008),
        generated.myun_get("a b/c"),
        generated.myun_list(1, 10),
        generated.myun_create("https://media.example.com/a.mp4", 1, "mp4"),
        generated.myun_delete("t"),
        generated.zego_describe("t"),
        generated.cdnetworks_query("t"),
        generated.polyv_get("t"),
    ],
)
def test_every_generated_request_takes_the_fast_path(kwargs: dict[str, Any]) -> None:
    builder = RequestBuilder(httpx.URL("https://vendor.test/"), ZegoAuth(1, FAKE))
    prepared = builder.prepare(kwargs)
    assert prepared is not None
    assert prepared.target is builder.prepare(kwargs).target  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"method": "POST", "url": "/form", "data": {"vids": "a,b"}},
        {"method": "GET", "url": "https://elsewhere.test/x"},
        {"method": "GET", "url": "/x?already=1"},
        {"method": "GET", "url": "/x", "follow_redirects": True},
    ],
)
def test_unusual_shapes_go_to_httpx_and_are_still_signed(kwargs: dict[str, Any]) -> None:
    seen, transport = _recorder()
    auth = ZegoAuth(1, FAKE, nonce=_fixed_nonce)
    with httpx.Client(transport=transport, base_url="https://vendor.test", auth=auth) as http:
        assert RequestBuilder(http.base_url, auth).prepare(kwargs) is None
        Caller("zego", http=http, limiter=RateLimiter("zego", [])).call("op", kwargs)
    assert seen[0].url.params["SignatureNonce"] == "0123456789abcdef"


def test_query_values_are_written_as_httpx_writes_them() -> None:
    params: dict[str, str | int | bool | list[str | int] | None] = {
        "b": True,
        "c": False,
        "n": None,
        "i": 3,
        "l": ["x", 1],
        "s": "a b&c",
    }
    assert query_pairs(params) == tuple(httpx.QueryParams(params).multi_items())
    builder = RequestBuilder(httpx.URL("https://vendor.test"), None)
    prepared = builder.prepare({"method": "get", "url": "/q", "params": params})
    assert prepared is not None
    send = builder.send_args(prepared)
    assert send.url == httpx.URL("https://vendor.test/q", params=params)
    assert send.method == "GET"
    assert not send.presigned


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

    def hook(request: httpx.Request) -> None:
        hooked.append(str(request.url))

    seen, transport = _recorder()
    auth = MyunAuth(hook=hook)
    assert not isinstance(auth, PresigningAuth)
    with httpx.Client(transport=transport, base_url="https://vendor.test", auth=auth) as http:
        Caller("zego", http=http, limiter=RateLimiter("zego", [])).call(
            "op", generated.myun_get("t1")
        )
    assert hooked == [str(seen[0].url)]


def test_a_signer_replaces_a_header_instead_of_doubling_it() -> None:
    seen, transport = _recorder()
    auth = CDNetworksAuth("AK", FAKE, clock=lambda: 1.0)
    request = generated.cdnetworks_query("t")
    request["headers"] = {**request["headers"], "authorization": "stale"}
    with httpx.Client(transport=transport, base_url="https://vendor.test", auth=auth) as http:
        Caller("zego", http=http, limiter=RateLimiter("zego", [])).call("op", request)
    values = seen[0].headers.get_list("authorization")
    assert len(values) == 1
    assert values[0].startswith("WS3-HMAC-SHA256 ")


def test_outgoing_repr_shows_header_names_only() -> None:
    outgoing = Outgoing(
        method="GET",
        host="h",
        path="/",
        raw_query="",
        headers={"Authorization": "Bearer secret-token"},
        body=b"",
    )
    outgoing.set_header("X-WS-AccessKey", "AK")
    assert "secret-token" not in repr(outgoing)
    assert outgoing.header("x-ws-accesskey") == "AK"
    assert outgoing.query == ()


@given(st.lists(st.tuples(st.text(), st.text()), max_size=6))
def test_query_encoding_is_urlencode(pairs: list[tuple[str, str]]) -> None:
    assert encode_query(pairs) == urlencode(pairs)


def test_query_encoding_edge_cases() -> None:
    pairs = [("a b", "c+d"), ("", ""), ("x", "~._-"), ("签名", "值/?&="), ("*", "é")]
    assert encode_query(pairs) == urlencode(pairs)
