"""OpenAPI Overlay 1.0 documents: propose the mechanical part of a change, and apply one.

:func:`propose` turns the changes of ``sources check`` into overlay actions: a new field with
its type (and values, default, constraints), a new or removed enum value, a new or removed
error code, a changed type, default, constraint or required flag, a removed field. Text the
spec must say in its own words is marked ``REVIEW:`` for the maintainer; what cannot be
proposed mechanically (units, descriptions, examples, endpoints) is listed in
``info.description``. :func:`apply` applies an overlay with ``oas-patch`` (a maintained
Overlay 1.0/1.1 implementation) on a round-trip YAML tree, so comments, quoting and folded
lines of the spec stay as the maintainer wrote them.
"""

from __future__ import annotations

import copy
import difflib
import io
import json
import re
from collections.abc import Mapping
from typing import Any

import oas_patch
from ruamel.yaml import YAML
from ruamel.yaml.representer import RoundTripRepresenter

from codegen.breaking.cli import compare_documents
from codegen.sources.diff import Change
from codegen.sources.model import CONSTRAINT_KEYWORDS, EnumValue, Facts, Item, Operation
from codegen.sources.spec_map import SpecIndex
from codegen.sources.text import canonical_type, json_types
from codegen.spec_checks.house_rules import REVIEW_MARK
from mediatasks.errors import quote_input
from mediatasks.spec_io import pointer_tokens

OVERLAY_VERSION = "1.0.0"
_MECHANICAL_NONE = {
    "unit-changed",
    "description-changed",
    "example-changed",
    "endpoint-added",
    "endpoint-removed",
}


class OverlayError(Exception):
    """The overlay is not a valid Overlay 1.0 document, or an action cannot apply."""


def json_path(spec: Any, pointer: str) -> str:
    """The JSONPath (RFC 9535 normalized form) of a JSON Pointer into ``spec``."""
    path = "$"
    node = spec
    for token in pointer_tokens(pointer):
        if isinstance(node, list):
            path += f"[{int(token)}]"
            node = node[int(token)] if int(token) < len(node) else None
        else:
            escaped = token.replace("\\", "\\\\").replace("'", "\\'")
            path += f"['{escaped}']"
            node = node.get(token) if isinstance(node, Mapping) else None
    return path


_CONTAINERS: dict[str, dict[str, Any]] = {
    "array": {"items": {}},
    "object": {"additionalProperties": False, "properties": {}},
}


def _review(text: str) -> str:
    """Text the maintainer must rewrite in the spec's own words (the spec checks refuse it)."""
    return f"{REVIEW_MARK} {text}"


def constraint_keywords(constraints: Mapping[str, Any]) -> dict[str, Any]:
    """JSON Schema keywords for document constraints (``length`` fixes both bounds)."""
    keywords: dict[str, Any] = {}
    for key, value in constraints.items():
        if key == "length":
            keywords.update({"minLength": value, "maxLength": value})
        elif key in CONSTRAINT_KEYWORDS:
            keywords[CONSTRAINT_KEYWORDS[key]] = value
    return keywords


def json_type(doc_type: str | None) -> str:
    """The JSON Schema type to propose for a document type word."""
    family = json_types(doc_type) or frozenset({"string"})
    if family == frozenset({"number", "integer"}):
        return "number"
    return next(iter(family)) if len(family) == 1 else "string"


def _schema_for(item: Item, values: list[EnumValue]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": json_type(item.type)}
    if canonical_type(item.type) == "int64":
        schema["format"] = "int64"
    schema.update(_CONTAINERS.get(schema["type"], {}))
    schema["description"] = _review(f"describe in English. The document says: {item.description}")
    if item.unit:
        schema["description"] += f" (unit: {item.unit})"
    if values:
        schema["enum"] = [_typed(v.value, schema["type"]) for v in values]
        schema["x-enum-varnames"] = [_varname(v.value) for v in values]
        schema["x-enum-descriptions"] = [_review(v.meaning) for v in values]
    if item.default is not None:
        schema["default"] = _typed(item.default, schema["type"])
    schema.update(constraint_keywords(item.constraints))
    return schema


def _typed(value: str, json_type: Any) -> Any:
    if json_type in ("integer", "number") and re.fullmatch(r"-?\d+", value):
        return int(value)
    return value


def _varname(value: str) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "_", value).strip("_").upper()
    return f"VALUE_{name}" if not name or name[0].isdigit() or value.startswith("-") else name


