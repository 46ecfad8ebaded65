"""Compare two resolved JSON Schemas in one direction (request or response).

Every rule is phrased as "the set of valid values narrowed / widened" and handed to
:func:`verdict_for`, so request and response sides cannot drift apart. Nullable written as
``anyOf: [X, {type: 'null'}]`` and as ``type: [X, 'null']`` compare equal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from codegen.breaking.model import Change, Side, verdict_for

__all__ = ["SchemaDiff"]

_LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_DOC_KEYS = ("description", "summary", "examples", "example", "$comment", "deprecated")
#: Member names of generated enums (openapi-python-client and datamodel-code-generator).
_VARNAMES = "x-enum-varnames"
# Keywords some rule below looks at; a change to any other keyword is reported as unclassified.
_HANDLED = frozenset(
    {
        *_DOC_KEYS,
        *_LOWER_BOUNDS,
        *_UPPER_BOUNDS,
        "pattern",
        "multipleOf",
        "title",
        "default",
        "format",
        "type",
        "enum",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "anyOf",
        "oneOf",
    }
)


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _types(schema: dict[str, Any]) -> frozenset[str] | None:
    """The allowed JSON types, or None when the schema does not restrict them."""
    raw = schema.get("type")
    if isinstance(raw, str):
        return frozenset({raw})
    if isinstance(raw, list):
        return frozenset(str(t) for t in raw)
    if "properties" in schema:
        return frozenset({"object"})
    return None


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    """Whether every type in ``narrow`` is allowed by ``wide`` (integer counts as number)."""
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _fold_nullable(result: dict[str, Any]) -> dict[str, Any]:
    """``anyOf``/``oneOf: [X, {type: 'null'}]`` as X with null added to its type and enum."""
    for union in ("anyOf", "oneOf"):
        branches = result.get(union)
        if not isinstance(branches, list):
            continue
        nulls = [b for b in branches if isinstance(b, dict) and b.get("type") == "null"]
        rest = [b for b in branches if b not in nulls]
        if not nulls or len(rest) != 1:
            continue
        inner = _normalise(rest[0])
        types = _types(inner)
        if types is None and "enum" not in inner:
            continue  # no type list can say "inner or null": compare the union as it is
        merged = {**inner, **{k: v for k, v in result.items() if k not in inner and k != union}}
        if types is not None:
            merged["type"] = sorted(types | {"null"})
        if "enum" in inner and None not in inner["enum"]:
            # The null branch admits null even where the other branch lists its values.
            merged["enum"] = [*inner["enum"], None]
        result = merged
    return result


def _merge_all_of(result: dict[str, Any]) -> dict[str, Any]:
    parts = result.pop("allOf", None)
    if isinstance(parts, list):
        for part in map(_normalise, parts):
            props = {**part.get("properties", {}), **result.get("properties", {})}
            required = sorted({*part.get("required", []), *result.get("required", [])})
            result = {**part, **result}
            if props:
                result["properties"] = props
            if required:
                result["required"] = required
    return result


def _normalise(schema: Any) -> dict[str, Any]:
    """Fold nullable unions and allOf into one schema so equivalent spellings compare equal."""
    if not isinstance(schema, dict):
        return {} if schema is True or schema is None else {"not": {}}
    result = _merge_all_of(_fold_nullable(dict(schema)))
    if "const" in result and "enum" not in result:
        result["enum"] = [result.pop("const")]
    types = _types(result)
    if types and "null" in types and "enum" in result and None not in result["enum"]:
        # ``type: [X, 'null']`` with an enum is read as nullable, as both generators read it.
        result["enum"] = [*result["enum"], None]
    return result


def _extra_schema(value: Any) -> Any:
    """``additionalProperties`` as a schema (``true`` and absent mean any value)."""
    return {} if value is True else value


@dataclass
class SchemaDiff:
    """Collects the changes between two schemas of one operation, on one side."""

    side: Side
    operation: str
    changes: list[Change] = field(default_factory=list)

    def add(self, where: str, rule: str, detail: str, *, breaking: bool) -> None:
        self.changes.append(Change(self.side, self.operation, where, rule, detail, breaking))

    def directed(self, where: str, rule: str, detail: str, *, narrows: bool) -> None:
        self.add(where, rule, detail, breaking=verdict_for(self.side, narrows=narrows))

    def compare(self, old_raw: Any, new_raw: Any, where: str) -> None:
        old, new = _normalise(old_raw), _normalise(new_raw)
        if _key(old) == _key(new):
            return
        self._documentation(old, new, where)
        self._type(old, new, where)
        self._enum(old, new, where)
        self._bounds(old, new, where)
        self._object(old, new, where)
        items_old, items_new = old.get("items"), new.get("items")
        if items_old is not None or items_new is not None:
            self.compare(items_old or {}, items_new or {}, f"{where}[]")
        self._branches(old, new, where)
        self._unclassified(old, new, where)

    def _unclassified(self, old: dict[str, Any], new: dict[str, Any], where: str) -> None:
        """Keywords no rule understands (``uniqueItems``, ``readOnly``, ``not``, ...) that changed.

        Reported as breaking: a change the classifier cannot judge must not pass silently.
        """
        changed = [
            k
            for k in sorted({*old, *new})
            if k not in _HANDLED and not k.startswith("x-") and _key(old.get(k)) != _key(new.get(k))
        ]
        for name in changed:
            detail = f"{name} {_key(old.get(name))} -> {_key(new.get(name))}"
            self.add(where, "unclassified keyword changed", detail, breaking=True)

    def _documentation(self, old: dict[str, Any], new: dict[str, Any], where: str) -> None:
        if old.get("title") != new.get("title"):
            # Generated class names come from the title; without one they come from the
            # component key or the place of use, so adding or dropping a title renames too.
            self.add(
                where,
                "schema renamed",
                f"title {old.get('title')} -> {new.get('title')} (generated class names change)",
                breaking=True,
            )
        changed = [
            k
            for k in sorted({*old, *new})
            if (k in _DOC_KEYS or k.startswith("x-"))
            and k != _VARNAMES  # generated identifiers: _enum_names and _enum judge them
            and _key(old.get(k)) != _key(new.get(k))
        ]
        if changed:
            self.add(where, "documentation changed", ", ".join(changed), breaking=False)
        self._enum_names(old, new, where)
        if _key(old.get("default")) != _key(new.get("default")):
            detail = f"default {old.get('default')!r} -> {new.get('default')!r}"
            self.add(where, "default changed", detail, breaking=False)
        if old.get("format") != new.get("format"):
            detail = f"format {old.get('format')} -> {new.get('format')}"
            if old.get("format") is None:
                self.directed(where, "format added", detail, narrows=True)
            elif new.get("format") is None:
                self.directed(where, "format removed", detail, narrows=False)
            else:
                self.add(where, "format changed", detail, breaking=True)

    def _enum_names(self, old: dict[str, Any], new: dict[str, Any], where: str) -> None:
        """A renamed x-enum-varnames member renames a generated identifier."""
        names_old, names_new = old.get(_VARNAMES) or [], new.get(_VARNAMES) or []
        values_old, values_new = old.get("enum") or [], new.get("enum") or []
        before = {_key(v): n for v, n in zip(values_old, names_old, strict=False)}
        after = {_key(v): n for v, n in zip(values_new, names_new, strict=False)}
        renamed = [
            f"{before[k]} -> {after[k]}" for k in before if k in after and before[k] != after[k]
        ]
        if renamed:
            self.add(where, "enum member renamed", ", ".join(renamed), breaking=True)

    def _type(self, old: dict[str, Any], new: dict[str, Any], where: str) -> None:
        before, after = _types(old), _types(new)
        if before == after:
            return
        detail = (
            f"type {sorted(before) if before else 'any'} -> {sorted(after) if after else 'any'}"
        )
        if _covers(before, after):
            self.directed(where, "type narrowed", detail, narrows=True)
        elif _covers(after, before):
            self.directed(where, "type widened", detail, narrows=False)
        else:
            self.add(where, "type changed", detail, breaking=True)

    def _enum(self, old: dict[str, Any], new: dict[str, Any], where: str) -> None:
        before, after = old.get("enum"), new.get("enum")
        if before is None and after is None:
            return
        if before is None:
            self.directed(where, "enum added", f"now one of {after}", narrows=True)
            return
        if after is None:
            self.directed(where, "enum dropped", f"was one of {before}", narrows=False)
            return
        old_keys, new_keys = {_key(v): v for v in before}, {_key(v): v for v in after}
        removed = [old_keys[k] for k in old_keys if k not in new_keys]
        added = [new_keys[k] for k in new_keys if k not in old_keys]
        side = self.side.value
        if removed:
            self.directed(where, f"{side} enum value removed", f"{removed}", narrows=True)
            self._members_removed(old, removed, where)
        if self.side is not Side.RESPONSE:
            if added:
                self.directed(where, f"{side} enum value added", f"{added}", narrows=False)
            return
        values = [value for value in added if value is not None]
        if values:
            # Generated enums keep an unknown value as an UNDOCUMENTED member and the runtime
            # maps it to UNKNOWN (tolerant readers): old clients take the new value.
            detail = f"{values}: old clients keep it as an UNDOCUMENTED member"
            self.add(where, f"{side} enum value added", detail, breaking=False)
        if None in added:
            # A null is no such value: a field typed without None may now be None.
            self.directed(where, f"{side} enum value added", "[None]", narrows=False)

    def _members_removed(self, old: dict[str, Any], removed: list[Any], where: str) -> None:
        """Each enum value is a member of a generated enum class (``x-enum-varnames`` names it,
        else the generator derives one, e.g. ``VALUE_4``): code that names it stops importing,
        whichever side the value travels on. Breaking for generated-code users even where the
        wire change alone is not (a response that no longer sends a value)."""
        if self.side is Side.REQUEST:
            return  # the wire rule above already breaks; one row is enough
        names = dict(zip(map(_key, old.get("enum") or []), old.get(_VARNAMES) or [], strict=False))
        members = [names.get(_key(v)) or f"the member for {v!r}" for v in removed if v is not None]
        if members:
            detail = f"generated enum loses {', '.join(members)} (code that names it breaks)"
            self.add(where, "enum member removed", detail, breaking=True)

    def _bounds(self, old: dict[str, Any], new: dict[str, Any], where: str) -> None:
        for name in (*_LOWER_BOUNDS, *_UPPER_BOUNDS, "pattern", "multipleOf"):
            a, b = old.get(name), new.get(name)
            if a == b:
                continue
            detail = f"{name} {a} -> {b}"
            if a is None or b is None:
                self.directed(
                    where,
                    f"constraint {name} {'added' if a is None else 'removed'}",
                    detail,
                    narrows=a is None,
                )
            elif (
                name in _LOWER_BOUNDS and isinstance(a, int | float) and isinstance(b, int | float)
            ):
                self.directed(where, f"constraint {name} changed", detail, narrows=b > a)
            elif (
                name in _UPPER_BOUNDS and isinstance(a, int | float) and isinstance(b, int | float)
            ):
                self.directed(where, f"constraint {name} changed", detail, narrows=b < a)
            else:
                self.add(where, f"constraint {name} changed", detail, breaking=True)

    def _object(self, old: dict[str, Any], new: dict[str, Any], where: str) -> None:
        props_old: dict[str, Any] = old.get("properties") or {}
        props_new: dict[str, Any] = new.get("properties") or {}
        req_old, req_new = set(old.get("required") or []), set(new.get("required") or [])
        prefix = f"{where} " if where.endswith(":") else f"{where}." if where else ""
        for name in sorted(set(props_old) - set(props_new)):
            rule = "field removed"
            detail = "clients lose it" if self.side is Side.RESPONSE else "closed object rejects it"
            self.add(f"{prefix}{name}", rule, detail, breaking=True)
        for name in sorted(set(props_new) - set(props_old)):
            required = name in req_new
            if self.side is Side.REQUEST:
                rule = "required field added" if required else "optional field added"
                self.add(f"{prefix}{name}", rule, "new", breaking=required)
            else:
                # Answer objects are generated open even where the spec closes them (tolerant
                # readers, codegen/generate/tolerance.py): old clients keep the new field.
                closed = old.get("additionalProperties", True) is False
                detail = "old clients keep it (additional property)" if closed else "open object"
                self.add(f"{prefix}{name}", "field added", detail, breaking=False)
        for name in sorted(set(props_old) & set(props_new)):
            was, now = name in req_old, name in req_new
            if was and not now:
                self.directed(f"{prefix}{name}", "made optional", "was required", narrows=False)
            elif now and not was:
                self.directed(f"{prefix}{name}", "made required", "was optional", narrows=True)
            self.compare(props_old[name], props_new[name], f"{prefix}{name}")
        extra_old = old.get("additionalProperties", True) is not False
        extra_new = new.get("additionalProperties", True) is not False
        if extra_old != extra_new and self.side is Side.RESPONSE and not extra_old:
            # Generated answer models are open either way: nothing changes for a client.
            self.add(where, "object opened", "answer models were open already", breaking=False)
        elif extra_old != extra_new:
            rule = "object closed" if extra_old else "object opened"
            self.directed(where, rule, "additionalProperties", narrows=extra_old)
        elif extra_old:
            self.compare(
                _extra_schema(old.get("additionalProperties", True)),
                _extra_schema(new.get("additionalProperties", True)),
                f"{prefix}{{*}}",
            )

    def _branches(self, old: dict[str, Any], new: dict[str, Any], where: str) -> None:
        for union in ("anyOf", "oneOf"):
            before, after = old.get(union) or [], new.get(union) or []
            for index in range(min(len(before), len(after))):
                self.compare(before[index], after[index], f"{where}<{union}[{index}]>")
            if len(after) > len(before):
                self.directed(
                    where, f"{union} branch added", f"{len(before)} -> {len(after)}", narrows=False
                )
            elif len(after) < len(before):
                self.directed(
                    where, f"{union} branch removed", f"{len(before)} -> {len(after)}", narrows=True
                )
