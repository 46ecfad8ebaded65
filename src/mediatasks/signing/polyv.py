"""Polyv VOD sub-account MD5 signing (the ``sign`` query parameter of the v3 APIs).

Every request parameter except ``sign`` whose value is not empty is sorted by key (ASCII),
written as ``key1value1key2value2`` with raw (not URL-encoded) values, wrapped in the secret on
both sides and hashed to 32 uppercase hex characters. The secret itself is never sent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Final

__all__ = ["SIGN_PARAMETER", "signature", "string_to_sign", "value_text"]

SIGN_PARAMETER: Final = "sign"


def value_text(value: object) -> str:
    """A parameter value as it travels in the query (booleans as httpx writes them)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def string_to_sign(params: Mapping[str, object], secret: str) -> str:
    """``secret + concat(sorted key+value, empty values and sign skipped) + secret``."""
    pairs = sorted(
        (str(key), value_text(value))
        for key, value in params.items()
        if key != SIGN_PARAMETER and value_text(value) != ""
    )
    return secret + "".join(key + text for key, text in pairs) + secret


def signature(params: Mapping[str, object], secret: str) -> str:
    """The ``sign`` value: uppercase md5 hex of :func:`string_to_sign`."""
    text = string_to_sign(params, secret)
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest().upper()
