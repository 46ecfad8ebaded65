"""Write the cassettes under ``contract_tests/fixtures/<vendor>/``.

    python -m contract_tests.record documents        # the specs' x-from-document examples
    python -m contract_tests.record session          # a scripted session against the sandbox
    python -m contract_tests.record session --live   # the same session against real hosts

``documents`` turns every response example marked ``x-from-document`` into an interaction,
with the request built from the operation's own examples. ``session`` drives the runtime's
vendor clients (the signing, the token cache, the task readers) through a short, fixed story
per vendor (read a known task, read an unknown one; MYun: create, read, list, delete, delete
again) and records every exchange at the transport, after signing. ``--live`` takes hosts
and credentials from the environment (see ``contract_tests/README.md``) and skips vendors
without them. Every interaction is scrubbed before it is written.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import httpx

from contract_tests.support.cassettes import FIXTURES, Cassette, Interaction, interaction_from_httpx
from contract_tests.support.cassettes import scrub as scrub_interaction
from contract_tests.support.targets import LIVE, SANDBOX, TARGET_ENV, Target, target_for
from mediatasks import registry
from mediatasks.errors import MediaTasksError
from mediatasks.sandbox.transport import SandboxTransport
from mediatasks.specs import VENDORS, load_spec
from mediatasks.vendors import MyunClient, TaskClient, client_for

__all__ = ["document_cassette", "main", "session_cassette"]

_METHODS: Final = ("get", "post", "put", "delete", "patch")


# -- documents --------------------------------------------------------------------------------
def _example_value(node: Mapping[str, Any]) -> Any:
    return node.get("value")


def _request_body(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> tuple[str, Any]:
    content = (operation.get("requestBody") or {}).get("content") or {}
    for media_type, media in content.items():
        examples = media.get("examples") or {}
        ordered = sorted(examples.values(), key=lambda e: not e.get("x-from-document"))
        for example in ordered:
            return media_type, _example_value(example)
        if "example" in media:
            return media_type, media["example"]
    return "", None


def _query(operation: Mapping[str, Any]) -> dict[str, str]:
    query = {}
    for parameter in operation.get("parameters") or []:
        if parameter.get("in") != "query":
            continue
        value = parameter.get("example")
        examples = sorted(
            (parameter.get("examples") or {}).values(), key=lambda e: not e.get("x-from-document")
        )
        if value is None and examples:
            value = examples[0].get("value")
        if value is None:
            schema = parameter.get("schema") or {}
            enum = schema.get("enum") or []
            value = enum[0] if enum else schema.get("default")
        if value is not None:
            query[str(parameter["name"])] = str(value)
    return query


def _responses(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> list[Any]:
    answer = (operation.get("responses") or {}).get("200") or {}
    while "$ref" in answer:
        node: Any = spec
        for part in str(answer["$ref"]).removeprefix("#/").split("/"):
            node = node[part]
        answer = node
    media = (answer.get("content") or {}).get("application/json") or {}
    return [e for e in (media.get("examples") or {}).values() if e.get("x-from-document")]


def document_cassette(vendor: str) -> Cassette:
    """Every x-from-document response example of ``vendor``, each with a plausible request."""
    spec = load_spec(vendor)
    cassette = Cassette(vendor, "document")
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            media_type, body = _request_body(spec, operation)
            headers = {"content-type": media_type} if media_type else {}
            for example in _responses(spec, operation):
                cassette.interactions.append(
                    scrub_interaction(
                        vendor,
                        Interaction(
                            str(operation["operationId"]),
                            {
                                "method": method.upper(),
                                "path": path,
                                "query": _query(operation),
                                "headers": dict(headers),
                                "body": body,
                            },
                            {
                                "status": 200,
                                "headers": {"content-type": "application/json"},
                                "body": _example_value(example),
                            },
                        ),
                    )
                )
    return cassette


# -- sessions ---------------------------------------------------------------------------------
class RecordingTransport(httpx.BaseTransport):
    """Passes requests to ``inner`` and keeps every (request, response) it saw."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        response = self.inner.handle_request(request)
        response.read()
        self.exchanges.append((request, response))
        return response


def _operation_for(vendor: str, method: str, url_path: str, base_path: str) -> tuple[str, str]:
    base = base_path.rstrip("/")
    path = url_path[len(base) :] if base and url_path.startswith(base) else url_path
    path = path or "/"
    for spec_path, item in load_spec(vendor)["paths"].items():
        operation = item.get(method.lower())
        if spec_path == path and isinstance(operation, Mapping):
            return str(operation["operationId"]), spec_path
    return "", path


def _story(vendor: str, client: TaskClient) -> list[Callable[[], object]]:
    known, unknown = registry.get(vendor).sample_tasks
    steps: list[Callable[[], object]] = [
        lambda: client.get_task(known),
        lambda: client.get_task(unknown),
    ]
    if isinstance(client, MyunClient):
        created: list[str] = []

        def create() -> None:
            created.append(client.create_task("https://media.example.com/uploads/session.mp4"))

        steps += [
            create,
            lambda: client.get_task(created[0]),
            lambda: client.get_tasks([created[0]]),
            lambda: client.delete_task(created[0]),
            lambda: client.delete_task(created[0]),
        ]
    return steps


def session_cassette(target: Target) -> Cassette:
    """Run the vendor's story through the runtime client against ``target``; record it."""
    inner: httpx.BaseTransport = (
        SandboxTransport(target.app) if target.in_process else httpx.HTTPTransport()
    )
    recorder = RecordingTransport(inner)
    client = client_for(
        target.vendor, target.credentials, base_url=target.base_url, transport=recorder
    )
    with client:
        for step in _story(target.vendor, client):
            # Error answers are part of the story; the transport has kept them.
            with contextlib.suppress(MediaTasksError):
                step()
    base_path = httpx.URL(target.base_url).path
    cassette = Cassette(target.vendor, target.name)
    for request, response in recorder.exchanges:
        operation, spec_path = _operation_for(
            target.vendor, request.method, request.url.path, base_path
        )
        cassette.interactions.append(
            interaction_from_httpx(target.vendor, operation, spec_path, request, response)
        )
    return cassette


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contract_tests.record", description=__doc__)
    parser.add_argument("what", choices=["documents", "session"])
    parser.add_argument("vendors", nargs="*", default=list(VENDORS))
    parser.add_argument("--live", action="store_true", help="record against real hosts")
    parser.add_argument("--out", type=Path, default=FIXTURES, help="fixtures folder")
    args = parser.parse_args(argv)
    os.environ[TARGET_ENV] = LIVE if args.live else SANDBOX
    for vendor in args.vendors:
        if args.what == "documents":
            cassette = document_cassette(vendor)
            path = args.out / vendor / "documents.yaml"
        else:
            target = target_for(vendor)
            if target.skip_reason:
                print(f"skipped {target.skip_reason}", file=sys.stderr)
                continue
            cassette = session_cassette(target)
            path = args.out / vendor / f"session-{target.name}.yaml"
        cassette.write(path)
        print(f"{path}: {len(cassette.interactions)} interactions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
