"""Polyv VOD emulator: MD5-signed query (3-minute window), source-file retrieval tasks."""

from __future__ import annotations

import hmac
from typing import Any

from starlette.requests import Request

from mediatasks.sandbox.service import Call, Rejection, query_of
from mediatasks.sandbox.vendors._scripted import ScriptedService
from mediatasks.signing import polyv

__all__ = ["PolyvService"]

WINDOW_MS = 180_000
LIFECYCLE_TASK = "sandboxlifecycle0000000000000001"


class PolyvService(ScriptedService):
    vendor = "polyv"
    seeds = (
        ("16661c08b9564c1ea6f4544ccd568e58", "getSourceFileTask", ((0, "successMixed"),)),
        (
            LIFECYCLE_TASK,
            "getSourceFileTask",
            ((0, "successJustCreated"), (10, "successMixed"), (30, "successFailed")),
        ),
    )

    task_operations = ("getSourceFileTask",)
    task_field = "taskId"

    def authenticate(self, request: Request, raw_body: bytes, operation_id: str) -> str:
        """appId, a millisecond timestamp within 3 minutes, and the MD5 ``sign`` over all params.

        Every failure but an old timestamp is Polyv's one documented answer, code 403 with
        error 104 "invalid signature": the vendor does not say which part was wrong.
        """
        params = dict(query_of(request))
        app_id = params.get("appId", "")
        timestamp = params.get("timestamp", "")
        given = params.get(polyv.SIGN_PARAMETER, "")
        if not app_id or not timestamp or not given:
            raise Rejection("auth", "appId, timestamp and sign are required")
        if not hmac.compare_digest(app_id.encode(), self.credential("APP_ID").encode()):
            raise Rejection("auth", "invalid signature")
        if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 15:
            raise Rejection("auth", "invalid signature")
        if abs(self.clock.now() * 1000 - int(timestamp)) > WINDOW_MS:
            raise Rejection("auth-expired", "timestamp expired")
        expected = polyv.signature(params, self.credential("SECRET"))
        if not hmac.compare_digest(expected.encode(), given.upper().encode()):
            raise Rejection("auth", "invalid signature")
        return app_id

    def getSourceFileTask(self, call: Call) -> Any:  # noqa: N802 - named after operationId
        return self.current(str(call.params["taskId"]), call.now, "task")
