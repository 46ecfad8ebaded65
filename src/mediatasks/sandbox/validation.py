"""Check a request against its operation in the spec, the way the vendor's gateway would.

Parameters and bodies are validated with JSON Schema (Draft 2020-12) against the spec itself, so
the sandbox can never accept what the spec forbids. Query and form values arrive as text and are
coerced to the schema's type first; anything that cannot be understood — bad JSON, a wrong type,
an oversized body, bytes that are not UTF-8 — becomes a :class:`BadRequestError` that the vendor
router answers with the vendor's own invalid-parameter envelope.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

__all__ = ["MAX_BODY_BYTES", "BadRequestError", "OperationValidator", "build_validators"]

MAX_BODY_BYTES = 256 * 1024


class BadRequestError(ValueError):
    """The request cannot be accepted; ``message`` says which value and why."""


def _coerce(raw: str, schema: Mapping[str, Any]) -> Any:
    types = schema.get("type", "string")
    kinds = types if isinstance(types, list) else [types]
    for kind in kinds:
        try:
            if kind == "integer":
                return int(raw)
            if kind == "number":
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
    location: str
    required: bool
    schema: Mapping[str, Any]
    validator: Draft202012Validator


@dataclass(slots=True)
class OperationValidator:
    """Validates the parameters and body of one operation."""

    operation_id: str
    params: list[_Param] = field(default_factory=list)
    bodies: dict[str, tuple[Mapping[str, Any], Draft202012Validator]] = field(default_factory=dict)
    body_required: bool = False

    def parameters(self, query: Mapping[str, str], headers: Mapping[str, str]) -> dict[str, Any]:
        """Coerced and validated values of the declared parameters."""
        values: dict[str, Any] = {}
        for param in self.params:
            source = query if param.location == "query" else headers
            raw = source.get(param.name if param.location == "query" else param.name.lower())
            if raw is None:
                if param.required:
                    raise BadRequestError(
                        f"missing required {param.location} parameter {param.name!r}"
                    )
                continue
            value = _coerce(raw, param.schema)
            _check(param.validator, value, f"{param.location} parameter {param.name!r}")
            values[param.name] = value
        return values

    def body(self, content_type: str, raw: bytes) -> dict[str, Any] | None:
        """The decoded, validated body (None when the operation takes none and none came)."""
        if not self.bodies:
            return None
        if len(raw) > MAX_BODY_BYTES:
            raise BadRequestError(f"body of {len(raw)} bytes exceeds {MAX_BODY_BYTES}")
        if not raw:
            if self.body_required:
                raise BadRequestError("request body is required")
            return None
        media = content_type.split(";", 1)[0].strip().lower() or "application/json"
        if media not in self.bodies:
            accepted = ", ".join(sorted(self.bodies))
            raise BadRequestError(f"content type {media!r} not accepted; use one of {accepted}")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRequestError(f"body is not UTF-8 (byte {exc.start})") from exc
        schema, validator = self.bodies[media]
        if media == "application/json":
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                raise BadRequestError(f"body is not valid JSON: {exc.msg} at {exc.pos}") from exc
        else:
            props = schema.get("properties", {})
            value = {
                k: _coerce(v, props.get(k, {})) for k, v in parse_qsl(text, keep_blank_values=True)
            }
        _check(validator, value, "body")
        if not isinstance(value, dict):
            raise BadRequestError("body must be an object")
        return value


def _check(validator: Draft202012Validator, value: Any, what: str) -> None:
    error = next(iter(validator.iter_errors(value)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path)
        raise BadRequestError(f"{what}{' at ' + where if where else ''}: {error.message}")


def _resolve(spec: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = spec
        for token in ref[2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        return _resolve(spec, target)
    return node


def build_validators(spec: Mapping[str, Any]) -> dict[str, OperationValidator]:
    """One validator per operationId, compiled once at start-up."""
    resource = Resource.from_contents(dict(spec), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource("urn:spec", resource)

    def compile_(schema: Mapping[str, Any]) -> Draft202012Validator:
        return Draft202012Validator(_rebase(dict(schema)), registry=registry)

    validators: dict[str, OperationValidator] = {}
    for item in spec.get("paths", {}).values():
        shared = item.get("parameters", [])
        for method, operation in item.items():
            if method == "parameters" or not isinstance(operation, Mapping):
                continue
            checker = OperationValidator(operation["operationId"])
            for raw in [*shared, *operation.get("parameters", [])]:
                param = _resolve(spec, raw)
                schema = param.get("schema", {})
                checker.params.append(
                    _Param(
                        name=param["name"],
                        location=param["in"],
                        required=bool(param.get("required", False)),
                        schema=_resolve(spec, schema),
                        validator=compile_(schema),
                    )
                )
            body = _resolve(spec, operation.get("requestBody", {}))
            checker.body_required = bool(body.get("required", False))
            for media, content in body.get("content", {}).items():
                schema = content.get("schema", {})
                checker.bodies[media] = (_resolve(spec, schema), compile_(schema))
            validators[checker.operation_id] = checker
    return validators


def _rebase(schema: Any) -> Any:
    """Point local ``#/...`` refs at the registered spec so they resolve from any subschema."""
    if isinstance(schema, dict):
        return {
            k: (
                f"urn:spec{v}"
                if k == "$ref" and isinstance(v, str) and v.startswith("#")
                else _rebase(v)
            )
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_rebase(v) for v in schema]
    return schema
