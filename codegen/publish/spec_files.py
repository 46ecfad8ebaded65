"""Find the vendor specs and read the few facts publishing needs from each.

YAML is read by :func:`mediatasks.spec_io.load`: a bundle must become JSON unchanged, so an
unquoted ``2025-03-17`` stays the text it is (never a ``date`` that JSON cannot carry).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codegen.spec_checks.spec_walk import operations
from mediatasks.spec_io import SpecSyntaxError, load

__all__ = ["VendorSpec", "count_operations", "discover", "load_yaml"]

_SAFE_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_-]*$")


def load_yaml(text: str) -> Any:
    """Parse a spec the way JSON-minded tools see it (:func:`mediatasks.spec_io.load`)."""
    return load(text).data


def count_operations(document: dict[str, Any]) -> int:
    """Number of operations (path + HTTP method) in an OpenAPI document."""
    return sum(1 for _op in operations(document))


@dataclass(frozen=True, slots=True)
class VendorSpec:
    """One vendor's spec and the facts the index page and file names are made of."""

    vendor: str
    path: Path
    title: str
    version: str
    updated: str | None
    updated_note: str | None
    operations: int
    #: the parsed spec, read once here and handed to every step that needs it
    document: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def stem(self) -> str:
        """Base of every published file name, e.g. ``zego-openapi-1.0.0``."""
        return f"{self.vendor}-openapi-{self.version}"

    @classmethod
    def read(cls, vendor: str, path: Path) -> VendorSpec:
        try:
            document = load(path.read_text(encoding="utf-8"), str(path)).data
        except SpecSyntaxError as exc:
            raise ValueError(f"{exc} (run `make check-specs`)") from None
        if not isinstance(document, dict) or not isinstance(document.get("info"), dict):
            raise ValueError(f"{path}: not an OpenAPI document (no info object)")
        info = document["info"]
        version = str(info.get("version", ""))
        if not _SAFE_VERSION.match(version):
            raise ValueError(f"{path}: info.version {version!r} cannot be used in a file name")
        provenance = info.get("x-provenance") or {}
        updated = provenance.get("updated")
        note = provenance.get("updated-note")
        return cls(
            vendor=vendor,
            path=path,
            title=str(info.get("title", vendor)),
            version=version,
            updated=None if updated is None else str(updated),
            updated_note=None if note is None else str(note),
            operations=count_operations(document),
            document=document,
        )


def discover(specs_dir: Path, only: list[str] | None = None) -> list[VendorSpec]:
    """Every ``<specs_dir>/<vendor>/openapi.yaml``, sorted by vendor; ``only`` filters by key."""
    found = {p.parent.name: p for p in sorted(specs_dir.glob("*/openapi.yaml"))}
    if only:
        unknown = sorted(set(only) - set(found))
        if unknown:
            known = ", ".join(found) or "none"
            raise ValueError(f"no spec for vendor(s) {', '.join(unknown)} (known: {known})")
        found = {k: v for k, v in found.items() if k in only}
    return [VendorSpec.read(vendor, path) for vendor, path in found.items()]
