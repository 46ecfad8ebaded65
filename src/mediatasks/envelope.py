"""Turn an HTTP answer into the payload or a typed exception, using the spec's ``x-envelope``.

All five vendors answer HTTP 200 with a business code in the body, so a status check alone
would call every error a success. The order here: a JSON body with a non-success code wins
(its code is the most specific fact, even on an HTTP error status); then an HTTP status other
than the envelope's; then a body that is not an envelope at all.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import httpx

from mediatasks.errors import (
    APIError,
    AuthError,
    HTTPStatusError,
    InvalidResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    VendorError,
    error_class_for_kind,
)
from mediatasks.specs import VendorProfile

__all__ = ["Answer", "decode", "retry_after_seconds"]

_BY_STATUS: Final[dict[int, type[VendorError]]] = {
    401: AuthError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


@dataclass(frozen=True, slots=True)
class Answer:
    """A successful answer: the whole body, the payload and the vendor's request id."""

    body: Any
    data: Any
    request_id: str | None
    status_code: int


def retry_after_seconds(
    headers: httpx.Headers, clock: Callable[[], float] = time.time
) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date); None when absent/garbled."""
    value = headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - clock())


def _json(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None


def _text(response: httpx.Response) -> str:
    return response.content[:300].decode("utf-8", errors="replace")


def decode(profile: VendorProfile, operation_id: str, response: httpx.Response) -> Answer:
    """The payload of a successful answer; otherwise raise the matching error class."""
    envelope = profile.envelope
    body = _json(response)
    code = envelope.code_of(body) if isinstance(body, dict) else None
    is_envelope = code is not None
    success = envelope.is_success_code(code)
    request_id = envelope.request_id_of(body, response.headers) if is_envelope else None
    if request_id is None and envelope.request_id_in == "header":
        request_id = envelope.request_id_of({}, response.headers)
    if success and response.status_code == envelope.http_status:
        return Answer(body, envelope.data_of(body), request_id, response.status_code)
    # Only failures need Retry-After (a header lookup is a scan of every header).
    retry_after = retry_after_seconds(response.headers)
    if is_envelope and not success:
        raise _envelope_error(
            profile,
            operation_id,
            response,
            body,
            code,
            request_id=request_id,
            retry_after=retry_after,
        )
    if response.status_code != envelope.http_status:
        cls = _BY_STATUS.get(response.status_code, HTTPStatusError)
        raise cls(
            profile.vendor,
            operation_id,
            response.reason_phrase or "unexpected HTTP status",
            kind="http",
            status_code=response.status_code,
            request_id=request_id,
            body=_text(response),
            retry_after=retry_after,
        )
    what = "not JSON" if body is None else f"no business code at {envelope.code_pointer}"
    raise InvalidResponseError(
        profile.vendor,
        operation_id,
        f"the answer is not a {profile.vendor} envelope ({what})",
        status_code=response.status_code,
        body=_text(response),
    )


def _envelope_error(
    profile: VendorProfile,
    operation_id: str,
    response: httpx.Response,
    body: Any,
    code: Any,
    *,
    request_id: str | None,
    retry_after: float | None,
) -> APIError:
    """The typed error of an envelope whose business ``code`` (already read) is a failure."""
    envelope = profile.envelope
    detail = envelope.detail_of(body)
    if not isinstance(code, int) or isinstance(code, bool):
        return InvalidResponseError(
            profile.vendor,
            operation_id,
            f"business code {code!r} is not an integer",
            status_code=response.status_code,
            request_id=request_id,
            body=_text(response),
        )
    entry = profile.lookup(code, detail, operation_id)
    message = envelope.message_of(body) or entry.description or "no message"
    cls = error_class_for_kind(entry.kind)
    return cls(
        profile.vendor,
        operation_id,
        message,
        code=code,
        detail=detail,
        name=entry.name,
        kind=entry.kind,
        status_code=response.status_code,
        request_id=request_id,
        body=_text(response),
        retry_after=retry_after,
        envelope=body,
    )
