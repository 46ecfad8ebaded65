"""Check a request against its operation in the spec, the way the vendor's gateway would.

Parameters and bodies are validated with JSON Schema (Draft 2020-12) against the spec itself, so
the sandbox can never accept what the spec forbids. Query and form values arrive as text and are
coerced to the schema's type first; anything that cannot be understood — bad JSON, a wrong type,
an oversized body, bytes that are not UTF-8 — becomes a :class:`BadRequestError` that the vendor
emulator answers with the vendor's own invalid-parameter envelope. The error says which field
failed and how (missing, empty, invalid, malformed), so each vendor can pick its precise code
(CDNetworks: 1601 for an empty transNo, 1602 for an illegal one).

Schemas are compiled once at start-up with every local ``$ref`` inlined, so a request pays for
validation only, never for reference resolution.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import parse_qsl

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from mediatasks.spec_io import follow, inline_refs

__all__ = [
    "MAX_BODY_BYTES",
    "BadRequestError",
    "OperationValidator",
    "build_validators",
    "compile_schema",
    "operation_by_id",
    "response_examples",
]

MAX_BODY_BYTES: Final = 256 * 1024

#: How a request failed: a value is absent, present but empty, present but wrong, or the request
#: as a whole could not be read (bad JSON, not UTF-8, unknown content type, too large).
PROBLEMS: Final = frozenset({"missing", "empty", "invalid", "malformed"})


class BadRequestError(ValueError):
    """The request cannot be accepted: which ``field`` (None: the request) and what ``problem``."""

    def __init__(self, message: str, field: str | None = None, problem: str = "invalid") -> None:
        super().__init__(message)
        self.field = field
        self.problem = problem if problem in PROBLEMS else "invalid"


#: What a server's integer and number parsers take; Python's int() and float() also read
#: "1_0", " 2", Arabic-Indic digits, "nan" and "inf", which no vendor's server does.
_INTEGER: Final = re.compile(r"[+-]?[0-9]+")
_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _coerce(raw: str, schema: Mapping[str, Any]) -> Any:
    types = schema.get("type", "string")
    kinds = types if isinstance(types, list) else [types]
    for kind in kinds:
        try:
            if kind == "integer" and _INTEGER.fullmatch(raw):
                return int(raw)
            if kind == "number" and _NUMBER.fullmatch(raw):
                return float(raw)
            if kind == "boolean" and raw in {"true", "false"}:
                return raw == "true"
        except ValueError:
            continue
        if kind == "string":
            return raw
    return raw


@dataclass(slots=True)
class _Param:
    name: str
    key: str  # the name as looked up: exact for the query, lowercase for headers
    location: str
    required: bool
    schema: Mapping[str, Any]
    validator: Draft202012Validator


@dataclass(slots=True)
class _Body:
    schema: Mapping[str, Any]
    validator: Draft202012Validator


@dataclass(slots=True)
class OperationValidator:
    """Validates the parameters and body of one operation."""

    operation_id: str
    params: list[_Param] = field(default_factory=list)
    bodies: dict[str, _Body] = field(default_factory=dict)
    body_required: bool = False

    def parameters(self, query: Mapping[str, str], headers: Mapping[str, str]) -> dict[str, Any]:
        """Coerced and validated values of the declared parameters."""
        values: dict[str, Any] = {}
        for param in self.params:
            raw = (query if param.location == "query" else headers).get(param.key)
            if raw is None:
                if param.required:
                    raise BadRequestError(
                        f"missing required {param.location} parameter {param.name!r}",
                        param.name,
                        "missing",
                    )
                continue
            value = _coerce(raw, param.schema)
            _check(param.validator, value, f"{param.location} parameter {param.name!r}", param.name)
            values[param.name] = value
        return values

    def body(self, content_type: str, raw: bytes) -> dict[str, Any] | None:
        """The decoded, validated body (None when the operation takes none and none came)."""
        if not self.bodies:
            return None
        if len(raw) > MAX_BODY_BYTES:
            raise BadRequestError(
                f"body of {len(raw)} bytes exceeds {MAX_BODY_BYTES}", None, "malformed"
            )
        if not raw:
            if self.body_required:
                raise BadRequestError("request body is required", None, "missing")
            return None
        media = content_type.split(";", 1)[0].strip().lower() or "application/json"
        body = self.bodies.get(media)
        if body is None:
            accepted = ", ".join(sorted(self.bodies))
            raise BadRequestError(
                f"content type {media!r} not accepted; use one of {accepted}", None, "malformed"
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRequestError(
                f"body is not UTF-8 (byte {exc.start})", None, "malformed"
            ) from exc
        value: Any
        if media == "application/json":
            try:
                value = json.loads(text)
            except (json.JSONDecodeError, RecursionError) as exc:
                reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
                raise BadRequestError(
                    f"body is not valid JSON: {reason}", None, "malformed"
                ) from exc
        else:
            props = body.schema.get("properties", {})
            value = {
                k: _coerce(v, props.get(k, {})) for k, v in parse_qsl(text, keep_blank_values=True)
            }
        _check(body.validator, value, "body", None)
        if not isinstance(value, dict):
            raise BadRequestError("body must be an object", None, "invalid")
        return value


def _describe(error: ValidationError, default_field: str | None) -> tuple[str | None, str]:
    """Which field an error is about, and whether it is missing, empty or just invalid."""
    path = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, Mapping):
        wanted = error.validator_value if isinstance(error.validator_value, list) else []
        absent = [name for name in wanted if name not in error.instance]
        if absent and not path:
            return str(absent[0]), "missing"
    name = str(path[0]) if path else default_field
    if error.instance in ("", None) and error.validator in {"minLength", "type", "pattern"}:
        return name, "empty"
    return name, "invalid"


def _check(
    validator: Draft202012Validator, value: Any, what: str, default_field: str | None
) -> None:
    error = next(iter(validator.iter_errors(value)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path)
        name, problem = _describe(error, default_field)
        raise BadRequestError(
            f"{what}{' at ' + where if where else ''}: {error.message}", name, problem
        )


def operation_by_id(spec: Mapping[str, Any], operation_id: str) -> Mapping[str, Any]:
    """The operation object whose ``operationId`` is ``operation_id``."""
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, Mapping) and operation.get("operationId") == operation_id:
                return operation
    raise KeyError(f"no operation {operation_id!r}")


def response_examples(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> dict[str, Any]:
    """The named example values of an operation's 200 answer (refs followed), in spec order."""
    response = follow(spec, operation.get("responses", {}).get("200", {}))
    found: dict[str, Any] = {}
    for media in response.get("content", {}).values():
        for key, example in (media.get("examples") or {}).items():
            if isinstance(example, Mapping) and "value" in example:
                found.setdefault(key, example["value"])
    return found


