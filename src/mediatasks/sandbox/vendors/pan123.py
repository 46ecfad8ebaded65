"""123pan open-platform emulator: tokens from its own access_token call, per-file transcode records.

Tokens are opaque random strings (the vendor's are JWTs; clients must not look inside either),
valid for ``TOKEN_TTL_SECONDS`` of sandbox time. Every call needs ``Platform: open_platform``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from starlette.requests import Request

from mediatasks.sandbox.lifecycle import status_values
from mediatasks.sandbox.service import Call, Rejection
from mediatasks.sandbox.vendors._scripted import ScriptedService

__all__ = ["Pan123Service"]

TOKEN_TTL_SECONDS = 7200
PLATFORM = "open_platform"
LIFECYCLE_FILE = "2875008"
_CST = timezone(timedelta(hours=8))


def _link(file_id: str, record: dict[str, Any]) -> str:
    resolution = str(record.get("resolution", "")).lower() or "default"
    return f"https://sandbox.invalid/pan123/{file_id}/{resolution}.m3u8"


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).digest()


class Pan123Service(ScriptedService):
    vendor = "pan123"
    seeds = (
        (
            LIFECYCLE_FILE,
            "getTranscodeVideoRecord",
            ((0, "successWaiting"), (20, "successSucceeded")),
        ),
    )

    task_operations = ("getTranscodeVideoRecord",)
    task_field = "fileId"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._tokens: dict[bytes, float] = {}
        self._token_lock = threading.Lock()
        self._record_status = status_values(self.vendor, "record")
        super().__init__(*args, **kwargs)

    def reset(self) -> None:
        super().reset()
        with self._token_lock:
            self._tokens.clear()

    def expire_tokens(self) -> None:
        """Make every issued token expired (admin API), to exercise refresh logic."""
        with self._token_lock:
            self._tokens = dict.fromkeys(self._tokens, 0.0)

    def authenticate(self, request: Request, raw_body: bytes, operation_id: str) -> str:
        if request.headers.get("platform") != PLATFORM:
            raise Rejection("auth", f"header Platform must be {PLATFORM!r}")
        if operation_id == "getAccessToken":
            return request.client.host if request.client else "anonymous"
        header = request.headers.get("authorization", "")
        token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
        digest = _digest(token)
        with self._token_lock:
            # tokens are kept by their sha256: the lookup compares digests, never the token, so
            # its timing says nothing about a valid token (the usual constant-time equivalent)
            expires = self._tokens.get(digest)
        if not token or expires is None:
            raise Rejection("auth", "access_token is invalid")
        if self.clock.now() >= expires:
            raise Rejection("auth-expired", "access_token has expired")
        return self.credential("CLIENT_ID")  # limits count per application

    def getAccessToken(self, call: Call) -> dict[str, Any]:  # noqa: N802 - named after operationId
        body = call.body or {}
        good_id = hmac.compare_digest(
            str(body.get("clientID", "")).encode(), self.credential("CLIENT_ID").encode()
        )
        good_secret = hmac.compare_digest(
            str(body.get("clientSecret", "")).encode(), self.credential("CLIENT_SECRET").encode()
        )
        if not (good_id and good_secret):
            raise Rejection(
                "auth", "clientID or clientSecret is wrong", name="INVALID_CLIENT_CREDENTIALS"
            )
        token = secrets.token_urlsafe(32)
        expires = call.now + TOKEN_TTL_SECONDS
        with self._token_lock:
            self._tokens = {k: v for k, v in self._tokens.items() if v > call.now}
            self._tokens[_digest(token)] = expires
        expired_at = (
            datetime.fromtimestamp(expires, UTC).astimezone(_CST).isoformat(timespec="seconds")
        )
        return {"accessToken": token, "expiredAt": expired_at}

    def finished(self, task_id: str, payload: Any) -> Any:
        """Every record still waiting (1) or transcoding (2) done (255), with its m3u8 link."""
        done, busy = self._record_status.done, self._record_status.busy
        data = dict(payload)
        data["UserTranscodeVideoRecordList"] = [
            {**record, "status": done, "link": _link(task_id, record)}
            if record.get("status") in busy
            else record
            for record in data.get("UserTranscodeVideoRecordList") or []
        ]
        return data

    def getTranscodeVideoRecord(self, call: Call) -> Any:  # noqa: N802
        return self.current(str(call.value("fileId")), call.now, "file")
