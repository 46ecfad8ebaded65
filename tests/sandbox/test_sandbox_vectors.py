"""The sandbox's verifiers against VENDORS.md's published test vectors, on their own.

Nothing here signs anything: the sandbox is configured with each vector's secret, its clock is
set to the vector's timestamp, and the vector's exact request (expected signature copied from
VENDORS.md) must be accepted — and refused once a single character changes.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sandbox_kit import CDN_TASK, POLYV_TASK, ZEGO_TASK, assert_conforms

from mediatasks.sandbox import SandboxConfig, SandboxCredentials, create_app
from mediatasks.sandbox.transport import SandboxTransport

ZEGO_VECTORS = [
    (
        12345,
        "4fd24687296dd9f3",
        "9193cc662a4c0ec135ec71fb57194b38",
        1615186943,
        "43e5cfcca828314675f91b001390566a",
    ),
    (
        1234567890,
        "0123456789abcdef",
        "00112233445566778899aabbccddeeff",
        1700000000,
        "408599f97774ba146aa777f429d0514c",
    ),
    (
        3751204520,
        "a1b2c3d4e5f60718",
        "fa3d9a1bd6c2e4a75f4b7e8c1d2e3f40",
        1735689600,
        "7bb9964bfe26324b1c0bdbe1285a437e",
    ),
]
POLYV_VECTORS = [
    (
        {"appId": "a0Wmol5EwX", "timestamp": "1617950661602", "taskId": POLYV_TASK},
        "F9F298D5569C084D158A38766D4129A8",
    ),
    (
        {
            "appId": "a0Wmol5EwX",
            "timestamp": "1617950661602",
            "taskId": POLYV_TASK,
            "expireDays": "1",
        },
        "A96C2DEF699EEE4DFC21DF108C5FCC12",
    ),
]
CDN_SECRET = "EXAMPLESECRETKEY0123456789"
CDN_TIMESTAMP = 1564645579
CDN_VECTORS = [
    (
        "application/json; charset=utf-8",
        b'{"transNo":"036b6f4a01611000a79c3a7800000000"}',
        "24270e09d3a2830c08492915a66c14b0b3b79d9820c03702f53332bc696e88ba",
    ),
    (
        "application/x-www-form-urlencoded; charset=utf-8",
        b"transNo=036b6f4a01611000a79c3a7800000000",
        "522a2cb224e514c404b85591c8ccfc22babdb945c46674c2bfc41de89f225456",
    ),
]


def _client(creds: SandboxCredentials, now: float, base_url: str) -> Iterator[httpx.Client]:
    app = create_app(SandboxConfig(credentials=creds, start_time=now, fixtures=None))
    app.state.sandbox.set_rate_limits(False)
    with httpx.Client(transport=SandboxTransport(app), base_url=base_url) as client:
        yield client


def _flip(text: str) -> str:
    return text[:-1] + ("0" if text[-1] != "0" else "1")


@pytest.mark.parametrize("vector", ZEGO_VECTORS)
@pytest.mark.parametrize("base_url", ["http://sandbox/zego", "https://cloudrecord-api.zego.im"])
def test_zego_vectors(vector: tuple[int, str, str, int, str], base_url: str) -> None:
    app_id, nonce, secret, timestamp, signature = vector
    creds = SandboxCredentials(zego_app_id=app_id, zego_server_secret=secret)
    for client in _client(creds, timestamp, base_url):
        query = {
            "Action": "DescribeRecordStatus",
            "AppId": str(app_id),
            "SignatureNonce": nonce,
            "Timestamp": str(timestamp),
            "SignatureVersion": "2.0",
            "Signature": signature,
        }
        ok = client.post("/", params=query, json={"TaskId": ZEGO_TASK})
        assert assert_conforms("zego", "describeRecordStatus", ok)["Code"] == 0
        bad = client.post(
            "/", params={**query, "Signature": _flip(signature)}, json={"TaskId": ZEGO_TASK}
        )
        assert assert_conforms("zego", "describeRecordStatus", bad)["Code"] == 100000005


@pytest.mark.parametrize("vector", POLYV_VECTORS)
@pytest.mark.parametrize("base_url", ["http://sandbox/polyv", "http://api.polyv.net"])
def test_polyv_vectors(vector: tuple[dict[str, str], str], base_url: str) -> None:
    params, sign = vector
    creds = SandboxCredentials(polyv_app_id=params["appId"], polyv_secret="abc")
    for client in _client(creds, int(params["timestamp"]) / 1000, base_url):
        ok = client.get("/v3/video/source-file-task/get", params={**params, "sign": sign})
        assert assert_conforms("polyv", "getSourceFileTask", ok)["code"] == 200
        bad = client.get("/v3/video/source-file-task/get", params={**params, "sign": _flip(sign)})
        body = assert_conforms("polyv", "getSourceFileTask", bad)
        assert (body["code"], body["error"]["code"]) == (403, 104)


@pytest.mark.parametrize("vector", CDN_VECTORS)
def test_cdnetworks_vectors(vector: tuple[str, bytes, str]) -> None:
    content_type, body, signature = vector
    creds = SandboxCredentials(cdnetworks_access_key="vector-key", cdnetworks_secret_key=CDN_SECRET)
    for client in _client(creds, CDN_TIMESTAMP, "https://api.cloudv.haplat.net"):
        headers = {
            "Content-Type": content_type,
            "X-WS-AccessKey": "vector-key",
            "X-WS-Timestamp": str(CDN_TIMESTAMP),
            "Authorization": (
                "WS3-HMAC-SHA256 Credential=vector-key, SignedHeaders=content-type;host, "
                f"Signature={signature}"
            ),
        }
        ok = client.post("/vod/videoManage/videoClipQuery", content=body, headers=headers)
        answer = assert_conforms("cdnetworks", "getTrimmingTaskStatus", ok)
        assert (answer["code"], answer["data"]["transNo"]) == (200, CDN_TASK)
        headers["Authorization"] = headers["Authorization"].replace(signature, _flip(signature))
        bad = client.post("/vod/videoManage/videoClipQuery", content=body, headers=headers)
        assert assert_conforms("cdnetworks", "getTrimmingTaskStatus", bad)["code"] == 401
