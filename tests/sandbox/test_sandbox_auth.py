"""Auth as each vendor documents it: windows, token issue and expiry, constant-time checks."""

from __future__ import annotations

import hmac
from collections.abc import Callable

import httpx
import pytest
from sandbox_kit import CDN_TASK, Kit, assert_conforms

from mediatasks.sandbox import SandboxConfig, SandboxCredentials, create_app
from mediatasks.sandbox.transport import SandboxTransport

# -- timestamp windows -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "code"), [(0, 0), (-599, 0), (599, 0), (-601, 100000004), (601, 100000004)]
)
def test_zego_window_is_ten_minutes_either_way(kit: Kit, offset: int, code: int) -> None:
    query = kit.zego_query(timestamp=int(kit.now()) + offset)
    assert kit.zego(query=query).json()["Code"] == code


@pytest.mark.parametrize(
    ("offset_ms", "code", "detail"),
    [
        (0, 200, None),
        (-179_000, 200, None),
        (179_000, 200, None),
        (-181_000, 403, 403),
        (181_000, 403, 403),
    ],
)
def test_polyv_window_is_three_minutes(
    kit: Kit, offset_ms: int, code: int, detail: int | None
) -> None:
    params = kit.polyv_query(timestamp_ms=int(kit.now() * 1000) + offset_ms)
    body = kit.polyv(params).json()
    assert body["code"] == code
    assert (body["error"] or {}).get("code") == detail


@pytest.mark.parametrize(
    ("offset", "code"), [(0, 200), (-299, 200), (299, 200), (-301, 401), (301, 401)]
)
def test_cdnetworks_window_is_five_minutes(kit: Kit, offset: int, code: int) -> None:
    body = f'{{"transNo":"{CDN_TASK}"}}'.encode()
    headers = kit.cdn_headers(body, timestamp=int(kit.now()) + offset)
    assert kit.cdn_post(body, headers=headers).json()["code"] == code


def test_windows_follow_the_sandbox_clock(kit: Kit) -> None:
    query = kit.zego_query()
    kit.sandbox.clock.advance(601)
    assert kit.zego(query=query).json()["Code"] == 100000004


# -- signatures that do not match ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "code"),
    [
        ({"Signature": "0" * 32}, 100000005),
        ({"SignatureNonce": "ffffffffffffffff"}, 100000005),
        ({"AppId": 42}, 100000010),
        ({"AppId": "12a"}, 100000001),
        ({"AppId": 2**32}, 100000001),
        ({"AppId": "9" * 5000}, 100000001),
        ({"AppId": None}, 100000001),
        ({"Timestamp": None}, 100000002),
        ({"Timestamp": "soon"}, 100000003),
        ({"SignatureNonce": None}, 100000008),
        ({"Signature": None}, 100000009),
        ({"SignatureVersion": None}, 100000013),
        ({"SignatureVersion": "1.0"}, 100000014),
    ],
)
def test_zego_gateway_codes(kit: Kit, override: dict[str, object], code: int) -> None:
    assert kit.zego(query=kit.zego_query(**override)).json()["Code"] == code


@pytest.mark.parametrize("change", ["sign", "taskId", "appId", "missing"])
def test_polyv_any_tampering_is_invalid_signature(kit: Kit, change: str) -> None:
    params = kit.polyv_query()
    if change == "sign":
        params["sign"] = params["sign"][:-1] + ("0" if params["sign"][-1] != "0" else "1")
    elif change == "taskId":
        params["taskId"] = "other"
    elif change == "appId":
        params["appId"] = "someoneElse"
    else:
        del params["sign"]
    body = kit.polyv(params).json()
    assert (body["code"], body["error"]["code"]) == (403, 104)


@pytest.mark.parametrize("change", ["body", "key", "secret-path", "unsigned-host", "no-auth"])
def test_cdnetworks_tampering_is_401(kit: Kit, change: str) -> None:
    body = f'{{"transNo":"{CDN_TASK}"}}'.encode()
    headers = kit.cdn_headers(body)
    if change == "body":
        body = body.replace(b"036b", b"136b")
    elif change == "key":
        headers["X-WS-AccessKey"] = "other-key"
    elif change == "secret-path":
        headers = kit.cdn_headers(body, path="/cdnetworks/other")
    elif change == "unsigned-host":
        headers["Authorization"] = headers["Authorization"].replace(
            "content-type;host", "content-type"
        )
    else:
        del headers["Authorization"]
    assert kit.cdn_post(body, headers=headers).json()["code"] == 401


