"""The request pipeline every vendor emulator shares, and the base class vendors fill in.

For each operation of a vendor's spec the pipeline runs, in the vendor's order:
authenticate (signature, token) -> rate limit -> validate parameters and body -> handle.
Each step that refuses answers with the vendor's own envelope and code, looked up by kind in
the spec; an unexpected exception inside a handler becomes the vendor's server-error envelope,
never an HTTP 500, and the process keeps serving.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mediatasks.sandbox.answers import Answers, json_response
from mediatasks.sandbox.clock import Clock
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.sandbox.diagnosis import Diagnosis, explain_header, log_refusal
from mediatasks.sandbox.ratelimit import RateLimiter
from mediatasks.sandbox.validation import (
    MAX_BODY_BYTES,
    BadRequestError,
    OperationValidator,
    build_validators,
)
from mediatasks.specs import RateLimit, load_spec, profile

__all__ = ["Call", "Rejection", "VendorService", "query_of"]

log = logging.getLogger("mediatasks.sandbox")


class Rejection(Exception):  # noqa: N818 - a control-flow signal, not an error of the sandbox
    """Refuse a request with the vendor's code of ``kind`` (see specs/CONVENTIONS.md).

    ``message`` goes into the vendor's envelope; ``reason`` (default: the message) says more
    where the vendor's wording hides the cause (Polyv answers "invalid signature" to all).
    ``diagnosis``: for a signature that does not match, what the sandbox expected and which
    input differed. Reason and diagnosis of refused credentials are logged, and returned in
    the X-Sandbox-Explain header when the service's ``explain`` is on.
    """

    def __init__(
        self,
        kind: str,
        message: str,
        name: str | None = None,
        diagnosis: Diagnosis | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.name = name
        self.diagnosis = diagnosis
        self.reason = reason or message


_QUERY_KEY = "mediatasks.sandbox.query"


def query_of(request: Request) -> Mapping[str, str]:
    """The query parameters, a repeated name counting with its **first** value.

    That is how the vendors' servers read a query (Go's ``url.Values.Get``, a Java servlet's
    ``getParameter``); Starlette's ``.get()`` returns the last value, which would accept
    ``AppId=&...&AppId=<signed>`` where the vendor sees an empty AppId. Worked out once per
    request: validation and the signature checks read the same values.
    """
    cached: Mapping[str, str] | None = request.scope.get(_QUERY_KEY)
    if cached is None:
        params = request.query_params
        cached = params
        if len(params) != len(params.multi_items()):  # some name is repeated
            first: dict[str, str] = {}
            for key, value in params.multi_items():
                first.setdefault(key, value)
            cached = first
        request.scope[_QUERY_KEY] = cached
    return cached


@dataclass(frozen=True, slots=True)
class Call:
    """What a handler gets: validated inputs, who is calling, and the sandbox time."""

    operation_id: str
    params: Mapping[str, Any]
    body: Mapping[str, Any] | None
    caller: str
    now: float
    request: Request = field(repr=False)

    def value(self, name: str) -> Any:
        """A business value from the body, else from the parameters."""
        if self.body is not None and name in self.body:
            return self.body[name]
        return self.params.get(name)


class VendorService:
    """One vendor's emulator. Subclasses implement :meth:`authenticate` and the handlers.

    A handler is a method named after the operationId (``describeRecordStatus``) taking a
    :class:`Call` and returning the payload for the success envelope, or raising
    :class:`Rejection`.
    """

    vendor: str = ""

    def __init__(self, clock: Clock, credentials: SandboxCredentials) -> None:
        self.clock = clock
        self.credentials = credentials
        self.spec = load_spec(self.vendor)
        self.profile = profile(self.vendor)
        self.answers = Answers(self.vendor)
        self.validators: dict[str, OperationValidator] = build_validators(self.spec)
        self.limiter = RateLimiter(self.profile.rate_limits, clock)
        self.check_auth = True
        #: accept signatures in either hex case (the documents ask for one case)
        self.lenient = False
        #: return why credentials were refused in the X-Sandbox-Explain header
        self.explain = False
        self._plans: dict[str, _Plan] = {}
        #: task id -> payloads from the cassettes (filled by the app, seeded at every reset)
        self.recorded: dict[str, list[Any]] = {}

    def credential(self, name: str) -> str:
        """The sandbox's value of this vendor's credential ``name`` ("" when unset)."""
        return self.credentials.value(self.vendor, name)

    # -- to be filled in by each vendor -------------------------------------------------------
    def authenticate(self, request: Request, raw_body: bytes, operation_id: str) -> str:
        """Check credentials; return the caller's identity or raise :class:`Rejection`."""
        raise NotImplementedError

    def classify_invalid(self, operation_id: str, problem: BadRequestError) -> Rejection:
        """Which of the vendor's invalid-parameter codes answers ``problem`` (first by default)."""
        return Rejection("invalid-parameter", str(problem))

    def reset(self) -> None:
        """Forget every task and token; seed again from the spec's examples."""
        self.limiter.reset()

    def snapshot(self) -> list[dict[str, Any]]:
        """The tasks this emulator holds, for the admin API."""
        return []

    def expire_tokens(self) -> None:
        """Expire every token issued (admin API); vendors without tokens refuse."""
        raise BadRequestError(f"{self.vendor} issues no tokens")

    def add_task(self, task_id: str, states: list[dict[str, Any]]) -> None:
        """Add a scripted task (admin API); vendors without scripted tasks refuse."""
        raise BadRequestError(f"{self.vendor} does not take scripted tasks")

    def recorded_tasks(
        self,
        operation_id: str,
        query: Mapping[str, Any],
        body: Mapping[str, Any] | None,
        payload: Any,
    ) -> list[tuple[str, Any]]:
        """The (task id, payload) pairs a recorded success answer shows (cassette seeding)."""
        return []

    def seed_task(self, task_id: str, payloads: list[Any]) -> None:
        """Hold a recorded task whose answers are ``payloads`` in order."""

    def seed_recorded(self) -> None:
        """Seed every recorded task again (called by :meth:`reset`)."""
        for task_id, payloads in self.recorded.items():
            self.seed_task(task_id, payloads)

    # -- the shared pipeline -----------------------------------------------------------------
    def operations(self) -> dict[tuple[str, str], str]:
        """``(METHOD, path) -> operationId`` for every operation of the spec."""
        return {(op.method, op.path): op.operation_id for op in self.profile.operations.values()}

    def _plan(self, operation_id: str) -> _Plan:
        plan = self._plans.get(operation_id)
        if plan is None:
            limits = self.limiter.limits_for(operation_id)
            plan = _Plan(
                handler=getattr(self, operation_id),
                validator=self.validators[operation_id],
                ip_limits=tuple(item for item in limits if item[1].scope == "ip"),
                caller_limits=tuple(item for item in limits if item[1].scope != "ip"),
            )
            self._plans[operation_id] = plan
        return plan

    async def handle(self, request: Request, operation_id: str) -> Response:
        """Answer one request for ``operation_id`` as the vendor would; never raises.

        Order: read the body -> limits counted per client address (Polyv's gateway blocks an IP
        before looking at the request) -> authenticate -> limits counted per caller -> validate
        parameters and body -> handle.
        """
        answers = self.answers
        plan = self._plan(operation_id)
        try:
            raw = await _read_body(request)
            address = request.client.host if request.client else "unknown"
            if plan.ip_limits and not self.limiter.check(plan.ip_limits, address).allowed:
                return answers.error("rate-limited", operation_id, "request rate over the limit")
            caller = self.authenticate(request, raw, operation_id) if self.check_auth else address
            if plan.caller_limits and not self.limiter.check(plan.caller_limits, caller).allowed:
                return answers.error("rate-limited", operation_id, "request rate over the limit")
            validator = plan.validator
            params = validator.parameters(query_of(request), request.headers)
            body = validator.body(request.headers.get("content-type", ""), raw)
            call = Call(operation_id, params, body, caller, self.clock.now(), request)
            return answers.success(operation_id, plan.handler(call))
        except BadRequestError as invalid:
            refusal = self.classify_invalid(operation_id, invalid)
            return answers.error(refusal.kind, operation_id, refusal.message, name=refusal.name)
        except Rejection as refusal:
            headers = None
            if refusal.kind in _AUTH_KINDS:
                log_refusal(self.vendor, operation_id, refusal.reason, refusal.diagnosis)
                if self.explain:
                    headers = explain_header(refusal.reason, refusal.diagnosis)
            return answers.error(
                refusal.kind, operation_id, refusal.message, headers=headers, name=refusal.name
            )
        except Exception:
            log.exception("%s %s failed inside the sandbox", self.vendor, operation_id)
            return answers.error("server", operation_id, "internal error")

    def server_error(self) -> Response:
        """The vendor's own answer to a failure of the sandbox itself (never an HTTP 500)."""
        return self.answers.error("server", None, "internal error")


_AUTH_KINDS = frozenset({"auth", "auth-expired"})


@dataclass(frozen=True, slots=True)
class _Plan:
    """What handling one operation needs, worked out once."""

    handler: Callable[[Call], Any]
    validator: OperationValidator
    ip_limits: tuple[tuple[int, RateLimit], ...]
    caller_limits: tuple[tuple[int, RateLimit], ...]


async def _read_body(request: Request) -> bytes:
    """The body, refusing more than MAX_BODY_BYTES without reading it all into memory."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise BadRequestError(
            f"body of {declared} bytes exceeds {MAX_BODY_BYTES}", None, "malformed"
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BadRequestError(f"body exceeds {MAX_BODY_BYTES} bytes", None, "malformed")
        chunks.append(chunk)
    return b"".join(chunks)


def health_body(services: Mapping[str, VendorService]) -> dict[str, Any]:
    return {
        "status": "ok",
        "vendors": {
            name: {"spec_version": s.profile.version, "operations": sorted(s.profile.operations)}
            for name, s in services.items()
        },
    }


__all__ += ["health_body", "json_response"]