class _Proposer:
    def __init__(self, index: SpecIndex, old: Facts, new: Facts) -> None:
        self.index = index
        self.old = old
        self.new = new
        self.actions: list[dict[str, Any]] = []
        self.review: list[str] = []

    def path(self, pointer: str) -> str:
        return json_path(self.index.spec, pointer)

    def add(self, pointer: str, description: str, **action: Any) -> None:
        self.actions.append({"target": self.path(pointer), "description": description, **action})

    def rewrite_list(self, owner: str, key: str, values: list[Any], why: str) -> None:
        """Replace a list (Overlay 1.0 can only append): remove it, then set it anew."""
        node = self.index.node(owner) or {}
        if key in node:
            self.add(f"{owner}/{key}", f"{why} (1/2: drop the old list)", remove=True)
        self.add(owner, f"{why} (2/2: the new list)", update={key: values})

    def item_of(self, change: Change) -> tuple[Operation, Item] | None:
        for facts in (self.new, self.old):
            operation = facts.operation(change.operation)
            item = operation.item(change.fact) if operation else None
            if operation and item:
                return operation, item
        return None

    # --- one change -----------------------------------------------------------------------
    def change(self, change: Change) -> None:
        label = f"{change.kind} {change.field or change.value or ''}".strip()
        if change.kind in _MECHANICAL_NONE or not change.pointers:
            before, after = quote_input(change.before, 60), quote_input(change.after, 60)
            self.review.append(f"{label} (line {change.line}): {before} -> {after}")
            return
        handler = getattr(self, "_" + change.kind.replace("-", "_"), None)
        if handler is None:
            self.review.append(f"{label}: no mechanical proposal")
            return
        handler(change, label)

    def _field_added(self, change: Change, label: str) -> None:
        found = self.item_of(change)
        if found is None:
            return
        operation, item = found
        values = [e for e in operation.enums if e.field == item.name and e.role == item.role]
        schema = _schema_for(item, values)
        for container in change.pointers:
            node = self.index.node(container) or {}
            if container.endswith("/parameters"):
                parameter = {
                    "name": item.last,
                    "in": item.location,
                    "required": bool(item.required),
                    "description": schema.pop("description"),
                    "schema": schema,
                }
                self.add(container, label, update=[parameter])
                continue
            if "properties" in node:
                self.add(f"{container}/properties", label, update={item.last: schema})
            else:
                self.add(container, label, update={"properties": {item.last: schema}})
            if item.required:
                required = [*(node.get("required") or []), item.last]
                self.rewrite_list(container, "required", required, f"{label}: required")

    def _field_removed(self, change: Change, label: str) -> None:
        for pointer in change.pointers:
            self.add(pointer, label, remove=True)
            parent, _, name = pointer.rpartition("/properties/")
            node = self.index.node(parent) if parent else None
            if isinstance(node, Mapping) and name in (node.get("required") or []):
                rest = [n for n in node["required"] if n != name]
                self.rewrite_list(parent, "required", rest, f"{label}: no longer required")

    def _type_changed(self, change: Change, label: str) -> None:
        found = self.item_of(change)
        family = json_types(change.after)
        if found is None or family is None:
            self.review.append(f"{label}: {change.before} -> {change.after}")
            return
        schema = _schema_for(found[1], [])
        for pointer in change.pointers:
            node = self.index.node(pointer) or {}
            at = f"{pointer}/schema" if "in" in node and "schema" in node else pointer
            if "$ref" in (self.index.node(at) or {}):
                self.review.append(f"{label}: {at} is a $ref; change the referenced schema")
                continue
            self.add(at, label, update={"type": schema["type"]})
            target = self.index.node(at) or {}
            if "format" in target and target["format"] != schema.get("format"):
                self.add(f"{at}/format", f"{label}: the old format does not fit", remove=True)

    def _required_changed(self, change: Change, label: str) -> None:
        for pointer in change.pointers:
            node = self.index.node(pointer) or {}
            if "in" in node and "name" in node:
                self.add(pointer, label, update={"required": bool(change.after)})
                continue
            parent, _, name = pointer.rpartition("/properties/")
            owner = self.index.node(parent) if parent else None
            if not isinstance(owner, Mapping):
                self.review.append(f"{label}: {pointer} is not a property or parameter")
                continue
            listed = [n for n in owner.get("required") or [] if n != name]
            if change.after:
                listed.append(name)
            self.rewrite_list(parent, "required", listed, label)

    def _scalar_update(self, change: Change, label: str, values: dict[str, Any]) -> None:
        for pointer in change.pointers:
            node = self.index.node(pointer) or {}
            at = f"{pointer}/schema" if "in" in node and "schema" in node else pointer
            self.add(at, label, update=values)

    def _default_changed(self, change: Change, label: str) -> None:
        found = self.item_of(change)
        json_type = _schema_for(found[1], []).get("type") if found else None
        if change.after is None:
            for pointer in change.pointers:
                self.add(f"{pointer}/default", label, remove=True)
            return
        self._scalar_update(change, label, {"default": _typed(str(change.after), json_type)})

    def _constraint_changed(self, change: Change, label: str) -> None:
        before = change.before or {}
        after = change.after or {}
        update = constraint_keywords(after)
        if update:
            self._scalar_update(change, label, update)
        for key in set(before) - set(after):
            self.review.append(f"{label}: the document no longer states {key} {before[key]}")

    def _enum_value_added(self, change: Change, label: str) -> None:
        for pointer in change.pointers:
            holder = self.index.node(pointer) or {}
            value = change.value or ""
            if isinstance(holder.get("enum"), list):
                ints = all(isinstance(v, int) for v in holder["enum"])
                self.add(
                    f"{pointer}/enum",
                    label,
                    update=[int(value) if ints and re.fullmatch(r"-?\d+", value) else value],
                )
                if "x-enum-varnames" in holder:
                    self.add(f"{pointer}/x-enum-varnames", label, update=[_varname(value)])
                if "x-enum-descriptions" in holder:
                    self.add(
                        f"{pointer}/x-enum-descriptions", label, update=[_review(str(change.after))]
                    )
            elif isinstance(holder.get("x-value-ranges"), list):
                low, _, high = (
                    value.partition("-") if not value.startswith("-") else (value, "", "")
                )
                entry = {
                    "min": int(low),
                    "max": int(high or low),
                    "name": _varname(value),
                    "description": _review(str(change.after)),
                }
                self.add(f"{pointer}/x-value-ranges", label, update=[entry])
            elif isinstance(holder.get("x-known-values"), list):
                self.add(f"{pointer}/x-known-values", label, update=[value])
            else:
                self.review.append(f"{label}: {pointer} lists no values")

    def _enum_value_removed(self, change: Change, label: str) -> None:
        for pointer in change.pointers:
            holder = self.index.node(pointer) or {}
            values = [str(v) for v in holder.get("enum") or []]
            if (change.value or "") not in values:
                self.review.append(f"{label}: {pointer} does not list it")
                continue
            position = values.index(change.value or "")
            for key in ("enum", "x-enum-varnames", "x-enum-descriptions"):
                if isinstance(holder.get(key), list) and position < len(holder[key]):
                    kept = [v for i, v in enumerate(holder[key]) if i != position]
                    self.rewrite_list(pointer, key, kept, label)

    def _enum_meaning_changed(self, change: Change, label: str) -> None:
        for pointer in change.pointers:
            holder = self.index.node(pointer) or {}
            values = [str(v) for v in holder.get("enum") or []]
            texts = holder.get("x-enum-descriptions")
            ranges = holder.get("x-value-ranges")
            if isinstance(ranges, list) and "enum" not in holder:
                labels = [
                    str(r.get("min"))
                    if r.get("min") == r.get("max")
                    else f"{r.get('min')}-{r.get('max')}"
                    for r in ranges
                ]
                if change.value in labels:
                    entries = [dict(r) for r in ranges]
                    entries[labels.index(change.value or "")]["description"] = _review(
                        f"the document now says {change.after!r} (was {change.before!r})"
                    )
                    self.rewrite_list(pointer, "x-value-ranges", entries, label)
                    continue
            if change.value in values and isinstance(texts, list):
                position = values.index(change.value or "")
                new_texts = list(texts)
                new_texts[position] = _review(
                    f"the document now says {change.after!r} (was {change.before!r})"
                )
                self.rewrite_list(pointer, "x-enum-descriptions", new_texts, label)
            else:
                self.review.append(
                    f"{label}: {change.before!r} -> {change.after!r}; edit {pointer}"
                )

    def _error_code_added(self, change: Change, label: str) -> None:
        code = change.value or ""
        entry = {
            "code": int(code) if re.fullmatch(r"-?\d+", code) else code,
            "name": f"CODE_{code.lstrip('-')}",
            "kind": "other",
            "description": _review(f"describe in English. The document says: {change.after}"),
            "documented": True,
        }
        for pointer in change.pointers:
            node = self.index.node(pointer)
            if pointer.endswith("/x-error-codes") and node is None:
                parent = pointer.rsplit("/", 1)[0]
                self.add(parent, label, update={"x-error-codes": [entry]})
            elif isinstance(node, list):
                self.add(pointer, label, update=[entry])
            else:
                self.review.append(f"{label}: already at {pointer}")

    def _error_code_removed(self, change: Change, label: str) -> None:
        for pointer in sorted(
            change.pointers,
            key=lambda p: int(p.rsplit("/", 1)[-1]) if p.rsplit("/", 1)[-1].isdigit() else 0,
            reverse=True,
        ):
            if "/x-error-codes/" in pointer:
                self.add(pointer, label, remove=True)


