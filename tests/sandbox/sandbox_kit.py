"""Test kit for the sandbox: signed calls per vendor, and a check that every answer fits the spec.

The response check is written here, apart from the sandbox's own validation code: it builds a
Draft 2020-12 validator for each operation's 200 response straight from the spec file with
``referencing``, so a sandbox bug in schema handling cannot hide itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

import httpx
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from mediatasks.sandbox import SandboxCredentials
from mediatasks.sandbox.app import SandboxApp
from mediatasks.signing import cdnetworks, polyv, zego
from mediatasks.specs import load_spec, profile

ZEGO_TASK = "X3CgNeE4I1qAAABN"
POLYV_TASK = "16661c08b9564c1ea6f4544ccd568e58"
CDN_TASK = "036b6f4a01611000a79c3a7800000000"
PAN123_FILE = 2875008
CDN_PATH = "/cdnetworks/vod/videoManage/videoClipQuery"
POLYV_PATH = "/polyv/v3/video/source-file-task/get"
MYUN = "/myun/transcoding/api"


@cache
def _response_validator(vendor: str, operation_id: str) -> Draft202012Validator:
    spec = load_spec(vendor)
    registry: Registry[Any] = Registry().with_resource(
        "urn:spec", Resource.from_contents(dict(spec), default_specification=DRAFT202012)
    )
    method, path = next(
        (op.method.lower(), op.path)
        for op in profile(vendor).operations.values()
        if op.operation_id == operation_id
    )
    response = spec["paths"][path][method]["responses"]["200"]
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    schema = response["content"]["application/json"]["schema"]
    return Draft202012Validator({"$ref": "urn:spec#" + schema["$ref"][1:]}, registry=registry)


def assert_conforms(vendor: str, operation_id: str, response: httpx.Response) -> Any:
    """HTTP 200, JSON, and a body valid against the operation's response schema; the body."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    errors = [e.message for e in _response_validator(vendor, operation_id).iter_errors(body)]
    assert not errors, f"{vendor} {operation_id} answered outside its schema: {errors} {body}"
    return body


def code_of(vendor: str, body: Any) -> Any:
    return profile(vendor).envelope.code_of(body)


