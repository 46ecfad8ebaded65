"""Facts <-> spec audit: every fact of the snapshot agrees with the spec node that carries it.

For each parameter and field: a node exists, and its type, required flag, default,
constraints and unit agree. For each documented enum value: the spec lists it, lists no value
the document lacks, and describes it with the text that was reviewed against the document's
meaning (``spec-meaning`` in the snapshot). Every error code is in the spec's tables; every
document example is one of the spec's ``x-from-document`` examples, and every parameter of an
example URL is carried by the spec.

A disagreement is accepted only where the spec node (the node itself, the schema it ``$ref``s,
the object schema around it, or the operation) has an ``x-departures`` entry whose
``aspects`` name it; a fact with no node at all needs a departure on its operation that
names the field. Each problem gives the fact, the document line and the pointer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from codegen.sources.examples import value_leaves
from codegen.sources.model import CONSTRAINT_KEYWORDS, EnumValue, Item, Operation
from codegen.sources.snapshot import Snapshot
from codegen.sources.spec_map import SpecIndex, Target
from codegen.sources.text import json_types
from codegen.spec_checks.spec_walk import OperationRef

_UNIT_TEXT = {
    "ms": r"\bmilliseconds?\b|\bms\b",
    "s": r"(?<!milli)\bseconds?\b",
    "bytes": r"\bbytes?\b",
    "bits": r"\bbits?\b",
    "KB": r"\bkilobytes?\b|\bKB\b",
    "MB": r"\bmegabytes?\b|\bMB\b",
    "px": r"\bpixels?\b",
    "min": r"\bminutes?\b",
}


@dataclass(frozen=True, slots=True)
class Problem:
    vendor: str
    operation: str
    fact: str
    line: int | None
    pointer: str
    message: str

    def format(self) -> str:
        where = f"document line {self.line}" if self.line else "document"
        pointer = self.pointer or "(no spec node)"
        return (
            f"{self.vendor}: {self.operation}: {self.fact} ({where}) -> {pointer}: {self.message}"
        )


def schema_view(index: SpecIndex, target: Target) -> dict[str, Any]:
    """The keywords that apply at ``target``: its own, then those of what it ``$ref``s.

    A parameter contributes its ``schema``; a nullable ``anyOf`` contributes its non-null
    member. Keys nearer the target win.
    """
    view: dict[str, Any] = {}
    node: Any = target.node
    pointer = target.pointer
    if target.kind == "parameter" and isinstance(node, Mapping):
        view.update({k: v for k, v in node.items() if k not in ("schema", "$ref")})
        node, pointer = node.get("schema", {}), f"{pointer}/schema"
    for _ in range(8):
        if not isinstance(node, Mapping):
            break
        for key, value in node.items():
            if key not in ("$ref", "anyOf", "oneOf"):
                view.setdefault(key, value)
        members = [
            m
            for m in (node.get("anyOf") or node.get("oneOf") or [])
            if not (isinstance(m, Mapping) and m.get("type") == "null")
        ]
        if any(isinstance(m, Mapping) and m.get("type") == "null" for m in node.get("anyOf") or []):
            view.setdefault("x-nullable", True)
        if "$ref" in node:
            node, pointer = index.resolve(node, pointer)
        elif len(members) == 1:
            node = members[0]
        else:
            break
    return view


def spec_types(view: Mapping[str, Any], target: Target) -> frozenset[str]:
    if target.kind in ("security", "signing"):
        return frozenset({"string"})
    raw = view.get("type")
    types = {raw} if isinstance(raw, str) else set(raw or [])
    types.discard("null")
    if not types and isinstance(view.get("enum"), list):
        types = {"integer" if isinstance(v, int) else "string" for v in view["enum"]}
    return frozenset(str(t) for t in types)


def spec_enum_values(holder: Mapping[str, Any]) -> tuple[list[str], bool]:
    """The values a holder lists, and whether the list is closed (``enum``/``const``)."""
    if isinstance(holder.get("enum"), list):
        return [str(v) for v in holder["enum"]], True
    if "const" in holder:
        return [str(holder["const"])], True
    if isinstance(holder.get("x-value-ranges"), list):
        values = []
        for entry in holder["x-value-ranges"]:
            low, high = entry.get("min"), entry.get("max")
            values.append(str(low) if low == high else f"{low}-{high}")
        return values, False
    return [str(v) for v in holder.get("x-known-values") or []], False


def spec_meaning(holder: Mapping[str, Any], value: str) -> str | None:
    """The spec's description of ``value`` in its holder, if it has one."""
    values, _closed = spec_enum_values(holder)
    if value not in values:
        return None
    index = values.index(value)
    if isinstance(holder.get("x-value-ranges"), list) and "enum" not in holder:
        entry = holder["x-value-ranges"][index]
        return str(entry.get("description")) if entry.get("description") else None
    descriptions = holder.get("x-enum-descriptions")
    if isinstance(descriptions, list) and index < len(descriptions):
        return str(descriptions[index])
    return None


