"""The five real specs pass every check, and name every identifier their inventory lists."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from spec_test_paths import REPO, SOURCE_DOCS, VENDOR_DOCS

from codegen.sources.inventory import load_inventory
from codegen.spec_checks import Level, check_spec

VENDORS = sorted(VENDOR_DOCS)


def _spec(vendor: str) -> Path:
    path = REPO / "specs" / vendor / "openapi.yaml"
    assert path.is_file(), f"{path} is missing: every registered vendor has a spec"
    return path


def _inventory(vendor: str) -> Path:
    path = REPO / "specs" / vendor / "inventory.yaml"
    assert path.is_file(), f"{path} is missing: every vendor spec has an inventory"
    return path


@pytest.mark.parametrize("vendor", VENDORS)
def test_real_spec_passes_every_check(vendor: str) -> None:
    source_docs = SOURCE_DOCS if SOURCE_DOCS.is_dir() else None
    problems = check_spec(_spec(vendor), source_docs)
    errors = [p.format() for p in problems if p.level is Level.ERROR]
    assert errors == []


def _keys_and_scalars(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield str(key)
            yield from _keys_and_scalars(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keys_and_scalars(item)
    elif node is not None and not isinstance(node, bool):
        yield str(node)


def _error_codes(spec: Mapping[str, Any]) -> set[str]:
    envelope = spec.get("x-envelope", {})
    entries = list(envelope.get("error-codes", []))
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, Mapping):
                entries += operation.get("x-error-codes", [])
    codes = {str(e[k]) for e in entries for k in ("code", "detail") if e.get(k) is not None}
    return codes | {str(code) for code in envelope.get("success-codes", [])}


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_inventory_identifier_appears_in_its_spec(vendor: str) -> None:
    inventory = load_inventory(_inventory(vendor))
    text = _spec(vendor).read_text(encoding="utf-8")
    spec = yaml.safe_load(text)
    words = set(_keys_and_scalars(spec))
    missing = []
    for category, names in inventory.identifiers.items():
        for name in names:
            if category == "error-codes":
                found = name in _error_codes(spec)
            elif category == "paths":
                found = name in spec.get("paths", {}) or name in text
            else:
                found = name in words
            if not found:
                missing.append(f"{category}: {name}")
    assert missing == [], f"specs/{vendor}/openapi.yaml does not name these identifiers"


@pytest.mark.parametrize("vendor", VENDORS)
def test_inventory_matches_the_spec_provenance(vendor: str) -> None:
    inventory = load_inventory(_inventory(vendor))
    provenance = yaml.safe_load(_spec(vendor).read_text(encoding="utf-8"))["info"]["x-provenance"]
    assert inventory.sha256 == provenance["sha256"]
    assert yaml.safe_load(_inventory(vendor).read_text())["source-file"] == VENDOR_DOCS[vendor]