class Kit:
    """Signed calls to one in-process sandbox; every vendor answer is checked against the spec."""

    def __init__(self, app: SandboxApp, client: httpx.Client, creds: SandboxCredentials) -> None:
        self.app = app
        self.client = client
        self.creds = creds
        self.sandbox = app.state.sandbox

    def now(self) -> float:
        return float(self.sandbox.clock.now())

    # -- ZEGO ---------------------------------------------------------------------------------
    def zego_query(self, **override: Any) -> dict[str, Any]:
        """Signed common parameters; ``timestamp=`` signs another instant, other keys replace
        (None removes) a parameter after signing."""
        stamp = override.pop("timestamp", None)
        ts = int(self.now()) if stamp is None else int(stamp)
        nonce = "0123456789abcdef"
        app_id = self.creds.zego_app_id
        query: dict[str, Any] = {
            "Action": "DescribeRecordStatus",
            "AppId": app_id,
            "SignatureNonce": nonce,
            "Timestamp": ts,
            "SignatureVersion": "2.0",
            "Signature": zego.signature(app_id, nonce, self.creds.zego_server_secret, ts),
        }
        query.update(override)
        return {k: v for k, v in query.items() if v is not None}

    def zego(
        self, body: Any = None, query: Mapping[str, Any] | None = None, **kwargs: Any
    ) -> httpx.Response:
        payload = {"TaskId": ZEGO_TASK} if body is None else body
        content = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        response = self.client.post(
            "/zego/",
            params=dict(self.zego_query() if query is None else query),
            content=content,
            headers={"content-type": "application/json", **kwargs.pop("headers", {})},
        )
        assert_conforms("zego", "describeRecordStatus", response)
        return response

    # -- Polyv --------------------------------------------------------------------------------
    def polyv_query(
        self, task_id: str = POLYV_TASK, timestamp_ms: int | None = None
    ) -> dict[str, str]:
        ts = int(self.now() * 1000) if timestamp_ms is None else timestamp_ms
        params = {"appId": self.creds.polyv_app_id, "timestamp": str(ts), "taskId": task_id}
        params["sign"] = polyv.signature(params, self.creds.polyv_secret)
        return params

    def polyv(self, params: Mapping[str, str] | None = None, **kwargs: Any) -> httpx.Response:
        query = self.polyv_query() if params is None else params
        response = self.client.get(POLYV_PATH, params=dict(query), **kwargs)
        assert_conforms("polyv", "getSourceFileTask", response)
        return response

    # -- CDNetworks ---------------------------------------------------------------------------
    def cdn_headers(
        self,
        body: bytes,
        *,
        content_type: str = "application/json; charset=utf-8",
        method: str = "POST",
        path: str = CDN_PATH,
        query: str = "",
        timestamp: int | None = None,
    ) -> dict[str, str]:
        ts = str(int(self.now()) if timestamp is None else timestamp)
        headers = {"content-type": content_type, "host": "sandbox"}
        signed = ["content-type", "host"]
        canonical = cdnetworks.canonical_request(method, path, query, headers, signed, body)
        signature = cdnetworks.signature(self.creds.cdnetworks_secret_key, ts, canonical)
        key = self.creds.cdnetworks_access_key
        return {
            **headers,
            "X-WS-AccessKey": key,
            "X-WS-Timestamp": ts,
            "Authorization": cdnetworks.authorization(key, signed, signature),
        }

    def cdn_post(
        self,
        body: bytes,
        content_type: str = "application/json; charset=utf-8",
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        sent = dict(
            self.cdn_headers(body, content_type=content_type) if headers is None else headers
        )
        response = self.client.post(CDN_PATH, content=body, headers=sent)
        assert_conforms("cdnetworks", "getTrimmingTaskStatus", response)
        return response

    def cdn_get(self, query: str) -> httpx.Response:
        content_type = "application/x-www-form-urlencoded"
        headers = self.cdn_headers(
            b"", content_type=content_type, method="GET", path=CDN_PATH, query=query
        )
        response = self.client.get(f"{CDN_PATH}?{query}", headers=headers)
        assert_conforms("cdnetworks", "getTrimmingTaskStatusByQuery", response)
        return response

    def cdn_json(self, trans_no: Any) -> httpx.Response:
        return self.cdn_post(json.dumps({"transNo": trans_no}).encode())

    # -- 123pan -------------------------------------------------------------------------------
    def pan123_token_call(self, client_id: str | None = None, secret: str | None = None) -> Any:
        response = self.client.post(
            "/pan123/api/v1/access_token",
            headers={"Platform": "open_platform"},
            json={
                "clientID": self.creds.pan123_client_id if client_id is None else client_id,
                "clientSecret": self.creds.pan123_client_secret if secret is None else secret,
            },
        )
        return assert_conforms("pan123", "getAccessToken", response)

    def pan123_token(self) -> str:
        body = self.pan123_token_call()
        assert body["code"] == 0, body
        return str(body["data"]["accessToken"])

    def pan123_record(self, token: str, file_id: Any = PAN123_FILE, **headers: str) -> Any:
        response = self.client.post(
            "/pan123/api/v1/transcode/video/record",
            headers={"Platform": "open_platform", "Authorization": f"Bearer {token}", **headers},
            json={"fileId": file_id},
        )
        return assert_conforms("pan123", "getTranscodeVideoRecord", response)

    # -- MYun ---------------------------------------------------------------------------------
    def myun_create(self, origin_url: str = "https://media.example.com/a.mp4", **extra: Any) -> Any:
        response = self.client.post(
            f"{MYUN}/create-transcode", json={"origin_url": origin_url, **extra}
        )
        return assert_conforms("myun", "createTranscode", response)

    def myun_get(self, task_id: str) -> Any:
        response = self.client.get(f"{MYUN}/get-transcode", params={"id": task_id})
        return assert_conforms("myun", "getTranscode", response)

    def myun_list(self, **params: Any) -> Any:
        response = self.client.get(f"{MYUN}/get-transcodes", params=params)
        return assert_conforms("myun", "listTranscodes", response)

    def myun_delete(self, task_id: str) -> Any:
        response = self.client.post(f"{MYUN}/delete-transcode", json={"id": task_id})
        return assert_conforms("myun", "deleteTranscode", response)

    def myun_delete_many(self, ids: str) -> Any:
        response = self.client.post(f"{MYUN}/delete-transcodes", json={"ids": ids})
        return assert_conforms("myun", "deleteTranscodes", response)
