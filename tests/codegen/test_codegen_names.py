"""Names come from the spec: enum members from ``x-enum-varnames``, classes from titles.

No ``Response200``, ``Model1`` or ``VALUE_1``-style names anywhere in the generated code.
"""

from __future__ import annotations

import ast
import enum
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from codegen_testkit import REAL_SPECS, TEST_SPECS, session_tree, vendor_module

from codegen.generate.layout import PACKAGE_NAME, discover_vendors
from codegen.generate.spec_source import load_document
from mediatasks.spec_io import walk

_NUMBERED = re.compile(r"(^Response\d+$|^Model\d*$|\d+$)")
_VALUE_NAME = re.compile(r"^(VALUE|INTEGER)_")


def _named_enums(spec: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    schemas = load_document(spec.read_text())["components"]["schemas"]
    for key, schema in schemas.items():
        if "x-enum-varnames" in schema:
            names = dict(zip(schema["x-enum-varnames"], schema["enum"], strict=True))
            yield str(schema.get("title") or key), names


ENUMS = [
    (vendor.name, title, names)
    for folder in (REAL_SPECS, TEST_SPECS)
    for vendor in discover_vendors(folder)
    for title, names in _named_enums(vendor.spec)
]


@pytest.mark.parametrize(("vendor", "title", "names"), ENUMS, ids=[e[1] for e in ENUMS])
@pytest.mark.parametrize("module", ["client.models", "models"])
def test_enum_members_come_from_x_enum_varnames(
    vendor: str, title: str, names: dict[str, Any], module: str
) -> None:
    """Each member is named by its varname and carries its value (order may differ)."""
    enum_class: Any = getattr(vendor_module(vendor, module), title)
    assert issubclass(enum_class, enum.Enum)
    assert {member.name: member.value for member in enum_class} == names


def _class_names(package: Path) -> Iterator[tuple[Path, str]]:
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                yield path, node.name
            elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id
                if name.isupper() and _VALUE_NAME.match(name):
                    yield path, name


def test_no_numbered_or_placeholder_names() -> None:
    for root in (REAL_SPECS.parent / "generated", session_tree() / "generated"):
        for path, name in _class_names(root / PACKAGE_NAME):
            assert not _NUMBERED.search(name), f"{path}: {name}"
            assert not _VALUE_NAME.match(name), f"{path}: {name}"


def test_every_enum_schema_has_varnames() -> None:
    """Without them openapi-python-client would invent ``VALUE_1`` names for int enums."""
    for folder in (REAL_SPECS, TEST_SPECS):
        for vendor in discover_vendors(folder):
            document = load_document(vendor.spec.read_text())
            for pointer, node in walk(document):
                enum_values = node.get("enum") if isinstance(node, dict) else None
                if isinstance(enum_values, list) and len(enum_values) > 1:
                    assert "x-enum-varnames" in node, f"{vendor.spec}: {pointer}"
