"""What a code sample of one operation is made of, read from the spec (:class:`SampleCall`).

For each operation a :class:`SampleCall` is read from the spec — the sandbox server, method and
path, the example query values and request body, the signing scheme that applies, fixed headers,
the envelope's success codes — and handed to one template per language:

* Shell (:mod:`codegen.publish.samples_shell`): curl, signed by hand with ``date`` and
  ``openssl`` exactly as the scheme's ``x-signing`` steps say;
* Python (:mod:`codegen.publish.samples_python`): httpx with the mediatasks ``httpx.Auth`` of the
  vendor, the answer judged by ``mediatasks.runtime.decode``;
* TypeScript (:mod:`codegen.publish.samples_typescript`): ``fetch`` signed with the functions of
  ``ts/src/signing.ts``.

Credentials come from the environment variables ``make sandbox`` prints (the mediatasks CLI
reads the same ones); the base URL from ``MEDIATASKS_<VENDOR>_BASE_URL``, else the spec's
sandbox server. ``tests/publish/test_code_samples.py`` runs every shell and Python sample
against a sandbox and compiles every TypeScript one with ``tsc --strict``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from codegen.spec_checks.spec_walk import operations
from mediatasks import registry

__all__ = ["SampleCall", "SampleError", "pick_template", "sample_calls"]


T = TypeVar("T")


class SampleError(ValueError):
    """The spec lacks what a sample needs (an example value, a known signing algorithm)."""


@dataclass(frozen=True, slots=True)
class SampleCall:
    """Everything a template needs to write one operation's call, read from the spec."""

    vendor: str
    operation_id: str
    summary: str
    method: str
    path: str
    base_url: str
    base_url_env: str
    query: tuple[tuple[str, str], ...]
    body: Any
    content_type: str | None
    signing: str | None
    fixed_headers: tuple[tuple[str, str], ...]
    credentials: tuple[registry.Credential, ...]
    code_key: str
    success_codes: tuple[int, ...]
    token: Mapping[str, Any] | None
    token_path: str | None

    @property
    def is_token_call(self) -> bool:
        """The call that obtains a token (123pan's access_token): sent without one."""
        return self.token is not None and self.token.get("operation") == self.operation_id

    def credential(self, role: str) -> str:
        """The environment variable of a credential: ``APP_ID`` -> ``MEDIATASKS_ZEGO_APP_ID``."""
        for credential in self.credentials:
            if credential.name == role:
                return credential.variable(self.vendor)
        known = ", ".join(c.name for c in self.credentials) or "none"
        raise SampleError(f"{self.vendor}: no credential {role} (known: {known})")


def _sandbox_server(spec: Mapping[str, Any], vendor: str) -> str:
    for server in spec.get("servers") or []:
        if isinstance(server, Mapping) and server.get("x-sandbox"):
            return str(server["url"]).rstrip("/")
    raise SampleError(f"{vendor}: the spec lists no sandbox server (x-sandbox: true)")


def _example(parameter: Mapping[str, Any]) -> Any:
    """The documented example of a parameter: ``example``, ``examples``, or the schema's."""
    if "example" in parameter:
        return parameter["example"]
    examples = parameter.get("examples")
    if isinstance(examples, Mapping) and examples:
        first = next(iter(examples.values()))
        return first.get("value") if isinstance(first, Mapping) else first
    schema = parameter.get("schema") or {}
    for key in ("examples", "enum"):
        if isinstance(schema.get(key), list) and schema[key]:
            return schema[key][0]
    return schema.get("default")


def _query(vendor: str, operation: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    items = []
    for parameter in operation.get("parameters") or []:
        if not isinstance(parameter, Mapping) or parameter.get("in") != "query":
            continue
        value = _example(parameter)
        if value is None:
            if parameter.get("required"):
                raise SampleError(
                    f"{vendor} {operation.get('operationId')}: query parameter "
                    f"{parameter.get('name')!r} is required but has no example"
                )
            continue
        items.append((str(parameter["name"]), _text(value)))
    return tuple(items)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _body(operation: Mapping[str, Any]) -> tuple[Any, str | None]:
    content = (operation.get("requestBody") or {}).get("content") or {}
    for content_type, media in content.items():
        examples = media.get("examples") if isinstance(media, Mapping) else None
        if isinstance(examples, Mapping) and examples:
            first = next(iter(examples.values()))
            return (first.get("value") if isinstance(first, Mapping) else first), content_type
        if isinstance(media, Mapping) and "example" in media:
            return media["example"], content_type
    return None, None


def _schemes(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    requirements = operation.get("security", spec.get("security")) or []
    defined = (spec.get("components") or {}).get("securitySchemes") or {}
    names = [name for requirement in requirements[:1] for name in requirement]
    return [defined[name] for name in names if isinstance(defined.get(name), Mapping)]


def sample_calls(spec: Mapping[str, Any], vendor: str) -> list[SampleCall]:
    """One :class:`SampleCall` per operation of ``spec``."""
    envelope = spec.get("x-envelope") or {}
    pointer = str(envelope.get("code", ""))
    if pointer.count("/") != 1:
        raise SampleError(f"{vendor}: samples read a top-level business code, not {pointer!r}")
    all_schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    token_signing = next(
        (
            s["x-signing"]
            for s in all_schemes.values()
            if isinstance(s, Mapping)
            and isinstance((s.get("x-signing") or {}).get("token"), Mapping)
        ),
        None,
    )
    token = token_signing["token"] if token_signing is not None else None
    token_path = next(
        (
            op.path
            for op in operations(spec)
            if token is not None and op.operation.get("operationId") == token.get("operation")
        ),
        None,
    )
    record = next((r for r in registry.records() if r.key == vendor), None)
    credentials = record.credentials if record is not None else ()
    calls = []
    for op in operations(spec):
        method, path, operation = op.method.upper(), op.path, op.operation
        schemes = _schemes(spec, operation)
        signing = next(
            (str(s["x-signing"]["algorithm"]) for s in schemes if "x-signing" in s), None
        )
        if token_signing is not None and operation.get("operationId") == token_signing["token"].get(
            "operation"
        ):
            signing = str(token_signing["algorithm"])  # the call that obtains the token
        fixed = tuple(
            (str(s["name"]), str(s["x-fixed-value"]))
            for s in schemes
            if s.get("in") == "header" and "x-fixed-value" in s
        )
        body, content_type = _body(operation)
        calls.append(
            SampleCall(
                vendor=vendor,
                operation_id=str(operation["operationId"]),
                summary=" ".join(str(operation.get("summary", "")).split()).rstrip("."),
                method=method,
                path=path,
                base_url=_sandbox_server(spec, vendor),
                base_url_env=registry.base_url_variable(vendor),
                query=_query(vendor, operation),
                body=body,
                content_type=content_type,
                signing=signing,
                fixed_headers=fixed,
                credentials=credentials,
                code_key=pointer.lstrip("/"),
                success_codes=tuple(int(c) for c in envelope.get("success-codes") or []),
                token=token,
                token_path=token_path,
            )
        )
    return calls


def pick_template(templates: Mapping[str | None, T], call: SampleCall, language: str) -> T:
    """The template of ``call``'s signing algorithm (None: unsigned), or a clear SampleError."""
    template = templates.get(call.signing)
    if template is None:
        raise SampleError(f"{call.vendor}: no {language} template for signing {call.signing!r}")
    return template
