"""Envelope-aware checks, registered with Schemathesis, that replace its REST-status checks.

All five vendors answer HTTP 200 for business errors and put a code in the body, so three
built-in checks judge the wrong thing and are switched off (``schemathesis.toml``, and
:data:`REPLACED_CHECKS` in code):

* ``positive_data_acceptance`` wants a 2xx for valid input: every answer here is 200, so it
  passes even when the vendor refused the request. :func:`envelope_code_matches_case` wants
  the success code instead.
* ``negative_data_rejection`` wants a 4xx for invalid input: it fails every correct refusal.
  :func:`envelope_code_matches_case` wants a *documented refusal* instead: a parameter or
  auth code (a server error is a crash, not a refusal), or a not-found/state code for a
  case that is valid after all.
* ``ignored_auth`` wants 401/403 without credentials. :class:`CredentialsAreEnforced`
  re-sends answered requests without credentials and with wrong ones and wants the vendor's
  ``auth``/``auth-expired`` code.
* ``missing_required_header`` wants a 4xx without a required header (123pan's ``Platform``);
  :func:`envelope_code_matches_case` wants the documented error code of the negative case.
* ``response_schema_conformance`` fails an answer with a field or enum value the spec does not
  list, which vendors add without notice. :func:`answer_matches_schema` holds answers to the
  same closed schemas but reports such additions as drift (:mod:`~contract_tests.support.drift`:
  a warning, a failure under ``MEDIATASKS_CONTRACT_STRICT=1``).

Stateful runs also drop ``use_after_free`` and ``ensure_resource_availability``: they read
REST statuses (404 after DELETE, 2xx after POST) and MYun keeps a deleted task readable with
status 4. :func:`clients_parse_the_answer` makes the generated clients and the runtime part
of every run.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from functools import cache
from typing import Any, Final

import httpx
import schemathesis
from schemathesis.specs.openapi.checks import negative_data_rejection

from contract_tests.support.client_contract import RequestValues, check_answer
from contract_tests.support.drift import judge_answer, report_drift
from contract_tests.support.signing import (
    AUTH_POSITIONS,
    WRONG_SECRET,
    strip_credentials,
    to_httpx,
    wrong_auth_for,
)
from contract_tests.support.targets import is_loopback
from mediatasks import registry
from mediatasks.auth._pan123 import PLATFORM
from mediatasks.specs import VENDORS, VendorProfile, load_spec, profile

__all__ = [
    "CONTRACT_CHECKS",
    "REPLACED_CHECKS",
    "CredentialsAreEnforced",
    "answer_matches_schema",
    "clients_parse_the_answer",
    "envelope_code_matches_case",
    "vendor_for_document",
    "vendor_of",
]

REPLACED_CHECKS: Final = (
    "positive_data_acceptance",
    "negative_data_rejection",
    "ignored_auth",
    "missing_required_header",
    "response_schema_conformance",
    "use_after_free",
    "ensure_resource_availability",
)
#: Error kinds a *valid* request may still get: they depend on server state, not on input.
STATE_KINDS: Final = frozenset({"not-found", "state"})
#: Live vendors may also throttle or bill; those answers say nothing about the contract.
LIVE_ONLY_KINDS: Final = frozenset({"rate-limited", "quota"})
AUTH_KINDS: Final = frozenset({"auth", "auth-expired"})
#: Error kinds that refuse an *invalid* request. A server error (or any other kind) is not a
#: refusal of bad input: a sandbox or vendor that crashes on it must fail the run.
REFUSAL_KINDS: Final = frozenset({"invalid-parameter"}) | AUTH_KINDS
VENDOR_KEY: Final = "x-contract-vendor"
LIVE_KEY: Final = "x-contract-live"
#: How many answered positive cases per operation the credentials check re-sends.
AUTH_SAMPLES_PER_OPERATION: Final = 3


def vendor_of(case: Any) -> str:
    """The vendor of a case: marked by the contract suites, else (``st run`` of a spec file)
    the vendor whose spec has the same ``info.title``."""
    raw = case.operation.schema.raw_schema
    if VENDOR_KEY in raw:
        return str(raw[VENDOR_KEY])
    return vendor_for_document(raw)


@cache
def _vendor_titles() -> dict[str, str]:
    return {str(load_spec(vendor)["info"]["title"]): vendor for vendor in VENDORS}


def vendor_for_document(raw: Any) -> str:
    title = str((raw.get("info") or {}).get("title", ""))
    vendor = _vendor_titles().get(title)
    if vendor is None:
        raise LookupError(f"not a mediatasks spec (info.title {title!r}): no vendor to check it by")
    return vendor


def _is_live(case: Any) -> bool:
    raw = case.operation.schema.raw_schema
    if LIVE_KEY in raw:
        return bool(raw[LIVE_KEY])
    return not is_loopback(str(case.operation.base_url))  # st run: a real host is live


def _operation_id(case: Any) -> str:
    return str(case.operation.definition.raw["operationId"])


def _is_positive(case: Any) -> bool:
    meta = case.meta
    return meta is None or meta.generation.mode.value == "positive"


def _describe(vendor_profile: VendorProfile, code: Any, operation_id: str) -> str:
    if not isinstance(code, int):
        return f"code {code!r}"
    entry = vendor_profile.lookup(code, operation_id=operation_id)
    return f"code {code} ({entry.name}, kind {entry.kind})"


def _json_body(response: Any) -> Any:
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None


@schemathesis.check
def envelope_code_matches_case(ctx: Any, response: Any, case: Any) -> bool | None:
    """Positive case: the success code (or a state-dependent error); negative: a documented
    refusal (parameter or auth code; a state-dependent one for a case that is valid after all).

    An answer without an envelope only passes with a non-envelope HTTP status that the
    coverage phase provoked on purpose (an undeclared method: 405).
    """
    vendor = vendor_of(case)
    vendor_profile = profile(vendor)
    envelope = vendor_profile.envelope
    body = _json_body(response)
    code = envelope.code_of(body) if isinstance(body, dict) else None
    operation_id = _operation_id(case)
    if code is None:
        if response.status_code == 405 and case.method.upper() != case.operation.method.upper():
            return None
        raise AssertionError(
            f"{vendor}: HTTP {response.status_code} answer carries no business code at "
            f"{envelope.code_pointer}: {response.content[:200]!r}"
        )
    if response.status_code != envelope.http_status:
        raise AssertionError(
            f"{vendor}: {_describe(vendor_profile, code, operation_id)} came with HTTP "
            f"{response.status_code}; the vendor answers every envelope with "
            f"{envelope.http_status}"
        )
    success = envelope.is_success(body)
    entry = None if success else vendor_profile.lookup(code, operation_id=operation_id)
    if _is_positive(case):
        allowed = STATE_KINDS | (LIVE_ONLY_KINDS if _is_live(case) else frozenset())
        if not success and (entry is None or entry.kind not in allowed):
            raise AssertionError(
                f"{vendor}: a valid request was refused with "
                f"{_describe(vendor_profile, code, operation_id)}: "
                f"{envelope.message_of(body)!r}"
            )
        return None
    if success:
        # Schemathesis knows when a negative case is valid after all (an extra query
        # parameter, a type mutation that serialises to a valid string, ...): its own
        # rejection check holds that knowledge, and a success code is an acceptance.
        negative_data_rejection(ctx, response, case)
        return None
    if entry is None or entry.name == "UNDOCUMENTED":
        raise AssertionError(f"{vendor}: an invalid request got an undocumented code {code!r}")
    # Not-found/state: a negative case can be valid after all (Schemathesis' own rejection check
    # knows the cases, see above) and then meets server state like a positive one.
    allowed = REFUSAL_KINDS | STATE_KINDS | (LIVE_ONLY_KINDS if _is_live(case) else frozenset())
    if entry.kind not in allowed:
        raise AssertionError(
            f"{vendor}: an invalid request was answered with "
            f"{_describe(vendor_profile, code, operation_id)}, not a refusal of its input: "
            f"{envelope.message_of(body)!r}"
        )
    return None


@schemathesis.check
def answer_matches_schema(ctx: Any, response: Any, case: Any) -> bool | None:
    """An envelope answer (JSON, the envelope's HTTP status) matches the operation's closed
    schema; fields and enum values the spec does not list are drift, not failures."""
    vendor = vendor_of(case)
    if response.status_code != profile(vendor).envelope.http_status:
        return None  # not an envelope: envelope_code_matches_case judges it
    body = _json_body(response)
    if body is None:
        return None  # not JSON: content_type_conformance and the envelope check say so
    operation_id = _operation_id(case)
    drift, violations = judge_answer(vendor, operation_id, body)
    if violations:
        raise AssertionError(
            f"{vendor}.{operation_id}: the answer does not match the spec's schema:\n  "
            + "\n  ".join(violations)
        )
    report_drift(drift)
    return None


@schemathesis.check
def clients_parse_the_answer(ctx: Any, response: Any, case: Any) -> bool | None:
    """The generated client, the pydantic models and the runtime all take the answer."""
    answer = httpx.Response(
        response.status_code,
        headers=[(k, v) for k, values in response.headers.items() for v in values],
        content=response.content,
        request=to_httpx(response.request),
    )
    body = case.body if isinstance(case.body, dict) else None
    query = case.query if isinstance(case.query, dict) else {}
    check_answer(vendor_of(case), _operation_id(case), answer, RequestValues(query, body))
    return None


class CredentialsAreEnforced:
    """Re-send answered positive requests without credentials and with wrong ones.

    The vendor must answer a documented ``auth``/``auth-expired`` code both times. Only the
    first :data:`AUTH_SAMPLES_PER_OPERATION` successful answers per operation are re-sent:
    the point is each operation's gate, and three extra requests per case would triple the
    run. ``senders`` maps vendor -> a function that sends an ``httpx.Request`` to the target.
    """

    senders: Final[dict[str, Any]] = {}
    targets: Final[dict[str, Any]] = {}
    _seen: Final[Counter[str]] = Counter()
    _lock: Final = threading.Lock()

    @classmethod
    def gates_checked(cls, vendor: str) -> int:
        """How many answered requests of ``vendor`` were re-sent without/with wrong credentials."""
        with cls._lock:
            return sum(n for key, n in cls._seen.items() if key.startswith(f"{vendor}."))

    def after_response(self, ctx: Any, response: Any, case: Any) -> bool | None:
        vendor = vendor_of(case)
        target = self.targets.get(vendor)
        send = self.senders.get(vendor)
        if target is None or send is None or not _is_positive(case):
            return None
        if not registry.get(vendor).needs_credentials:
            return None  # the vendor documents no credentials (MYun): there is no gate to test
        vendor_profile = profile(vendor)
        operation_id = _operation_id(case)
        body = _json_body(response)
        if not (isinstance(body, dict) and vendor_profile.envelope.is_success(body)):
            return None
        with self._lock:
            key = f"{vendor}.{operation_id}"
            if self._seen[key] >= AUTH_SAMPLES_PER_OPERATION:
                return None
            self._seen[key] += 1
        signed = to_httpx(response.request)
        for label, request in self._variants(vendor, operation_id, signed, target):
            answer = send(request)
            self._expect_auth_error(vendor_profile, operation_id, label, answer)
        return None

    @staticmethod
    def _variants(
        vendor: str, operation_id: str, signed: httpx.Request, target: Any
    ) -> list[tuple[str, httpx.Request]]:
        if operation_id == profile(vendor).token_operation:
            return _token_call_variants(vendor, signed)
        bare = strip_credentials(signed, vendor)
        variants = [("without credentials", bare)]
        wrong_auth = wrong_auth_for(target)
        if wrong_auth is not None:
            flow = wrong_auth.sync_auth_flow(strip_credentials(signed, vendor))
            variants.append(("with wrong credentials", next(flow)))
            flow.close()
        return variants

    @staticmethod
    def _expect_auth_error(
        vendor_profile: VendorProfile, operation_id: str, label: str, answer: httpx.Response
    ) -> None:
        envelope = vendor_profile.envelope
        try:
            body = answer.json()
        except ValueError:
            body = None
        code = envelope.code_of(body) if isinstance(body, dict) else None
        entry = (
            vendor_profile.lookup(code, envelope.detail_of(body), operation_id)
            if isinstance(code, int)
            else None
        )
        if entry is None or entry.kind not in AUTH_KINDS or envelope.is_success(body):
            raise AssertionError(
                f"{vendor_profile.vendor}.{operation_id} {label}: expected the vendor's auth "
                f"error, got HTTP {answer.status_code} "
                f"{_describe(vendor_profile, code, operation_id)} {answer.content[:200]!r}"
            )


def _token_call_variants(vendor: str, signed: httpx.Request) -> list[tuple[str, httpx.Request]]:
    """123pan's token call (the one token call): credentials travel in its body, so it is
    resent without its ``Platform`` header, and with the secret's body field wrong."""
    without = httpx.Request(
        signed.method,
        signed.url,
        headers=[(k, v) for k, v in signed.headers.multi_items() if k.lower() != "platform"],
        content=signed.content,
    )
    body = json.loads(signed.content)
    fields = [name for where, name in AUTH_POSITIONS[vendor] if where == "body"]
    for field, credential in zip(fields, registry.get(vendor).credentials, strict=True):
        if credential.secret:
            body[field] = WRONG_SECRET
    wrong = httpx.Request(signed.method, signed.url, headers={"Platform": PLATFORM}, json=body)
    return [("without credentials", without), ("with a wrong client secret", wrong)]


schemathesis.check(CredentialsAreEnforced)

#: The checks every contract run applies (built-ins by name, plus the four above).
CONTRACT_CHECKS: Final = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "answer_matches_schema",
    "response_headers_conformance",
    "envelope_code_matches_case",
    "clients_parse_the_answer",
    "CredentialsAreEnforced",
)