def _suggested_version(
    vendor: str, spec: Mapping[str, Any], actions: list[dict[str, Any]]
) -> str | None:
    """The ``info.version`` the proposed spec needs, as ``make breaking`` classifies the change
    (one rule set: codegen.breaking), from the spec with ``actions`` applied in memory."""
    proposed = copy.deepcopy(dict(spec))
    oas_patch.apply_overlay(proposed, {"actions": copy.deepcopy(actions)})
    return compare_documents(vendor, dict(spec), proposed).suggested_version


def propose(
    vendor: str, document: str, changes: list[Change], *, index: SpecIndex, old: Facts, new: Facts
) -> dict[str, Any]:
    """An Overlay 1.0 document with the mechanical part of ``changes``."""
    proposer = _Proposer(index, old, new)
    for change in changes:
        proposer.change(change)
    info = index.spec.get("info") or {}
    version = str(info.get("version", "0.0.0"))
    bumped = _suggested_version(vendor, index.spec, proposer.actions) if proposer.actions else None
    if bumped is not None and bumped != version:
        proposer.add(
            "/info",
            _review("the version bump `make breaking` asks for the changes above"),
            update={"version": bumped},
        )
    lines = [f"Proposed by `python -m codegen sources check {vendor} {document} --overlay`."]
    lines += (
        ["Also review by hand:"] + [f"- {r}" for r in proposer.review] if proposer.review else []
    )
    return {
        "overlay": OVERLAY_VERSION,
        "info": {
            "title": f"{vendor}: follow the updated vendor document",
            "version": "1.0.0",
            "description": "\n".join(lines),
        },
        "extends": f"specs/{vendor}/openapi.yaml",
        "actions": proposer.actions,
    }


