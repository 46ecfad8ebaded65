"""ZEGO cloud-recording emulator: signed query parameters, ±10 min window, DescribeRecordStatus.

The gateway's checks come in its order, each with its own code. The signature must be the
32 lower-case hex characters ZEGO documents (VENDORS.md: 3. ZEGO, Signature algorithm); the
``lenient`` switch also takes upper case. A well-formed AppId that names no application is
100000010 (no ServerSecret found for it), a missing or malformed one 100000001: the spec's
notes on APP_ID_INVALID and SERVER_SECRET_LOOKUP_FAILED give the reason.
"""

from __future__ import annotations

import hmac
import itertools
import re
from functools import partial
from typing import Any

from starlette.requests import Request

from mediatasks.sandbox.diagnosis import Diagnosis, Mistake, md5_hex
from mediatasks.sandbox.lifecycle import status_values
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
_UINT32_MAX = 2**32 - 1
_SIGNATURE_SHAPE = re.compile(r"[0-9a-fA-F]{32}")
_DOCUMENTED_ORDER = ("AppId", "SignatureNonce", "ServerSecret", "Timestamp")


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._task_status = status_values(self.vendor, "task")  # RecordTaskState
        self._file_status = status_values(self.vendor, "file")  # RecordFileState
        super().__init__(*args, **kwargs)

    def authenticate(self, request: Request, raw_body: bytes, operation_id: str) -> str:
        """The gateway's checks in its order, each failing with its own 1000000xx code."""
        query = query_of(request)
        values = {name: query.get(name, "") for name, _code in _COMMON}
        for name, missing_code in _COMMON:
            if not values[name]:
                raise Rejection("auth", f"common parameter {name} is missing", name=missing_code)
        app_id, nonce, timestamp = values["AppId"], values["SignatureNonce"], values["Timestamp"]
        # isdigit() alone also takes '²' (int() raises) and Arabic-Indic digits (int() reads them)
        if (
            not (app_id.isascii() and app_id.isdigit() and len(app_id) <= 10)
            or int(app_id) > _UINT32_MAX
        ):
            raise Rejection(
                "auth", "AppId must be an unsigned 32-bit decimal integer", name="APP_ID_INVALID"
            )
        if not hmac.compare_digest(app_id.encode(), self.credential("APP_ID").encode()):
            raise Rejection(
                "auth",
                f"no ServerSecret is known for AppId {app_id}",
                name="SERVER_SECRET_LOOKUP_FAILED",
            )
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
        secret = self.credential("SERVER_SECRET")
        expected = zego.signature(app_id, nonce, secret, int(timestamp))
        given = values["Signature"]
        if not hmac.compare_digest(
            expected.encode(), (given.lower() if self.lenient else given).encode()
        ):
            raise Rejection(
                "auth",
                "signature does not match",
                name="SIGNATURE_INVALID",
                diagnosis=self._diagnose(app_id, nonce, timestamp, given, expected),
            )
        return app_id

    def _diagnose(
        self, app_id: str, nonce: str, timestamp: str, given: str, expected: str
    ) -> Diagnosis:
        secret = self.credential("SERVER_SECRET")
        values = dict(zip(_DOCUMENTED_ORDER, (app_id, nonce, secret, timestamp), strict=True))
        problem = None
        if not _SIGNATURE_SHAPE.fullmatch(given):
            problem = f"Signature has {len(given)} characters; it must be 32 hexadecimal ones"
        return Diagnosis.build(
            self.vendor,
            secret=secret,
            placeholder="<ServerSecret>",
            string_to_sign=zego.string_to_sign(app_id, nonce, secret, int(timestamp)),
            inputs=[(k, v) for k, v in values.items() if k != "ServerSecret"],
            received=given,
            expected=expected,
            mistakes=_mistakes(values, expected),
            problem=problem,
        )

    def finished(self, task_id: str, payload: Any) -> Any:
        """Ended (3), every file still recording or uploading now uploaded (3), an end time set."""
        files_done, files_busy = self._file_status.done, self._file_status.busy
        data = dict(payload)
        files = [
            {**item, "Status": files_done} if item.get("Status") in files_busy else item
            for item in data.get("RecordFiles") or []
        ]
        if "RecordFiles" in data:
            data["RecordFiles"] = files
        begins = [int(item.get("BeginTimestamp", 0)) for item in files]
        data.setdefault(
            "RecordEndTimestamp", max([int(data.get("RecordBeginTimestamp", 0)), *begins]) + 60_000
        )
        data["Status"] = self._task_status.done
        return data

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


def _mistakes(values: dict[str, str], expected: str) -> list[Mistake]:
    """The usual ways a hand-made ZEGO signature goes wrong, in order of likelihood."""
    mistakes: list[Mistake] = [
        (
            "Signature case: ZEGO documents 32 lower-case hex characters and this one is "
            "upper-case (start the sandbox with --lenient to accept it)",
            expected.upper,
        ),
        (
            "ServerSecret: it was left out of the string to sign",
            lambda: zego.signature(
                values["AppId"], values["SignatureNonce"], "", int(values["Timestamp"])
            ),
        ),
    ]
    for order in itertools.permutations(_DOCUMENTED_ORDER):
        if order == _DOCUMENTED_ORDER:
            continue
        text = "".join(values[name] for name in order)
        mistakes.append(
            (
                f"order: the values were joined as {' + '.join(order)}; the document's order "
                f"is {' + '.join(_DOCUMENTED_ORDER)}",
                partial(md5_hex, text),
            )
        )
    return mistakes
