"""The generators' copy of a spec, opened where answers are read: tolerant readers.

A committed spec closes every object (``additionalProperties: false``) because it says which
fields the vendor's document lists; the contract tests hold answers to that and report an
undocumented field as drift. Vendors add fields without notice, though, and a program using
the generated code must keep working and keep the new field. So every object schema an answer
can reach (through ``$ref``s, properties, items and combinators) is handed to both generators
with ``additionalProperties: true``: openapi-python-client keeps extra fields in
``additional_properties``, datamodel-code-generator writes ``extra="allow"`` (``model_extra``).
Schemas only requests use stay closed, so a typo in a request is still refused. Enum values
are kept by the template overrides (``_missing_``, ``codegen/config/templates/``).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from codegen.spec_checks.spec_walk import operations
from mediatasks.spec_io import resolve_pointer

__all__ = ["open_answer_objects"]

#: Keys whose values are data or notes, not schemas: never walked.
_NOT_SCHEMAS = frozenset({"example", "examples", "description", "enum", "const", "default"})
#: Keys whose values map names (a property may be called ``description``) to schemas.
_NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})


def open_answer_objects(document: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` whose answer objects accept and keep fields it does not list."""
    opened: dict[str, Any] = copy.deepcopy(dict(document))
    todo: list[Any] = [
        answer
        for op in operations(opened)
        for answer in (op.operation.get("responses") or {}).values()
    ]
    followed: set[str] = set()
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref.startswith("#/") and ref not in followed:
                followed.add(ref)
                todo.append(resolve_pointer(opened, ref[1:], None))
            continue
        if node.get("additionalProperties") is False:
            node["additionalProperties"] = True
        for key, value in node.items():
            if key in _NAME_MAPS and isinstance(value, dict):
                todo.extend(value.values())
            elif key not in _NOT_SCHEMAS and not str(key).startswith("x-"):
                todo.append(value)
    return opened
