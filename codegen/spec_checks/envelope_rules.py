"""Rules on the vendor facts the runtime reads: ``x-envelope``, error codes, rate limits.

``mediatasks.specs.profile_from_spec`` is the reader the runtime uses, so it is run here too
and its :class:`SpecError` becomes a problem; the rest checks what that reader does not
(all entries rather than the first bad one, unique names, the kinds a spec must offer, rate
limits naming real operations, and example bodies carrying the right kind of code).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from codegen.spec_checks.problems import Report
from codegen.spec_checks.spec_walk import operations
from mediatasks.errors import SpecError
from mediatasks.spec_io import join_pointer
from mediatasks.specs import ERROR_KINDS, VendorProfile, profile_from_spec, resolve_pointer

_UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
_MISSING = object()


def check_profile(vendor: str, spec: Mapping[str, Any], report: Report) -> VendorProfile | None:
    """The runtime's own reading of the spec; a SpecError becomes a problem at its pointer."""
    try:
        return profile_from_spec(vendor, spec, report.file)
    except SpecError as exc:
        pointer = exc.location if exc.location.startswith("/") else ""
        if any(problem.pointer == pointer for problem in report.errors):
            return None  # already reported, with more detail, by check_error_codes
        report.error("envelope", pointer, f"mediatasks.specs cannot read it: {exc.problem}")
        return None


def _entries(spec: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    lists: list[tuple[str, Any]] = []
    envelope = spec.get("x-envelope")
    if isinstance(envelope, Mapping):
        lists.append(("/x-envelope/error-codes", envelope.get("error-codes")))
    for op in operations(spec):
        if "x-error-codes" in op.operation:
            lists.append((join_pointer(op.pointer, "x-error-codes"), op.operation["x-error-codes"]))
    for pointer, entries in lists:
        if isinstance(entries, list):
            for index, entry in enumerate(entries):
                if isinstance(entry, Mapping):
                    yield join_pointer(pointer, index), entry


def check_error_codes(spec: Mapping[str, Any], report: Report) -> None:
    """Kinds from the closed list, UPPER_SNAKE names, one meaning per name, required kinds."""
    meaning: dict[str, tuple[Any, Any, str]] = {}
    kinds: set[str] = set()
    for pointer, entry in _entries(spec):
        kind, name = entry.get("kind"), entry.get("name")
        if kind not in ERROR_KINDS:
            report.error(
                "error-codes",
                join_pointer(pointer, "kind"),
                f"kind {kind!r} is not one of {', '.join(sorted(ERROR_KINDS))}",
            )
        else:
            kinds.add(str(kind))
        if not isinstance(name, str) or not _UPPER_SNAKE.match(name):
            report.error(
                "error-codes", join_pointer(pointer, "name"), f"name {name!r} must be UPPER_SNAKE"
            )
            continue
        key = (entry.get("code"), entry.get("detail"))
        if name in meaning and meaning[name][:2] != key:
            report.error(
                "error-codes",
                join_pointer(pointer, "name"),
                f"name {name} already names code {meaning[name][0]} "
                f"(detail {meaning[name][1]}) at {meaning[name][2]}; names must be unique",
            )
        meaning.setdefault(name, (*key, pointer))
    required = {"invalid-parameter"}
    if spec.get("security") or any("security" in op.operation for op in operations(spec)):
        required.add("auth")
    if spec.get("x-rate-limits"):
        required.add("rate-limited")
    for kind in sorted(required - kinds):
        report.error(
            "error-codes", "/x-envelope/error-codes", f"no error code of kind {kind!r} (required)"
        )


def check_rate_limits(spec: Mapping[str, Any], report: Report) -> None:
    """Every operationId a rate limit names exists."""
    limits = spec.get("x-rate-limits")
    if not isinstance(limits, list):
        return
    known = {op.operation.get("operationId") for op in operations(spec)} | {"*"}
    for index, limit in enumerate(limits):
        names = limit.get("operations", []) if isinstance(limit, Mapping) else []
        for position, name in enumerate(names if isinstance(names, list) else []):
            if name not in known:
                report.error(
                    "rate-limits",
                    f"/x-rate-limits/{index}/operations/{position}",
                    f"rate limit names {name!r}, which is no operationId of this spec",
                )


def check_example_codes(profile: VendorProfile, spec: Mapping[str, Any], report: Report) -> None:
    """``success*`` examples carry a success code, ``error*`` examples another code."""
    envelope = profile.envelope
    for op in operations(spec):
        content = resolve_pointer(op.operation, "/responses/200/content", None)
        if not isinstance(content, Mapping):
            continue
        for media, media_type in content.items():
            examples = media_type.get("examples") if isinstance(media_type, Mapping) else None
            if not isinstance(examples, Mapping):
                continue
            for key, example in examples.items():
                if not isinstance(example, Mapping) or "value" not in example:
                    continue
                value = example["value"]
                where = join_pointer(
                    op.pointer, "responses", "200", "content", media, "examples", key
                )
                code = resolve_pointer(value, envelope.code_pointer, _MISSING)
                if code is _MISSING:
                    report.error(
                        "example-envelope",
                        join_pointer(where, "value"),
                        f"example {key!r} has no business code at {envelope.code_pointer}",
                    )
                elif str(key).startswith("success") and not envelope.is_success(value):
                    report.error(
                        "example-envelope",
                        join_pointer(where, "value"),
                        f"success example {key!r} has code {code!r}, not a success code "
                        f"({sorted(envelope.success_codes)})",
                    )
                elif str(key).startswith("error") and envelope.is_success(value):
                    report.error(
                        "example-envelope",
                        join_pointer(where, "value"),
                        f"error example {key!r} has the success code {code!r}",
                    )
