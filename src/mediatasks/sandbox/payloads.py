"""The payload schema of an operation's success answer, so task data can be checked before use.

Tasks the sandbox did not create itself — scripted through the admin API or recorded in
cassettes — are answered verbatim later. Each payload is validated here, against the schema the
spec gives the value at ``x-envelope.data``, when it is accepted: a bad script fails at once with
a message naming the field, instead of turning into an answer the spec forbids.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator

from mediatasks.sandbox.validation import (
    BadRequestError,
    compile_schema,
    operation_by_id,
)
from mediatasks.spec_io import follow, pointer_tokens, resolve_pointer

__all__ = ["PayloadChecker", "SchemaChecker"]


def _payload_schema(
    spec: Mapping[str, Any], operation_id: str, data_pointer: str | None
) -> Mapping[str, Any]:
    response = follow(spec, operation_by_id(spec, operation_id)["responses"]["200"])
    media: Mapping[str, Any] = next(iter(response.get("content", {}).values()), {})
    schema: Mapping[str, Any] = follow(spec, media.get("schema", {}))
    if data_pointer is None:
        return schema
    for token in pointer_tokens(data_pointer):
        schema = follow(spec, schema.get("properties", {}).get(token, {}))
    return _without_null(schema)


def _without_null(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """The schema minus its ``null`` option: a task's success payload is never null."""
    options = schema.get("anyOf") or schema.get("oneOf")
    if isinstance(options, list):
        rest = [o for o in options if not (isinstance(o, Mapping) and o.get("type") == "null")]
        if len(rest) == 1 and len(rest) < len(options) and isinstance(rest[0], Mapping):
            only: Mapping[str, Any] = rest[0]
            return only
    kinds = schema.get("type")
    if isinstance(kinds, list) and "null" in kinds:
        return {**schema, "type": [k for k in kinds if k != "null"]}
    return schema


class SchemaChecker:
    """Validates values against one schema of the spec, naming the first problem."""

    def __init__(self, spec: Mapping[str, Any], schema: Mapping[str, Any], name: str) -> None:
        self.name = name
        self._validator: Draft202012Validator = compile_schema(spec, schema)

    def check(self, value: Any, what: str) -> None:
        """Raise :class:`BadRequestError` naming the first problem of ``value``."""
        error = next(iter(self._validator.iter_errors(value)), None)
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path)
            raise BadRequestError(
                f"{what}{'/' + where if where else ''} does not fit {self.name}: {error.message}"
            )


class PayloadChecker(SchemaChecker):
    """Validates payloads of one operation's success answer."""

    def __init__(
        self, spec: Mapping[str, Any], operation_id: str, data_pointer: str | None
    ) -> None:
        schema = _payload_schema(spec, operation_id, data_pointer)
        super().__init__(spec, schema, f"the payload schema of {operation_id}")


def payload_at(body: Any, data_pointer: str | None) -> Any:
    """The payload inside an envelope body (the body itself when payload fields sit beside it)."""
    return body if data_pointer is None else resolve_pointer(body, data_pointer, None)


__all__ += ["payload_at"]
