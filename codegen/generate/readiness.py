"""What the generators need from a spec beyond the spec checks, each problem at its place.

The generators report what they cannot take in words meant for their own developers, with no
line and often no location; parsing those words would tie codegen to one release of each tool.
Most defects that would stop them are already refused by the checks of ``make check-specs``
(references, ``x-enum-varnames``, the OpenAPI 3.1 schema with its type names and required path
parameters, defaults, ``x-envelope`` as the runtime reads it). These are the few the spec
checks have no reason to look for, in the spec checks' shape (``check(spec, report)``) so the
spec gate (:mod:`codegen.generate.spec_gate`) runs them in the same single pass:

* enum values of one JSON type that fits the declared ``type`` (the generators make one enum
  class per type);
* request body and answer media types openapi-python-client 0.29 can turn into a function
  (otherwise it leaves the operation out with a warning);
* what the envelope-aware endpoint template needs: the ``x-envelope`` payload is a top-level
  field, and every operation answers the envelope's HTTP status with a JSON object schema
  that has it.

A generator's own output is only quoted, for what nothing here foresaw.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from codegen.spec_checks.problems import Report
from codegen.spec_checks.spec_walk import all_schemas, operations
from mediatasks.spec_io import follow, join_pointer, pointer_tokens

__all__ = ["GENERATOR_CHECKS"]

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


def check_enum_types(spec: Mapping[str, Any], report: Report) -> None:
    """Enum values of one type, and of the declared ``type`` (unknown type names are the
    OpenAPI schema check's)."""
    for pointer, schema in all_schemas(spec):
        enum = schema.get("enum")
        if not isinstance(enum, list) or not enum:
            continue
        declared = schema.get("type")
        names = declared if isinstance(declared, list) else [declared] if declared else []
        types = {name for name in names if name in _TYPES}
        kinds = {_json_type(value) for value in enum if value is not None}
        if len(kinds - ({"number"} if "integer" in kinds else set())) > 1:
            report.error(
                "generator-enum",
                join_pointer(pointer, "enum"),
                f"enum {enum} mixes value types ({', '.join(sorted(kinds))}); the generators "
                "make one enum class per type: split it or give one type",
            )
        elif types and not all(_fits(value, types) for value in enum):
            report.error(
                "generator-enum",
                join_pointer(pointer, "enum"),
                f"enum {enum} has values that are not of type {declared}",
            )


def _media_type(name: str) -> str:
    return name.split(";", 1)[0].strip().lower()


def _readable(kind: str) -> bool:
    return kind in _ANSWER_TYPES or kind.startswith("text/") or kind.endswith("+json")


def check_media_types(spec: Mapping[str, Any], report: Report) -> None:
    """Request bodies and answers of media types openapi-python-client writes code for."""
    for op in operations(spec):
        body = follow(spec, op.operation.get("requestBody") or {})
        content = body.get("content") if isinstance(body, Mapping) else None
        for name in content if isinstance(content, Mapping) else {}:
            kind = _media_type(str(name))
            if kind not in _BODY_TYPES and not kind.endswith("+json"):
                report.error(
                    "generator-media-type",
                    join_pointer(op.pointer, "requestBody", "content", str(name)),
                    f"request body type {name} is not one the client generator supports "
                    f"({', '.join(sorted(_BODY_TYPES))}, or a +json type)",
                )
        responses = op.operation.get("responses")
        for status, raw in responses.items() if isinstance(responses, Mapping) else ():
            answer = follow(spec, raw)
            media = answer.get("content") if isinstance(answer, Mapping) else None
            kinds = [_media_type(str(n)) for n in media] if isinstance(media, Mapping) else []
            if kinds and not any(map(_readable, kinds)):
                report.error(
                    "generator-media-type",
                    join_pointer(op.pointer, "responses", str(status), "content"),
                    f"answer types {', '.join(kinds)} are not ones the client generator parses "
                    f"({', '.join(sorted(_ANSWER_TYPES))}, text/*, or a +json type)",
                )


def check_envelope_schemas(spec: Mapping[str, Any], report: Report) -> None:
    """The payload is a top-level field, and every operation answers the envelope's HTTP
    status with a JSON object schema that has it (``x-envelope`` itself, its presence and its
    ``http-status``, are the envelope rules' of the spec checks)."""
    envelope = spec.get("x-envelope")
    status = envelope.get("http-status") if isinstance(envelope, Mapping) else None
    if not isinstance(status, int) or isinstance(status, bool):
        return
    data = envelope.get("data") if isinstance(envelope, Mapping) else None
    if data is not None and (not isinstance(data, str) or len(pointer_tokens(data)) != 1):
        report.error(
            "generator-envelope",
            "/x-envelope/data",
            f"data must be null or a top-level field (/Data), got {data!r}: the generated "
            "clients return that field as the payload",
        )
        return
    field = pointer_tokens(data)[0] if data else None
    for op in operations(spec):
        where = join_pointer(op.pointer, "responses", str(status))
        responses = op.operation.get("responses")
        answers = responses if isinstance(responses, Mapping) else {}
        answer = follow(spec, answers.get(str(status)))
        content = answer.get("content") if isinstance(answer, Mapping) else None
        media = content.get("application/json") if isinstance(content, Mapping) else None
        schema = follow(spec, media.get("schema")) if isinstance(media, Mapping) else None
        if not isinstance(schema, Mapping) or not isinstance(schema.get("properties"), Mapping):
            report.error(
                "generator-envelope",
                where,
                f"no application/json object schema answers HTTP {status} (x-envelope "
                "http-status): the generated function has no envelope to parse",
            )
        elif field is not None and field not in schema["properties"]:
            report.error(
                "generator-envelope",
                join_pointer(where, "content", "application/json", "schema"),
                f"the envelope schema has no {field!r} field (x-envelope data {data})",
            )


#: Run by the spec gate after the spec checks, on a spec whose ``$ref``s all resolve.
GENERATOR_CHECKS: Final[tuple[Callable[[Mapping[str, Any], Report], None], ...]] = (
    check_enum_types,
    check_media_types,
    check_envelope_schemas,
)
