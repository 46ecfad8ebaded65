"""Read a spec the way JSON would see it, and locate places inside it.

YAML is read by :func:`mediatasks.spec_io.load` (dates stay strings, as in JSON; duplicate keys
are refused, where YAML would keep the last one silently); pointers and walks are spec_io's too.
"""

from __future__ import annotations

import re
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
)

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
