"""ZEGO cloud-recording emulator: signed query parameters, ±10 min window, DescribeRecordStatus."""

from __future__ import annotations

import hmac
from typing import Any

from starlette.requests import Request

from mediatasks.sandbox.service import Call, Rejection
from mediatasks.sandbox.vendors._scripted import ScriptedService
from mediatasks.signing import zego

__all__ = ["ZegoService"]

WINDOW_SECONDS = 600
LIFECYCLE_TASK = "SandboxRecord001"


class ZegoService(ScriptedService):
    vendor = "zego"
    seeds = (
        ("X3CgNeE4I1qAAABN", "describeRecordStatus", ((0, "success-document"),)),
        (
            LIFECYCLE_TASK,
            "describeRecordStatus",
            ((0, "success-recording"), (20, "success-document")),
        ),
    )

    def authenticate(self, request: Request, raw_body: bytes, operation_id: str) -> str:
        query = request.query_params
        app_id, nonce = query.get("AppId", ""), query.get("SignatureNonce", "")
        timestamp, version = query.get("Timestamp", ""), query.get("SignatureVersion", "")
        given = query.get("Signature", "")
        missing = [
            k
            for k, v in (
                ("AppId", app_id),
                ("SignatureNonce", nonce),
                ("Timestamp", timestamp),
                ("SignatureVersion", version),
                ("Signature", given),
            )
            if not v
        ]
        if missing:
            raise Rejection("auth", f"missing common parameter(s): {', '.join(missing)}")
        if app_id != str(self.credentials.zego_app_id):
            raise Rejection("auth", "unknown AppId")
        if version != "2.0":
            raise Rejection("auth", "SignatureVersion must be 2.0")
        if not timestamp.lstrip("-").isdigit():
            raise Rejection("auth", "Timestamp must be Unix seconds")
        if abs(self.clock.now() - int(timestamp)) > WINDOW_SECONDS:
            raise Rejection(
                "auth-expired", "signature expired: Timestamp is more than 10 minutes off"
            )
        expected = zego.signature(
            app_id, nonce, self.credentials.zego_server_secret, int(timestamp)
        )
        if not hmac.compare_digest(expected.encode(), given.lower().encode()):
            raise Rejection("auth", "signature does not match")
        return app_id

    def describeRecordStatus(self, call: Call) -> Any:  # noqa: N802 - named after operationId
        task_id = str((call.body or {}).get("TaskId", ""))
        return self.current(task_id, call.now, "recording task")
