"""What the generators need from a spec, checked before they run, each problem at its place.

The generators report what they cannot take in words meant for their own developers, with no
line and often no location; parsing those words would tie codegen to one release of each tool.
So the defects a spec can plausibly have are looked for here first, in our words, each at its
JSON Pointer (the line comes from the pointer): the house rules generation depends on
(references resolve, enum varnames fit), the OpenAPI 3.1 structure check of the spec checks
(``codegen.spec_checks.structure``), the schema
keywords the generators read (types, enum values, defaults), what openapi-python-client 0.29
can turn into a function (required path parameters, body and answer content types) and what
the envelope-aware endpoint template needs (``x-envelope`` and a payload field in every
envelope schema). A generator's own output is only quoted for what nothing here foresaw.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from codegen.spec_checks.house_rules import check_enums
from codegen.spec_checks.problems import Level, Report
from codegen.spec_checks.spec_walk import all_schemas, operations
from codegen.spec_checks.structure import check_openapi, check_refs
from mediatasks.spec_io import follow, join_pointer, pointer_tokens

__all__ = ["Finding", "envelope_facts", "generator_findings"]

Finding = tuple[str, str]  # (JSON pointer, message)

_TYPES: Final = frozenset({"string", "number", "integer", "boolean", "array", "object", "null"})
#: Request body media types openapi-python-client 0.29 turns into arguments (``+json`` too).
_BODY_TYPES: Final = frozenset(
    {
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/octet-stream",
    }
)
#: Answer media types it parses (``text/*`` and ``+json`` too).
_ANSWER_TYPES: Final = frozenset({"application/json", "application/octet-stream"})


def generator_findings(document: Mapping[str, Any]) -> list[Finding]:
    """Every problem that would stop or silently cut generation; empty when the spec is fit.

    Checks run in layers and stop at the first layer with findings: a later layer's checks
    assume what the earlier ones proved (references resolve before schemas are read).
    """
    layers = (_structure, _schema_keywords, _operations, _validator, _envelope)
    for layer in layers:
        found = list(layer(document))
        if found:
            return found
    return []


def _errors(report: Report, prefix: str = "") -> Iterator[Finding]:
    for problem in report.problems:
        if problem.level is Level.ERROR:
            yield problem.pointer, prefix + problem.message


def _structure(document: Mapping[str, Any]) -> Iterator[Finding]:
    """References resolve and enum varnames fit (the house rules generation depends on)."""
    report = Report("spec")
    if check_refs(document, report):
        check_enums(document, report)
    yield from _errors(report)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _fits(value: Any, types: set[str]) -> bool:
    kind = _json_type(value)
    return kind in types or (kind == "integer" and "number" in types)


def _schema_keywords(document: Mapping[str, Any]) -> Iterator[Finding]:
    """``type`` names, enum values of one type that fits ``type``, defaults that fit."""
    for pointer, schema in all_schemas(document):
        declared = schema.get("type")
        names = declared if isinstance(declared, list) else [declared] if declared else []
        unknown = [name for name in names if name not in _TYPES]
        if unknown:
            yield (
                join_pointer(pointer, "type"),
                f"unknown type {', '.join(map(repr, unknown))}; JSON Schema types are "
                f"{', '.join(sorted(_TYPES))}",
            )
            continue
        types = set(names)
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            kinds = {_json_type(value) for value in enum if value is not None}
            if len(kinds - ({"number"} if "integer" in kinds else set())) > 1:
                yield (
                    join_pointer(pointer, "enum"),
                    f"enum {enum} mixes value types ({', '.join(sorted(kinds))}); the "
                    "generators make one enum class per type: split it or give one type",
                )
            elif types and not all(_fits(value, types) for value in enum):
                yield (
                    join_pointer(pointer, "enum"),
                    f"enum {enum} has values that are not of type {declared}",
                )
        if "default" in schema and types and not _fits(schema["default"], types):
            yield (
                join_pointer(pointer, "default"),
                f"default {schema['default']!r} is not of type {declared}",
            )


def _validator(document: Mapping[str, Any]) -> Iterator[Finding]:
    """The OpenAPI 3.1 schema (``codegen.spec_checks.structure``), for what the checks above
    do not look at (schema defects are found above first, in plainer words)."""
    if str(document.get("openapi", "")).startswith("3.1"):
        report = Report("spec")
        check_openapi(document, report)
        yield from _errors(report, "not a valid OpenAPI 3.1 document: ")


def _media_type(name: str) -> str:
    return name.split(";", 1)[0].strip().lower()


def _operations(document: Mapping[str, Any]) -> Iterator[Finding]:
    """What openapi-python-client needs to write a function for an operation (otherwise it
    leaves the operation out with a warning)."""
    for op in operations(document):
        for index, raw in enumerate(op.operation.get("parameters") or []):
            parameter = follow(document, raw)
            path = isinstance(parameter, Mapping) and parameter.get("in") == "path"
            if path and parameter.get("required") is not True:
                yield (
                    join_pointer(op.pointer, "parameters", index, "required"),
                    f"path parameter {parameter.get('name')!r} must be required "
                    "(`required: true`); a path cannot leave it out",
                )
        body = follow(document, op.operation.get("requestBody") or {})
        content = body.get("content") if isinstance(body, Mapping) else None
        for name in content or {}:
            kind = _media_type(str(name))
            if kind not in _BODY_TYPES and not kind.endswith("+json"):
                yield (
                    join_pointer(op.pointer, "requestBody", "content", str(name)),
                    f"request body type {name} is not one the client generator supports "
                    f"({', '.join(sorted(_BODY_TYPES))}, or a +json type)",
                )
        for status, raw in (op.operation.get("responses") or {}).items():
            answer = follow(document, raw)
            kinds = [_media_type(str(n)) for n in (answer or {}).get("content") or {}]
            if kinds and not any(map(_readable, kinds)):
                yield (
                    join_pointer(op.pointer, "responses", str(status), "content"),
                    f"answer types {', '.join(kinds)} are not ones the client generator parses "
                    f"({', '.join(sorted(_ANSWER_TYPES))}, text/*, or a +json type)",
                )


def _readable(kind: str) -> bool:
    return kind in _ANSWER_TYPES or kind.startswith("text/") or kind.endswith("+json")


def envelope_facts(document: Mapping[str, Any]) -> tuple[int, str | None]:
    """``(http status, payload field or None)`` of ``x-envelope``: what the endpoint template
    reads. Assumes :func:`generator_findings` found nothing."""
    envelope = document["x-envelope"]
    data = envelope.get("data")
    return int(envelope["http-status"]), (pointer_tokens(data)[0] if data else None)


def _envelope(document: Mapping[str, Any]) -> Iterator[Finding]:
    """``x-envelope`` is there, its payload is a top-level field, and every operation answers
    its HTTP status with a JSON object schema that has that field."""
    envelope = document.get("x-envelope")
    if not isinstance(envelope, Mapping):
        yield "", "no x-envelope: generated clients judge every answer by it (specs/CONVENTIONS.md)"
        return
    status = envelope.get("http-status")
    if not isinstance(status, int) or isinstance(status, bool):
        yield "/x-envelope/http-status", f"http-status must be an integer, got {status!r}"
        return
    data = envelope.get("data")
    if data is not None and (not isinstance(data, str) or len(pointer_tokens(data)) != 1):
        yield (
            "/x-envelope/data",
            f"data must be null or a top-level field (/Data), got {data!r}: the generated "
            "clients return that field as the payload",
        )
        return
    field = pointer_tokens(data)[0] if data else None
    for op in operations(document):
        where = join_pointer(op.pointer, "responses", str(status))
        answer = follow(document, (op.operation.get("responses") or {}).get(str(status)))
        media = ((answer or {}).get("content") or {}).get("application/json")
        schema = follow(document, media.get("schema")) if isinstance(media, Mapping) else None
        if not isinstance(schema, Mapping) or "properties" not in schema:
            yield (
                where,
                f"no application/json object schema answers HTTP {status} (x-envelope "
                "http-status): the generated function has no envelope to parse",
            )
        elif field is not None and field not in schema["properties"]:
            yield (
                join_pointer(where, "content", "application/json", "schema"),
                f"the envelope schema has no {field!r} field (x-envelope data {data})",
            )
