"""Honest names for the contract cases in pytest's own JUnit file (``--junitxml``).

Schemathesis makes one pytest item per operation, and pytest 9 gives every item of one test
function the same node id (``test_myun`` five times) and the location of Schemathesis'
builder. The reporting plugin therefore fixes each report's location (the test function in
this repository) and attaches properties saying vendor, operation, phase and target
(:func:`case_properties`). pytest writes its JUnit file as usual; when it is written,
:func:`rename_cases` turns those properties into a unique case name —
``classname="contract.sandbox.zego" name="zego describeRecordStatus coverage"`` — and removes
them. The family is xunit1 (``pyproject.toml``), whose cases keep ``file=`` and ``line=``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Final

__all__ = ["PROPERTY_PREFIX", "case_name", "case_properties", "rename_cases"]

PROPERTY_PREFIX: Final = "mediatasks."
_KEYS: Final = ("vendor", "operation", "phase", "target")


def case_properties(
    vendor: str, operation: str, phase: str, target: str
) -> list[tuple[str, object]]:
    """The properties a contract report carries into the JUnit file until it is renamed."""
    values = (vendor, operation, phase, target)
    return [(PROPERTY_PREFIX + key, value) for key, value in zip(_KEYS, values, strict=True)]


def case_name(vendor: str, operation: str, phase: str, target: str) -> tuple[str, str]:
    """``(classname, name)`` of one vendor × operation × phase case."""
    return f"contract.{target}.{vendor}", f"{vendor} {operation} {phase}"


def rename_cases(path: Path) -> int:
    """Rename every case that carries our properties; returns how many were renamed.

    Raises ``ValueError`` when two cases end up with one name: that would hide a result.
    """
    tree = ET.parse(path)  # noqa: S314 - pytest wrote this file in this run
    renamed = 0
    names: Counter[tuple[str, str]] = Counter()
    for case in tree.iter("testcase"):
        properties = case.find("properties")
        if properties is None:
            continue
        ours = {
            str(p.get("name"))[len(PROPERTY_PREFIX) :]: str(p.get("value"))
            for p in properties.findall("property")
            if str(p.get("name", "")).startswith(PROPERTY_PREFIX)
        }
        if set(ours) != set(_KEYS):
            continue
        classname, name = case_name(*(ours[key] for key in _KEYS))
        case.set("classname", classname)
        case.set("name", name)
        names[(classname, name)] += 1
        for element in list(properties):
            if str(element.get("name", "")).startswith(PROPERTY_PREFIX):
                properties.remove(element)
        if not len(properties):
            case.remove(properties)
        renamed += 1
    twice = [f"{c} {n}" for (c, n), count in names.items() if count > 1]
    if twice:
        raise ValueError(f"{path}: JUnit cases with the same name: {', '.join(twice)}")
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return renamed
