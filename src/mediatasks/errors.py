"""The exception tree of mediatasks. Every error the package raises derives from one root.

    MediaTasksError
     ├── SpecError              a spec file is missing, unreadable or has a malformed x- extension
     ├── ConfigurationError     missing or unusable credentials, settings or arguments (a
     │                          123pan file id that is not an integer); no request was sent
     ├── TransportError         no HTTP answer: connection refused/reset, protocol error
     │    └── RequestTimeoutError   connect/read/write/pool timeout
     ├── APIError               the vendor answered; carries vendor, operation, HTTP status,
     │    │                     request/trace id and a short body excerpt
     │    ├── InvalidResponseError   the answer does not match the spec (not JSON, no code,
     │    │                          payload missing or of the wrong shape)
     │    └── VendorError       the answer is an error: HTTP status or envelope business code
     │         │                (code, detail code, the spec's name and kind, vendor message,
     │         │                the decoded envelope)
     │         ├── HTTPStatusError         HTTP status other than the envelope's, no finer class
     │         ├── AuthError               kind ``auth``, HTTP 401, token endpoint refused
     │         │    └── AuthExpiredError   kind ``auth-expired`` (token/signature too old)
     │         ├── RateLimitError          kind ``rate-limited``, HTTP 429, or the client-side
     │         │                           limiter could not grant a slot within its bound
     │         ├── InvalidParameterError   kind ``invalid-parameter``
     │         ├── NotFoundError           kind ``not-found``, HTTP 404
     │         ├── PermissionDeniedError   kind ``permission``, HTTP 403
     │         ├── TaskStateError          kind ``state``
     │         ├── QuotaExceededError      kind ``quota``
     │         └── VendorServerError       kind ``server``
     └── TaskError              about a task's outcome rather than one call
          ├── TaskFailedError   the task reached FAILED (carries the Task)
          └── WaitTimeoutError  the deadline passed before every task was terminal

Envelope codes reach their class through the ``kind`` the spec gives them
(:meth:`mediatasks.specs.VendorProfile.lookup`); undocumented codes become a plain
:class:`VendorError` of kind ``other``. Messages never contain credentials: errors carry the
vendor's answer, never the request that was signed (a :class:`TransportError` keeps the method
and a URL whose signing parameters are redacted, and none has httpx's exception as its cause
or context). An input is quoted with at most :data:`QUOTE_LIMIT` of its characters
(:func:`quote_input`), so a 70,000-character id does not become a 70,000-character message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from mediatasks.model import Task

__all__ = [
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

_EXCERPT: Final = 300
QUOTE_LIMIT: Final = 64


def excerpt(text: str, limit: int = _EXCERPT) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was when cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text):,} characters)"


def quote_input(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr`` of an input (a string's first ``limit`` characters), for error messages: a
    lone surrogate or a control character shows escaped, a long value is cut and its length
    said."""
    if not isinstance(value, str):
        return excerpt(repr(value), limit)
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}... ({len(value):,} characters)"


class MediaTasksError(Exception):
    """Root of every exception raised by mediatasks."""


class SpecError(MediaTasksError):
    """A spec cannot be used: names the file and the location inside it."""

    def __init__(self, path: str, location: str, problem: str) -> None:
        self.path = path
        self.location = location
        self.problem = problem
        super().__init__(f"{path}: {location}: {problem}")


class ConfigurationError(MediaTasksError):
    """Credentials, settings or arguments are missing or unusable; raised before any request."""


