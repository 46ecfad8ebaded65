"""Walk a parsed OpenAPI 3.1 document: operations, schemas, examples, every node.

The checks need the same traversals again and again; keeping them here keeps each check short
and makes sure they all agree on what counts as an operation or a schema.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from mediatasks.spec_io import join_pointer

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_SINGLES = (
    "items",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
)


@dataclass(frozen=True, slots=True)
class OperationRef:
    pointer: str
    path: str
    method: str
    operation: Mapping[str, Any]


def operations(spec: Mapping[str, Any]) -> Iterator[OperationRef]:
    paths = spec.get("paths")
    if not isinstance(paths, Mapping):
        return
    for path, item in paths.items():
        if not isinstance(item, Mapping):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, Mapping):
                yield OperationRef(join_pointer("/paths", path, method), path, method, operation)


def _subschemas(schema: Mapping[str, Any], pointer: str) -> Iterator[tuple[str, Any]]:
    for key in _SCHEMA_MAPS:
        children = schema.get(key)
        if isinstance(children, Mapping):
            for name, child in children.items():
                yield join_pointer(pointer, key, str(name)), child
    for key in _SCHEMA_LISTS:
        children = schema.get(key)
        if isinstance(children, list):
            for index, child in enumerate(children):
                yield join_pointer(pointer, key, index), child
    for key in _SCHEMA_SINGLES:
        if key in schema:
            yield join_pointer(pointer, key), schema[key]


def schema_tree(schema: Any, pointer: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """``schema`` and every schema nested in it (boolean schemas are skipped)."""
    if not isinstance(schema, Mapping):
        return
    yield pointer, schema
    for child_pointer, child in _subschemas(schema, pointer):
        yield from schema_tree(child, child_pointer)


def _media(content: Any, pointer: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if isinstance(content, Mapping):
        for media, media_type in content.items():
            if isinstance(media_type, Mapping):
                yield join_pointer(pointer, str(media)), media_type


def _parameter_list(value: Any, pointer: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if isinstance(value, list):
        for index, parameter in enumerate(value):
            if isinstance(parameter, Mapping):
                yield join_pointer(pointer, index), parameter
    elif isinstance(value, Mapping):
        for name, parameter in value.items():
            if isinstance(parameter, Mapping):
                yield join_pointer(pointer, str(name)), parameter


def _responses(value: Any, pointer: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if isinstance(value, Mapping):
        for status, response in value.items():
            if isinstance(response, Mapping):
                yield join_pointer(pointer, str(status)), response


def parameters(spec: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Parameters and headers: path-level, operation-level, response headers, components."""
    components = spec.get("components")
    components = components if isinstance(components, Mapping) else {}
    yield from _parameter_list(components.get("parameters"), "/components/parameters")
    yield from _parameter_list(components.get("headers"), "/components/headers")
    paths = spec.get("paths")
    if isinstance(paths, Mapping):
        for path, item in paths.items():
            if isinstance(item, Mapping):
                here = join_pointer("/paths", path, "parameters")
                yield from _parameter_list(item.get("parameters"), here)
    for op in operations(spec):
        here = join_pointer(op.pointer, "parameters")
        yield from _parameter_list(op.operation.get("parameters"), here)
    for pointer, response in _all_responses(spec):
        here = join_pointer(pointer, "headers")
        yield from _parameter_list(response.get("headers"), here)


def _all_responses(spec: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    components = spec.get("components")
    if isinstance(components, Mapping):
        yield from _responses(components.get("responses"), "/components/responses")
    for op in operations(spec):
        here = join_pointer(op.pointer, "responses")
        yield from _responses(op.operation.get("responses"), here)


def media_types(spec: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every media type object: request bodies, responses, parameter content."""
    components = spec.get("components")
    if isinstance(components, Mapping):
        bodies = components.get("requestBodies")
        if isinstance(bodies, Mapping):
            for name, body in bodies.items():
                if isinstance(body, Mapping):
                    here = join_pointer("/components/requestBodies", str(name), "content")
                    yield from _media(body.get("content"), here)
    for op in operations(spec):
        body = op.operation.get("requestBody")
        if isinstance(body, Mapping):
            here = join_pointer(op.pointer, "requestBody", "content")
            yield from _media(body.get("content"), here)
    for pointer, response in _all_responses(spec):
        yield from _media(response.get("content"), join_pointer(pointer, "content"))
    for pointer, parameter in parameters(spec):
        yield from _media(parameter.get("content"), join_pointer(pointer, "content"))


def root_schemas(spec: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """The schemas placed directly in components, parameters and media types."""
    components = spec.get("components")
    if isinstance(components, Mapping):
        schemas = components.get("schemas")
        if isinstance(schemas, Mapping):
            for name, schema in schemas.items():
                yield join_pointer("/components/schemas", str(name)), schema
    for pointer, holder in [*parameters(spec), *media_types(spec)]:
        if "schema" in holder:
            yield join_pointer(pointer, "schema"), holder["schema"]


def all_schemas(spec: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every schema of the document, nested ones included."""
    for pointer, schema in root_schemas(spec):
        yield from schema_tree(schema, pointer)
