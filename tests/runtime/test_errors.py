"""The error tree: classes by spec kind, what messages contain, and what they never contain."""

from __future__ import annotations

import pytest

from mediatasks import errors
from mediatasks.tasks import Task, TaskStatus


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("invalid-parameter", errors.InvalidParameterError),
        ("auth", errors.AuthError),
        ("auth-expired", errors.AuthExpiredError),
        ("rate-limited", errors.RateLimitError),
        ("not-found", errors.NotFoundError),
        ("permission", errors.PermissionDeniedError),
        ("state", errors.TaskStateError),
        ("quota", errors.QuotaExceededError),
        ("server", errors.VendorServerError),
        ("other", errors.VendorError),
        ("no-such-kind", errors.VendorError),
    ],
)
def test_kind_to_class(kind: str, cls: type[errors.VendorError]) -> None:
    assert errors.error_class_for_kind(kind) is cls


def test_every_error_derives_from_the_root() -> None:
    for name in errors.__all__:
        value = getattr(errors, name)
        if isinstance(value, type):
            assert issubclass(value, errors.MediaTasksError), name


def test_auth_expired_is_an_auth_error_and_a_vendor_error() -> None:
    assert issubclass(errors.AuthExpiredError, errors.AuthError)
    assert issubclass(errors.AuthError, errors.VendorError)
    assert issubclass(errors.VendorError, errors.APIError)


def test_vendor_error_message_names_code_kind_and_request_id() -> None:
    exc = errors.NotFoundError(
        "zego",
        "describeRecordStatus",
        "task missing",
        code=300001000,
        name="TASK_NOT_FOUND",
        kind="not-found",
        request_id="abc",
    )
    text = str(exc)
    assert "300001000" in text
    assert "TASK_NOT_FOUND" in text
    assert "[request id abc]" in text
    assert exc.code == 300001000
    assert exc.request_id == "abc"


def test_body_excerpt_is_bounded() -> None:
    exc = errors.HTTPStatusError("polyv", "op", "boom", status_code=502, body="x" * 10_000)
    assert exc.body is not None
    assert len(exc.body) == 300
    assert "HTTP 502" in str(exc)


def test_task_errors_carry_tasks() -> None:
    failed = Task("myun", "t1", TaskStatus.FAILED, 3, error="bad source")
    running = Task("myun", "t2", TaskStatus.RUNNING, 1)
    assert "bad source" in str(errors.TaskFailedError(failed))
    timeout = errors.WaitTimeoutError([failed, running], 12.0)
    assert timeout.tasks == (failed, running)
    assert "1 of 2" in str(timeout)
    assert "t2" in str(timeout)


def test_docstring_tree_names_every_class() -> None:
    doc = errors.__doc__ or ""
    for name in errors.__all__:
        if isinstance(getattr(errors, name), type):
            assert name in doc, name