def compile_schema(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> Draft202012Validator:
    """A ready validator for a schema of ``spec`` (refs inlined once, here)."""
    return Draft202012Validator(inline_refs(spec, schema, on_cycle="raise"))


def build_validators(spec: Mapping[str, Any]) -> dict[str, OperationValidator]:
    """One validator per operationId, compiled once at start-up."""
    validators: dict[str, OperationValidator] = {}
    for item in spec.get("paths", {}).values():
        shared = item.get("parameters", [])
        for method, operation in item.items():
            if method == "parameters" or not isinstance(operation, Mapping):
                continue
            checker = OperationValidator(operation["operationId"])
            for raw in [*shared, *operation.get("parameters", [])]:
                param = follow(spec, raw)
                schema = param.get("schema", {})
                location = param["in"]
                checker.params.append(
                    _Param(
                        name=param["name"],
                        key=param["name"] if location == "query" else param["name"].lower(),
                        location=location,
                        required=bool(param.get("required", False)),
                        schema=follow(spec, schema),
                        validator=compile_schema(spec, schema),
                    )
                )
            body = follow(spec, operation.get("requestBody", {}))
            checker.body_required = bool(body.get("required", False))
            for media, content in body.get("content", {}).items():
                schema = content.get("schema", {})
                checker.bodies[media] = _Body(follow(spec, schema), compile_schema(spec, schema))
            validators[checker.operation_id] = checker
    return validators
