"""Tolerant readers for vendor payloads: shape errors raise, unknown values survive.

A payload whose structure contradicts the spec (no list where one is promised, no id) is an
:class:`~mediatasks.errors.InvalidResponseError`; an unexpected *value* (a new status code) is
kept raw and mapped to UNKNOWN by the status tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediatasks.vendors._base import payload_error

__all__ = ["as_list", "as_mapping", "number", "text"]


def as_mapping(value: Any, vendor: str, operation_id: str, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise payload_error(
            vendor, operation_id, f"{where} is {type(value).__name__}, not an object"
        )
    return value


def as_list(value: Any, vendor: str, operation_id: str, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise payload_error(vendor, operation_id, f"{where} is {type(value).__name__}, not a list")
    return value


def text(value: Any) -> str | None:
    """A non-empty string, or None (vendors send "" and null for "nothing yet")."""
    if value is None or value == "":
        return None
    return str(value)


def number(value: Any) -> float | None:
    """A number from a number or a numeric string (vendors drift between both), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None
