"""Generator-only patches of a spec, for generator bugs the spec itself must not bend to.

The spec states what the vendor does; a generator bug is the generator's problem. Where one
forces a different shape on the generator's input, the change is written in a vendor's
``client.<vendor>.yaml`` under ``x-spec-patches`` — a JSON Pointer, the value to put there and
the reason — and applied to a copy of the document handed to that generator only. The models
generator, the sandbox, the contract tests and the published bundles all see the honest spec.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any, Final

from mediatasks.spec_io import pointer_tokens

__all__ = ["PATCHES_KEY", "SpecPatchError", "apply_spec_patches"]

PATCHES_KEY: Final = "x-spec-patches"


class SpecPatchError(ValueError):
    """A patch is malformed or points at nothing; ``pointer`` says where."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(message)
        self.pointer = pointer


def _tokens(pointer: str) -> list[str]:
    if not pointer.startswith("/"):
        raise SpecPatchError(pointer, f"patch pointer {pointer!r} must start with '/'")
    return pointer_tokens(pointer)


def apply_spec_patches(document: dict[str, Any], patches: Sequence[Any]) -> dict[str, Any]:
    """``document`` itself when there are no patches, else a patched deep copy."""
    if not patches:
        return document
    patched = copy.deepcopy(document)
    for index, patch in enumerate(patches):
        if not isinstance(patch, dict) or not {"pointer", "value", "reason"} <= patch.keys():
            raise SpecPatchError("", f"{PATCHES_KEY}[{index}] needs pointer, value and reason")
        pointer = str(patch["pointer"])
        *parents, last = _tokens(pointer)
        node: Any = patched
        for token in parents:
            if not isinstance(node, dict) or token not in node:
                raise SpecPatchError(
                    pointer, f"{PATCHES_KEY}[{index}]: {pointer} is not in the spec"
                )
            node = node[token]
        if not isinstance(node, dict) or last not in node:
            raise SpecPatchError(pointer, f"{PATCHES_KEY}[{index}]: {pointer} is not in the spec")
        node[last] = patch["value"]
    return patched
