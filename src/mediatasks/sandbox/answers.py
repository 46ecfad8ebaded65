"""Build the vendor's own answers — success and error envelopes — from what its spec says.

The templates are the spec's own examples: the first ``success*`` and ``error*`` example of an
operation's 200 response. Code, message, detail code, payload and request id are then written at
the JSON Pointers of ``x-envelope``, so every vendor-specific field of the envelope (Polyv's
``status: "error"``, 123pan's ``x-traceID``) comes out exactly as the vendor shapes it.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from mediatasks.sandbox.validation import response_examples
from mediatasks.specs import (
    Envelope,
    ErrorCode,
    VendorProfile,
    load_spec,
    pointer_tokens,
    profile,
    resolve_pointer,
)

__all__ = ["Answers", "json_response"]


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """A compact UTF-8 JSON response (non-ASCII kept as is, like the vendors send it)."""
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(payload, status, headers=dict(headers or {}), media_type="application/json")


def _set_pointer(document: dict[str, Any], pointer: str, value: Any) -> None:
    tokens = pointer_tokens(pointer)
    node = document
    for token in tokens[:-1]:
        child = node.get(token)
        if not isinstance(child, dict):
            child = {}
            node[token] = child
        node = child
    node[tokens[-1]] = value


def _first_example(
    spec: Mapping[str, Any], operation: Mapping[str, Any], prefix: str
) -> dict[str, Any] | None:
    """The first object example of the 200 answer whose name starts with ``prefix``."""
    for key, value in response_examples(spec, operation).items():
        if key.startswith(prefix) and isinstance(value, dict):
            return value
    return None


def _retext_siblings(body: dict[str, Any], pointer: str, text: str) -> None:
    """Rewrite the string fields beside a detail code (Polyv's ``error.desc``) with ``text``."""
    parent = resolve_pointer(body, pointer.rsplit("/", 1)[0], None)
    if isinstance(parent, dict):
        for key, value in parent.items():
            if isinstance(value, str):
                parent[key] = text


@dataclass(frozen=True, slots=True)
class _Templates:
    success: dict[str, Any]
    error: dict[str, Any]


class Answers:
    """Envelope factory of one vendor."""

    def __init__(self, vendor: str) -> None:
        self.vendor = vendor
        self.profile: VendorProfile = profile(vendor)
        self.envelope: Envelope = self.profile.envelope
        spec = load_spec(vendor)
        self._templates: dict[str, _Templates] = {}
        for item in spec.get("paths", {}).values():
            for operation in item.values():
                if not isinstance(operation, Mapping) or "operationId" not in operation:
                    continue
                success = _first_example(spec, operation, "success") or {}
                error = _first_example(spec, operation, "error") or {}
                self._templates[operation["operationId"]] = _Templates(success, error)
        self._success_code = min(self.envelope.success_codes)
        # Success answers are the hot path: when every field they write sits at the top level,
        # a shallow copy of the template is enough (nested template values are never changed).
        env = self.envelope
        written = [env.code_pointer, env.data_pointer]
        if env.request_id_in == "body":
            written.append(env.request_id_key)
        self._flat = all(p is None or p.count("/") == 1 for p in written)
        self._success_bases = {
            op: self._base(t.success, shallow=self._flat) for op, t in self._templates.items()
        }

    def _base(self, template: dict[str, Any], shallow: bool = False) -> dict[str, Any]:
        """The template without its payload, ready for new values."""
        env = self.envelope
        if env.data_pointer is None:
            keep = {p.lstrip("/") for p in (env.code_pointer, env.message_pointer) if p}
            return {k: copy.deepcopy(v) for k, v in template.items() if k in keep}
        return dict(template) if shallow else copy.deepcopy(template)

    def _stamp_request_id(self, body: dict[str, Any]) -> dict[str, str]:
        env = self.envelope
        request_id = uuid.uuid4().hex
        if env.request_id_in == "body" and env.request_id_key:
            _set_pointer(body, env.request_id_key, request_id)
            return {}
        if env.request_id_in == "header" and env.request_id_key:
            return {env.request_id_key: request_id}
        return {}

    def success_body(
        self, operation_id: str, payload: Any
    ) -> tuple[dict[str, Any], dict[str, str]]:
        env = self.envelope
        base = self._success_bases[operation_id]
        body = dict(base) if self._flat else copy.deepcopy(base)
        _set_pointer(body, env.code_pointer, self._success_code)
        if env.data_pointer is None:
            if isinstance(payload, Mapping):
                body.update(payload)
        else:
            _set_pointer(body, env.data_pointer, payload)
        return body, self._stamp_request_id(body)

    def success(self, operation_id: str, payload: Any) -> Response:
        body, headers = self.success_body(operation_id, payload)
        return json_response(body, self.envelope.http_status, headers)

    def error_body(
        self, entry: ErrorCode, message: str | None = None, operation_id: str | None = None
    ) -> tuple[dict[str, Any], dict[str, str]]:
        env = self.envelope
        template = self._templates[operation_id].error if operation_id else {}
        if not template and self._templates:
            template = next(iter(self._templates.values())).error
        body = self._base(template)
        if env.data_pointer is None:
            body = {
                k: v for k, v in body.items() if f"/{k}" in {env.code_pointer, env.message_pointer}
            }
        _set_pointer(body, env.code_pointer, entry.code)
        text = message or entry.description or entry.name
        if env.message_pointer:
            _set_pointer(body, env.message_pointer, text)
        if env.detail_code_pointer:
            detail = entry.detail if entry.detail is not None else entry.code
            _set_pointer(body, env.detail_code_pointer, detail)
            _retext_siblings(body, env.detail_code_pointer, text)
        if env.data_pointer is not None and env.data_pointer.lstrip("/") in body:
            _set_pointer(body, env.data_pointer, None)
        return body, self._stamp_request_id(body)

    def entry(
        self, kind: str, operation_id: str | None = None, name: str | None = None
    ) -> ErrorCode:
        """The code for ``name`` if given, else for ``kind`` or its stand-in."""
        return self.profile.error_for(kind, operation_id, name=name, stand_in=True)

    def error(
        self,
        kind: str,
        operation_id: str | None = None,
        message: str | None = None,
        headers: Mapping[str, str] | None = None,
        name: str | None = None,
    ) -> Response:
        """The vendor's answer for a failure of ``kind`` (see specs/CONVENTIONS.md)."""
        entry = self.entry(kind, operation_id, name)
        body, extra = self.error_body(entry, message, operation_id)
        return json_response(body, self.envelope.http_status, {**extra, **(headers or {})})
