"""CDNetworks Cloud VoD signing: the old API's WS3-HMAC-SHA256 (the one the spec describes).

Old API (``api.cloudv.haplat.net``, "Interface Authentication V3")::

    CanonicalRequest = Method \\n RequestURI \\n QueryString \\n CanonicalHeaders \\n
                       SignedHeaders \\n lowerhex(sha256(body))
    CanonicalHeaders = "name:value\\n" per signed header (lowercase names, trimmed values)
    StringToSign     = "WS3-HMAC-SHA256" \\n X-WS-Timestamp \\n lowerhex(sha256(CanonicalRequest))
    Signature        = lowerhex(hmac_sha256(SecretKey, StringToSign))

The canonical-headers layout (one line per header with a trailing newline, hence a blank line
before SignedHeaders) is the one VENDORS.md's test vectors assume.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from typing import Final

__all__ = [
    "ALGORITHM",
    "REQUIRED_SIGNED_HEADERS",
    "authorization",
    "canonical_headers",
    "canonical_request",
    "payload_hash",
    "signature",
    "signed_headers_line",
    "string_to_sign",
]

ALGORITHM: Final = "WS3-HMAC-SHA256"
REQUIRED_SIGNED_HEADERS: Final = ("content-type", "host")


def payload_hash(body: bytes) -> str:
    """``HashedRequestPayload``: lowercase hex sha256 of the raw body (empty body included)."""
    return hashlib.sha256(body).hexdigest()


def signed_headers_line(signed_headers: Sequence[str]) -> str:
    """``SignedHeaders``: the lowercase names, sorted, joined with ``;``."""
    names = sorted({name.strip().lower() for name in signed_headers})
    if not names or "" in names:
        raise ValueError("signed_headers must name at least one header, none empty")
    return ";".join(names)


def canonical_headers(headers: Mapping[str, str], signed_headers: Sequence[str]) -> str:
    """``CanonicalHeaders``: ``name:value\\n`` for each signed header, in signed-header order."""
    lowered = {name.lower(): value for name, value in headers.items()}
    lines = []
    for name in signed_headers_line(signed_headers).split(";"):
        if name not in lowered:
            raise ValueError(f"signed header {name!r} is not among the request headers")
        lines.append(f"{name}:{lowered[name].strip()}\n")
    return "".join(lines)


def canonical_request(  # noqa: PLR0917 - the signing formula has six inputs
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str],
    signed_headers: Sequence[str],
    body: bytes,
) -> str:
    """The canonical request; ``query`` is the raw query string without ``?`` ("" for POST)."""
    return "\n".join(
        (
            method.upper(),
            path or "/",
            query,
            canonical_headers(headers, signed_headers),
            signed_headers_line(signed_headers),
            payload_hash(body),
        )
    )


def string_to_sign(timestamp: int | str, canonical_request: str) -> str:
    """``WS3-HMAC-SHA256\\n<timestamp>\\n<sha256 hex of the canonical request>``."""
    digest = hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{timestamp}\n{digest}"


def signature(secret_key: str, timestamp: int | str, canonical_request: str) -> str:
    """Lowercase hex HMAC-SHA256 of :func:`string_to_sign` keyed with the secret key."""
    message = string_to_sign(timestamp, canonical_request).encode("utf-8")
    return hmac.new(secret_key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def authorization(access_key: str, signed_headers: Sequence[str], signature: str) -> str:
    """The ``Authorization`` header value of the old API (plain ``Credential=<AccessKey>``)."""
    line = signed_headers_line(signed_headers)
    return f"{ALGORITHM} Credential={access_key}, SignedHeaders={line}, Signature={signature}"
