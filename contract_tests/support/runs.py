"""One Schemathesis schema per vendor, wired to its target, its signing and the run's tally.

:func:`vendor_run` builds (once per process) the schema of a vendor from its spec, with the
settings of ``schemathesis.toml`` plus the target's base URL, the ASGI app for in-process
runs, the signing provider and, for live hosts, the spec's published rate limit.
:func:`run_case` is what every generated test calls: send, validate with the contract checks,
count and (when asked) record; a failure is reported with every credential blanked.
"""

from __future__ import annotations

import copy
import os
import re
import shlex
import threading
import time
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

import httpx
import pytest
import schemathesis

from contract_tests.support.cassettes import Cassette, Interaction, interaction_from_httpx
from contract_tests.support.checks import LIVE_KEY, VENDOR_KEY, CredentialsAreEnforced
from contract_tests.support.redaction import redact, secrets_of
from contract_tests.support.signing import HttpxAuthBridge, bridge_for, call_arguments, to_httpx
from contract_tests.support.targets import Target, target_for
from mediatasks.sandbox.transport import SandboxTransport
from mediatasks.specs import load_spec, profile

__all__ = [
    "MAX_EXAMPLES_ENV",
    "PHASES",
    "RECORD_ENV",
    "TALLY",
    "ContractCheckError",
    "VendorRun",
    "parametrize",
    "run_case",
    "signed",
    "vendor_cases",
    "vendor_run",
    "write_recordings",
]

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
SETTINGS_FILE: Final = REPO_ROOT / "schemathesis.toml"
MAX_EXAMPLES_ENV: Final = "MEDIATASKS_CONTRACT_MAX_EXAMPLES"
RECORD_ENV: Final = "MEDIATASKS_CONTRACT_RECORD"
#: ``off`` lifts the published rate limits from a live run (for a sandbox on a port).
RATE_LIMITS_ENV: Final = "MEDIATASKS_CONTRACT_RATE_LIMITS"
#: Cap per operation on what a run records: enough to seed and replay, small enough to read.
RECORD_PER_OPERATION: Final = 20
#: The generated-case phases, each its own test per operation (one JUnit case per phase).
PHASES: Final = ("examples", "coverage", "fuzzing")


@dataclass
class Tally:
    """Cases sent per vendor and operation (thread-safe; read by the summary plugin)."""

    cases: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, vendor: str, operation_id: str) -> None:
        with self.lock:
            self.cases[vendor][operation_id] += 1


TALLY: Final = Tally()


@dataclass
class VendorRun:
    vendor: str
    target: Target
    schema: Any
    send: Callable[[httpx.Request], httpx.Response]
    #: signs every case the suites send (``case.call(auth=...)``); None: nothing to sign
    bridge: HttpxAuthBridge | None = None
    recorded: list[Interaction] = field(default_factory=list)
    recorded_per_operation: Counter[str] = field(default_factory=Counter)


def _settings(target: Target, phase: str | None = None) -> dict[str, Any]:
    with SETTINGS_FILE.open("rb") as handle:
        settings = tomllib.load(handle)
    settings["base-url"] = target.base_url
    # The `st run` hooks sign through a global hook; these suites sign through their own provider.
    settings.pop("hooks", None)
    if phase is not None:
        phases = settings.setdefault("phases", {})
        for name in (*PHASES, "stateful"):
            phases.setdefault(name, {})["enabled"] = name == phase
    override = os.environ.get(MAX_EXAMPLES_ENV)
    if override:
        settings.setdefault("generation", {})["max-examples"] = int(override)
    if target.is_live and os.environ.get(RATE_LIMITS_ENV, "on") != "off":
        rate = published_rate(target.vendor)
        if rate:
            settings["rate-limit"] = rate
    return settings


GATE_ATTEMPTS: Final = 3


