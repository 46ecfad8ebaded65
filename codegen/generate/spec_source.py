"""Read a spec the way JSON would see it, and point at places inside it.

YAML is read by :func:`mediatasks.spec_io.load` (dates stay strings, as in JSON; duplicate keys
are refused, where YAML would keep the last one silently); pointers and walks are spec_io's too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from codegen.generate.problems import SpecProblem
from mediatasks.spec_io import (
    SpecSyntaxError,
    YamlSyntaxError,
    escape_token,
    load,
    parse,
    resolve_pointer,
    walk,
)

_POINTER_IN_TEXT = re.compile(r"#?(/(?:components|paths)/[^\s'\"`,)]*)")
_SUPPORTED_OPENAPI = re.compile(r"^3\.[01]\.\d+$")


class SpecLoadError(Exception):
    """The spec cannot be read as an OpenAPI document at all."""

    def __init__(self, message: str, line: int | None = None, pointer: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.pointer = pointer


def load_document(text: str) -> dict[str, Any]:
    """The spec as a dict; raises ``SpecLoadError`` with a line for unreadable YAML."""
    try:
        document = load(text).data
    except SpecSyntaxError as err:
        raise SpecLoadError(err.problem, line=err.line, pointer=err.pointer or None) from None
    if not isinstance(document, dict):
        raise SpecLoadError(f"the document is a {type(document).__name__}, not a mapping", line=1)
    version = document.get("openapi")
    if not isinstance(version, str) or not _SUPPORTED_OPENAPI.match(version):
        raise SpecLoadError(
            f"`openapi` is {version!r}; the generators read OpenAPI 3.0.x and 3.1.x", pointer=""
        )
    return document


escape = escape_token
_MISSING: Final = object()


def resolve(document: Any, pointer: str) -> tuple[bool, Any]:
    """``(found, value)`` for a JSON pointer (``""`` is the whole document)."""
    node = resolve_pointer(document, pointer, _MISSING)
    return (False, None) if node is _MISSING else (True, node)


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
    parsed = parse(text)
    return None if isinstance(parsed, YamlSyntaxError) else parsed.source.exact_line(pointer)


def problem_at(
    spec: Path, display: str, tool: str, message: str, pointer: str | None
) -> SpecProblem:
    """A problem with the line looked up from the pointer."""
    line = line_of(spec.read_text(encoding="utf-8"), pointer) if pointer is not None else None
    return SpecProblem(spec=display, tool=tool, message=message, pointer=pointer, line=line)