# -- 123pan tokens from its own access_token endpoint -------------------------------------------


def test_pan123_token_comes_from_configured_credentials(kit: Kit) -> None:
    refused = kit.pan123_token_call(secret="wrong")
    assert (refused["code"], refused["data"]) == (401, None)
    assert kit.pan123_token_call(client_id="someone")["code"] == 401
    granted = kit.pan123_token_call()
    assert granted["code"] == 0
    assert granted["data"]["expiredAt"].endswith("+08:00")


def test_pan123_token_expires_on_the_clock(kit: Kit) -> None:
    token = kit.pan123_token()
    kit.sandbox.clock.advance(7199)
    assert kit.pan123_record(token)["code"] == 0
    kit.sandbox.clock.advance(2)
    expired = kit.pan123_record(token)
    assert expired["code"] == 401
    assert "expired" in expired["message"]


def test_pan123_admin_expires_tokens(kit: Kit) -> None:
    token = kit.pan123_token()
    assert kit.client.post("/_admin/pan123/expire-tokens").json() == {"expired": True}
    assert kit.pan123_record(token)["code"] == 401
    assert kit.pan123_record(kit.pan123_token())["code"] == 0


def test_pan123_other_credentials_can_be_configured() -> None:
    creds = SandboxCredentials(pan123_client_id="team-a", pan123_client_secret="s3cr3t")
    app = create_app(SandboxConfig(credentials=creds, fixtures=None))
    with httpx.Client(transport=SandboxTransport(app), base_url="http://sandbox") as client:
        kit = Kit(app, client, creds)
        assert kit.pan123_record(kit.pan123_token())["code"] == 0
        kit.creds = SandboxCredentials()
        assert kit.pan123_token_call()["code"] == 401


# -- MYun: optional bearer token ------------------------------------------------------------------


def test_myun_token_when_configured() -> None:
    creds = SandboxCredentials(myun_token="myun-test-token")
    app = create_app(SandboxConfig(credentials=creds, fixtures=None))
    with httpx.Client(transport=SandboxTransport(app), base_url="http://sandbox") as client:
        url = "/myun/transcoding/api/get-transcode?id=17lok52y"
        for headers, code in [
            ({}, 1001),
            ({"Authorization": "Bearer wrong"}, 1001),
            ({"Authorization": "myun-test-token"}, 1001),
            ({"Authorization": "Bearer myun-test-token"}, 1000),
        ]:
            body = assert_conforms("myun", "getTranscode", client.get(url, headers=headers))
            assert body["errcode"] == code, headers


def test_auth_can_be_switched_off(creds: SandboxCredentials) -> None:
    app = create_app(SandboxConfig(check_auth=False, fixtures=None))
    with httpx.Client(transport=SandboxTransport(app), base_url="http://sandbox") as client:
        response = client.get(
            "/polyv/v3/video/source-file-task/get?taskId=16661c08b9564c1ea6f4544ccd568e58"
        )
        assert assert_conforms("polyv", "getSourceFileTask", response)["code"] == 200


# -- constant-time comparison ------------------------------------------------------------------


@pytest.fixture
def compare_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bytes, bytes]]:
    """Record every hmac.compare_digest the emulators make (they import the hmac module)."""
    calls: list[tuple[bytes, bytes]] = []
    real: Callable[[bytes, bytes], bool] = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((bytes(a), bytes(b)))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    return calls


def test_signatures_are_compared_in_constant_time(
    kit: Kit, compare_calls: list[tuple[bytes, bytes]]
) -> None:
    query = kit.zego_query()
    kit.zego(query=query)
    assert (str(query["Signature"]).encode(), str(query["Signature"]).encode()) in compare_calls
    params = kit.polyv_query()
    kit.polyv(params)
    assert (params["sign"].encode(), params["sign"].encode()) in compare_calls
    body = f'{{"transNo":"{CDN_TASK}"}}'.encode()
    headers = kit.cdn_headers(body)
    kit.cdn_post(body, headers=headers)
    signature = headers["Authorization"].rsplit("Signature=", 1)[1].encode()
    assert (signature, signature) in compare_calls


def test_pan123_credentials_are_compared_in_constant_time(
    kit: Kit, compare_calls: list[tuple[bytes, bytes]]
) -> None:
    kit.pan123_token_call(secret="guess")
    assert (b"guess", kit.creds.pan123_client_secret.encode()) in compare_calls
