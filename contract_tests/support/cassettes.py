"""Cassettes: recorded requests and answers, one YAML file per session, secrets scrubbed.

Format (the sandbox seeds tasks from the successful answers in these files)::

    vendor: zego
    source: document | sandbox | live
    interactions:
      - operation: describeRecordStatus        # operationId, for readers and the replay test
        request: {method, path, query, headers, body}
        response: {status, headers, body}

``path`` is the spec's path (no host, no sandbox prefix); ``query`` and ``headers`` are
mappings of strings; bodies are parsed JSON, a string for form bodies, or null.

:func:`scrub` replaces every credential position (:data:`AUTH_POSITIONS`: tokens, signatures,
app ids, access keys, client secrets, the nonce that goes with a signature) by
:data:`SCRUBBED`, and :func:`find_secrets` is the proof a test runs over every cassette.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qsl, urlsplit

import httpx
import yaml

from contract_tests.support.signing import AUTH_POSITIONS
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.spec_io import load

__all__ = [
    "FIXTURES",
    "SCRUBBED",
    "Cassette",
    "Interaction",
    "find_secrets",
    "interaction_from_httpx",
    "load_cassette",
    "scrub",
]

FIXTURES: Final = Path(__file__).resolve().parents[1] / "fixtures"
SCRUBBED: Final = "<scrubbed>"
#: Headers worth keeping in a cassette; the rest (lengths, dates, user agents) is noise.
_KEPT_HEADERS: Final = frozenset(
    {"content-type", "platform", "authorization", "x-ws-accesskey", "x-ws-timestamp"}
)
#: Values shaped like credentials: MD5/SHA hex digests, JWTs, bearer tokens, WS3 headers.
SECRET_SHAPES: Final = (
    re.compile(r"^[0-9a-fA-F]{32}$"),
    re.compile(r"^[0-9a-fA-F]{64}$"),
    re.compile(r"^eyJ[\w-]+\.[\w-]+\.[\w-]*$"),
    re.compile(r"^Bearer\s+\S+$", re.IGNORECASE),
    re.compile(r"^WS3-HMAC-SHA256\s", re.IGNORECASE),
    re.compile(r"^[\w-]{20,}$"),
)


@dataclass
class Interaction:
    operation: str
    request: dict[str, Any]
    response: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"operation": self.operation, "request": self.request, "response": self.response}


@dataclass
class Cassette:
    vendor: str
    source: str
    interactions: list[Interaction] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "source": self.source,
            "interactions": [i.as_dict() for i in self.interactions],
        }

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(self.as_dict(), sort_keys=False, allow_unicode=True, width=100)
        path.write_text(text, encoding="utf-8")


def load_cassette(path: Path) -> Cassette:
    data = load(path.read_text(encoding="utf-8"), str(path)).data
    if not isinstance(data, dict) or not isinstance(data.get("interactions"), list):
        raise ValueError(f"{path}: not a cassette (no interactions list)")
    items = [
        Interaction(str(i.get("operation", "")), dict(i["request"]), dict(i["response"]))
        for i in data["interactions"]
    ]
    return Cassette(str(data.get("vendor", path.parent.name)), str(data.get("source", "")), items)


def _body(content: bytes, content_type: str) -> Any:
    if not content:
        return None
    text = content.decode("utf-8", errors="replace")
    if "json" in content_type:
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def interaction_from_httpx(
    vendor: str, operation: str, spec_path: str, request: httpx.Request, response: httpx.Response
) -> Interaction:
    """A scrubbed interaction from an exchange (``spec_path``: the path as the spec writes it)."""
    request_headers = {
        k.lower(): v for k, v in request.headers.items() if k.lower() in _KEPT_HEADERS
    }
    response_headers = {
        k.lower(): v for k, v in response.headers.items() if k.lower() in _KEPT_HEADERS
    }
    query = dict(parse_qsl(urlsplit(str(request.url)).query, keep_blank_values=True))
    raw = Interaction(
        operation,
        {
            "method": request.method,
            "path": spec_path,
            "query": query,
            "headers": request_headers,
            "body": _body(request.content, request.headers.get("content-type", "")),
        },
        {
            "status": response.status_code,
            "headers": response_headers,
            "body": _body(response.content, response.headers.get("content-type", "json")),
        },
    )
    return scrub(vendor, raw)


def scrub(vendor: str, interaction: Interaction) -> Interaction:
    """Replace every credential position of ``vendor`` by :data:`SCRUBBED` (returns a copy)."""
    request = json.loads(json.dumps(interaction.request))
    response = json.loads(json.dumps(interaction.response))
    for where, name in AUTH_POSITIONS[vendor]:
        if where == "query":
            _blank(request.get("query"), name)
        elif where == "header":
            _blank_header(request.get("headers"), name)
        elif where == "body":
            _blank_deep(request.get("body"), name)
        else:
            _blank_deep(response.get("body"), name)
    return Interaction(interaction.operation, request, response)


def _blank(container: Any, name: str) -> None:
    if isinstance(container, dict) and name in container:
        container[name] = SCRUBBED


def _blank_header(headers: Any, name: str) -> None:
    if isinstance(headers, dict):
        for key in list(headers):
            if key.lower() == name.lower():
                headers[key] = SCRUBBED


def _blank_deep(value: Any, name: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == name and item is not None:
                value[key] = SCRUBBED
            else:
                _blank_deep(item, name)
    elif isinstance(value, list):
        for item in value:
            _blank_deep(item, name)


def _sandbox_secret_values() -> set[str]:
    creds = SandboxCredentials()
    values = set(creds.as_environment().values())
    return {v for v in values if v}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield str(value)


def _auth_values(vendor: str, interaction: Interaction) -> Iterator[tuple[str, Any]]:
    request, response = interaction.request, interaction.response
    for where, name in AUTH_POSITIONS[vendor]:
        if where == "query":
            container = request.get("query") or {}
            if name in container:
                yield f"query {name}", container[name]
        elif where == "header":
            for key, value in (request.get("headers") or {}).items():
                if key.lower() == name.lower():
                    yield f"header {key}", value
        else:
            body = request.get("body") if where == "body" else response.get("body")
            for found in _find_key(body, name):
                yield f"{where} {name}", found


def _find_key(value: Any, name: str) -> Iterator[Any]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == name:
                yield item
            else:
                yield from _find_key(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _find_key(item, name)


def find_secrets(vendor: str, interactions: Iterable[Interaction]) -> list[str]:
    """Every place in ``interactions`` that holds a credential; empty means clean.

    Two proofs: no string anywhere equals a sandbox credential value, and every credential
    position holds :data:`SCRUBBED` (or null), never a value shaped like a signature or token.
    """
    known = _sandbox_secret_values()
    problems = []
    for index, interaction in enumerate(interactions):
        for text in _strings(interaction.as_dict()):
            if text in known:
                problems.append(f"#{index}: holds a sandbox credential value")
        for where, value in _auth_values(vendor, interaction):
            if value in (None, SCRUBBED):
                continue
            shaped = any(shape.search(str(value)) for shape in SECRET_SHAPES)
            problems.append(
                f"#{index}: {where} is not scrubbed"
                + (" (credential-shaped value)" if shaped else "")
            )
    return problems


def cassette_paths(root: Path = FIXTURES) -> list[Path]:
    return sorted(root.glob("*/*.yaml"))


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