# --- applying ----------------------------------------------------------------------------


def _represent_none(representer: RoundTripRepresenter, _data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(type(None), _represent_none)
    return yaml


def _joined(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines)


def _merge_block(before: list[str], after: list[str]) -> list[str]:
    """A changed block: keep ``before`` where ``after`` only refolded it (as prefix or suffix)."""
    target = _joined(before)
    if not before or target == _joined(after):
        return before if before else after
    for cut in range(1, len(after)):
        if _joined(after[:cut]) == target:
            return before + after[cut:]
        if _joined(after[cut:]) == target:
            return after[:cut] + before
    return after


def _refold(original: str, dumped: str) -> str:
    """``dumped``, with every untouched block of ``original`` kept exactly as written."""
    before, after = original.splitlines(), dumped.splitlines()
    merged: list[str] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            merged += before[i1:i2]
        else:
            merged += _merge_block(before[i1:i2], after[j1:j2])
    return "\n".join(merged) + "\n"


def check_overlay(overlay: Any) -> None:
    if not isinstance(overlay, Mapping):
        raise OverlayError("the overlay must be a mapping")
    if not str(overlay.get("overlay", "")).startswith("1."):
        raise OverlayError(f"unsupported overlay version {overlay.get('overlay')!r} (1.x only)")
    actions = overlay.get("actions")
    if not isinstance(actions, list) or not actions:
        raise OverlayError("the overlay has no actions")
    for number, action in enumerate(actions):
        if not isinstance(action, Mapping) or not isinstance(action.get("target"), str):
            raise OverlayError(f"action {number}: needs a target (a JSONPath string)")
        if not action["target"].startswith("$"):
            raise OverlayError(f"action {number}: target {action['target']!r} is not a JSONPath")
        if ("update" in action) == bool(action.get("remove")):
            raise OverlayError(f"action {number}: give exactly one of update and remove: true")


def _plain(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def apply(spec_text: str, overlay: Mapping[str, Any]) -> str:
    """The spec text with ``overlay`` applied; untouched lines stay byte for byte.

    Actions run in order, one at a time, so an action that selects nothing or changes
    nothing is reported by number instead of being skipped silently.
    """
    check_overlay(overlay)
    yaml = _yaml()
    document = yaml.load(spec_text)
    for number, action in enumerate(overlay["actions"]):
        before = _plain(document)
        try:
            oas_patch.apply_overlay(document, {"actions": [dict(action)]})
        except Exception as exc:  # the JSONPath parser raises its own error types
            raise OverlayError(f"action {number}: target {action['target']!r}: {exc}") from exc
        if _plain(document) == before:
            raise OverlayError(
                f"action {number}: target {action['target']!r} selects nothing or changes nothing"
            )
    out = io.StringIO()
    yaml.dump(document, out)
    return _refold(spec_text, out.getvalue())