def published_rate(vendor: str) -> str | None:
    """The vendor's tightest published limit in Schemathesis' notation (``10/s``, ``60/m``).

    A limit counted over minutes (CDNetworks: 300 per 5 min) is paced per minute, not per
    second, so a short run may use the burst the vendor's window allows instead of one call a
    second; the rate stays at or under the published one.
    """
    limits = [lim for lim in profile(vendor).rate_limits if lim.limit > 0]
    if not limits:
        return None
    tightest = min(limits, key=lambda lim: lim.limit / lim.period_seconds)
    per_second = tightest.limit / tightest.period_seconds
    if tightest.period_seconds < 60 and per_second >= 1:
        return f"{int(per_second)}/s"
    return f"{max(1, int(per_second * 60))}/m"


def _sender(target: Target) -> Callable[[httpx.Request], httpx.Response]:
    """Send extra requests (the credential gates) to the target.

    In-process the sandbox runs without limits. Against a real host (or a sandbox on a port)
    these requests come on top of Schemathesis' paced ones, so an over-limit answer is waited
    out and the request sent again — at most ``GATE_ATTEMPTS`` times, never longer than the
    vendor's own window each time.
    """
    if target.in_process:
        return httpx.Client(transport=SandboxTransport(target.app), timeout=30).send
    client = httpx.Client(timeout=30)
    vendor_profile = profile(target.vendor)
    windows = [lim.period_seconds for lim in vendor_profile.rate_limits] or [1.0]
    pause = min(*windows, 10.0)

    def send(request: httpx.Request) -> httpx.Response:
        answer = client.send(request)
        for _ in range(GATE_ATTEMPTS - 1):
            if not _over_limit(vendor_profile, answer):
                break
            time.sleep(pause)
            answer = client.send(request)
        return answer

    return send


def _over_limit(vendor_profile: Any, answer: httpx.Response) -> bool:
    try:
        body = answer.json()
    except ValueError:
        return answer.status_code == 429
    code = vendor_profile.envelope.code_of(body)
    if not isinstance(code, int):
        return answer.status_code == 429
    return bool(
        vendor_profile.lookup(code, vendor_profile.envelope.detail_of(body)).kind == "rate-limited"
    )


def _schema(target: Target, phase: str | None) -> Any:
    spec = copy.deepcopy(dict(load_spec(target.vendor)))
    spec[VENDOR_KEY] = target.vendor
    spec[LIVE_KEY] = target.is_live
    config = schemathesis.Config.from_dict(_settings(target, phase))
    schema = schemathesis.openapi.from_dict(spec, config=config)
    if target.in_process:
        schema.app = target.app
    return schema


@cache
def vendor_run(vendor: str) -> VendorRun:
    target = target_for(vendor)
    schema = _schema(target, None)
    send = _sender(target)
    bridge = None
    if target.skip_reason is None:
        bridge = bridge_for(target, send)
        CredentialsAreEnforced.senders[vendor] = send
        CredentialsAreEnforced.targets[vendor] = target
    return VendorRun(vendor, target, schema, send, bridge)


@cache
def phase_schema(vendor: str, phase: str) -> Any:
    """The vendor's schema with only ``phase`` on (its cases are signed by :func:`run_case`)."""
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}; known: {', '.join(PHASES)}")
    return _schema(vendor_run(vendor).target, phase)


TestFunction = Callable[[Any], None]


def parametrize(vendor: str, phase: str) -> Callable[[TestFunction], TestFunction]:
    """``@parametrize("zego", "coverage")``: one test per operation of the vendor's spec, with
    one phase of case generation (typed wrapper)."""
    schemathesis_parametrize = phase_schema(vendor, phase).parametrize()

    def decorator(test: TestFunction) -> TestFunction:
        marked: TestFunction = schemathesis_parametrize(pytest.mark.phase(phase)(test))
        return marked

    return decorator


def vendor_cases(vendor: str) -> dict[str, TestFunction]:
    """The generated-cases tests of ``vendor``: ``test_<vendor>_<phase>`` per phase, each one
    test per operation, marked with the vendor."""
    tests: dict[str, TestFunction] = {}
    for phase in PHASES:

        def test_cases(case: Any) -> None:
            run_case(case)

        name = f"test_{vendor}_{phase}"
        test_cases.__name__ = test_cases.__qualname__ = name
        tests[name] = pytest.mark.vendor(vendor)(parametrize(vendor, phase)(test_cases))
    return tests


