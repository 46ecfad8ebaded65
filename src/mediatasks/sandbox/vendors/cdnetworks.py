"""CDNetworks Cloud VoD emulator: WS3-HMAC-SHA256 header signing (5-minute window), trimming tasks.

transNo problems get the document's own codes: 1601 when it is empty or missing, 1602 when it is
malformed (too long), 1603 when no task has it. The signature is compared in either hex case:
the document writes ``HexEncode`` without saying which (VENDORS.md: 4. CDNetworks,
Authentication), so the sandbox does not refuse what the vendor may accept.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from starlette.requests import Request

from mediatasks.sandbox.diagnosis import Diagnosis, Mistake
from mediatasks.sandbox.lifecycle import status_values
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._task_status = status_values(self.vendor, "task")
        super().__init__(*args, **kwargs)

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
            lowered = {name.lower(): value for name, value in headers.items()}
            wire = _Wire(request.method, request.scope["path"], query, lowered, raw_body)
            raise Rejection(
                "auth",
                "signature does not match",
                diagnosis=self._diagnose(
                    wire, signed, timestamp, canonical, given=match["sig"], expected=expected
                ),
            )
        return access_key

    def _diagnose(
        self,
        wire: _Wire,
        signed: list[str],
        timestamp: str,
        canonical: str,
        *,
        given: str,
        expected: str,
    ) -> Diagnosis:
        secret = self.credential("SECRET_KEY")
        return Diagnosis.build(
            self.vendor,
            secret=secret,
            placeholder="<SecretKey>",
            string_to_sign=cdnetworks.string_to_sign(timestamp, canonical),
            inputs=[
                ("CanonicalRequest", canonical),
                ("X-WS-Timestamp", timestamp),
                ("SignedHeaders", ";".join(signed)),
            ],
            received=given,
            expected=expected,
            mistakes=_mistakes(wire, signed, timestamp, secret, f"/{self.vendor}"),
            same=lambda a, b: a.lower() == b.lower(),
        )

    def finished(self, task_id: str, payload: Any) -> Any:
        """A processing (1) trimming task succeeded (2)."""
        data = dict(payload)
        if data.get("status") in self._task_status.busy:
            data["status"] = self._task_status.done
        return data

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


@dataclass(frozen=True, slots=True)
class _Wire:
    """The parts of a request the WS3 signature covers, exactly as they arrived."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes

    def canonical(self, **change: Any) -> str:
        """The CanonicalRequest, with some parts changed (a client's likely mistake)."""
        parts = replace(self, **change)
        return cdnetworks.canonical_request(
            parts.method,
            parts.path,
            parts.query,
            parts.headers,
            list(cdnetworks.REQUIRED_SIGNED_HEADERS),
            parts.body,
        )


def _hmac(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def _mistakes(
    wire: _Wire, signed: list[str], timestamp: str, secret: str, prefix: str
) -> list[Mistake]:
    """The usual ways a hand-made WS3 signature goes wrong (compared ignoring case)."""
    sign = partial(cdnetworks.signature, secret, timestamp)
    mistakes: list[Mistake] = []
    if set(signed) != set(cdnetworks.REQUIRED_SIGNED_HEADERS):
        return mistakes  # only content-type;host is reproduced below
    if wire.path.startswith(prefix + "/"):
        vendor_path = wire.path[len(prefix) :]
        mistakes.append(
            (
                f"path: {vendor_path!r} was signed, but the request went to {wire.path!r}; sign "
                "the path as sent (with the sandbox prefix), or send to the vendor host",
                lambda: sign(wire.canonical(path=vendor_path)),
            )
        )
    host = wire.headers.get("host", "")
    if ":" in host:
        bare = host.rsplit(":", 1)[0]
        mistakes.append(
            (
                f"host: {bare!r} was signed, but the Host header sent is {host!r} (with the port)",
                lambda: sign(wire.canonical(headers={**wire.headers, "host": bare})),
            )
        )
    content_type = wire.headers.get("content-type", "")
    if ";" in content_type:
        base = content_type.split(";", 1)[0].strip()
        mistakes.append(
            (
                f"content-type: {base!r} was signed, but the header sent is {content_type!r}",
                lambda: sign(wire.canonical(headers={**wire.headers, "content-type": base})),
            )
        )
    if wire.query:
        mistakes.append(
            (
                "query: for GET the query string as sent is part of the CanonicalRequest",
                lambda: sign(wire.canonical(query="")),
            )
        )
    if wire.body:
        mistakes.append(
            (
                "body: the payload hash is of an empty body, but a body was sent",
                lambda: sign(wire.canonical(body=b"")),
            )
        )
    canonical = wire.canonical()
    mistakes += [
        (
            "CanonicalHeaders: each header line ends with a line feed, so an empty line "
            "comes before SignedHeaders",
            lambda: sign(canonical.replace("\n\ncontent-type;host\n", "\ncontent-type;host\n")),
        ),
        (
            "StringToSign: the HMAC is over the CanonicalRequest itself, not over "
            "WS3-HMAC-SHA256 + timestamp + its SHA-256",
            lambda: _hmac(secret, canonical),
        ),
    ]
    return mistakes