class TransportError(MediaTasksError):
    """The request got no HTTP answer.

    ``may_have_reached_server`` is False only when the connection was never established, the
    one case where even a non-idempotent call can safely be sent again.
    """

    def __init__(
        self,
        vendor: str,
        operation: str,
        problem: str,
        *,
        may_have_reached_server: bool = True,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        self.vendor = vendor
        self.operation = operation
        self.problem = problem
        self.may_have_reached_server = may_have_reached_server
        self.method = method  # of the request that failed
        self.url = url  # its URL, signing parameters redacted
        super().__init__(f"{vendor} {operation}: {problem}")


class RequestTimeoutError(TransportError):
    """A connect, read, write or pool timeout."""


class APIError(MediaTasksError):
    """The vendor answered. Subclasses say what was wrong with the answer."""

    def __init__(
        self,
        vendor: str,
        operation: str,
        message: str,
        *,
        status_code: int | None = None,
        request_id: str | None = None,
        body: str | None = None,
    ) -> None:
        self.vendor = vendor
        self.operation = operation
        self.message = message
        self.status_code = status_code
        self.request_id = request_id
        self.body = None if body is None else body[:_EXCERPT]
        super().__init__(self._describe())

    def _describe(self) -> str:
        text = f"{self.vendor} {self.operation}: {self.message}"
        if self.status_code is not None:
            text += f" (HTTP {self.status_code})"
        if self.request_id:
            text += f" [request id {self.request_id}]"
        return text


class InvalidResponseError(APIError):
    """The answer does not match the spec: not JSON, no business code, or a malformed payload."""


class VendorError(APIError):
    """The vendor reported an error, by HTTP status or by a business code in the envelope."""

    def __init__(
        self,
        vendor: str,
        operation: str,
        message: str,
        *,
        code: int | None = None,
        detail: object = None,
        name: str = "UNDOCUMENTED",
        kind: str = "other",
        status_code: int | None = None,
        request_id: str | None = None,
        body: str | None = None,
        retry_after: float | None = None,
        envelope: Mapping[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.detail = detail
        self.name = name
        self.kind = kind
        self.retry_after = retry_after
        #: the error envelope as decoded JSON (None for an HTTP-status error): every field the
        #: vendor sent, documented or not
        self.envelope = envelope
        super().__init__(
            vendor,
            operation,
            message,
            status_code=status_code,
            request_id=request_id,
            body=body,
        )

    def _describe(self) -> str:
        text = f"{self.vendor} {self.operation}: "
        if self.code is not None:
            text += f"code {self.code}"
            if self.detail is not None:
                text += f"/{self.detail}"
            text += f" {self.name} ({self.kind}): "
        text += self.message
        if self.status_code is not None and self.code is None:
            text += f" (HTTP {self.status_code})"
        if self.request_id:
            text += f" [request id {self.request_id}]"
        return text


class HTTPStatusError(VendorError):
    """An HTTP status the envelope does not use, with no more specific class."""


class AuthError(VendorError):
    """Credentials, token or signature rejected (kind ``auth``, HTTP 401)."""


class AuthExpiredError(AuthError):
    """A token or signature timestamp is too old (kind ``auth-expired``)."""


class RateLimitError(VendorError):
    """Over the vendor's rate (kind ``rate-limited``, HTTP 429) or the local limiter's bound."""


class InvalidParameterError(VendorError):
    """The vendor rejected a parameter (kind ``invalid-parameter``)."""


class NotFoundError(VendorError):
    """No such task or file (kind ``not-found``)."""


class PermissionDeniedError(VendorError):
    """The account may not do this, or the service is not enabled (kind ``permission``)."""


class TaskStateError(VendorError):
    """The task's state does not allow the call, e.g. still processing (kind ``state``)."""


class QuotaExceededError(VendorError):
    """A quota of the account is used up (kind ``quota``)."""


class VendorServerError(VendorError):
    """The vendor reports an internal error (kind ``server``)."""


_BY_KIND: Final[dict[str, type[VendorError]]] = {
    "invalid-parameter": InvalidParameterError,
    "auth": AuthError,
    "auth-expired": AuthExpiredError,
    "rate-limited": RateLimitError,
    "not-found": NotFoundError,
    "permission": PermissionDeniedError,
    "state": TaskStateError,
    "quota": QuotaExceededError,
    "server": VendorServerError,
    "other": VendorError,
}


def error_class_for_kind(kind: str) -> type[VendorError]:
    """The exception class for a spec error ``kind`` (unknown kinds: plain VendorError)."""
    return _BY_KIND.get(kind, VendorError)


class TaskError(MediaTasksError):
    """About the outcome of tasks rather than about one call."""


class TaskFailedError(TaskError):
    """The task ended in FAILED; ``task`` holds the vendor's status and error details."""

    def __init__(self, task: Task) -> None:
        self.task = task
        reason = f": {task.error}" if task.error else ""
        super().__init__(
            f"{task.vendor} task {task.id} failed (raw status {task.raw_status}){reason}"
        )


class WaitTimeoutError(TaskError):
    """The deadline passed first; ``tasks`` are the last states seen (unfinished ones included)."""

    def __init__(self, tasks: Sequence[Task], waited_seconds: float) -> None:
        self.tasks = tuple(tasks)
        self.waited_seconds = waited_seconds
        pending = [t.id for t in self.tasks if not t.is_terminal]
        shown = ", ".join(pending[:5]) + (" ..." if len(pending) > 5 else "")
        super().__init__(
            f"{len(pending)} of {len(self.tasks)} task(s) not finished after "
            f"{waited_seconds:.1f} s: {shown}"
        )
