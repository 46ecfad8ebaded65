"""Which spec nodes carry a fact: derived by walking the spec, explicit only where it must be.

* An endpoint maps to the spec operations with its path (query string dropped: ZEGO's
  ``/?Action=X`` is path ``/``) and one of its methods; a document without a path or method
  matches on what it has.
* A parameter maps to an operation parameter of that name, a request-body property (through
  ``$ref``, ``anyOf``, ``items``), a security scheme sending it (apiKey ``name``, an http scheme
  for ``Authorization``) or a signing parameter in ``x-signing.parameters``.
* A response field maps to the property whose path in the response schema ends with the
  document's dotted path (``Data.RecordFiles.UserId``; arrays add no segment); when several
  do, the shortest wins.
* Enum values map to the schema that holds ``enum`` / ``x-value-ranges`` / ``x-known-values``.
* Error codes map to ``x-error-codes`` entries, ``x-envelope.error-codes`` or success codes.

An explicit link in the snapshot's ``mapping`` replaces the derived result for its fact.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from codegen.sources.model import Example, Item, Operation
from codegen.sources.snapshot import ExplicitLink
from codegen.spec_checks.spec_walk import OperationRef, operations
from mediatasks.spec_io import RefError, follow_to, join_pointer, pointer_tokens, resolve_pointer

ENUM_KEYS = ("enum", "x-value-ranges", "x-known-values", "const")


@dataclass(frozen=True, slots=True)
class Target:
    """A spec node that carries a parameter or field."""

    pointer: str
    node: Mapping[str, Any]
    required: bool
    kind: str  # property | parameter | security | signing
    parent: str | None = None  # pointer of the object schema holding a property


@dataclass(frozen=True, slots=True)
class PropertyRef:
    path: tuple[str, ...]
    pointer: str
    node: Mapping[str, Any]
    parent: str
    required: bool


class SpecIndex:
    """One spec and the lookups the audit, the diff and the overlay need."""

    def __init__(self, spec: Mapping[str, Any], links: Sequence[ExplicitLink] = ()) -> None:
        self.spec = spec
        self.links = list(links)
        self.operations = list(operations(spec))

    # --- generic helpers ------------------------------------------------------------------
    def node(self, pointer: str) -> Any:
        return resolve_pointer(self.spec, pointer, None)

    def resolve(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Follow local ``$ref`` chains (bounded) to the node they name (a reference that does
        not resolve, which the spec checks report, leaves ``node`` as it is)."""
        try:
            return follow_to(self.spec, node, pointer, limit=16)
        except RefError:
            return node, pointer

    def properties(self, schema: Any, pointer: str) -> Iterator[PropertyRef]:
        yield from self._walk(schema, pointer, (), frozenset())

    def _walk(
        self, schema: Any, pointer: str, prefix: tuple[str, ...], seen: frozenset[str]
    ) -> Iterator[PropertyRef]:
        schema, pointer = self.resolve(schema, pointer)
        if not isinstance(schema, Mapping) or pointer in seen:
            return
        seen = seen | {pointer}
        for key in ("anyOf", "oneOf", "allOf"):
            for index, member in enumerate(schema.get(key) or []):
                yield from self._walk(member, join_pointer(pointer, key, index), prefix, seen)
        if "items" in schema:
            yield from self._walk(schema["items"], join_pointer(pointer, "items"), prefix, seen)
        required = set(schema.get("required") or [])
        for name, prop in (schema.get("properties") or {}).items():
            here = join_pointer(pointer, "properties", name)
            path = (*prefix, str(name))
            if isinstance(prop, Mapping):
                yield PropertyRef(path, here, prop, pointer, name in required)
                yield from self._walk(prop, here, path, seen)

    # --- operations -----------------------------------------------------------------------
    def link(self, operation: Operation, fact: str | None) -> ExplicitLink | None:
        return next(
            (x for x in self.links if x.operation == operation.key and x.fact == fact), None
        )

    def operations_for(self, operation: Operation) -> list[OperationRef]:
        explicit = self.link(operation, None)
        if explicit:
            return [o for o in self.operations if o.pointer in explicit.pointers]
        path = operation.path.split("?", 1)[0] if operation.path else None
        methods = {m.lower() for m in (operation.method or "").split("/") if m}
        return [
            ref
            for ref in self.operations
            if (path is None or ref.path == path) and (not methods or ref.method in methods)
        ]

    def _media_schemas(self, container: Any, pointer: str) -> Iterator[tuple[str, Any, str]]:
        container, pointer = self.resolve(container, pointer)
        if not isinstance(container, Mapping):
            return
        for media, entry in (container.get("content") or {}).items():
            if isinstance(entry, Mapping) and "schema" in entry:
                yield media, entry, join_pointer(pointer, "content", media)

    def request_media(self, ref: OperationRef) -> Iterator[tuple[str, Any, str]]:
        body = ref.operation.get("requestBody")
        if body is not None:
            yield from self._media_schemas(body, join_pointer(ref.pointer, "requestBody"))

    def response_media(self, ref: OperationRef) -> Iterator[tuple[str, Any, str]]:
        responses = ref.operation.get("responses") or {}
        for status in ("200", "201", "default"):
            if status in responses:
                at = join_pointer(ref.pointer, "responses", status)
                yield from self._media_schemas(responses[status], at)
                return

    def parameters(self, ref: OperationRef) -> Iterator[tuple[str, Mapping[str, Any]]]:
        item_pointer = join_pointer("/paths", ref.path)
        item = self.node(item_pointer) or {}
        for base, params in (
            (item_pointer, item.get("parameters")),
            (ref.pointer, ref.operation.get("parameters")),
        ):
            for index, raw in enumerate(params or []):
                node, pointer = self.resolve(raw, join_pointer(base, "parameters", index))
                if isinstance(node, Mapping):
                    yield pointer, node

    def security_schemes(self, ref: OperationRef) -> Iterator[tuple[str, Mapping[str, Any]]]:
        requirements = ref.operation.get("security", self.spec.get("security")) or []
        schemes = (self.spec.get("components") or {}).get("securitySchemes") or {}
        names = {name for requirement in requirements for name in requirement}
        for name in sorted(names):
            if isinstance(schemes.get(name), Mapping):
                yield join_pointer("/components/securitySchemes", name), schemes[name]

    # --- items ----------------------------------------------------------------------------
    def targets(self, operation: Operation, item: Item) -> list[Target]:
        explicit = self.link(operation, item.key)
        if explicit:
            return [
                Target(p, self.node(p) or {}, bool(item.required), "explicit")
                for p in explicit.pointers
            ]
        found: dict[str, Target] = {}
        for ref in self.operations_for(operation):
            if item.role == "parameter":
                for target in self._parameter_targets(ref, item):
                    found.setdefault(target.pointer, target)
            else:
                for target in self._field_targets(ref, item):
                    found.setdefault(target.pointer, target)
        return list(found.values())

    def _parameter_targets(self, ref: OperationRef, item: Item) -> Iterator[Target]:
        location = item.location
        for pointer, param in self.parameters(ref):
            if param.get("name") == item.name and location in (None, param.get("in")):
                yield Target(pointer, param, bool(param.get("required")), "parameter")
        if location in (None, "body"):
            segments = tuple(item.name.split("."))
            for _media, entry, at in self.request_media(ref):
                for prop in self.properties(entry["schema"], join_pointer(at, "schema")):
                    if prop.path == segments:
                        yield Target(
                            prop.pointer, prop.node, prop.required, "property", prop.parent
                        )
        if location in (None, "header", "query"):
            yield from self._security_targets(ref, item)

    def _security_targets(self, ref: OperationRef, item: Item) -> Iterator[Target]:
        for pointer, scheme in self.security_schemes(ref):
            sent = scheme.get("name") if scheme.get("type") == "apiKey" else None
            if scheme.get("type") == "http":
                sent = "Authorization"
            if isinstance(sent, str) and sent.lower() == item.name.lower():
                yield Target(pointer, scheme, True, "security")
            signing = scheme.get("x-signing")
            if isinstance(signing, Mapping):
                for index, entry in enumerate(signing.get("parameters") or []):
                    if isinstance(entry, Mapping) and entry.get("name") == item.name:
                        at = join_pointer(pointer, "x-signing", "parameters", index)
                        yield Target(at, entry, True, "signing")

    def _field_targets(self, ref: OperationRef, item: Item) -> list[Target]:
        segments = tuple(item.name.split("."))
        matches: list[PropertyRef] = []
        for _media, entry, at in self.response_media(ref):
            for prop in self.properties(entry["schema"], join_pointer(at, "schema")):
                if prop.path[-len(segments) :] == segments:
                    matches.append(prop)
        if not matches:
            return []
        shortest = min(len(m.path) for m in matches)
        return [
            Target(m.pointer, m.node, m.required, "property", m.parent)
            for m in matches
            if len(m.path) == shortest
        ]

    # --- enums, codes, examples ------------------------------------------------------------
    def enum_holder(self, target: Target) -> tuple[str, Mapping[str, Any]] | None:
        """The schema (pointer, node) that lists the values of ``target``, if any."""
        pending: list[tuple[Any, str]] = [(target.node, target.pointer)]
        for _ in range(8):
            if not pending:
                return None
            node, pointer = pending.pop(0)
            if isinstance(node, Mapping) and any(k in node for k in ENUM_KEYS):
                return pointer, node
            if isinstance(node, Mapping) and "$ref" in node:
                pending.append(self.resolve(node, pointer))
            elif isinstance(node, Mapping):
                for key in ("anyOf", "oneOf"):
                    for index, member in enumerate(node.get(key) or []):
                        pending.append((member, join_pointer(pointer, key, index)))
        return None

    def error_code_pointers(
        self, operation: Operation, code: str, only: OperationRef | None = None
    ) -> list[str]:
        """Where the spec lists ``code``: the operations' tables (or ``only``'s), then the
        envelope's codes."""
        found = []
        for ref in [only] if only else self.operations_for(operation):
            for index, entry in enumerate(ref.operation.get("x-error-codes") or []):
                if code in (str(entry.get("code")), str(entry.get("detail"))):
                    found.append(join_pointer(ref.pointer, "x-error-codes", index))
        envelope = self.spec.get("x-envelope") or {}
        for index, entry in enumerate(envelope.get("error-codes") or []):
            if code in (str(entry.get("code")), str(entry.get("detail"))):
                found.append(join_pointer("/x-envelope/error-codes", index))
        for index, value in enumerate(envelope.get("success-codes") or []):
            if str(value) == code:
                found.append(join_pointer("/x-envelope/success-codes", index))
        return found

    def envelope_code_field(self) -> str | None:
        """The name of the business-code property (``x-envelope.code``), e.g. ``errcode``."""
        pointer = (self.spec.get("x-envelope") or {}).get("code")
        tokens = pointer_tokens(pointer) if isinstance(pointer, str) else []
        return tokens[-1] if tokens else None

    def examples(self, operation: Operation, example: Example) -> Iterator[tuple[str, Any]]:
        """``(pointer, value)`` of the spec's document examples of the same kind."""
        media = {"json": "application/json", "form": "application/x-www-form-urlencoded"}
        for ref in self.operations_for(operation):
            sources = (
                self.request_media(ref) if example.role == "request" else self.response_media(ref)
            )
            for name, entry, at in sources:
                if name != media.get(example.form):
                    continue
                for key, raw in (entry.get("examples") or {}).items():
                    value, pointer = self.resolve(raw, join_pointer(at, "examples", key))
                    if isinstance(value, Mapping) and value.get("x-from-document"):
                        yield pointer, value.get("value")
