"""Small spec pairs, one per breaking-change rule, shared by the tests and the optic comparison.

Each :class:`Pair` starts from :func:`base_spec` and applies one edit. ``python
tests/publish/breaking_pairs.py OUT`` writes them as ``OUT/<name>/{old,new}.yaml`` so the same
pairs can be fed to ``optic diff old.yaml new.yaml --check`` (docs/breaking-changes.md).
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Spec = dict[str, Any]


def _envelope_schema() -> Spec:
    return {
        "title": "GetTaskResponse",
        "type": "object",
        "additionalProperties": False,
        "required": ["code", "data"],
        "properties": {
            "code": {"type": "integer", "description": "Business code, 0 is success."},
            "message": {"type": "string", "description": "Human-readable result."},
            "data": {"anyOf": [{"$ref": "#/components/schemas/Task"}, {"type": "null"}]},
        },
    }


def _ok(schema_ref: str) -> Spec:
    return {
        "200": {
            "description": "The envelope.",
            "content": {"application/json": {"schema": {"$ref": schema_ref}}},
        }
    }


def base_spec() -> Spec:
    """A tiny task API in the shape of the project's specs (closed objects, envelopes)."""
    response = "#/components/schemas/GetTaskResponse"
    return {
        "openapi": "3.1.0",
        "info": {"title": "Pairs API", "version": "1.0.0"},
        "paths": {
            "/tasks/get": {
                "post": {
                    "operationId": "getTask",
                    "summary": "Get a task",
                    "parameters": [
                        {
                            "name": "region",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": ["cn", "sg"]},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/GetTaskRequest"}
                            }
                        },
                    },
                    "responses": _ok(response),
                },
                "get": {
                    "operationId": "getTaskByQuery",
                    "summary": "Get a task by query",
                    "parameters": [
                        {
                            "name": "taskId",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": _ok(response),
                },
            },
            "/tasks/delete": {
                "post": {
                    "operationId": "deleteTask",
                    "summary": "Delete a task",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/GetTaskRequest"}
                            }
                        },
                    },
                    "responses": _ok(response),
                }
            },
        },
        "components": {
            "schemas": {
                "GetTaskRequest": {
                    "title": "GetTaskRequest",
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["taskId"],
                    "properties": {
                        "taskId": {"type": "string", "maxLength": 32},
                        "mode": {"type": "string", "enum": ["fast", "full"]},
                        "limit": {"type": "number"},
                        "note": {"type": "string"},
                    },
                },
                "Task": {
                    "title": "Task",
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "status", "size"],
                    "properties": {
                        "id": {"type": "string"},
                        "status": {"type": "integer", "enum": [1, 2, 3]},
                        "size": {"type": "integer"},
                        "url": {"type": "string"},
                    },
                },
                "GetTaskResponse": _envelope_schema(),
            }
        },
    }


def _schemas(spec: Spec) -> Spec:
    result: Spec = spec["components"]["schemas"]
    return result


def _request(spec: Spec) -> Spec:
    result: Spec = _schemas(spec)["GetTaskRequest"]
    return result


def _task(spec: Spec) -> Spec:
    result: Spec = _schemas(spec)["Task"]
    return result


def _region(spec: Spec) -> Spec:
    result: Spec = spec["paths"]["/tasks/get"]["post"]["parameters"][0]
    return result


def _inline_refs(spec: Spec) -> None:
    """Same API, written without the request-body $ref (a pure refactoring)."""
    body = spec["paths"]["/tasks/get"]["post"]["requestBody"]["content"]["application/json"]
    body["schema"] = copy.deepcopy(_request(spec))


@dataclass(frozen=True, slots=True)
class Pair:
    """One edit of the base spec, the rule it should trigger and whether that breaks."""

    name: str
    edit: Callable[[Spec], None]
    rule: str | None  # None: no change must be reported at all
    breaking: bool
    what: str

    def specs(self) -> tuple[Spec, Spec]:
        old, new = base_spec(), base_spec()
        self.edit(new)
        return old, new


def _set(target: Callable[[Spec], Spec], key: str, value: Any) -> Callable[[Spec], None]:
    def edit(spec: Spec) -> None:
        target(spec)[key] = value

    return edit


def _prop(
    target: Callable[[Spec], Spec], name: str, key: str, value: Any
) -> Callable[[Spec], None]:
    def edit(spec: Spec) -> None:
        target(spec)["properties"][name][key] = value

    return edit


def _add_prop(
    target: Callable[[Spec], Spec], name: str, *, required: bool
) -> Callable[[Spec], None]:
    def edit(spec: Spec) -> None:
        target(spec)["properties"][name] = {"type": "string"}
        if required:
            target(spec)["required"].append(name)

    return edit


def _drop_prop(target: Callable[[Spec], Spec], name: str) -> Callable[[Spec], None]:
    def edit(spec: Spec) -> None:
        del target(spec)["properties"][name]
        if name in target(spec)["required"]:
            target(spec)["required"].remove(name)

    return edit


def _required(target: Callable[[Spec], Spec], names: list[str]) -> Callable[[Spec], None]:
    return _set(target, "required", names)


