"""Keep credentials out of failure reports (pytest output, JUnit files kept by CI).

A failed case is reported with a curl line of the request as sent
(:func:`~contract_tests.support.runs.with_sent_request`), so with the signer's
``Authorization``, ``X-WS-AccessKey``, ``Signature`` or ``sign``, and with the answer's body,
which for 123pan's token call holds a live access token; the contract checks quote answers
too. In a live run those are real credentials. :func:`secrets_of` lists
what one exchange carried and :func:`redact` blanks it, including the fragments that
truncated quotes leave (pydantic shows the head and tail of an input, a cut body ends
mid-token).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final
from urllib.parse import parse_qsl, urlsplit

from contract_tests.support.signing import AUTH_POSITIONS

__all__ = ["REDACTED", "redact", "secrets_of"]

REDACTED: Final = "<redacted>"
#: Secrets at least this long are also blanked where only a fragment of them shows.
_FRAGMENT_FROM: Final = 16
#: The shortest fragment blanked (shorter ones could be anything).
_FRAGMENT_MIN: Final = 10


def secrets_of(
    vendor: str, credentials: Mapping[str, str], request: Any, content: bytes
) -> set[str]:
    """Every credential value one exchange carried: the target's own values, the credential
    headers and query parameters of the request as sent, and credentials in the answer."""
    found = {value for value in credentials.values() if value}
    query = dict(parse_qsl(urlsplit(str(getattr(request, "url", "") or "")).query))
    headers = {str(k).lower(): str(v) for k, v in (getattr(request, "headers", None) or {}).items()}
    text = content.decode("utf-8", errors="replace")
    for where, name in AUTH_POSITIONS[vendor]:
        if where == "query" and query.get(name):
            found.add(query[name])
        elif where == "header" and headers.get(name):
            value = headers[name]
            found.add(value)
            found.update(re.findall(r"(?:Bearer\s+|Credential=|Signature=)([^,\s]+)", value))
        elif where in ("body", "response"):
            # a regular expression, not a JSON parse: a truncated answer still gives its token
            pattern = rf'"{re.escape(name)}"\s*:\s*"([^"\\]*)'
            found.update(match for match in re.findall(pattern, text) if match)
    return {value for value in found if value != REDACTED}


def redact(text: str, secrets: Iterable[str], vendor: str | None = None) -> str:
    """``text`` with every secret, and every long fragment of a long one-word secret, blanked;
    with ``vendor``, also every value written at one of its credential positions (a report
    may sign its curl line afresh, so the values it shows are not the ones that were sent)."""
    if vendor is not None:
        text = _redact_positions(text, vendor)
    for secret in sorted(set(secrets), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
        if len(secret) < _FRAGMENT_FROM or any(char.isspace() for char in secret):
            continue  # a whole header value: its secret parts are listed on their own
        for size in range(len(secret) - 1, _FRAGMENT_MIN - 1, -1):
            for start in range(len(secret) - size + 1):
                fragment = secret[start : start + size]
                if fragment in text:
                    text = text.replace(fragment, REDACTED)
    return text


def _redact_positions(text: str, vendor: str) -> str:
    for where, name in AUTH_POSITIONS[vendor]:
        key = re.escape(name)
        if where == "query":  # ?AppId=... &sign=...
            pattern = rf"([?&]{key}=)[^&#\s'\"]+"
        elif where == "header":  # -H 'authorization: ...', {'Authorization': '...'}
            pattern = rf"(?i)(\b{key}['\"]?\s*:\s*['\"]?)[^'\"\n]+"
        else:  # "clientSecret": "...", 'accessToken': '...'
            pattern = rf"(['\"]{key}['\"]\s*:\s*['\"])[^'\"\n]+"
        text = re.sub(pattern, rf"\g<1>{REDACTED}", text)
    return text
