"""House rules of specs/CONVENTIONS.md that concern operations, schemas, servers, departures.

These are the promises the generators and the runtime rely on: operationIds name generated
functions, ``x-enum-varnames`` name enum members, closed objects make stray fields visible,
and every place the spec departs from the vendor's document says why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from codegen.spec_checks.problems import Report
from codegen.spec_checks.spec_walk import all_schemas, operations
from mediatasks.errors import quote_input
from mediatasks.spec_io import join_pointer
from mediatasks.spec_io import walk as nodes

_CAMEL = re.compile(r"^[a-z][A-Za-z0-9]*$")
_UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
_DEPARTURE_KEYS = ("document", "spec", "reason", "source")
#: The facts a departure may override (``aspects``), as the facts audit reads them.
ASPECTS = frozenset(
    {
        "endpoint",
        "parameter",
        "field",
        "type",
        "required",
        "default",
        "constraint",
        "unit",
        "enum",
        "error-code",
        "example",
    }
)
#: what `sources check --overlay` writes where the maintainer must write English text
REVIEW_MARK = "REVIEW:"
REVIEW_RULE = "review-mark"


def check_operations(spec: Mapping[str, Any], report: Report) -> None:
    """operationId (camelCase, unique) and summary on every operation; at least one."""
    seen: dict[str, str] = {}
    count = 0
    for op in operations(spec):
        count += 1
        op_id = op.operation.get("operationId")
        label = f"{op.method.upper()} {op.path}"
        if not isinstance(op_id, str) or not op_id:
            report.error("operation-id", op.pointer, f"{label} has no operationId")
        else:
            where = join_pointer(op.pointer, "operationId")
            if not _CAMEL.match(op_id):
                report.error("operation-id", where, f"operationId {op_id!r} is not camelCase")
            if op_id in seen:
                report.error(
                    "operation-id-unique",
                    where,
                    f"operationId {op_id!r} is used twice (first at {seen[op_id]})",
                )
            else:
                seen[op_id] = op.pointer
        summary = op.operation.get("summary")
        if not isinstance(summary, str) or not summary.strip():
            report.error("operation-summary", op.pointer, f"{label} has no summary")
    if count == 0:
        report.error("operations", "/paths", "the spec has no operations")


def check_servers(spec: Mapping[str, Any], report: Report) -> None:
    servers = spec.get("servers")
    if not isinstance(servers, list) or not servers:
        report.error("servers", "/servers", "servers must list at least the production host")
        return
    for index, server in enumerate(servers):
        if not isinstance(server, Mapping) or not isinstance(server.get("url"), str):
            report.error("servers", f"/servers/{index}", "a server needs a url")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_enum_list(
    schema: Mapping[str, Any], pointer: str, key: str, size: int, report: Report
) -> bool:
    """Whether ``key`` is a list of ``size``; reports a wrong length or type."""
    value = schema.get(key)
    if value is None:
        return False
    where = join_pointer(pointer, key)
    if not isinstance(value, list) or len(value) != size:
        got = len(value) if isinstance(value, list) else type(value).__name__
        report.error("enum-varnames", where, f"{key} must be a list of {size} entries, got {got}")
    return True


def check_enums(spec: Mapping[str, Any], report: Report) -> None:
    """Integer enums carry x-enum-varnames and x-enum-descriptions of the enum's length."""
    for pointer, schema in all_schemas(spec):
        enum = schema.get("enum")
        if not isinstance(enum, list) or not enum:
            continue
        integer = all(_is_int(v) or v is None for v in enum) and any(_is_int(v) for v in enum)
        size = len(enum)
        has_names = _check_enum_list(schema, pointer, "x-enum-varnames", size, report)
        has_texts = _check_enum_list(schema, pointer, "x-enum-descriptions", size, report)
        where = join_pointer(pointer, "enum")
        if integer and not has_names:
            report.error(
                "enum-varnames",
                where,
                f"integer enum {enum} has no x-enum-varnames (generated members would be "
                "named VALUE_1...)",
            )
        if integer and not has_texts:
            report.error("enum-varnames", where, f"integer enum {enum} has no x-enum-descriptions")
        if not integer and not (has_names and has_texts):
            report.warning(
                "enum-varnames",
                where,
                "string enums should carry x-enum-varnames and x-enum-descriptions too",
            )
        names = schema.get("x-enum-varnames")
        if isinstance(names, list):
            for index, name in enumerate(names):
                if not isinstance(name, str) or not _UPPER_SNAKE.match(name):
                    report.error(
                        "enum-varnames",
                        join_pointer(pointer, "x-enum-varnames", index),
                        f"varname {name!r} is not UPPER_SNAKE",
                    )
            duplicates = sorted({str(n) for n in names if names.count(n) > 1})
            if duplicates:
                report.error(
                    "enum-varnames",
                    join_pointer(pointer, "x-enum-varnames"),
                    f"varnames repeat: {', '.join(duplicates)}",
                )


