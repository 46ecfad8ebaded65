"""The YAML pitfalls the spec checks report, on top of the one spec I/O layer.

Parsing, the source map and duplicate-key detection are :mod:`mediatasks.spec_io`'s (the same
code every reader of a spec uses); this module adds what only the checks need: the list of
places where YAML accepts what JSON-based tools do not — duplicate keys (silently last-wins),
non-string keys (``200:`` is an int) and values YAML 1.1 reads as dates (``updated:
2025-03-17``, which the reader keeps as text, but other tools would not) — and a JSON view of
data with non-string keys, so one unquoted key does not cascade into follow-up errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from mediatasks.spec_io import duplicate_keys, join_pointer

__all__ = ["as_json", "yaml_pitfalls"]

_STR_TAG = "tag:yaml.org,2002:str"
_NON_JSON_TAGS = {
    "tag:yaml.org,2002:timestamp": "a date/timestamp",
    "tag:yaml.org,2002:binary": "binary data",
    "tag:yaml.org,2002:set": "a set",
}


def as_json(value: Any) -> Any:
    """``value`` with keys as strings, as a JSON reader would see it."""
    if isinstance(value, dict):
        return {str(key): as_json(child) for key, child in value.items()}
    if isinstance(value, list):
        return [as_json(child) for child in value]
    return value


def yaml_pitfalls(root: yaml.Node | None) -> Iterator[tuple[str, str]]:
    """``(pointer, message)`` for duplicate keys, non-string keys and non-JSON scalars."""
    duplicates = {id(key) for _pointer, key in duplicate_keys(root)}
    yield from _walk(root, "", duplicates)


def _walk(node: yaml.Node | None, pointer: str, duplicates: set[int]) -> Iterator[tuple[str, str]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            here = join_pointer(pointer, name)
            if isinstance(key, yaml.ScalarNode) and key.tag != _STR_TAG and name != "<<":
                yield (
                    here,
                    f"key {name!r} is read as {key.tag.rsplit(':', 1)[-1]}, not a string: "
                    f"quote it ('{name}') so JSON-based tools see the same key",
                )
            if id(key) in duplicates:
                yield here, f"duplicate key {name!r}: YAML keeps only the last one"
            yield from _walk(value, here, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, join_pointer(pointer, index), duplicates)
    elif isinstance(node, yaml.ScalarNode) and node.tag in _NON_JSON_TAGS:
        yield (
            pointer,
            f"value {node.value!r} is read as {_NON_JSON_TAGS[node.tag]}, which JSON cannot "
            "hold: quote it",
        )
