"""Every signing test vector of every spec in one language-neutral JSON file.

Other-language teams test their signers against it without reading YAML or OpenAPI: per vendor
the spec version, and per signing scheme (the ones the API uses and the related ones a spec
records for reference) the algorithm, its output facts and each vector as the spec has it —
inputs, intermediate strings, the expected output. ``python -m codegen publish`` writes it as
``dist/signing-vectors.json``; the spec archive ships the same file, and per vendor the
vendor's own vectors in the same format.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

__all__ = ["VECTORS_FILE", "signing_vectors", "vectors_text", "write_vectors"]

VECTORS_FILE: Final = "signing-vectors.json"
_FACTS: Final = ("hash", "output-case", "timestamp", "nonce", "secret-sent", "source")


def _scheme(name: str, signing: Mapping[str, Any], used: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "scheme": name,
        "algorithm": signing.get("algorithm"),
        "used-by-this-spec": used,
    }
    entry.update({key: signing[key] for key in _FACTS if key in signing})
    entry["test-vectors"] = list(signing.get("test-vectors") or [])
    return entry


def vendor_vectors(spec: Mapping[str, Any]) -> dict[str, Any]:
    """One vendor: spec version and its signing schemes with their vectors."""
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    found: list[dict[str, Any]] = []
    for name, scheme in schemes.items():
        if not isinstance(scheme, Mapping) or not isinstance(scheme.get("x-signing"), Mapping):
            continue
        found.append(_scheme(name, scheme["x-signing"], used=True))
        for related in scheme.get("x-related-signing") or []:
            if isinstance(related, Mapping):
                found.append(_scheme(name, related, used=False))
    return {"spec-version": str((spec.get("info") or {}).get("version", "")), "schemes": found}


def signing_vectors(specs: Sequence[tuple[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """``{"vendors": {vendor: ...}}`` for ``(vendor, spec)`` pairs, in the order given."""
    return {
        "description": (
            "Signing test vectors of the mediatasks specs (x-signing test-vectors), generated "
            "by `python -m codegen publish`; each vector has its inputs, the intermediate "
            "strings and the expected output."
        ),
        "vendors": {vendor: vendor_vectors(spec) for vendor, spec in specs},
    }


def vectors_text(specs: Sequence[tuple[str, Mapping[str, Any]]]) -> str:
    """:func:`signing_vectors` as the published JSON text (stable, indented, UTF-8)."""
    return json.dumps(signing_vectors(specs), indent=2, ensure_ascii=False) + "\n"


def write_vectors(path: Path, specs: Sequence[tuple[str, Mapping[str, Any]]]) -> Path:
    """Write :func:`vectors_text` to ``path``; return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(vectors_text(specs), encoding="utf-8")
    return path
