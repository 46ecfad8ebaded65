"""Resolve local ``$ref``s (``#/components/...``) into a plain tree before comparing.

Two specs can say the same thing with different component layouts; comparing resolved trees
makes a moved or renamed component invisible unless what it describes changed. A reference
cycle is left as the ``$ref`` itself at the point where it closes, so resolution terminates.
"""

from __future__ import annotations

from typing import Any

__all__ = ["RefError", "resolve"]


class RefError(ValueError):
    """A ``$ref`` that points outside the document or at nothing."""


def _pointer(document: Any, ref: str) -> Any:
    if not ref.startswith("#/"):
        raise RefError(f"only local $refs are supported, got {ref!r}")
    node = document
    for raw in ref[2:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise RefError(f"$ref {ref!r} does not resolve")
    return node


def resolve(document: Any) -> Any:
    """A copy of ``document`` with every local ``$ref`` replaced by its target."""

    def walk(node: Any, active: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                if ref in active:
                    return {"$ref": ref}
                target = walk(_pointer(document, ref), (*active, ref))
                siblings = {k: walk(v, active) for k, v in node.items() if k != "$ref"}
                if isinstance(target, dict) and siblings:
                    # OpenAPI 3.1 allows keywords beside $ref; they refine the target.
                    return {**target, **siblings}
                return target
            return {key: walk(value, active) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item, active) for item in node]
        return node

    return walk(document, ())
