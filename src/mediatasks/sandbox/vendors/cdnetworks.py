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

    task_operations = ("getTrimmingTaskStatus", "getTrimmingTaskStatusByQuery")
    task_field = "transNo"

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
            access_key.encode(), self.credential("ACCESS_KEY").encode()
        ) or not hmac.compare_digest(credential.encode(), access_key.encode()):
            raise Rejection("auth", "unknown access key")
        if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
            raise Rejection("auth", "X-WS-Timestamp must be Unix seconds")
        if abs(self.clock.now() - int(timestamp)) > WINDOW_SECONDS:
            raise Rejection("auth-expired", "X-WS-Timestamp is more than 5 minutes off")
        signed = match["signed"].lower().split(";")
        if not {"content-type", "host"} <= set(signed):
            raise Rejection("auth", "content-type and host must be signed")
        raw_query = request.scope.get("query_string", b"")
        query = raw_query.decode("latin-1") if request.method == "GET" else ""
        try:
            canonical = cdnetworks.canonical_request(
                request.method, request.scope["path"], query, dict(headers), signed, raw_body
            )
        except ValueError as exc:
            raise Rejection("auth", str(exc)) from exc
        expected = cdnetworks.signature(self.credential("SECRET_KEY"), timestamp, canonical)
        if not hmac.compare_digest(expected.encode(), match["sig"].lower().encode()):
            raise Rejection("auth", "signature does not match")
        return access_key

    def classify_invalid(self, operation_id: str, problem: BadRequestError) -> Rejection:
        """1601 for a missing or empty transNo (or no body at all), 1602 for an illegal one,
        1000 for a request that cannot be read or carries something else wrong."""
        if problem.field == "transNo" and problem.problem in {"missing", "empty"}:
            return Rejection("invalid-parameter", "TRANSNO cannot be empty", name="TRANS_NO_EMPTY")
        if problem.field is None and problem.problem == "missing":
            return Rejection("invalid-parameter", "TRANSNO cannot be empty", name="TRANS_NO_EMPTY")
        if problem.field == "transNo":
            return Rejection("invalid-parameter", "TRANSNO is illegal", name="TRANS_NO_ILLEGAL")
        return Rejection("invalid-parameter", str(problem), name="PARAMETER_ERROR")

    def _query(self, call: Call) -> Any:
        trans_no = call.value("transNo")
        if not trans_no:
            # the spec declares the POST body optional only to dodge a generator bug
            raise Rejection("invalid-parameter", "TRANSNO cannot be empty", name="TRANS_NO_EMPTY")
        return self.current(str(trans_no), call.now, "TRANSNO")

    def getTrimmingTaskStatus(self, call: Call) -> Any:  # noqa: N802 - named after operationId
        return self._query(call)

    def getTrimmingTaskStatusByQuery(self, call: Call) -> Any:  # noqa: N802
        return self._query(call)
