"""Read a spec the way JSON would see it, and point at places inside it.

YAML is parsed with PyYAML's safe loader minus the timestamp rule (an unquoted ``2025-03-17``
stays a string, as it is in JSON) and with duplicate keys refused (YAML keeps the last one
silently). Before any generator runs, every local ``$ref`` must resolve: both generators report
a dangling reference in words that do not say where it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import yaml

from codegen.generate.problems import SpecProblem
from codegen.spec_checks.yaml_source import SourceMap
from mediatasks.specs import escape_token, resolve_pointer

_POINTER_IN_TEXT = re.compile(r"#?(/(?:components|paths)/[^\s'\"`,)]*)")
_SUPPORTED_OPENAPI = re.compile(r"^3\.[01]\.\d+$")


class SpecLoadError(Exception):
    """The spec cannot be read as an OpenAPI document at all."""

    def __init__(self, message: str, line: int | None = None, pointer: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.pointer = pointer


class _JsonLikeLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings and rejects duplicate mapping keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise SpecLoadError(
                    f"duplicate key {key!r} (first at line {seen[key]})",
                    line=key_node.start_mark.line + 1,
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


_JsonLikeLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in rules if tag != "tag:yaml.org,2002:timestamp"]
    for first, rules in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_document(text: str) -> dict[str, Any]:
    """The spec as a dict; raises ``SpecLoadError`` with a line for unreadable YAML."""
    try:
        document = yaml.load(text, Loader=_JsonLikeLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        message = f"not valid YAML: {err.problem or err}"
        if err.context and err.context_mark is not None:
            message += f" ({err.context} that starts on line {err.context_mark.line + 1})"
        raise SpecLoadError(message, line=line) from err
    if not isinstance(document, dict):
        raise SpecLoadError(f"the document is a {type(document).__name__}, not a mapping", line=1)
    version = document.get("openapi")
    if not isinstance(version, str) or not _SUPPORTED_OPENAPI.match(version):
        raise SpecLoadError(
            f"`openapi` is {version!r}; the generators read OpenAPI 3.0.x and 3.1.x", pointer=""
        )
    return document


def enum_name_problems(document: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(where, what)`` for each ``x-enum-varnames`` that cannot name the enum's members.

    openapi-python-client silently falls back to ``VALUE_1``-style names when the list does not
    fit, so codegen refuses it instead.
    """
    found: list[tuple[str, str]] = []
    for pointer, node in walk(document):
        if not isinstance(node, Mapping) or "x-enum-varnames" not in node:
            continue
        names, values = node["x-enum-varnames"], node.get("enum")
        where = f"{pointer}/x-enum-varnames"
        if not isinstance(names, list) or not isinstance(values, list):
            found.append((where, "x-enum-varnames and enum must both be lists"))
        elif len(names) != len(values):
            found.append((where, f"{len(names)} x-enum-varnames for {len(values)} enum values"))
        elif not all(isinstance(n, str) and n.isidentifier() for n in names):
            found.append((where, "every x-enum-varnames entry must be a Python identifier"))
        elif len(set(names)) != len(names):
            found.append((where, "x-enum-varnames has duplicates"))
    return found


escape = escape_token
_MISSING: Final = object()


def resolve(document: Any, pointer: str) -> tuple[bool, Any]:
    """``(found, value)`` for a JSON pointer (``""`` is the whole document)."""
    node = resolve_pointer(document, pointer, _MISSING)
    return (False, None) if node is _MISSING else (True, node)


def walk(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every ``(pointer, value)`` in the document, parents before children."""
    yield pointer, node
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield from walk(value, f"{pointer}/{escape(str(key))}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{pointer}/{index}")


def dangling_refs(document: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(where, ref)`` for each ``$ref`` that is not a local pointer into the document."""
    found: list[tuple[str, str]] = []
    for pointer, node in walk(document):
        if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#") or not resolve(document, ref[1:])[0]:
                found.append((f"{pointer}/$ref", ref))
    return found


def deepest_pointer(document: Any, path: Sequence[str | int]) -> str:
    """The longest prefix of a validator's location path that exists in the document.

    Validators insert union branch names (``Reference``, ``Schema``) between real keys; those
    are skipped, so the answer is always a place a reader can find in the file.
    """
    pointer, node = "", document
    for item in path:
        key = str(item)
        if isinstance(node, Mapping) and key in node:
            node, pointer = node[key], f"{pointer}/{escape(key)}"
        elif isinstance(node, list) and isinstance(item, int) and item < len(node):
            node, pointer = node[item], f"{pointer}/{item}"
    return pointer


def find_value(document: Any, value: Any) -> str | None:
    """Pointer of the first node equal to ``value`` (a generator's copy of a schema)."""
    if value in (None, {}, []):
        return None
    return next((pointer for pointer, node in walk(document) if node == value), None)


def pointer_in_text(text: str, document: Any) -> str | None:
    """The first ``#/...`` reference in a message that exists in the document."""
    for match in _POINTER_IN_TEXT.finditer(text):
        pointer = match.group(1).rstrip(".:")
        if resolve(document, pointer)[0]:
            return pointer
    return None


def line_of(text: str, pointer: str) -> int | None:
    """1-based line where the node at ``pointer`` is written (for a mapping entry: its key)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    return SourceMap(root).exact_line(pointer)


def problem_at(
    spec: Path, display: str, tool: str, message: str, pointer: str | None
) -> SpecProblem:
    """A problem with the line looked up from the pointer."""
    line = line_of(spec.read_text(encoding="utf-8"), pointer) if pointer is not None else None
    return SpecProblem(spec=display, tool=tool, message=message, pointer=pointer, line=line)
