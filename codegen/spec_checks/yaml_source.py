"""Parse a spec's YAML once, keep the node tree, and map JSON Pointers to line and column.

``yaml.safe_load`` forgets where things were; every message of the checks must name a line,
so the text is composed into nodes (which carry their marks) and the data is constructed from
those same nodes. The node walk also finds what YAML accepts but JSON-based tools do not:
duplicate keys (silently last-wins), non-string keys (``200:`` is an int) and values YAML 1.1
turns into dates or timestamps (``updated: 2025-03-17``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml

from mediatasks.specs import escape_token, pointer_tokens

_STR_TAG = "tag:yaml.org,2002:str"
_NON_JSON_TAGS = {
    "tag:yaml.org,2002:timestamp": "a date/timestamp",
    "tag:yaml.org,2002:binary": "binary data",
    "tag:yaml.org,2002:set": "a set",
}


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
        """The mark of the deepest node on ``pointer`` that exists, and whether it is the end."""
        node = self.root
        if node is None:
            return None, False
        best = node.start_mark
        for token in pointer_tokens(pointer):
            if isinstance(node, yaml.MappingNode):
                found = _find_key(node, token)
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


def _find_key(node: yaml.MappingNode, token: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == token:
            return key, value
    return None


@dataclass(frozen=True, slots=True)
class YamlSyntaxError:
    line: int
    column: int
    message: str


@dataclass(frozen=True, slots=True)
class ParsedYaml:
    data: Any
    source: SourceMap


def parse(text: str) -> ParsedYaml | YamlSyntaxError:
    """The data and its source map, or where and why the YAML does not parse."""
    loader = yaml.SafeLoader(text)
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


def as_json(value: Any) -> Any:
    """``value`` with keys as strings and dates as ISO text, as a JSON reader would see it.

    The pitfall itself is reported once by :func:`yaml_pitfalls`; the other checks then run on
    this view so one unquoted key does not cascade into a dozen follow-up errors.
    """
    if isinstance(value, dict):
        return {str(key): as_json(child) for key, child in value.items()}
    if isinstance(value, list):
        return [as_json(child) for child in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def yaml_pitfalls(root: yaml.Node | None, pointer: str = "") -> Iterator[tuple[str, str]]:
    """``(pointer, message)`` for duplicate keys, non-string keys and non-JSON scalars."""
    if isinstance(root, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in root.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            here = f"{pointer}/{escape_token(name)}"
            if isinstance(key, yaml.ScalarNode) and key.tag != _STR_TAG and name != "<<":
                yield (
                    here,
                    f"key {name!r} is read as {key.tag.rsplit(':', 1)[-1]}, not a string: "
                    f"quote it ('{name}') so JSON-based tools see the same key",
                )
            if name in seen:
                yield here, f"duplicate key {name!r}: YAML keeps only the last one"
            seen.add(name)
            yield from yaml_pitfalls(value, here)
    elif isinstance(root, yaml.SequenceNode):
        for index, item in enumerate(root.value):
            yield from yaml_pitfalls(item, f"{pointer}/{index}")
    elif isinstance(root, yaml.ScalarNode) and root.tag in _NON_JSON_TAGS:
        yield (
            pointer,
            f"value {root.value!r} is read as {_NON_JSON_TAGS[root.tag]}, which JSON cannot "
            "hold: quote it",
        )
