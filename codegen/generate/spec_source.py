"""Read a spec the way JSON would see it, and locate places inside it.

YAML is read by :func:`mediatasks.spec_io.load` (dates stay strings, as in JSON; duplicate keys
are refused, where YAML would keep the last one silently); pointers and walks are spec_io's too.
What a spec must be to be read here is the spec gate's to say (:mod:`codegen.generate.spec_gate`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from codegen.generate.problems import SpecProblem
from mediatasks.spec_io import YamlSyntaxError, load, parse


def load_document(text: str) -> dict[str, Any]:
    """The spec as a dict. Generation reads only specs the spec gate has passed, so a spec
    that does not load as a mapping is a bug here, not a spec problem to report."""
    document = load(text).data
    if not isinstance(document, dict):
        msg = f"the spec gate passed a {type(document).__name__}, not a mapping"
        raise TypeError(msg)
    return document


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
