"""ZEGO signature version 2.0: ``md5(AppId + SignatureNonce + ServerSecret + Timestamp)``.

The four values are concatenated as decimal/plain strings and hashed to 32 lowercase hex
characters. The nonce and timestamp signed must be the ones sent in the query; a signature is
accepted for about ten minutes, so callers sign every request afresh.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Final

__all__ = ["SIGNATURE_VERSION", "new_nonce", "signature", "string_to_sign"]

SIGNATURE_VERSION: Final = "2.0"


def string_to_sign(app_id: int | str, nonce: str, server_secret: str, timestamp: int) -> str:
    """The md5 input: the four values concatenated with no separator."""
    if isinstance(timestamp, bool) or not isinstance(timestamp, int):
        raise TypeError("timestamp must be an int (Unix seconds)")
    return f"{app_id}{nonce}{server_secret}{timestamp}"


def signature(app_id: int | str, nonce: str, server_secret: str, timestamp: int) -> str:
    """The ``Signature`` query value: lowercase md5 hex of :func:`string_to_sign`."""
    text = string_to_sign(app_id, nonce, server_secret, timestamp)
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def new_nonce() -> str:
    """A fresh ``SignatureNonce``: 16 lowercase hex characters from 8 random bytes."""
    return secrets.token_hex(8)
