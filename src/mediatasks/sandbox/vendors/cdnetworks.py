"""CDNetworks Cloud VoD emulator: WS3-HMAC-SHA256 header signing (5-minute window), trimming tasks.

transNo problems get the document's own codes: 1601 when it is empty or missing, 1602 when it is
malformed (too long), 1603 when no task has it.
"""

from __future__ import annotations

import hmac
import re
from typing import Any

from starlette.requests import Request

from mediatasks.sandbox.service import Call, Rejection
from mediatasks.sandbox.validation import BadRequestError
from mediatasks.sandbox.vendors._scripted import ScriptedService
from mediatasks.signing import cdnetworks

__all__ = ["CdnetworksService"]

WINDOW_SECONDS = 300
LIFECYCLE_TASK = "sandboxlifecycle0000000000000001"
_AUTH = re.compile(
    r"^WS3-HMAC-SHA256\s+Credential=(?P<cred>[^,\s]+),\s*SignedHeaders=(?P<signed>[^,\s]+),"
    r"\s*Signature=(?P<sig>[0-9a-fA-F]{64})$"
)


class CdnetworksService(ScriptedService):
    vendor = "cdnetworks"
    seeds = (
        (
            "036b6f4a01611000a79c3a7800000000",
            "getTrimmingTaskStatus",
            ((0, "successTaskSucceeded"),),
        ),
        (
            LIFECYCLE_TASK,
            "getTrimmingTaskStatus",
            ((0, "successTaskProcessing"), (20, "successTaskSucceeded")),
        ),
    )

    def authenticate(self, request: Request, raw_body: bytes, operation_id: str) -> str:
        headers = request.headers
        access_key = headers.get("x-ws-accesskey", "")
        timestamp = headers.get("x-ws-timestamp", "")
        match = _AUTH.match(headers.get("authorization", "").strip())
        if not access_key or not timestamp or match is None:
            raise Rejection(
                "auth",
                "X-WS-AccessKey, X-WS-Timestamp and a WS3-HMAC-SHA256 Authorization are required",
            )
        credential = match["cred"].split("/", 1)[0]
        if not hmac.compare_digest(
            access_key.encode(), self.credentials.cdnetworks_access_key.encode()
        ) or (credential != access_key):
            raise Rejection("auth", "unknown access key")
        if not timestamp.isdigit():
            raise Rejection("auth", "X-WS-Timestamp must be Unix seconds")
        if abs(self.clock.now() - int(timestamp)) > WINDOW_SECONDS:
            raise Rejection("auth-expired", "X-WS-Timestamp is more than 5 minutes off")
        signed = match["signed"].lower().split(";")
        if not {"content-type", "host"} <= set(signed):
            raise Rejection("auth", "content-type and host must be signed")
        query = request.url.query if request.method == "GET" else ""
        try:
            canonical = cdnetworks.canonical_request(
                request.method, request.url.path, query, dict(headers), signed, raw_body
            )
        except ValueError as exc:
            raise Rejection("auth", str(exc)) from exc
        expected = cdnetworks.signature(
            self.credentials.cdnetworks_secret_key, timestamp, canonical
        )
        if not hmac.compare_digest(expected.encode(), match["sig"].lower().encode()):
            raise Rejection("auth", "signature does not match")
        return access_key

    def classify_invalid(self, operation_id: str, problem: BadRequestError) -> Rejection:
        text = str(problem)
        if "transNo" in text and ("missing" in text or "too short" in text or "non-empty" in text):
            return Rejection("invalid-parameter", "TRANSNO cannot be empty", name="TRANS_NO_EMPTY")
        if "transNo" in text:
            return Rejection("invalid-parameter", "TRANSNO is illegal", name="TRANS_NO_ILLEGAL")
        return super().classify_invalid(operation_id, problem)

    def _query(self, call: Call) -> Any:
        return self.current(str(call.value("transNo")), call.now, "TRANSNO")

    def getTrimmingTaskStatus(self, call: Call) -> Any:  # noqa: N802 - named after operationId
        return self._query(call)

    def getTrimmingTaskStatusByQuery(self, call: Call) -> Any:  # noqa: N802
        return self._query(call)
