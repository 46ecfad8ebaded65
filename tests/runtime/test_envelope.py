"""Envelope decoding through each spec's x-envelope: payloads, typed errors, request ids."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mediatasks import errors
from mediatasks.runtime import decode, retry_after_seconds
from mediatasks.specs import profile


def _answer(body: Any = None, status: int = 200, **kwargs: Any) -> httpx.Response:
    if body is None:
        return httpx.Response(status, **kwargs)
    return httpx.Response(status, json=body, **kwargs)


def test_success_returns_payload_and_request_id() -> None:
    body = {"Code": 0, "Message": "succeed", "RequestId": "r1", "Data": {"Status": 2}}
    answer = decode(profile("zego"), "describeRecordStatus", _answer(body))
    assert answer.data == {"Status": 2}
    assert answer.request_id == "r1"


def test_myun_payload_is_the_whole_body() -> None:
    body = {"errcode": 1000, "id": "17lok52y"}
    assert decode(profile("myun"), "createTranscode", _answer(body)).data == body


@pytest.mark.parametrize(
    ("vendor", "operation", "body", "cls", "name"),
    [
        (
            "zego",
            "describeRecordStatus",
            {"Code": 300001000, "Message": "no task", "RequestId": "r", "Data": None},
            errors.NotFoundError,
            "TASK_NOT_FOUND",
        ),
        (
            "zego",
            "describeRecordStatus",
            {"Code": 300000003, "Message": "qps", "RequestId": "r", "Data": None},
            errors.RateLimitError,
            "RATE_LIMITED",
        ),
        (
            "zego",
            "describeRecordStatus",
            {"Code": 100000004, "Message": "expired", "RequestId": "r", "Data": None},
            errors.AuthExpiredError,
            "SIGNATURE_EXPIRED",
        ),
        (
            "polyv",
            "getSourceFileTask",
            {
                "code": 403,
                "status": "error",
                "requestId": "q",
                "error": {"code": 104, "desc": "invalid signature"},
                "data": None,
            },
            errors.AuthError,
            "INVALID_SIGNATURE",
        ),
        (
            "cdnetworks",
            "getTrimmingTaskStatus",
            {"code": 1560, "message": "processing", "data": None},
            errors.TaskStateError,
            None,
        ),
        (
            "pan123",
            "getTranscodeVideoRecord",
            {"code": 5113, "message": "quota", "data": None, "x-traceID": "tr"},
            errors.QuotaExceededError,
            "TRAFFIC_QUOTA_EXCEEDED",
        ),
        ("myun", "getTranscode", {"errcode": 1004}, errors.NotFoundError, "TASK_NOT_FOUND"),
    ],
)
def test_error_codes_map_through_the_spec_kind(
    vendor: str, operation: str, body: dict[str, Any], cls: type, name: str | None
) -> None:
    with pytest.raises(errors.VendorError) as caught:
        decode(profile(vendor), operation, _answer(body))
    assert type(caught.value) is cls
    assert caught.value.code == body.get("code", body.get("Code", body.get("errcode")))
    if name:
        assert caught.value.name == name


def test_polyv_request_id_and_detail_code_are_kept() -> None:
    body = {"code": 403, "status": "error", "requestId": "q1", "error": {"code": 104, "desc": "x"}}
    with pytest.raises(errors.AuthError) as caught:
        decode(profile("polyv"), "getSourceFileTask", _answer(body, status=403))
    assert caught.value.request_id == "q1"
    assert caught.value.detail == 104
    assert caught.value.status_code == 403


def test_undocumented_code_is_a_plain_vendor_error() -> None:
    body = {"Code": 42, "Message": "new", "RequestId": "r", "Data": None}
    with pytest.raises(errors.VendorError) as caught:
        decode(profile("zego"), "describeRecordStatus", _answer(body))
    assert type(caught.value) is errors.VendorError
    assert caught.value.kind == "other"
    assert caught.value.name == "UNDOCUMENTED"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (429, errors.RateLimitError),
        (401, errors.AuthError),
        (503, errors.HTTPStatusError),
        (418, errors.HTTPStatusError),
    ],
)
def test_http_status_without_envelope(status: int, cls: type) -> None:
    response = _answer(status=status, content=b"<html>busy</html>", headers={"Retry-After": "7"})
    with pytest.raises(errors.VendorError) as caught:
        decode(profile("zego"), "describeRecordStatus", response)
    assert type(caught.value) is cls
    assert caught.value.status_code == status
    assert caught.value.retry_after == 7.0
    assert "busy" in (caught.value.body or "")


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, content=b"not json"),
        httpx.Response(200, json={"Message": "no code"}),
        httpx.Response(200, json=[1, 2]),
    ],
)
def test_non_envelope_answers_are_invalid_responses(response: httpx.Response) -> None:
    with pytest.raises(errors.InvalidResponseError):
        decode(profile("zego"), "describeRecordStatus", response)


def test_non_integer_code_is_an_invalid_response() -> None:
    with pytest.raises(errors.InvalidResponseError, match="not an integer"):
        decode(profile("zego"), "describeRecordStatus", _answer({"Code": "0", "Data": {}}))


def test_retry_after_forms() -> None:
    assert retry_after_seconds(httpx.Headers({"Retry-After": "2.5"})) == 2.5
    date = "Thu, 01 Jan 1970 00:01:40 GMT"
    assert retry_after_seconds(httpx.Headers({"Retry-After": date}), clock=lambda: 90.0) == 10.0
    assert retry_after_seconds(httpx.Headers({"Retry-After": "soon"})) is None
    assert retry_after_seconds(httpx.Headers()) is None


def test_a_success_code_on_an_http_error_status_is_still_an_error() -> None:
    body = {"Code": 0, "Message": "succeed", "RequestId": "r1", "Data": {"Status": 2}}
    response = _answer(body, 503, headers={"Retry-After": "2"})
    with pytest.raises(errors.HTTPStatusError) as caught:
        decode(profile("zego"), "describeRecordStatus", response)
    assert caught.value.status_code == 503
    assert caught.value.retry_after == 2.0
    assert caught.value.request_id == "r1"


def test_an_error_code_carries_retry_after() -> None:
    body = {"Code": 300000003, "Message": "qps", "RequestId": "r2", "Data": None}
    response = _answer(body, headers={"Retry-After": "3"})
    with pytest.raises(errors.RateLimitError) as caught:
        decode(profile("zego"), "describeRecordStatus", response)
    assert caught.value.retry_after == 3.0
    assert caught.value.code == 300000003
