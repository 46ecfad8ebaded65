"""CDNetworks Cloud VoD signing: the old API's WS3-HMAC-SHA256 and the new API's basic scheme.

Old API (``api.cloudv.haplat.net``, "Interface Authentication V3")::

    CanonicalRequest = Method \\n RequestURI \\n QueryString \\n CanonicalHeaders \\n
                       SignedHeaders \\n lowerhex(sha256(body))
    CanonicalHeaders = "name:value\\n" per signed header (lowercase names, trimmed values)
    StringToSign     = "WS3-HMAC-SHA256" \\n X-WS-Timestamp \\n lowerhex(sha256(CanonicalRequest))
    Signature        = lowerhex(hmac_sha256(SecretKey, StringToSign))

The canonical-headers layout (one line per header with a trailing newline, hence a blank line
before SignedHeaders) is the one VENDORS.md's test vectors assume.

New API (``api.cdnetworks.com``): ``Authorization: Basic base64(user ":" password)`` with
``password = base64(hmac_sha1(apiKey, <Date header>))``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from typing import Final

__all__ = [
    "ALGORITHM",
    "REQUIRED_SIGNED_HEADERS",
    "authorization",
    "basic_authorization",
    "basic_password",
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


def basic_password(api_key: str, date: str) -> str:
    """New API: ``base64(hmac_sha1(apiKey, Date))``, ``date`` being the exact Date header."""
    digest = hmac.new(api_key.encode("utf-8"), date.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def basic_authorization(username: str, api_key: str, date: str) -> str:
    """New API: the whole ``Authorization`` value, ``Basic base64(user:password)``."""
    credentials = f"{username}:{basic_password(api_key, date)}".encode()
    return "Basic " + base64.b64encode(credentials).decode("ascii")
