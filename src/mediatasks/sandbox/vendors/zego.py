"""ZEGO cloud-recording emulator: signed query parameters, ±10 min window, DescribeRecordStatus."""

from __future__ import annotations

import hmac
from typing import Any

from starlette.requests import Request

from mediatasks.sandbox.service import Call, Rejection, query_of
from mediatasks.sandbox.validation import BadRequestError
from mediatasks.sandbox.vendors._scripted import ScriptedService
from mediatasks.signing import zego

__all__ = ["ZegoService"]

WINDOW_SECONDS = 600
# the common query parameters, each with the code the gateway answers when it is missing
_COMMON = (
    ("AppId", "APP_ID_INVALID"),
    ("Timestamp", "TIMESTAMP_MISSING"),
    ("SignatureNonce", "SIGNATURE_NONCE_MISSING"),
    ("SignatureVersion", "SIGNATURE_VERSION_MISSING"),
    ("Signature", "SIGNATURE_MISSING"),
)
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

    task_operations = ("describeRecordStatus",)
    task_field = "TaskId"

    def authenticate(self, request: Request, raw_body: bytes, operation_id: str) -> str:
        """The gateway's checks in its order, each failing with its own 1000000xx code."""
        query = query_of(request)
        values = {name: query.get(name, "") for name, _code in _COMMON}
        for name, missing_code in _COMMON:
            if not values[name]:
                raise Rejection("auth", f"common parameter {name} is missing", name=missing_code)
        app_id, nonce, timestamp = values["AppId"], values["SignatureNonce"], values["Timestamp"]
        # isdigit() alone also takes '²' (int() raises) and Arabic-Indic digits (int() reads them)
        if not (app_id.isascii() and app_id.isdigit()) or not hmac.compare_digest(
            app_id.encode(), self.credential("APP_ID").encode()
        ):
            raise Rejection("auth", "AppId is not a known application", name="APP_ID_INVALID")
        if values["SignatureVersion"] != zego.SIGNATURE_VERSION:
            raise Rejection(
                "auth", "SignatureVersion must be 2.0", name="SIGNATURE_VERSION_UNSUPPORTED"
            )
        if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
            raise Rejection("auth", "Timestamp must be Unix seconds", name="TIMESTAMP_INVALID")
        if abs(self.clock.now() - int(timestamp)) > WINDOW_SECONDS:
            raise Rejection(
                "auth-expired", "signature expired: Timestamp is more than 10 minutes off"
            )
        expected = zego.signature(app_id, nonce, self.credential("SERVER_SECRET"), int(timestamp))
        if not hmac.compare_digest(expected.encode(), values["Signature"].lower().encode()):
            raise Rejection("auth", "signature does not match", name="SIGNATURE_INVALID")
        return app_id

    def classify_invalid(self, operation_id: str, problem: BadRequestError) -> Rejection:
        """Action problems get the gateway's codes; everything else is 300000004."""
        if problem.field == "Action":
            if problem.problem in {"missing", "empty"}:
                return Rejection("invalid-parameter", str(problem), name="ACTION_MISSING")
            return Rejection("invalid-parameter", str(problem), name="ACTION_UNSUPPORTED")
        return Rejection("invalid-parameter", str(problem), name="INVALID_PARAMETER")

    def describeRecordStatus(self, call: Call) -> Any:  # noqa: N802 - named after operationId
        task_id = str((call.body or {}).get("TaskId", ""))
        return self.current(task_id, call.now, "recording task")
