"""Attach to each change the JSON Pointers of the spec nodes it affects.

Changed and removed facts point at the nodes that carry them now; an added field points at
the object schema that would hold it, an added parameter at the operation's ``parameters``
or request-body schema, an added enum value at the schema holding the values, an added error
code at the operation's ``x-error-codes``.
"""

from __future__ import annotations

from codegen.sources.diff import Change
from codegen.sources.model import Facts, Item, Operation
from codegen.sources.spec_map import SpecIndex, Target
from mediatasks.spec_io import join_pointer


def _operation(facts: Facts, key: str) -> Operation | None:
    return facts.operation(key)


def _item(operation: Operation | None, key: str) -> Item | None:
    return operation.item(key) if operation else None


def container_pointers(index: SpecIndex, operation: Operation, item: Item) -> list[str]:
    """Where a new ``item`` would go: the object schema of its parent, or the operation's."""
    refs = index.operations_for(operation)
    if "." in item.name:
        parent_name = item.name.rsplit(".", 1)[0]
        parent = Item(item.role, parent_name, item.line, location=item.location)
        found = []
        for target in index.targets(operation, parent):
            node, pointer = index.resolve(target.node, target.pointer)
            while isinstance(node, dict) and "items" in node:
                node, pointer = index.resolve(node["items"], join_pointer(pointer, "items"))
            for key in ("anyOf", "oneOf"):
                for position, member in enumerate(
                    node.get(key) or [] if isinstance(node, dict) else []
                ):
                    if isinstance(member, dict) and "$ref" in member:
                        node, pointer = index.resolve(member, join_pointer(pointer, key, position))
            found.append(pointer)
        if found:
            return found
    pointers = []
    for ref in refs:
        if item.role == "parameter" and item.location in ("query", "header", "path"):
            pointers.append(join_pointer(ref.pointer, "parameters"))
            continue
        media = list(
            index.request_media(ref) if item.role == "parameter" else index.response_media(ref)
        )
        if item.role == "parameter" and not media:
            # a parameter whose location the document does not say, on an operation without
            # a request body (a GET): it travels as one of the operation's parameters
            pointers.append(join_pointer(ref.pointer, "parameters"))
        for _name, entry, at in media:
            pointers.append(index.resolve(entry["schema"], join_pointer(at, "schema"))[1])
    return pointers


def _target_pointers(targets: list[Target]) -> list[str]:
    return [t.pointer for t in targets]


def locate(change: Change, old: Facts, new: Facts, index: SpecIndex) -> list[str]:  # noqa: PLR0911
    # one early return per kind of fact reads better here than a dispatch table
    operation = _operation(new, change.operation) or _operation(old, change.operation)
    if operation is None:
        return []
    refs = index.operations_for(operation)
    if change.kind == "endpoint-added":
        return ["/paths"]
    if change.kind == "endpoint-removed":
        return [r.pointer for r in refs]
    if change.fact.startswith(("parameter:", "field:")):
        item = _item(_operation(new, change.operation), change.fact) or _item(
            _operation(old, change.operation), change.fact
        )
        if item is None:
            return []
        targets = index.targets(operation, item)
        if change.kind == "field-added" and not targets:
            return container_pointers(index, operation, item)
        return _target_pointers(targets)
    if change.fact.startswith("enum:"):
        _prefix, role, rest = change.fact.split(":", 2)
        name = rest.rsplit(":", 1)[0]
        item = operation.enum_item(role, name)
        if item is None:
            return []
        targets = index.targets(operation, item)
        holders = [h[0] for t in targets if (h := index.enum_holder(t))]
        return holders or _target_pointers(targets)
    if change.fact.startswith("error:"):
        found = index.error_code_pointers(operation, change.value or "")
        return found or [join_pointer(r.pointer, "x-error-codes") for r in refs]
    if change.fact.startswith("example:"):
        _prefix, role, form, _number = change.fact.split(":")
        probe = next((x for x in operation.examples if x.role == role and x.form == form), None)
        if probe is None:
            return [r.pointer for r in refs]
        return [pointer for pointer, _value in index.examples(operation, probe)] or [
            r.pointer for r in refs
        ]
    return [r.pointer for r in refs]