class Auditor:
    def __init__(self, snapshot: Snapshot, index: SpecIndex) -> None:
        self.snapshot = snapshot
        self.index = index
        self.problems: list[Problem] = []

    # --- departures -------------------------------------------------------------------------
    def _departures(self, pointers: Iterable[str]) -> Iterator[Mapping[str, Any]]:
        for pointer in pointers:
            node = self.index.node(pointer)
            candidates = [node]
            if isinstance(node, Mapping) and "$ref" in node:
                candidates.append(self.index.resolve(node, pointer)[0])
            if isinstance(node, Mapping) and isinstance(node.get("schema"), Mapping):
                candidates.append(self.index.resolve(node["schema"], pointer)[0])
            for candidate in candidates:
                if isinstance(candidate, Mapping):
                    for entry in candidate.get("x-departures") or []:
                        if isinstance(entry, Mapping):
                            yield entry

    def covered(self, aspect: str, pointers: Iterable[str], name: str | None = None) -> bool:
        for entry in self._departures(pointers):
            aspects = entry.get("aspects") or []
            if aspect not in aspects:
                continue
            if name is None:
                return True
            text = f"{entry.get('document', '')} {entry.get('spec', '')}"
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                return True
        return False

    def problem(self, op: Operation, fact: str, line: int | None, pointer: str, text: str) -> None:
        self.problems.append(Problem(self.snapshot.vendor, op.key, fact, line, pointer, text))

    # --- the audit --------------------------------------------------------------------------
    def run(self) -> list[Problem]:
        for op in self.snapshot.facts.operations:
            refs = self.index.operations_for(op)
            if not refs:
                if not self.covered("endpoint", ["", "/paths"], op.path or op.key):
                    self.problem(op, f"endpoint {op.key}", op.line, "/paths", "no spec operation")
                continue
            context = [r.pointer for r in refs]
            for item in op.items:
                self._item(op, item, context)
            self._enums(op, context)
            for error in op.errors:
                for ref in refs:
                    if self.index.error_code_pointers(op, error.code, ref) or self.covered(
                        "error-code", [ref.pointer], error.code
                    ):
                        continue
                    self.problem(
                        op,
                        f"error code {error.code}",
                        error.line,
                        f"{ref.pointer}/x-error-codes",
                        "not in x-error-codes, x-envelope.error-codes or success-codes",
                    )
            self._examples(op, refs)
        return self.problems

    def _item(self, op: Operation, item: Item, context: list[str]) -> None:
        fact = f"{item.role} {item.name}"
        targets = self.index.targets(op, item)
        if not targets:
            aspect = "parameter" if item.role == "parameter" else "field"
            if not self.covered(aspect, context, item.last):
                self.problem(
                    op,
                    fact,
                    item.line,
                    context[0],
                    f"no spec node carries it: add it, or an x-departures entry with aspects "
                    f"[{aspect}] naming {item.last!r} on the operation",
                )
            return
        for target in targets:
            self._agree(op, item, target, context, fact)

    def _agree(
        self, op: Operation, item: Item, target: Target, context: list[str], fact: str
    ) -> None:
        view = schema_view(self.index, target)
        near = [target.pointer, *([target.parent] if target.parent else []), *context]

        def disagree(aspect: str, message: str) -> None:
            if not self.covered(aspect, near):
                self.problem(op, fact, item.line, target.pointer, message)

        family = json_types(item.type)
        types = spec_types(view, target)
        if family is not None and types and not family & types:
            disagree("type", f"the document types it {item.type!r}, the spec {sorted(types)}")
        if (
            item.required is not None
            and target.kind != "signing"
            and target.required != item.required
        ):
            disagree(
                "required",
                f"the document says {'required' if item.required else 'optional'}, the spec "
                f"{'required' if target.required else 'optional'}",
            )
        if item.default is not None and str(view.get("default")) != item.default:
            disagree(
                "default",
                f"default {item.default!r} in the document, {view.get('default')!r} in the spec",
            )
        for key, value in item.constraints.items():
            problem = _constraint_problem(key, value, view)
            if problem:
                disagree("constraint", problem)
        if item.unit:
            text = f"{target.node.get('description', '')} {view.get('description', '')}"
            if not re.search(_UNIT_TEXT[item.unit], text, re.IGNORECASE):
                disagree(
                    "unit",
                    f"the document gives the unit {item.unit!r}; "
                    "the spec's description does not say it",
                )

    def _enums(self, op: Operation, context: list[str]) -> None:
        by_field: dict[tuple[str, str], list[EnumValue]] = {}
        for enum in op.enums:
            by_field.setdefault((enum.role, enum.field), []).append(enum)
        code_field = self.index.envelope_code_field()
        for (role, name), values in by_field.items():
            item = op.enum_item(role, name)
            fact = f"enum of {name}"
            if item is not None and item.last == code_field:
                for enum in values:
                    if not self.index.error_code_pointers(op, enum.value):
                        self.problem(
                            op,
                            f"{fact}: {enum.value}",
                            enum.line,
                            "/x-envelope",
                            "code not in the spec's code tables",
                        )
                continue
            targets = self.index.targets(op, item) if item else []
            if not targets:
                if not self.covered("enum", context, name.rsplit(".", 1)[-1]):
                    self.problem(
                        op,
                        fact,
                        values[0].line,
                        context[0],
                        "no spec node carries the field of these values",
                    )
                continue
            for target in targets:
                self._enum_target(op, fact, values, target, context)

    def _enum_target(
        self, op: Operation, fact: str, values: list[EnumValue], target: Target, context: list[str]
    ) -> None:
        holder = self.index.enum_holder(target)
        near = [target.pointer, *context]
        if holder is None:
            if not self.covered("enum", near):
                self.problem(
                    op,
                    fact,
                    values[0].line,
                    target.pointer,
                    "the document lists values; the spec node has no enum, x-value-ranges "
                    "or x-known-values",
                )
            return
        pointer, node = holder
        near.append(pointer)
        listed, closed = spec_enum_values(node)
        documented = {v.value for v in values}
        for enum in values:
            if enum.value not in listed:
                if not self.covered("enum", near):
                    self.problem(
                        op,
                        f"{fact}: {enum.value}",
                        enum.line,
                        pointer,
                        f"value {enum.value!r} ({enum.meaning}) is not in the spec",
                    )
                continue
            current = spec_meaning(node, enum.value)
            if current is None:
                continue
            if enum.spec_meaning is None:
                self.problem(
                    op,
                    f"{fact}: {enum.value}",
                    enum.line,
                    pointer,
                    "the meaning was never reviewed against the spec: run `sources refresh`",
                )
            elif enum.spec_meaning != current:
                self.problem(
                    op,
                    f"{fact}: {enum.value}",
                    enum.line,
                    pointer,
                    f"the spec's description changed since it was reviewed against the document's "
                    f"meaning {enum.meaning!r} (was {enum.spec_meaning!r}, now {current!r}): "
                    "review, "
                    "then `sources refresh`",
                )
        extra = [v for v in listed if v not in documented] if closed else []
        if extra and not self.covered("enum", near):
            self.problem(
                op,
                fact,
                values[0].line,
                pointer,
                f"the spec allows {extra}, which the document does not list",
            )

    def _examples(self, op: Operation, refs: list[OperationRef]) -> None:
        context = [r.pointer for r in refs]
        for example in op.examples:
            fact = f"{example.role} example {example.index} ({example.form})"
            if example.form == "query":
                for key, _value in example.leaves:
                    probe = Item("parameter", key, example.line, location="query")
                    if not self.index.targets(op, probe) and not self.covered(
                        "parameter", context, key
                    ):
                        self.problem(
                            op,
                            f"{fact}: {key}",
                            example.line,
                            context[0],
                            f"the example URL sends {key!r}; no parameter, security scheme or "
                            "signing parameter carries it",
                        )
                continue
            spec_examples = list(self.index.examples(op, example))
            if any(value_leaves(value) == example.leaves for _pointer, value in spec_examples):
                continue
            if not self.covered("example", context):
                pointer = spec_examples[0][0] if spec_examples else context[0]
                self.problem(
                    op,
                    fact,
                    example.line,
                    pointer,
                    "no x-from-document example of the spec has the same keys and values",
                )


def _constraint_problem(key: str, value: Any, view: Mapping[str, Any]) -> str | None:
    def same(a: Any, b: Any) -> bool:
        try:
            return float(a) == float(b)
        except (TypeError, ValueError):
            return str(a) == str(b)

    if key == "length":
        if not (same(view.get("minLength"), value) and same(view.get("maxLength"), value)):
            low, high = view.get("minLength"), view.get("maxLength")
            return f"the document fixes the length at {value}; the spec has {low}..{high}"
        return None
    if key == "const":
        fixed = view.get("x-fixed-value", view.get("const"))
        if fixed is None and isinstance(view.get("enum"), list) and len(view["enum"]) == 1:
            fixed = view["enum"][0]
        if str(fixed) != str(value):
            return f"the document fixes the value at {value!r}; the spec at {fixed!r}"
        return None
    spec_key = CONSTRAINT_KEYWORDS.get(key)
    if spec_key and not same(view.get(spec_key), value):
        return f"{key} {value} in the document, {spec_key} {view.get(spec_key)!r} in the spec"
    return None


def audit(snapshot: Snapshot, spec: Mapping[str, Any]) -> list[Problem]:
    return Auditor(snapshot, SpecIndex(spec, snapshot.mapping)).run()
