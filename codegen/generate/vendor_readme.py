"""The README of one generated vendor package: what is there, how to call it, how to sign.

Written by codegen from the spec (operations, ``x-envelope`` and its error codes), the
generated modules (which module serves which operationId) and the vendor's registry record
(which ``httpx.Auth`` of :mod:`mediatasks.auth` signs its requests); never by hand.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from codegen.generate.auth_call import auth_call
from codegen.generate.headers import codegen_header_line
from codegen.spec_checks.spec_walk import operations
from mediatasks.errors import error_class_for_kind
from mediatasks.spec_io import follow, resolve_pointer
from mediatasks.specs import VendorProfile, profile_from_spec

__all__ = ["api_modules", "vendor_readme"]

README_HEADER = f"<!-- {codegen_header_line('vendor README').removeprefix('# ')} -->"


def api_modules(client_dir: Path, package: str) -> dict[str, str]:
    """operationId -> importable module, read from the generated modules' ``OPERATION_ID``."""
    found: dict[str, str] = {}
    for path in sorted((client_dir / "api").rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and node.target.id == "OPERATION_ID"
                and isinstance(node.value, ast.Constant)
            ):
                parts = path.relative_to(client_dir).with_suffix("").parts
                found[str(node.value.value)] = ".".join((package, "client", *parts))
    return found


def _title(document: Mapping[str, Any], schema: Any) -> str:
    """A schema as a reader names it: its title, ``list[...]`` of one, or its type."""
    node = follow(document, schema) if isinstance(schema, Mapping) else schema
    if not isinstance(node, Mapping):
        return "Any"
    for branch in node.get("anyOf") or node.get("oneOf") or ():
        branch_node = follow(document, branch)
        if isinstance(branch_node, Mapping) and branch_node.get("type") != "null":
            return _title(document, branch)
    if node.get("type") == "array":
        return f"list[{_title(document, node.get('items'))}]"
    return str(node.get("title") or node.get("type") or "Any")


def _payload(document: Mapping[str, Any], operation: Mapping[str, Any]) -> str:
    envelope = document["x-envelope"]
    answer = follow(document, operation["responses"][str(envelope["http-status"])])
    schema = follow(document, answer["content"]["application/json"]["schema"])
    data = envelope.get("data")
    if not data:
        return _title(document, schema)
    return _title(document, resolve_pointer(schema, f"/properties{data}", {}))


def _error_rows(profile: VendorProfile) -> Iterator[str]:
    entries = [*profile.envelope.error_codes]
    for operation in profile.operations.values():
        entries += operation.error_codes
    for entry in entries:
        code = f"{entry.code}" + (f"/{entry.detail}" if entry.detail is not None else "")
        where = entry.operation_id or "every operation"
        cls = error_class_for_kind(entry.kind).__name__
        yield f"| {code} | {entry.name} | {entry.kind} | `{cls}` | {where} |"


def _signing(vendor: str, base_url: str, spec: VendorProfile) -> list[str]:
    token = spec.token_operation
    token_url = f'"{base_url}{spec.operations[token].path}"' if token is not None else None
    auth = auth_call(vendor, token_url)
    if auth is None:
        return [
            "Pass an `httpx.Auth` that adds the credentials the spec's `securitySchemes` name:",
            "",
            "```python",
            f'client = Client(base_url="{base_url}", httpx_args={{"auth": auth}})',
            "```",
        ]
    return [
        f"Requests are signed by the runtime's `{auth.name}` (an `httpx.Auth`, the same one the",
        "mediatasks runtime uses), passed to the generated client through `httpx_args`:",
        "",
        "```python",
        "import os",
        "",
        f"from {auth.module} import {auth.name}",
        f"from mediatasks_generated.{vendor}.client import Client",
        "",
        f"auth = {auth.expression}",
        f'client = Client(base_url="{base_url}", httpx_args={{"auth": auth}})',
        "```",
    ]


