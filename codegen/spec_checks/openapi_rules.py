"""The OpenAPI 3.1 rules no JSON Schema can express (as openapi-spec-validator checks them):
path parameters match the path template, a parameter is declared once per location, tag names
are unique, and a ``default`` is valid against its own schema. Operation ids are the house
rule ``operation-id-unique``'s.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from typing import Any

from codegen.spec_checks import spec_walk
from codegen.spec_checks.examples import SchemaValidators
from codegen.spec_checks.problems import Report
from mediatasks.spec_io import follow, join_pointer


def check_path_parameters(spec: Mapping[str, Any], report: Report) -> None:
    """Every ``{name}`` of a path is a declared path parameter, and the other way round."""
    paths = spec.get("paths")
    for op in spec_walk.operations(spec):
        item = paths.get(op.path) if isinstance(paths, Mapping) else None
        declared = dict(_declared(spec, item, join_pointer("/paths", op.path)))
        declared.update(_declared(spec, op.operation, op.pointer))
        in_template = {name for _, name, _, _ in string.Formatter().parse(op.path) if name}
        for name in sorted(in_template - {n for (n, where) in declared if where == "path"}):
            report.error(
                "path-parameter",
                join_pointer(op.pointer, "parameters"),
                f"{{{name}}} in {op.path} is not declared as a path parameter of "
                f"{op.method.upper()}",
            )
        for (name, where), pointer in declared.items():
            if where == "path" and name not in in_template:
                report.error(
                    "path-parameter", pointer, f"path parameter {name!r} is not in {op.path}"
                )


def _declared(
    spec: Mapping[str, Any], holder: Any, pointer: str
) -> Iterator[tuple[tuple[str, str], str]]:
    """``((name, in), pointer)`` of the parameters a path item or operation declares."""
    parameters = holder.get("parameters") if isinstance(holder, Mapping) else None
    for index, raw in enumerate(parameters if isinstance(parameters, list) else []):
        parameter = follow(spec, raw)
        if isinstance(parameter, Mapping):
            here = join_pointer(pointer, "parameters", index)
            yield (str(parameter.get("name")), str(parameter.get("in"))), here


def check_duplicate_parameters(spec: Mapping[str, Any], report: Report) -> None:
    """A parameter (name and location) is declared once per path item and per operation."""
    paths = spec.get("paths")
    holders: list[tuple[str, Any]] = [
        (join_pointer("/paths", path), item)
        for path, item in (paths.items() if isinstance(paths, Mapping) else [])
    ]
    holders += [(op.pointer, op.operation) for op in spec_walk.operations(spec)]
    for pointer, holder in holders:
        seen: set[tuple[str, str]] = set()
        for key, where in _declared(spec, holder, pointer):
            if key in seen:
                report.error(
                    "parameter-duplicate",
                    where,
                    f"parameter {key[0]!r} in {key[1]} is declared twice",
                )
            seen.add(key)


def check_unique_tags(spec: Mapping[str, Any], report: Report) -> None:
    tags = spec.get("tags")
    seen: set[str] = set()
    for index, tag in enumerate(tags if isinstance(tags, list) else []):
        name = tag.get("name") if isinstance(tag, Mapping) else None
        if isinstance(name, str) and name in seen:
            report.error("tag-duplicate", f"/tags/{index}/name", f"tag {name!r} is declared twice")
        seen.add(str(name))


def check_defaults(spec: Mapping[str, Any], report: Report) -> None:
    """Every schema's ``default`` is valid against that schema (``$ref``s followed)."""
    validators: SchemaValidators | None = None
    for pointer, schema in spec_walk.all_schemas(spec):
        if "default" not in schema:
            continue
        validators = validators or SchemaValidators(spec)  # only for a spec with defaults
        at = join_pointer(pointer, "default")
        for error in validators.errors(
            pointer, schema["default"], report=report, rule="default-invalid", at=at
        ):
            where = join_pointer(at, *map(str, error.absolute_path))
            report.error("default-invalid", where, f"default {str(error.message)[:200]}")
