"""Polyv VOD emulator: MD5-signed query (3-minute window), source-file retrieval tasks.

``sign`` must be the 32 upper-case hex characters Polyv documents (VENDORS.md: 5. Polyv,
Request parameters and Signature algorithm); the ``lenient`` switch also takes lower case.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from functools import partial
from typing import Any
from urllib.parse import quote

from starlette.requests import Request

from mediatasks.sandbox.diagnosis import Diagnosis, Mistake, md5_hex
from mediatasks.sandbox.lifecycle import status_values
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._task_status = status_values(self.vendor, "task")
        super().__init__(*args, **kwargs)

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
            raise Rejection("auth", "invalid signature", reason=f"appId {app_id!r} is unknown")
        if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 15:
            raise Rejection(
                "auth", "invalid signature", reason="timestamp must be Unix milliseconds"
            )
        if abs(self.clock.now() * 1000 - int(timestamp)) > WINDOW_MS:
            raise Rejection(
                "auth-expired",
                "timestamp expired",
                reason="timestamp is more than 3 minutes from the sandbox clock (Unix ms)",
            )
        expected = polyv.signature(params, self.credential("SECRET"))
        if not hmac.compare_digest(
            expected.encode(), (given.upper() if self.lenient else given).encode()
        ):
            raise Rejection(
                "auth", "invalid signature", diagnosis=self._diagnose(params, given, expected)
            )
        return app_id

    def _diagnose(self, params: Mapping[str, str], given: str, expected: str) -> Diagnosis:
        secret = self.credential("SECRET")
        signed = {k: v for k, v in params.items() if k != polyv.SIGN_PARAMETER}
        problem = None
        if len(given) != 32 or any(c not in "0123456789abcdefABCDEF" for c in given):
            problem = f"sign has {len(given)} characters; it must be 32 upper-case hex ones"
        return Diagnosis.build(
            self.vendor,
            secret=secret,
            placeholder="<secret>",
            string_to_sign=polyv.string_to_sign(signed, secret),
            inputs=sorted(signed.items()),
            received=given,
            expected=expected,
            mistakes=_mistakes(signed, secret, expected),
            same=lambda a, b: a.upper() == b.upper(),
            problem=problem,
        )

    def finished(self, task_id: str, payload: Any) -> Any:
        """Every video still INIT or PROCESS now SUCCESS, with a download URL and a success time."""
        done, busy = self._task_status.done, self._task_status.busy
        return [
            {
                **item,
                "status": done,
                "url": item.get("url") or f"https://sandbox.invalid/polyv/{item.get('vid')}.mp4",
                "successTime": item.get("successTime") or item.get("createTime"),
            }
            if isinstance(item, dict) and item.get("status") in busy
            else item
            for item in payload
        ]

    def getSourceFileTask(self, call: Call) -> Any:  # noqa: N802 - named after operationId
        return self.current(str(call.params["taskId"]), call.now, "task")


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _mistakes(params: Mapping[str, str], secret: str, expected: str) -> list[Mistake]:
    """The usual ways a hand-made Polyv sign goes wrong (compared ignoring case).

    A mistake in what is signed is the signer's answer for changed inputs; only a mistake in
    the rule itself (where the secret goes, how pairs are joined, which hash) is hashed here.
    """
    joined = polyv.string_to_sign(params, "")  # the sorted pairs, without the secret
    pairs = sorted((k, v) for k, v in params.items() if v != "")
    mistakes: list[Mistake] = [
        (
            "sign case: Polyv documents 32 upper-case hex characters and this one is "
            "lower-case (start the sandbox with --lenient to accept it)",
            lambda: expected,
        ),
        (
            "secret: it was put only before the pairs, not also after",
            partial(md5_hex, secret + joined),
        ),
        (
            "secret: it was put only after the pairs, not also before",
            partial(md5_hex, joined + secret),
        ),
        ("secret: it was left out", partial(polyv.signature, params, "")),
        (
            "join: pairs were written key=value&...; the MD5 rule joins keys and values with "
            "nothing between",
            partial(md5_hex, secret + "&".join(f"{k}={v}" for k, v in pairs) + secret),
        ),
        (
            "rule: that is the SHA1 rule of Polyv's older v2 APIs; this API uses the MD5 "
            "sub-account rule",
            partial(_sha1, "&".join(f"{k}={v}" for k, v in pairs) + secret),
        ),
        (
            "values: they were URL-encoded before signing; sign the raw values",
            partial(polyv.signature, {k: quote(v, safe="") for k, v in params.items()}, secret),
        ),
    ]
    for left_out in sorted(params):
        rest = {k: v for k, v in params.items() if k != left_out}
        mistakes.append(
            (
                f"parameter {left_out}: it was sent but not signed (every parameter but sign "
                "is signed)",
                partial(polyv.signature, rest, secret),
            )
        )
    return mistakes
