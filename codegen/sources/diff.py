"""Field-level differences between two sets of facts (the snapshot and a new document).

Facts are matched by key, so reordered rows and moved lines change nothing. A change under
an added or removed endpoint or field is folded into that one change; ``description-changed``
is reported for an item only when nothing more precise changed on it (an enum meaning
rewritten inside a description is an ``enum-meaning-changed``, not both).
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from codegen.sources.model import Constraint, Facts, Item, Operation
from codegen.sources.text import canonical_type

KINDS = (
    "endpoint-added",
    "endpoint-removed",
    "field-added",
    "field-removed",
    "type-changed",
    "required-changed",
    "default-changed",
    "constraint-changed",
    "unit-changed",
    "enum-value-added",
    "enum-value-removed",
    "enum-meaning-changed",
    "error-code-added",
    "error-code-removed",
    "example-changed",
    "description-changed",
)


@dataclass(slots=True)
class Change:
    kind: str
    operation: str  # the endpoint key the change belongs to
    fact: str  # the key of the fact (for pointers and overlays)
    field: str | None
    value: str | None
    before: Any
    after: Any
    line: int | None  # in the new document
    pointers: list[str] = dataclasses.field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "field": self.field,
            "value": self.value,
            "before": self.before,
            "after": self.after,
            "line": self.line,
            "pointers": list(self.pointers),
        }


def _constraints_equal(a: dict[str, Constraint], b: dict[str, Constraint]) -> bool:
    if a.keys() != b.keys():
        return False
    return all(str(a[k]) == str(b[k]) for k in a)


def _item_changes(op: str, old: Item, new: Item) -> list[Change]:
    def change(kind: str, before: Any, after: Any) -> Change:
        return Change(kind, op, new.key, new.last, None, before, after, new.line)

    changes = []
    if canonical_type(old.type) != canonical_type(new.type):
        changes.append(change("type-changed", old.type, new.type))
    if old.required != new.required:
        changes.append(change("required-changed", old.required, new.required))
    if (old.default or None) != (new.default or None):
        changes.append(change("default-changed", old.default, new.default))
    if not _constraints_equal(old.constraints, new.constraints):
        changes.append(change("constraint-changed", old.constraints, new.constraints))
    if old.unit != new.unit:
        changes.append(change("unit-changed", old.unit, new.unit))
    return changes


def _summary(item: Item) -> dict[str, Any]:
    """What the document states about a new field or parameter: name, type, required, and
    its location, default, unit, constraints and description when it gives them."""
    summary: dict[str, Any] = {"name": item.name, "type": item.type, "required": item.required}
    optional = {
        "location": item.location,
        "default": item.default,
        "unit": item.unit,
        "constraints": dict(item.constraints) or None,
        "description": item.description or None,
    }
    summary.update({key: value for key, value in optional.items() if value is not None})
    return summary


def _operation_changes(old: Operation, new: Operation) -> list[Change]:
    changes, precise, moved = _items_changes(old, new)
    enums, owners = _enum_changes(old, new, moved)
    changes += enums
    precise |= owners
    changes += _description_changes(old, new, precise)
    changes += _error_changes(old, new)
    changes += _example_changes(old, new)
    return changes


def _items_changes(old: Operation, new: Operation) -> tuple[list[Change], set[str], set[str]]:
    """Added, removed and changed items; the keys changed precisely; the keys added/removed."""
    op = new.key
    changes: list[Change] = []
    old_items = {i.key: i for i in old.items}
    new_items = {i.key: i for i in new.items}
    gone = {k for k in old_items if k not in new_items}
    added = {k for k in new_items if k not in old_items}
    for key in sorted(gone, key=lambda k: old_items[k].line):
        item = old_items[key]
        changes.append(Change("field-removed", op, key, item.last, None, item.name, None, None))
    for key in sorted(added, key=lambda k: new_items[k].line):
        item = new_items[key]
        changes.append(
            Change("field-added", op, key, item.last, None, None, _summary(item), item.line)
        )
    precise: set[str] = set()
    for key in old_items.keys() & new_items.keys():
        found = _item_changes(op, old_items[key], new_items[key])
        changes += found
        if found:
            precise.add(key)
    return changes, precise, gone | added


def _enum_changes(old: Operation, new: Operation, moved: set[str]) -> tuple[list[Change], set[str]]:
    op = new.key
    changes: list[Change] = []
    touched: set[str] = set()
    owners = {f"{i.role}:{i.name}": i.key for i in [*old.items, *new.items]}
    old_enums = {e.key: e for e in old.enums}
    new_enums = {e.key: e for e in new.enums}
    for key in old_enums.keys() | new_enums.keys():
        before, after = old_enums.get(key), new_enums.get(key)
        entry = after or before
        assert entry is not None
        owner = owners.get(f"{entry.role}:{entry.field}", "")
        if owner in moved:
            continue
        name = entry.field.rsplit(".", 1)[-1]
        if before is None and after is not None:
            changes.append(
                Change(
                    "enum-value-added", op, key, name, after.value, None, after.meaning, after.line
                )
            )
        elif after is None and before is not None:
            changes.append(
                Change(
                    "enum-value-removed", op, key, name, before.value, before.meaning, None, None
                )
            )
        elif before is not None and after is not None and before.meaning != after.meaning:
            changes.append(
                Change(
                    "enum-meaning-changed",
                    op,
                    key,
                    name,
                    after.value,
                    before.meaning,
                    after.meaning,
                    after.line,
                )
            )
        else:
            continue
        touched.add(owner)
    return changes, touched


def _description_changes(old: Operation, new: Operation, precise: set[str]) -> list[Change]:
    op = new.key
    changes: list[Change] = []
    old_items = {i.key: i for i in old.items}
    new_items = {i.key: i for i in new.items}
    for key in old_items.keys() & new_items.keys():
        before_item, after_item = old_items[key], new_items[key]
        if key not in precise and before_item.description_sha != after_item.description_sha:
            changes.append(
                Change(
                    "description-changed",
                    op,
                    key,
                    after_item.last,
                    None,
                    f"sha256:{before_item.description_sha}",
                    after_item.description,
                    after_item.line,
                )
            )
    return changes


def _error_changes(old: Operation, new: Operation) -> list[Change]:
    op = new.key
    changes: list[Change] = []
    old_errors = {e.key: e for e in old.errors}
    new_errors = {e.key: e for e in new.errors}
    for key in old_errors.keys() | new_errors.keys():
        gone_error, new_error = old_errors.get(key), new_errors.get(key)
        if gone_error is None and new_error is not None:
            changes.append(
                Change(
                    "error-code-added",
                    op,
                    key,
                    None,
                    new_error.code,
                    None,
                    new_error.meaning,
                    new_error.line,
                )
            )
        elif new_error is None and gone_error is not None:
            changes.append(
                Change(
                    "error-code-removed",
                    op,
                    key,
                    None,
                    gone_error.code,
                    gone_error.meaning,
                    None,
                    None,
                )
            )
        elif gone_error and new_error and gone_error.meaning != new_error.meaning:
            changes.append(
                Change(
                    "description-changed",
                    op,
                    key,
                    None,
                    new_error.code,
                    gone_error.meaning,
                    new_error.meaning,
                    new_error.line,
                )
            )
    return changes


def _example_changes(old: Operation, new: Operation) -> list[Change]:
    op = new.key
    changes: list[Change] = []
    old_examples = {x.key: x for x in old.examples}
    new_examples = {x.key: x for x in new.examples}
    for key in old_examples.keys() | new_examples.keys():
        was, now = old_examples.get(key), new_examples.get(key)
        if was is not None and now is not None and _same_leaves(was.leaves, now.leaves):
            continue
        changes.append(
            Change(
                "example-changed",
                op,
                key,
                None,
                None,
                _leaf_dict(was.leaves) if was else None,
                _leaf_dict(now.leaves) if now else None,
                now.line if now else None,
            )
        )
    return changes


def _same_leaves(a: list[tuple[str, Any]], b: list[tuple[str, Any]]) -> bool:
    """Equal, or the same leaves in another order (JSON object keys carry no order).

    Leaves are flat ``(key, value)`` pairs without their path (the snapshot's format), so the
    price of ignoring key order is that a value moved between sibling objects under the same
    key (two array items swapping their ``status``) is not reported as an example change. Types,
    enums and constraints come from the tables, not the examples, so no such fact is lost.
    """
    if a == b:
        return True
    if len(a) != len(b):
        return False
    return Counter(map(_leaf_token, a)) == Counter(map(_leaf_token, b))


def _leaf_token(leaf: tuple[str, Any]) -> str:
    return json.dumps(list(leaf), ensure_ascii=False)


def _leaf_dict(leaves: list[tuple[str, Any]]) -> list[list[Any]]:
    return [[key, value] for key, value in leaves]


_ORDER = {kind: index for index, kind in enumerate(KINDS)}


def diff(old: Facts, new: Facts) -> list[Change]:
    """Every fact-level change from ``old`` to ``new``, grouped by endpoint, in a stable order."""
    changes: list[Change] = []
    old_ops = {o.key: o for o in old.operations}
    new_ops = {o.key: o for o in new.operations}
    for key in old_ops:
        if key not in new_ops:
            changes.append(
                Change("endpoint-removed", key, f"endpoint:{key}", None, None, key, None, None)
            )
    for key, operation in new_ops.items():
        if key not in old_ops:
            changes.append(
                Change(
                    "endpoint-added", key, f"endpoint:{key}", None, None, None, key, operation.line
                )
            )
            continue
        changes += _operation_changes(old_ops[key], operation)
    order = {key: index for index, key in enumerate([*new_ops, *old_ops])}
    changes.sort(key=lambda c: (order.get(c.operation, 0), c.line or 0, _ORDER[c.kind], c.fact))
    return changes
