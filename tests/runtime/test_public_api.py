"""Pin the curated public surface of the runtime packages."""

from __future__ import annotations

import mediatasks
import mediatasks.auth
import mediatasks.cli
import mediatasks.errors
import mediatasks.ratelimit
import mediatasks.runtime
import mediatasks.signing
import mediatasks.tasks
import mediatasks.vendors


def test_all_lists_exactly_the_exports() -> None:
    assert mediatasks.auth.__all__ == [
        "AccessToken",
        "CDNetworksAuth",
        "MyunAuth",
        "Pan123TokenAuth",
        "PolyvAuth",
        "Secret",
        "ZegoAuth",
    ]
    assert mediatasks.signing.__all__ == ["cdnetworks", "polyv", "zego"]
    assert set(mediatasks.vendors.__all__) == {
        "CREDENTIAL_ENV",
        "CDNetworksClient",
        "MyunClient",
        "Pan123Client",
        "PolyvClient",
        "TaskClient",
        "ZegoClient",
        "client_for",
        "default_base_url",
    }
    for module in (mediatasks.auth, mediatasks.runtime, mediatasks.tasks, mediatasks.vendors):
        for name in module.__all__:
            assert hasattr(module, name), (module.__name__, name)


def test_the_other_public_modules_are_pinned_too() -> None:
    """Adding or dropping a public name anywhere in the runtime is a decision, not an accident."""
    assert mediatasks.__all__ == ["__version__"]
    assert mediatasks.errors.__all__ == [
        "APIError",
        "AuthError",
        "AuthExpiredError",
        "ConfigurationError",
        "HTTPStatusError",
        "InvalidParameterError",
        "InvalidResponseError",
        "MediaTasksError",
        "NotFoundError",
        "PermissionDeniedError",
        "QuotaExceededError",
        "RateLimitError",
        "RequestTimeoutError",
        "SpecError",
        "TaskError",
        "TaskFailedError",
        "TaskStateError",
        "TransportError",
        "VendorError",
        "VendorServerError",
        "WaitTimeoutError",
        "error_class_for_kind",
        "excerpt",
        "quote_input",
    ]
    assert mediatasks.runtime.__all__ == [
        "RETRYABLE_STATUS",
        "Answer",
        "Caller",
        "RetryPolicy",
        "Send",
        "Sleep",
        "decode",
        "retry_after_seconds",
        "retrying",
        "run_async",
        "run_sync",
        "testing",
        "transport_error",
    ]
    assert set(mediatasks.tasks.__all__) == {
        "CDNETWORKS_STATUS",
        "MYUN_STATUS",
        "PAN123_STATUS",
        "POLYV_STATUS",
        "ZEGO_FILE_STATUS",
        "ZEGO_TASK_STATUS",
        "AsyncTaskSource",
        "PollSchedule",
        "RawStatus",
        "Task",
        "TaskOutput",
        "TaskPart",
        "TaskSource",
        "TaskStatus",
        "aggregate_status",
        "map_status",
        "pan123_status",
        "parts_progress",
        "table_status",
        "wait",
        "wait_async",
    }
    assert mediatasks.ratelimit.__all__ == [
        "DEFAULT_MARGIN",
        "DEFAULT_MAX_WAIT",
        "DEFAULT_MIN_MARGIN",
        "RateLimiter",
        "Reservation",
        "Window",
        "reset_shared_limiters",
        "shared_limiter",
    ]
    assert mediatasks.cli.__all__ == ["EXIT_CODES", "SANDBOX_BASE_URL", "build_parser", "main"]
    for module in (mediatasks.errors, mediatasks.ratelimit, mediatasks.cli):
        for name in module.__all__:
            assert hasattr(module, name), (module.__name__, name)


def test_the_drawn_error_tree_names_every_class_under_its_parent() -> None:
    """The tree in mediatasks.errors' docstring (and docs/runtime.md) is the class hierarchy."""
    doc = mediatasks.errors.__doc__ or ""
    tree = [line for line in doc.splitlines() if "MediaTasksError" in line or "──" in line]
    depth_of: dict[str, int] = {}
    parents: list[str] = []
    for line in tree:
        name = line.split("──")[-1].split()[0] if "──" in line else line.split()[0]
        depth = line.index(name)
        while parents and depth_of[parents[-1]] >= depth:
            parents.pop()
        cls = getattr(mediatasks.errors, name)
        if parents:
            assert cls.__bases__ == (getattr(mediatasks.errors, parents[-1]),), name
        depth_of[name] = depth
        parents.append(name)
    classes = {
        n for n in mediatasks.errors.__all__ if isinstance(getattr(mediatasks.errors, n), type)
    }
    assert set(depth_of) == classes
