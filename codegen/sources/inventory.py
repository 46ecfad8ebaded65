"""Read ``specs/<vendor>/inventory.yaml``, compare it with a document, rewrite its ignored-tokens.

An identifier has *vanished* when the document no longer mentions it as a whole token (a
plain text search, so an identifier written in any shape the extractor does not produce still
counts). A token has *appeared* when the extractor finds it and the inventory lists it neither
as an identifier nor as ignored. Either, or a new sha256, means the spec needs a review.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from codegen.sources.tokens import extract_tokens, mentions

CATEGORIES = ("paths", "parameters", "fields", "enum-values", "error-codes")
_KEY = "ignored-tokens"


class InventoryError(Exception):
    """The inventory file is missing or malformed; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Inventory:
    path: Path
    vendor: str
    sha256: str
    identifiers: Mapping[str, tuple[str, ...]]
    ignored: frozenset[str]

    @property
    def all_identifiers(self) -> set[str]:
        return {name for names in self.identifiers.values() for name in names}


def _strings(value: Any, path: Path, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise InventoryError(f"{path}: {where}: must be a list of strings")
    return tuple(str(v) for v in value)


def load_inventory(path: Path) -> Inventory:
    """Parse and check an inventory file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InventoryError(f"{path}: cannot read the inventory: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise InventoryError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, Mapping):
        raise InventoryError(f"{path}: top level must be a mapping")
    raw = data.get("identifiers")
    if not isinstance(raw, Mapping):
        raise InventoryError(f"{path}: /identifiers: must be a mapping of category to names")
    unknown = sorted(set(raw) - set(CATEGORIES))
    if unknown:
        raise InventoryError(
            f"{path}: /identifiers: unknown categories {unknown}; known: {', '.join(CATEGORIES)}"
        )
    sha = data.get("sha256")
    if not isinstance(sha, str):
        raise InventoryError(f"{path}: /sha256: must be the document's sha256 as a string")
    return Inventory(
        path=path,
        vendor=str(data.get("vendor", path.parent.name)),
        sha256=sha,
        identifiers={k: _strings(raw.get(k), path, f"/identifiers/{k}") for k in CATEGORIES},
        ignored=frozenset(_strings(data.get(_KEY), path, f"/{_KEY}")),
    )


@dataclass(frozen=True, slots=True)
class Comparison:
    """What differs between a document and an inventory."""

    old_sha256: str
    new_sha256: str
    vanished: Mapping[str, tuple[str, ...]]  # category -> identifiers no longer mentioned
    appeared: tuple[str, ...]  # tokens neither identifiers nor ignored

    @property
    def sha_changed(self) -> bool:
        return self.old_sha256 != self.new_sha256

    @property
    def changed(self) -> bool:
        return self.sha_changed or bool(self.appeared) or any(self.vanished.values())


def compare(inventory: Inventory, document: bytes) -> Comparison:
    text = document.decode("utf-8", errors="replace")
    vanished = {
        category: tuple(name for name in names if not mentions(text, name))
        for category, names in inventory.identifiers.items()
    }
    known = inventory.all_identifiers | inventory.ignored
    appeared = tuple(sorted(extract_tokens(text) - known))
    return Comparison(inventory.sha256, hashlib.sha256(document).hexdigest(), vanished, appeared)


def tokens_to_ignore(inventory: Inventory, document: bytes) -> list[str]:
    """The document's tokens that are not identifiers: the ``ignored-tokens`` it needs."""
    text = document.decode("utf-8", errors="replace")
    return sorted(extract_tokens(text) - inventory.all_identifiers)


def render_ignored(tokens: list[str], command: str) -> str:
    """The ``ignored-tokens:`` block, one quoted-as-needed token per line."""
    lines = [
        f"{_KEY}:",
        f"  # Written by `{command}`:",
        "  # the document's tokens that are not API identifiers (codegen/sources/tokens.py).",
    ]
    for token in tokens:
        scalar = yaml.safe_dump(token, allow_unicode=True, width=1000)
        lines.append("  - " + scalar.removesuffix("...\n").strip())
    if not tokens:
        lines[0] += " []"
    return "\n".join(lines) + "\n"


def replace_ignored(text: str, block: str, origin: Path) -> str:
    """``text`` with its top-level ``ignored-tokens`` key replaced by ``block`` (or added).

    Only that key's lines change: comments and layout of everything else stay as written.
    """
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise InventoryError(f"{origin}: not valid YAML: {exc}") from exc
    if not isinstance(root, yaml.MappingNode):
        raise InventoryError(f"{origin}: top level must be a mapping")
    pairs = root.value
    for index, (key, _value) in enumerate(pairs):
        if isinstance(key, yaml.ScalarNode) and key.value == _KEY:
            start = text.rfind("\n", 0, key.start_mark.index) + 1
            if index + 1 < len(pairs):
                end = _line_start_before_comments(text, pairs[index + 1][0].start_mark.index)
            else:
                end = len(text)
            return text[:start] + block + text[end:]
    return text.rstrip("\n") + "\n" + block


def _line_start_before_comments(text: str, index: int) -> int:
    """Start of the line at ``index``, moved up over the comment lines directly above it."""
    start = text.rfind("\n", 0, index) + 1
    while start > 0:
        previous = text.rfind("\n", 0, start - 1) + 1
        if not text[previous:start].lstrip().startswith("#"):
            break
        start = previous
    return start