def _add_param(*, required: bool) -> Callable[[Spec], None]:
    def edit(spec: Spec) -> None:
        spec["paths"]["/tasks/get"]["post"]["parameters"].append(
            {"name": "tenant", "in": "query", "required": required, "schema": {"type": "string"}}
        )

    return edit


def _drop_method(spec: Spec) -> None:
    del spec["paths"]["/tasks/get"]["get"]


def _drop_path(spec: Spec) -> None:
    del spec["paths"]["/tasks/delete"]


PAIRS: tuple[Pair, ...] = (
    # request side, breaking
    Pair(
        "req-required-field-added",
        _add_prop(_request, "priority", required=True),
        "required field added",
        True,
        "request body gains a required field",
    ),
    Pair(
        "req-field-made-required",
        _required(_request, ["taskId", "note"]),
        "made required",
        True,
        "optional request field becomes required",
    ),
    Pair(
        "req-type-narrowed",
        _prop(_request, "limit", "type", "integer"),
        "type narrowed",
        True,
        "request field number -> integer",
    ),
    Pair(
        "req-enum-value-removed",
        _prop(_request, "mode", "enum", ["fast"]),
        "request enum value removed",
        True,
        "request enum loses a value",
    ),
    Pair(
        "req-constraint-tightened",
        _prop(_request, "taskId", "maxLength", 16),
        "constraint maxLength changed",
        True,
        "request maxLength 32 -> 16",
    ),
    Pair(
        "param-required-added",
        _add_param(required=True),
        "required parameter added",
        True,
        "new required query parameter",
    ),
    Pair(
        "param-made-required",
        _set(_region, "required", True),
        "parameter made required",
        True,
        "optional query parameter becomes required",
    ),
    Pair(
        "param-enum-value-removed",
        _prop(lambda s: {"properties": {"x": _region(s)["schema"]}}, "x", "enum", ["cn"]),
        "request enum value removed",
        True,
        "query parameter enum loses a value",
    ),
    Pair(
        "operation-removed",
        _drop_method,
        "operation removed",
        True,
        "GET /tasks/get removed, POST stays",
    ),
    Pair("path-removed", _drop_path, "operation removed", True, "whole path /tasks/delete removed"),
    # response side, breaking
    Pair(
        "resp-field-removed",
        _drop_prop(_task, "url"),
        "field removed",
        True,
        "response field removed",
    ),
    Pair(
        "resp-field-made-optional",
        _required(_task, ["id", "status"]),
        "made optional",
        True,
        "required response field becomes optional",
    ),
    Pair(
        "resp-type-changed",
        _prop(_task, "size", "type", "string"),
        "type changed",
        True,
        "response field integer -> string",
    ),
    Pair(
        "resp-type-widened-null",
        _prop(_task, "size", "type", ["integer", "null"]),
        "type widened",
        True,
        "response field may now be null",
    ),
    # not breaking
    Pair(
        "resp-enum-value-added",
        _prop(_task, "status", "enum", [1, 2, 3, 4]),
        "response enum value added",
        False,
        "response enum gains a value (old clients keep it as an UNDOCUMENTED member)",
    ),
    Pair(
        "resp-field-added",
        _add_prop(_task, "duration", required=False),
        "field added",
        False,
        "closed response object gains a field (old clients keep it as an additional property)",
    ),
    Pair(
        "req-optional-field-added",
        _add_prop(_request, "tag", required=False),
        "optional field added",
        False,
        "request body gains an optional field",
    ),
    Pair(
        "req-enum-value-added",
        _prop(_request, "mode", "enum", ["fast", "full", "lite"]),
        "request enum value added",
        False,
        "request enum gains a value",
    ),
    Pair(
        "param-optional-added",
        _add_param(required=False),
        "optional parameter added",
        False,
        "new optional query parameter",
    ),
    Pair(
        "description-changed",
        _prop(lambda s: _schemas(s)["GetTaskResponse"], "message", "description", "Reworded."),
        "documentation changed",
        False,
        "a description is reworded",
    ),
    Pair(
        "resp-enum-value-removed",
        _prop(_task, "status", "enum", [1, 2]),
        "enum member removed",
        True,
        "response enum loses a value: fine on the wire, but the generated member is gone",
    ),
    Pair(
        "resp-field-made-required",
        _required(_task, ["id", "status", "size", "url"]),
        "made required",
        False,
        "optional response field becomes required",
    ),
    Pair("ref-inlined", _inline_refs, None, False, "a $ref replaced by its target: no change"),
)


def write_pairs(out: Path) -> list[Path]:
    """Write every pair as ``out/<name>/old.yaml`` and ``new.yaml``; return the folders."""
    folders = []
    for pair in PAIRS:
        old, new = pair.specs()
        folder = out / pair.name
        folder.mkdir(parents=True, exist_ok=True)
        for name, spec in (("old.yaml", old), ("new.yaml", new)):
            text = yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)
            (folder / name).write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders


if __name__ == "__main__":
    for path in write_pairs(Path(sys.argv[1])):
        print(path)
