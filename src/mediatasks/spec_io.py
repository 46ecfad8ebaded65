"""The one spec I/O layer: YAML as JSON sees it, a source map, JSON Pointers and ``$ref``s.

Every reader of a spec goes through here — the runtime (:mod:`mediatasks.specs`), the sandbox,
the contract suites and every ``python -m codegen`` command:

* :func:`parse` composes the YAML once into nodes (which keep their line and column) and
  constructs the data from those same nodes, with values YAML 1.1 would turn into dates kept
  as the strings they are in JSON. It returns the data and a :class:`SourceMap`;
  :func:`duplicate_keys` finds what YAML silently lets the last of win.
* :func:`load` is the strict reader: a YAML error or a duplicate key is a
  :class:`SpecSyntaxError` naming ``file:line:column`` and the JSON Pointer.
* :func:`escape_token`, :func:`pointer_tokens` and :func:`resolve_pointer` are RFC 6901.
* :func:`follow` goes along a local ``$ref`` chain; :func:`inline_refs` replaces every local
  ``$ref`` of a tree by its target (keywords beside a ``$ref`` refine it, as OpenAPI 3.1 allows).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import yaml

__all__ = [
    "ParsedYaml",
    "RefError",
    "SourceMap",
    "SpecSyntaxError",
    "YamlSyntaxError",
    "duplicate_keys",
    "escape_token",
    "follow",
    "follow_to",
    "inline_refs",
    "join_pointer",
    "load",
    "parse",
    "pointer_tokens",
    "ref_problems",
    "resolve_pointer",
    "walk",
]

_MISSING: Final = object()  # "no default given"
_ABSENT: Final = object()  # a default that marks a pointer leading nowhere
_TIMESTAMP: Final = "tag:yaml.org,2002:timestamp"


# -- JSON Pointers (RFC 6901) ------------------------------------------------------------------
def escape_token(token: str) -> str:
    """RFC 6901 escaping of one reference token (``~`` -> ``~0``, ``/`` -> ``~1``)."""
    return token.replace("~", "~0").replace("/", "~1")


def join_pointer(pointer: str, *tokens: str | int) -> str:
    """``pointer`` extended by ``tokens``, each escaped."""
    return pointer + "".join(f"/{escape_token(str(token))}" for token in tokens)


def pointer_tokens(pointer: str) -> list[str]:
    """The unescaped reference tokens of a JSON Pointer (``""`` and ``"/"`` have none)."""
    return list(_tokens(pointer))


@functools.lru_cache(maxsize=1024)
def _tokens(pointer: str) -> tuple[str, ...]:
    if pointer in ("", "/"):
        return ()
    return tuple(
        raw.replace("~1", "/").replace("~0", "~") for raw in pointer.lstrip("/").split("/")
    )


def resolve_pointer(document: Any, pointer: str, default: Any = _MISSING) -> Any:
    """Follow an RFC 6901 JSON Pointer into ``document``; ``default`` when a step is missing
    (KeyError naming the pointer without one)."""
    current = document
    for token in _tokens(pointer):
        if isinstance(current, Mapping) and token in current:
            current = current[token]
        elif isinstance(current, Sequence) and not isinstance(current, str) and token.isdigit():
            index = int(token)
            if index >= len(current):
                return _missing(pointer, default)
            current = current[index]
        else:
            return _missing(pointer, default)
    return current


def walk(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every ``(pointer, value)`` of a tree, parents before children."""
    yield pointer, node
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield from walk(value, join_pointer(pointer, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, join_pointer(pointer, index))


def _missing(pointer: str, default: Any) -> Any:
    if default is _MISSING:
        raise KeyError(pointer)
    return default


# -- $ref ---------------------------------------------------------------------------------------
class RefError(ValueError):
    """A ``$ref`` that is not local, points at nothing, or (when refused) closes a cycle."""


def _target(document: Any, ref: str) -> Any:
    if not ref.startswith("#"):
        raise RefError(f"only local $refs are supported, got {ref!r}")
    node = resolve_pointer(document, ref[1:], _ABSENT)
    if node is _ABSENT:
        raise RefError(f"$ref {ref!r} does not resolve")
    return node


def ref_problems(document: Any) -> Iterator[tuple[str, str]]:
    """``(pointer of the $ref, problem)`` for each ``$ref`` that does not resolve locally."""
    for pointer, node in walk(document):
        if not isinstance(node, Mapping) or "$ref" not in node:
            continue
        ref, where = node["$ref"], join_pointer(pointer, "$ref")
        if not isinstance(ref, str):
            yield where, f"$ref must be a string, got {ref!r}"
        elif not ref.startswith("#"):
            yield where, f"$ref {ref!r} leaves the file; a spec is one self-contained file"
        elif resolve_pointer(document, ref[1:], _ABSENT) is _ABSENT:
            yield where, f"$ref {ref!r} points to nothing in this file"


def follow(document: Any, node: Any, *, limit: int = 64) -> Any:
    """``node``, or the node its local ``$ref`` chain ends at."""
    return follow_to(document, node, "", limit=limit)[0]


def follow_to(document: Any, node: Any, pointer: str, *, limit: int = 64) -> tuple[Any, str]:
    """``(node, pointer)`` where the local ``$ref`` chain from ``node`` (at ``pointer``) ends."""
    for _ in range(limit):
        ref = node.get("$ref") if isinstance(node, Mapping) else None
        if not isinstance(ref, str):
            return node, pointer
        node, pointer = _target(document, ref), ref[1:]
    raise RefError(f"$ref chain longer than {limit} steps")


def inline_refs(
    document: Any, node: Any = _MISSING, *, on_cycle: Literal["keep", "raise"] = "keep"
) -> Any:
    """A copy of ``node`` (default: the whole document) with every local ``$ref`` replaced.

    A reference that closes a cycle is kept as ``{"$ref": ...}`` (``on_cycle="keep"``, so
    comparing recursive schemas terminates) or refused (``"raise"``, for a validator that
    needs a self-contained schema).
    """

    def walk(item: Any, active: tuple[str, ...]) -> Any:
        if isinstance(item, Mapping):
            ref = item.get("$ref")
            if isinstance(ref, str):
                if ref in active:
                    if on_cycle == "raise":
                        raise RefError(f"recursive $ref {ref}")
                    return {"$ref": ref}
                target = walk(_target(document, ref), (*active, ref))
                siblings = {k: walk(v, active) for k, v in item.items() if k != "$ref"}
                if isinstance(target, dict) and siblings:
                    return {**target, **siblings}
                return target
            return {key: walk(value, active) for key, value in item.items()}
        if isinstance(item, list):
            return [walk(value, active) for value in item]
        return item

    return walk(document if node is _MISSING else node, ())


# -- YAML -----------------------------------------------------------------------------------------
class _JsonLikeLoader(yaml.SafeLoader):
    """SafeLoader whose dates and timestamps construct as the text they were written as.

    The composed node keeps its timestamp tag, so the spec checks still report the unquoted
    date; every reader gets the string a JSON tool would.
    """


def _as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


_JsonLikeLoader.add_constructor(_TIMESTAMP, _as_text)


@dataclass(frozen=True, slots=True)
class SourceMap:
    """Positions of a parsed document's nodes, looked up by JSON Pointer (1-based)."""

    root: yaml.Node | None

    @classmethod
    def empty(cls) -> SourceMap:
        return cls(None)

    def locate(self, pointer: str) -> tuple[int, int]:
        """Line and column of the deepest node on ``pointer`` that exists (1:1 if none)."""
        mark, _ = self._walk(pointer)
        return (1, 1) if mark is None else (mark.line + 1, mark.column + 1)

    def exact_line(self, pointer: str) -> int | None:
        """1-based line of the node at ``pointer`` (a mapping entry: its key); None if absent."""
        mark, complete = self._walk(pointer)
        return mark.line + 1 if mark is not None and complete else None

    def _walk(self, pointer: str) -> tuple[yaml.Mark | None, bool]:
        node = self.root
        if node is None:
            return None, False
        best = node.start_mark
        for token in pointer_tokens(pointer):
            if isinstance(node, yaml.MappingNode):
                found = next(
                    (
                        (key, value)
                        for key, value in node.value
                        if isinstance(key, yaml.ScalarNode) and key.value == token
                    ),
                    None,
                )
                if found is None:
                    return best, False
                key, node = found
                best = key.start_mark
            elif isinstance(node, yaml.SequenceNode) and token.isdigit():
                index = int(token)
                if index >= len(node.value):
                    return best, False
                node = node.value[index]
                best = node.start_mark
            else:
                return best, False
        return best, True


@dataclass(frozen=True, slots=True)
class YamlSyntaxError:
    """Where and why a text does not parse as YAML (1-based)."""

    line: int
    column: int
    message: str


@dataclass(frozen=True, slots=True)
class ParsedYaml:
    data: Any
    source: SourceMap


def parse(text: str) -> ParsedYaml | YamlSyntaxError:
    """The data (dates as strings) and its source map, or where the YAML does not parse."""
    loader = _JsonLikeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        context = exc.context or ""
        if exc.context_mark is not None and exc.context_mark is not mark:
            start = exc.context_mark
            context += f" (started at line {start.line + 1}, column {start.column + 1})"
        problem = "; ".join(filter(None, [context.strip(), exc.problem])) or str(exc)
        return YamlSyntaxError(line, column, f"YAML does not parse: {problem}")
    except yaml.YAMLError as exc:
        return YamlSyntaxError(1, 1, f"YAML does not parse: {exc}")
    finally:
        loader.dispose()
    return ParsedYaml(data, SourceMap(node))


def duplicate_keys(root: yaml.Node | None, pointer: str = "") -> Iterator[tuple[str, yaml.Node]]:
    """``(pointer, key node)`` of every repeated key of a mapping (YAML keeps the last)."""
    if isinstance(root, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in root.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            if name in seen:
                yield join_pointer(pointer, name), key
            seen.add(name)
            yield from duplicate_keys(value, join_pointer(pointer, name))
    elif isinstance(root, yaml.SequenceNode):
        for index, item in enumerate(root.value):
            yield from duplicate_keys(item, join_pointer(pointer, index))


class SpecSyntaxError(ValueError):
    """A spec text that cannot be read: ``origin:line:column`` and the JSON Pointer."""

    def __init__(self, origin: str, line: int, column: int, pointer: str, problem: str) -> None:
        self.origin, self.line, self.column = origin, line, column
        self.pointer, self.problem = pointer, problem
        where = f" (at {pointer})" if pointer else ""
        super().__init__(f"{origin}:{line}:{column}: {problem}{where}")


def load(text: str, origin: str = "<spec>") -> ParsedYaml:
    """Parse strictly: a syntax error or a duplicate key raises :class:`SpecSyntaxError`."""
    parsed = parse(text)
    if isinstance(parsed, YamlSyntaxError):
        raise SpecSyntaxError(origin, parsed.line, parsed.column, "", parsed.message)
    for pointer, key in duplicate_keys(parsed.source.root):
        first = parsed.source.locate(pointer)[0]
        raise SpecSyntaxError(
            origin,
            key.start_mark.line + 1,
            key.start_mark.column + 1,
            pointer,
            f"duplicate key {key.value!r} (first at line {first}); YAML would keep only the last",
        )
    return parsed