def _is_object(schema: Mapping[str, Any]) -> bool:
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "object" in kinds or "properties" in schema


_ANNOTATIONS = frozenset({"title", "description", "$comment", "examples", "deprecated"})


def _accepts_anything(extra: Any) -> bool:
    """``true``, ``{}`` or a schema of annotations only: every stray field passes it."""
    if extra is True:
        return True
    return isinstance(extra, Mapping) and all(
        key in _ANNOTATIONS or str(key).startswith("x-") for key in extra
    )


def check_closed_objects(spec: Mapping[str, Any], report: Report) -> None:
    """Object schemas say ``additionalProperties: false`` (or give a schema for a real map)."""
    for pointer, schema in all_schemas(spec):
        if "$ref" in schema or not _is_object(schema):
            continue
        extra = schema.get("additionalProperties", True)
        if _accepts_anything(extra):
            name = schema.get("title") or pointer.rsplit("/", 1)[-1]
            report.error(
                "closed-object",
                pointer,
                f"object schema {name!r} is open: add additionalProperties: false "
                "(or a schema, for a deliberate map)",
            )


def check_departures(spec: Mapping[str, Any], report: Report) -> None:
    """Each ``x-departures`` entry says document, spec, reason and source; its optional
    ``aspects`` are words of :data:`ASPECTS`."""
    for pointer, node in nodes(spec):
        if not isinstance(node, Mapping) or "x-departures" not in node:
            continue
        entries = node["x-departures"]
        where = join_pointer(pointer, "x-departures")
        if not isinstance(entries, list) or not entries:
            report.error("departures", where, "x-departures must be a non-empty list of entries")
            continue
        for index, entry in enumerate(entries):
            at = join_pointer(where, index)
            if not isinstance(entry, Mapping):
                report.error("departures", at, "a departure must be a mapping")
                continue
            missing = [
                k for k in _DEPARTURE_KEYS if not isinstance(entry.get(k), str) or not entry[k]
            ]
            if missing:
                report.error(
                    "departures", at, f"departure lacks {', '.join(missing)} (non-empty text)"
                )
            _check_aspects(entry.get("aspects"), join_pointer(at, "aspects"), report)


def _check_aspects(aspects: Any, pointer: str, report: Report) -> None:
    if aspects is None:
        return
    if not isinstance(aspects, list):
        unknown = [aspects]
    else:
        unknown = [a for a in aspects if not isinstance(a, str) or a not in ASPECTS]
    if unknown:
        known = ", ".join(sorted(ASPECTS))
        report.error("departures", pointer, f"unknown aspects {unknown}; known: {known}")


def check_review_marks(spec: Mapping[str, Any], report: Report) -> None:
    """No text still marked ``REVIEW:``: a proposal from ``sources check --overlay`` that was
    applied but not finished (its text is the document's words, not the spec's)."""
    for pointer, value in nodes(spec):
        if isinstance(value, str) and value.lstrip().startswith(REVIEW_MARK):
            shown = quote_input(" ".join(value.split()), 80)
            report.error(
                REVIEW_RULE,
                pointer,
                f"unfinished review from a doc-drift overlay: {shown}; write the spec's own "
                "English text here",
            )
