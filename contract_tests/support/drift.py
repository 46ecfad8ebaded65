"""Answers held to the spec's schemas, with vendor additions reported as drift.

The committed specs close every object and list every enum value: they say what the vendor's
document lists. A vendor adds fields and values without notice; the generated clients, the
pydantic models and the runtime keep them (tolerant readers), so for a user's program an
addition is not a failure. For the contract it is news: :func:`judge_answer` validates an
answer against the operation's closed schema (jsonschema, Draft 2020-12, what OpenAPI 3.1
schemas are) and sorts what it finds:

* a field the schema does not list (``additionalProperties: false``) and a value its ``enum``
  or ``const`` does not list are :class:`Drift`: a warning in the report (pytest's warnings
  summary, the contract summary, a ``drift`` property on the JUnit case), or a failure when
  ``MEDIATASKS_CONTRACT_STRICT=1``;
* anything else (a missing required field, a wrong type, a broken constraint) is a violation
  and fails the case, as Schemathesis' ``response_schema_conformance`` would (this check
  replaces it; ``schemathesis.toml``).

Where a value fails every branch of an ``anyOf``/``oneOf`` (a nullable ``$ref``), the branch
whose only complaints are drift decides: a new field in a nullable object is drift too.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from jsonschema import Draft202012Validator, ValidationError

from mediatasks.sandbox.validation import compile_schema, operation_by_id
from mediatasks.spec_io import escape_token, follow
from mediatasks.specs import load_spec, profile

__all__ = [
    "DRIFT",
    "STRICT_ENV",
    "ContractDriftWarning",
    "Drift",
    "DriftLog",
    "judge_answer",
    "report_drift",
    "strict",
]

STRICT_ENV: Final = "MEDIATASKS_CONTRACT_STRICT"
_DRIFT_KEYWORDS: Final = frozenset({"additionalProperties", "enum", "const"})
_BRANCHING: Final = frozenset({"anyOf", "oneOf"})


class ContractDriftWarning(UserWarning):
    """An answer carries a field or value the spec does not list (pytest shows it)."""


@dataclass(frozen=True, slots=True, order=True)
class Drift:
    """One undocumented thing in one answer: a field name or an enum value, and where."""

    vendor: str
    operation: str
    kind: str  # "field" | "enum value"
    pointer: str  # where in the answer (JSON Pointer)
    value: str

    def describe(self) -> str:
        where = f"{self.vendor} {self.operation}"
        return f"{where}: undocumented {self.kind} {self.value} at {self.pointer}"


@dataclass
class DriftLog:
    """Drift seen in this run (thread-safe): ``pending`` until the report takes it per test,
    ``seen`` for the summary."""

    pending: list[Drift] = field(default_factory=list)
    seen: set[Drift] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, found: Iterable[Drift]) -> None:
        with self.lock:
            for item in found:
                self.pending.append(item)
                self.seen.add(item)

    def take(self) -> list[Drift]:
        """What was recorded since the last take, each item once."""
        with self.lock:
            taken, self.pending = sorted(set(self.pending)), []
        return taken

    def of(self, vendor: str) -> list[Drift]:
        with self.lock:
            return sorted(item for item in self.seen if item.vendor == vendor)


DRIFT: Final = DriftLog()


def strict(environ: Mapping[str, str] | None = None) -> bool:
    """Whether drift fails a case (``MEDIATASKS_CONTRACT_STRICT=1``)."""
    value = (os.environ if environ is None else environ).get(STRICT_ENV, "")
    return value.strip().lower() in {"1", "true", "yes", "on"}


@cache
def _validator(vendor: str, operation_id: str) -> Draft202012Validator:
    """The operation's answer schema (HTTP status of ``x-envelope``, JSON), refs inlined."""
    spec = load_spec(vendor)
    responses = operation_by_id(spec, operation_id)["responses"]
    answer = follow(spec, responses[str(profile(vendor).envelope.http_status)])
    return compile_schema(spec, answer["content"]["application/json"]["schema"])


def _pointer(error: ValidationError) -> str:
    return "".join(f"/{escape_token(str(part))}" for part in error.absolute_path)


def _sorted_out(
    vendor: str, operation_id: str, errors: Iterable[ValidationError]
) -> tuple[list[Drift], list[str]]:
    drift: list[Drift] = []
    violations: list[str] = []
    for error in errors:
        keyword = str(error.validator)
        where = _pointer(error)
        if keyword == "additionalProperties" and isinstance(error.instance, dict):
            schema = error.schema if isinstance(error.schema, dict) else {}
            listed = set(schema.get("properties", {}))
            for name in sorted(set(error.instance) - listed):
                pointer = f"{where}/{escape_token(name)}"
                drift.append(Drift(vendor, operation_id, "field", pointer, repr(name)))
        elif keyword in _DRIFT_KEYWORDS:
            drift.append(Drift(vendor, operation_id, "enum value", where, repr(error.instance)))
        elif keyword in _BRANCHING and error.context:
            found = _best_branch(vendor, operation_id, error)
            if found is None:
                violations.append(f"{where or '/'}: {error.message}")
            else:
                drift += found
        else:
            violations.append(f"{where or '/'}: {error.message}")
    return drift, violations


def _best_branch(vendor: str, operation_id: str, error: ValidationError) -> list[Drift] | None:
    """The drift of the one branch that fails only by drift, or None."""
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.schema_path[0] if sub.schema_path else None, []).append(sub)
    for errors in branches.values():
        drift, violations = _sorted_out(vendor, operation_id, errors)
        if drift and not violations:
            return drift
    return None


def judge_answer(vendor: str, operation_id: str, body: Any) -> tuple[list[Drift], list[str]]:
    """(drift, violations) of a JSON answer against the operation's closed schema."""
    return _sorted_out(vendor, operation_id, _validator(vendor, operation_id).iter_errors(body))


def report_drift(found: list[Drift], environ: Mapping[str, str] | None = None) -> None:
    """Record ``found`` and warn about each; in strict mode fail instead."""
    if not found:
        return
    DRIFT.record(found)
    lines = [item.describe() for item in sorted(set(found))]
    if strict(environ):
        raise AssertionError(
            f"drift ({STRICT_ENV}=1): the answer carries what the spec does not list:\n  "
            + "\n  ".join(lines)
        )
    for line in lines:
        warnings.warn(ContractDriftWarning(line), stacklevel=2)


def drift_lines(found: Iterable[Drift], limit: int = 10) -> Iterator[str]:
    """At most ``limit`` descriptions, then how many more there were."""
    items = sorted(set(found))
    for item in items[:limit]:
        yield item.describe()
    if len(items) > limit:
        yield f"... and {len(items) - limit} more"