def run_case(case: Any) -> Any:
    """Send one generated case, run every contract check on the answer, count and record it."""
    vendor = str(case.operation.schema.raw_schema[VENDOR_KEY])
    run = vendor_run(vendor)
    operation_id = str(case.operation.definition.raw["operationId"])
    TALLY.count(vendor, operation_id)
    signing = signed(case)
    response = case.call(**signing)
    try:
        case.validate_response(response, transport_kwargs=signing)
    except (Exception, BaseExceptionGroup) as failure:  # Schemathesis' FailureGroup is the latter
        # The report quotes the request as signed and the answer (123pan's token call
        # answers a live token); a report must not carry credentials into CI logs.
        secrets = secrets_of(vendor, run.target.credentials, response.request, response.content)
        kind = "" if isinstance(failure, AssertionError) else f"{type(failure).__name__}: "
        text = with_sent_request(str(failure), response.request)
        raise ContractCheckError(kind + redact(text, secrets, vendor)) from None
    _record(run, operation_id, case, response)
    return response


def signed(case: Any) -> dict[str, Any]:
    """The ``case.call`` arguments that sign ``case`` for its vendor's target."""
    run = vendor_run(str(case.operation.schema.raw_schema[VENDOR_KEY]))
    return call_arguments(case, run.target, run.bridge)


_CURL_LINE: Final = re.compile(r"^(?P<indent>[ \t]*)curl .*$", re.MULTILINE)
#: Headers every ``requests`` call carries; a reproduction line does without them.
_TRANSPORT_HEADERS: Final = frozenset(
    {"accept", "accept-encoding", "connection", "content-length", "user-agent"}
)


def sent_as_curl(request: Any) -> str:
    """A curl line for the request as it was sent (signature included)."""
    parts = ["curl", "-X", str(request.method)]
    for name, value in request.headers.items():
        if str(name).lower() not in _TRANSPORT_HEADERS:
            parts += ["-H", f"{name}: {value}"]
    body = request.body
    if body:
        parts += ["-d", body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body]
    parts.append(str(request.url))
    return shlex.join(parts)


def with_sent_request(report: str, request: Any) -> str:
    """Schemathesis' report with its curl line (built from the case, so without what the
    signer added) replaced by the request as sent."""
    command = sent_as_curl(request)
    if _CURL_LINE.search(report):
        return _CURL_LINE.sub(lambda match: match["indent"] + command, report, count=1)
    return f"{report}\n\nReproduce with:\n\n    {command}"


class ContractCheckError(AssertionError):
    """A case failed its checks; the message is Schemathesis' report with credentials blanked."""


def _record(run: VendorRun, operation_id: str, case: Any, response: Any) -> None:
    if not os.environ.get(RECORD_ENV):
        return
    meta = case.meta
    if meta is not None and meta.generation.mode.value != "positive":
        return
    with TALLY.lock:
        if run.recorded_per_operation[operation_id] >= RECORD_PER_OPERATION:
            return
        run.recorded_per_operation[operation_id] += 1
    request = to_httpx(response.request)
    answer = httpx.Response(
        response.status_code,
        headers=[(k, v) for k, values in response.headers.items() for v in values],
        content=response.content,
    )
    interaction = interaction_from_httpx(
        run.vendor, operation_id, case.operation.path, request, answer
    )
    with TALLY.lock:
        run.recorded.append(interaction)


def write_recordings() -> list[Path]:
    """Write this run's recordings to ``$MEDIATASKS_CONTRACT_RECORD/<vendor>/<target>-run.yaml``."""
    folder = os.environ.get(RECORD_ENV)
    if not folder:
        return []
    written = []
    for vendor in list(TALLY.cases):
        run = vendor_run(vendor)
        if not run.recorded:
            continue
        path = Path(folder) / vendor / f"{run.target.name}-run.yaml"
        Cassette(vendor, run.target.name, list(run.recorded)).write(path)
        written.append(path)
    return written
