"""The one spec I/O layer: YAML as JSON sees it, a source map, JSON Pointers and ``$ref``s.

Every reader of a spec goes through here — the runtime (:mod:`mediatasks.specs`), the sandbox,
the contract suites and every ``python -m codegen`` command:

* :func:`parse` composes the YAML once into nodes (which keep their line and column) and
  constructs the data from those same nodes, with values YAML 1.1 would turn into dates kept
  as the strings they are in JSON. It returns the data and a :class:`SourceMap`;
  :func:`duplicate_keys` finds what YAML silently lets the last of win.
* :func:`load` is the strict reader: a YAML error or a duplicate key is a
  :class:`SpecSyntaxError` naming ``file:line:column`` and the JSON Pointer.
* Hostile files cannot hurt a reader: :func:`decode` names the line and column of a byte that
  is not UTF-8; a document nested deeper than :data:`MAX_DEPTH` levels is refused where it
  goes too deep, and one using more than :data:`MAX_ALIASES` YAML aliases at the alias past
  the limit (an "alias bomb" of 9 levels x 9 aliases is 387 million nodes to
  anything that walks it); :func:`ref_problems` reports a ``$ref`` chain that closes a cycle
  with the pointers forming it. Parsing uses libyaml when PyYAML has it (linear, and about ten
  times faster than the pure-Python parser on a 10 MB spec).
* :func:`escape_token`, :func:`pointer_tokens` and :func:`resolve_pointer` are RFC 6901.
* :func:`follow` goes along a local ``$ref`` chain; :func:`inline_refs` replaces every local
  ``$ref`` of a tree by its target (keywords beside a ``$ref`` refine it, as OpenAPI 3.1 allows).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import yaml

from mediatasks.errors import quote_input

__all__ = [
    "MAX_ALIASES",
    "ParsedYaml",
    "RefError",
    "SourceMap",
    "SpecSyntaxError",
    "YamlSyntaxError",
    "decode",
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
MAX_ALIASES: Final = 100
MAX_EXPANSION: Final = 10  # times the written nodes an expanded document may hold
MAX_DEPTH: Final = 200  # levels of nesting (a real spec has a few dozen)


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
    """``(pointer of the $ref, problem)`` for each ``$ref`` that does not resolve locally, and
    for each chain of ``$ref``s that leads back to itself without reaching a node (``A`` is
    ``$ref: B`` and ``B`` is ``$ref: A``: nothing is ever defined), naming the pointers of the
    cycle. A schema that refers to itself *inside* its definition (a tree) is not a cycle."""
    cycles_seen: set[frozenset[str]] = set()
    for pointer, node in walk(document):
        if not isinstance(node, Mapping) or "$ref" not in node:
            continue
        ref, where = node["$ref"], join_pointer(pointer, "$ref")
        if not isinstance(ref, str):
            yield where, f"$ref must be a string, got {quote_input(ref, 80)}"
        elif not ref.startswith("#"):
            yield (
                where,
                f"$ref {quote_input(ref, 80)} leaves the file; a spec is one self-contained file",
            )
        elif resolve_pointer(document, ref[1:], _ABSENT) is _ABSENT:
            yield where, f"$ref {quote_input(ref, 80)} points to nothing in this file"
        else:
            cycle = _ref_cycle(document, pointer, ref)
            if cycle is not None and frozenset(cycle) not in cycles_seen:
                cycles_seen.add(frozenset(cycle))
                yield (
                    where,
                    "$ref cycle that never reaches a definition: "
                    + " -> ".join([*cycle, cycle[0]]),
                )


def _ref_cycle(document: Any, start: str, ref: str) -> list[str] | None:
    """The pointers of a pure ``$ref`` loop through ``start``, or None (bounded by the number
    of distinct pointers on the chain, so it always ends)."""
    chain = [start]
    seen = {start}
    current = ref
    while True:
        target = current[1:]
        if target in seen:
            return chain[chain.index(target) :] if target == start else None
        node = resolve_pointer(document, target, _ABSENT)
        following = node.get("$ref") if isinstance(node, Mapping) else None
        if not isinstance(following, str) or not following.startswith("#"):
            return None
        chain.append(target)
        seen.add(target)
        current = following


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
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when there


class _JsonLikeLoader(_BaseLoader):  # type: ignore[misc]
    """SafeLoader whose dates and timestamps construct as the text they were written as.

    The composed node keeps its timestamp tag, so the spec checks still report the unquoted
    date; every reader gets the string a JSON tool would.
    """


def _as_text(loader: Any, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))


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


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _shape_problem(root: yaml.Node | None, text: str) -> YamlSyntaxError | None:
    """Refuse aliases that could hurt a reader: more than MAX_ALIASES of them, or any number
    that expands the document past MAX_EXPANSION times its written nodes (an alias bomb of
    9 levels x 9 aliases has only 81 aliases but 387 million nodes once expanded).

    An alias composes to the very node object its anchor made, so a repeated node object is an
    alias; sizes are summed bottom-up with each node counted once, so this is linear in the
    text whatever the aliases would expand to.
    """
    if root is None:
        return None
    size: dict[int, int] = {}
    first_repeat: yaml.Node | None = None
    aliases = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            size[id(node)] = 1 + sum(size[id(child)] for child in _children(node))
        elif id(node) in size:  # met again: an alias
            aliases += 1
            first_repeat = first_repeat or node
            if aliases > MAX_ALIASES:
                return _refusal(text, MAX_ALIASES, f"more than {MAX_ALIASES} YAML aliases")
        else:
            size[id(node)] = 0  # in progress
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(_children(node)))
    written = len(size)
    expanded = size[id(root)]
    if first_repeat is not None and expanded > MAX_EXPANSION * written:
        return _refusal(text, 0, f"YAML aliases expand {written:,} written nodes to {expanded:,}")
    return None


def _refusal(text: str, index: int, what: str) -> YamlSyntaxError:
    """The error at alias number ``index`` (0-based) of ``text`` (found by the scanner: a
    composed alias is its anchor's node, which no longer knows where the alias was)."""
    line, column = 1, 1
    seen = 0
    for token in yaml.scan(text, Loader=_BaseLoader):
        if isinstance(token, yaml.AliasToken):
            if seen == index:
                line, column = token.start_mark.line + 1, token.start_mark.column + 1
                break
            seen += 1
    return YamlSyntaxError(
        line,
        column,
        f"{what}; a spec may use at most {MAX_ALIASES} aliases and none that expand it "
        f"more than {MAX_EXPANSION} times",
    )


_INDENT: Final = re.compile(r"^[ ]+", re.MULTILINE)
_BRACKET: Final = re.compile(r"[\[\]{}]")
_OPENING: Final = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSING: Final = (
    yaml.BlockEndToken,
    yaml.FlowMappingEndToken,
    yaml.FlowSequenceEndToken,
)


def _nesting_problem(text: str) -> YamlSyntaxError | None:
    """Refuse nesting deeper than MAX_DEPTH *before* composing: libyaml's composer recurses in
    C and a document nested 50,000 levels deep crashes the interpreter outright.

    A cheap bound first (indentation plus brackets, quoted ones included, so it can only
    overestimate); the exact depth from libyaml's scanner, which does not recurse, only when
    that bound is over the limit.
    """
    indent = max((len(match) for match in _INDENT.findall(text)), default=0)
    depth = brackets = 0
    for match in _BRACKET.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        brackets = max(brackets, depth)
    if indent + brackets <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            if isinstance(token, _OPENING):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = token.start_mark
                    return YamlSyntaxError(
                        mark.line + 1,
                        mark.column + 1,
                        f"nested more than {MAX_DEPTH} levels deep; no spec needs that, and "
                        "every reader that walks it would run out of stack",
                    )
            elif isinstance(token, _CLOSING):
                depth -= 1
    except yaml.YAMLError:
        return None  # the parser reports it, with its position
    return None


def decode(raw: bytes) -> str | YamlSyntaxError:
    """UTF-8 text (a BOM dropped), or where the first byte that is not UTF-8 is."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        line = raw.count(b"\n", 0, start) + 1
        column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        return YamlSyntaxError(
            line, column, f"byte 0x{raw[start]:02x} is not UTF-8 ({exc.reason}); save as UTF-8"
        )


def parse(text: str) -> ParsedYaml | YamlSyntaxError:
    """The data (dates as strings) and its source map, or where the YAML does not parse."""
    too_deep = _nesting_problem(text)
    if too_deep is not None:
        return too_deep
    loader = _JsonLikeLoader(text)
    try:
        node = loader.get_single_node()
        refused = _shape_problem(node, text)
        if refused is not None:
            return refused
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


def load(text: str | bytes, origin: str = "<spec>") -> ParsedYaml:
    """Parse strictly: a byte that is not UTF-8, a syntax error, too many aliases or a
    duplicate key raises :class:`SpecSyntaxError`."""
    if isinstance(text, bytes):
        decoded = decode(text)
        if isinstance(decoded, YamlSyntaxError):
            raise SpecSyntaxError(origin, decoded.line, decoded.column, "", decoded.message)
        text = decoded
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