def vendor_readme(
    vendor: str, display: str, document: Mapping[str, Any], modules: Mapping[str, str]
) -> str:
    """The README text (Markdown) of ``mediatasks_generated.<vendor>``."""
    info = document.get("info", {})
    envelope = document["x-envelope"]
    spec = profile_from_spec(vendor, document, display)
    servers = [s for s in document.get("servers", []) if not s.get("x-sandbox")]
    base_url = str(servers[0]["url"]) if servers else "https://vendor.example"
    rows = []
    first: tuple[str, str, str] | None = None
    for op in operations(document):
        operation_id = str(op.operation.get("operationId"))
        module = modules.get(operation_id, "(not generated)")
        payload = _payload(document, op.operation)
        rows.append(
            f"| `{operation_id}` | {op.method.upper()} `{op.path}` | `{module}` | `{payload}` |"
        )
        first = first or (operation_id, module, payload)
    data = envelope.get("data")
    where = f"`{data}`" if data else "the fields beside the code"
    lines = [
        README_HEADER,
        f"# mediatasks_generated.{vendor}",
        "",
        f"Generated from `{display}` ({info.get('title')}, version {info.get('version')}) by",
        "`make generate` (`python -m codegen generate`); every file here is rewritten on each run.",
        "",
        "- `client/`: an [openapi-python-client](https://github.com/openapi-generators/openapi-python-client)",
        "  package (attrs models, one module per operation with `sync`, `sync_detailed`,",
        "  `asyncio`, `asyncio_detailed`), made envelope-aware by mediatasks' template overrides",
        "  (`codegen/config/templates/`);",
        "- `models.py`: pydantic v2 models of the same schemas (datamodel-code-generator).",
        "",
        "## Operations",
        "",
        "| operationId | request | module | `sync()` returns |",
        "| --- | --- | --- | --- |",
        *rows,
        "",
        "## Signing",
        "",
        *_signing(vendor, base_url, spec),
        "",
        "## Calling it",
        "",
        "```python",
        f"from mediatasks_generated.{vendor}.client import Client",
    ]
    if first is not None:
        operation_id, module, payload = first
        package, _, name = module.rpartition(".")
        lines += [
            f"from {package} import {name}",
            "",
            f'with Client(base_url="{base_url}", httpx_args={{"auth": auth}}) as client:',
            f"    payload = {name}.sync(client=client, ...)  # {payload}",
            f"    answer = {name}.sync_detailed(client=client, ...)  # answer.parsed: the envelope",
        ]
    lines += [
        "```",
        "",
        "Every answer is judged by the spec's `x-envelope`, as the mediatasks runtime judges it:",
        f"the business code at `{envelope.get('code')}` decides, success codes "
        f"{envelope.get('success-codes')}, the payload is {where}.",
        "`sync`/`asyncio` return the payload typed; `sync_detailed`/`asyncio_detailed` return the",
        "whole envelope in `Response.parsed`. An error code raises the runtime's exception for its",
        "kind (`mediatasks.errors`, all under `MediaTasksError`) with `code`, `message`,",
        "`request_id` and the decoded body as `envelope`:",
        "",
        "| code | name | kind | raises | operation |",
        "| --- | --- | --- | --- | --- |",
        *_error_rows(spec),
        "",
        "Each operation module also exports what the runtime and the contract tests use:",
        "`build_request(...)` (the `httpx.Client.request` arguments), `parse_response(response)`,",
        "`parse_answer(response)`, `parse_envelope(body)`, `payload_of(envelope)`, `VENDOR` and",
        "`OPERATION_ID`.",
        "",
        "## Vendor additions",
        "",
        "Vendors add fields and enum values without notice. Fields the spec does not list are kept",
        "(`additional_properties` on the client's models, `model_extra` on the pydantic ones); an",
        "enum value it does not list becomes a member named `UNDOCUMENTED` that keeps the value",
        "(`member in TheEnum` is False for it). The contract tests report both as drift.",
        "",
    ]
    return "\n".join(lines)
