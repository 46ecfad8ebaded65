"""Read the project's OpenAPI specs and the vendor facts their ``x-`` extensions carry.

The runtime, the sandbox and the contract tests all ask this module where a vendor's business
code lives, which codes mean success, which code answers which kind of failure and what the
published rate limits are, so those facts are written once, in the spec (see
``specs/CONVENTIONS.md``), and never hard-coded twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

from mediatasks import registry, spec_io
from mediatasks.errors import SpecError
from mediatasks.registry import Position, specs_root
from mediatasks.spec_io import escape_token, pointer_tokens, resolve_pointer

__all__ = [
    "ERROR_KINDS",
    "VENDORS",
    "Envelope",
    "ErrorCode",
    "Operation",
    "RateLimit",
    "VendorProfile",
    "escape_token",
    "load_spec",
    "pointer_tokens",
    "profile",
    "resolve_pointer",
    "spec_path",
    "specs_root",
]

#: The built-in vendors (:data:`mediatasks.registry.BUILTIN`); ``registry.vendor_keys()`` adds any
#: vendor registered at run time.
VENDORS: Final = tuple(record.key for record in registry.BUILTIN)
ERROR_KINDS: Final = frozenset(
    {
        "invalid-parameter",
        "auth",
        "auth-expired",
        "rate-limited",
        "not-found",
        "permission",
        "state",
        "quota",
        "server",
        "other",
    }
)
#: Where a vendor documents no code of a kind, the nearest kinds it may document instead.
STAND_INS: Final[Mapping[str, tuple[str, ...]]] = {
    "auth-expired": ("auth", "invalid-parameter"),
    "auth": ("invalid-parameter",),
    "server": ("other", "invalid-parameter"),
    "other": ("invalid-parameter",),
    "state": ("invalid-parameter",),
    "not-found": ("invalid-parameter",),
    "rate-limited": ("other", "invalid-parameter"),
    "permission": ("auth", "invalid-parameter"),
    "quota": ("rate-limited", "other", "invalid-parameter"),
}
_METHODS: Final = frozenset({"get", "post", "put", "delete", "patch"})


def spec_path(vendor: str) -> Path:
    """Where the registry says ``vendor``'s spec is."""
    try:
        return registry.get(vendor).spec_path()
    except LookupError as exc:
        raise SpecError(str(specs_root()), vendor, str(exc)) from None


@cache
def load_spec(vendor: str) -> Mapping[str, Any]:
    """The parsed spec of ``vendor`` (cached; treat it as read-only)."""
    path = spec_path(vendor)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError(str(path), "file", f"cannot read: {exc.strerror}") from exc
    try:
        data = spec_io.load(raw, str(path)).data
    except spec_io.SpecSyntaxError as exc:
        where = f"line {exc.line}, column {exc.column}"
        location = f"{where} ({exc.pointer})" if exc.pointer else where
        raise SpecError(str(path), location, exc.problem) from None
    if not isinstance(data, dict):
        raise SpecError(str(path), "document", "top level is not a mapping")
    return data


@dataclass(frozen=True, slots=True)
class ErrorCode:
    """One documented (or, with ``documented=False``, chosen) business error code."""

    code: int
    name: str
    kind: str
    description: str
    documented: bool = True
    detail: int | None = None
    operation_id: str | None = None


@dataclass(frozen=True, slots=True)
class Envelope:
    """Where a vendor's answer keeps its code, message, payload and request id."""

    http_status: int
    code_pointer: str
    success_codes: frozenset[int]
    message_pointer: str | None
    data_pointer: str | None
    request_id_in: str | None
    request_id_key: str | None
    detail_code_pointer: str | None
    error_codes: tuple[ErrorCode, ...]

    def code_of(self, body: Any) -> Any:
        return resolve_pointer(body, self.code_pointer, None)

    def is_success(self, body: Any) -> bool:
        return self.is_success_code(self.code_of(body))

    def is_success_code(self, code: Any) -> bool:
        """Whether a business code (read by :meth:`code_of`) is one of the success codes."""
        return isinstance(code, int) and not isinstance(code, bool) and code in self.success_codes

    def message_of(self, body: Any) -> str | None:
        if self.message_pointer is None:
            return None
        value = resolve_pointer(body, self.message_pointer, None)
        return None if value is None else str(value)

    def data_of(self, body: Any) -> Any:
        """The payload: the value at the data pointer, or the whole body when it has none."""
        if self.data_pointer is None:
            return body
        return resolve_pointer(body, self.data_pointer, None)

    def detail_of(self, body: Any) -> Any:
        if self.detail_code_pointer is None:
            return None
        return resolve_pointer(body, self.detail_code_pointer, None)

    def request_id_of(self, body: Any, headers: Mapping[str, str] | None = None) -> str | None:
        if self.request_id_in == "body" and self.request_id_key:
            value = resolve_pointer(body, self.request_id_key, None)
            return None if value in (None, "") else str(value)
        if self.request_id_in == "header" and self.request_id_key and headers is not None:
            lowered = {k.lower(): v for k, v in headers.items()}
            return lowered.get(self.request_id_key.lower())
        return None


@dataclass(frozen=True, slots=True)
class RateLimit:
    """A published limit: ``limit`` calls per ``period_seconds`` for the listed operations."""

    operations: tuple[str, ...]
    limit: int
    period_seconds: float
    scope: str
    penalty_seconds: float | None = None

    def applies_to(self, operation_id: str) -> bool:
        return "*" in self.operations or operation_id in self.operations


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    method: str
    path: str
    error_codes: tuple[ErrorCode, ...] = ()


@dataclass(frozen=True, slots=True)
class VendorProfile:
    """Everything about a vendor that code needs from its spec, checked on load."""

    vendor: str
    title: str
    version: str
    envelope: Envelope
    rate_limits: tuple[RateLimit, ...]
    operations: Mapping[str, Operation] = field(default_factory=dict)
    #: where credentials travel (``(where, name)``, header names in lower case): every
    #: security scheme and ``x-signing`` parameter but timestamps and fixed values, and a token
    #: call's request-body keys and token (``response``); blanked in cassettes and reports,
    #: stripped to resend a request unsigned
    credential_positions: tuple[Position, ...] = ()
    #: what a signer adds besides credentials (``x-signing`` timestamps and fixed parameters)
    signature_positions: tuple[Position, ...] = ()
    #: query parameters that carry signed material (a signature, nonce, timestamp, key):
    #: redacted wherever the runtime shows a URL
    signed_query_parameters: frozenset[str] = frozenset()
    #: the operation that issues a token from credentials in its body (``x-signing.token``)
    token_operation: str | None = None

    def error_codes(self, operation_id: str | None = None) -> tuple[ErrorCode, ...]:
        """Operation-specific codes first, then the vendor-wide ones."""
        own = self.operations[operation_id].error_codes if operation_id else ()
        return own + self.envelope.error_codes

    def error_for(
        self,
        kind: str,
        operation_id: str | None = None,
        *,
        name: str | None = None,
        stand_in: bool = False,
    ) -> ErrorCode:
        """The code the vendor answers for ``kind`` (operation entries win over global ones).

        ``name`` picks an entry by its name first. With ``stand_in``, a kind the vendor
        documents no code for answers with the nearest kind it does (:data:`STAND_INS`; the
        sandbox must answer something), the vendor-wide code first: an operation's own
        invalid-parameter code is specific (CDNetworks 1601 "transNo empty"), not generic.
        """
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown error kind {kind!r}")
        codes = self.error_codes(operation_id)
        if name is not None:
            for entry in codes:
                if entry.name == name:
                    return entry
        for entry in codes:
            if entry.kind == kind:
                return entry
        for candidate in STAND_INS.get(kind, ()) if stand_in else ():
            for entry in (*self.envelope.error_codes, *codes):
                if entry.kind == candidate:
                    return entry
        raise LookupError(f"{self.vendor}: the spec names no error code of kind {kind!r}")

    def lookup(self, code: int, detail: Any = None, operation_id: str | None = None) -> ErrorCode:
        """The entry for an answered code; the most specific match (detail code) wins."""
        candidates = [e for e in self.error_codes(operation_id) if e.code == code]
        for entry in candidates:
            if entry.detail is not None and entry.detail == detail:
                return entry
        for entry in candidates:
            if entry.detail is None:
                return entry
        if candidates:
            return candidates[0]
        return ErrorCode(code, "UNDOCUMENTED", "other", "", documented=False)

    def limits_for(self, operation_id: str) -> tuple[RateLimit, ...]:
        return tuple(limit for limit in self.rate_limits if limit.applies_to(operation_id))


@cache
def profile(vendor: str) -> VendorProfile:
    """The checked :class:`VendorProfile` of ``vendor``."""
    spec = load_spec(vendor)
    return profile_from_spec(vendor, spec, str(spec_path(vendor)))


def profile_from_spec(vendor: str, spec: Mapping[str, Any], origin: str) -> VendorProfile:
    """Build a profile from an already parsed spec; ``origin`` names the file in errors."""
    reader = _Reader(origin)
    raw_env = reader.mapping(spec, "x-envelope", "/x-envelope")
    envelope = Envelope(
        http_status=reader.integer(raw_env, "http-status", "/x-envelope"),
        code_pointer=reader.text(raw_env, "code", "/x-envelope"),
        success_codes=frozenset(reader.int_list(raw_env, "success-codes", "/x-envelope")),
        message_pointer=reader.optional_text(raw_env, "message", "/x-envelope"),
        data_pointer=reader.optional_text(raw_env, "data", "/x-envelope"),
        request_id_in=_request_id(reader, raw_env)[0],
        request_id_key=_request_id(reader, raw_env)[1],
        detail_code_pointer=reader.optional_text(raw_env, "detail-code", "/x-envelope"),
        error_codes=reader.error_codes(
            raw_env.get("error-codes", []), "/x-envelope/error-codes", None
        ),
    )
    limits = []
    for index, raw in enumerate(reader.sequence(spec, "x-rate-limits", "/x-rate-limits")):
        where = f"/x-rate-limits/{index}"
        limits.append(
            RateLimit(
                operations=tuple(reader.str_list(raw, "operations", where, ["*"])),
                limit=reader.integer(raw, "limit", where),
                period_seconds=reader.number(raw, "period-seconds", where, 1),
                scope=str(raw.get("scope", "unknown")),
                penalty_seconds=reader.optional_number(raw, "penalty-seconds", where),
            )
        )
    operations: dict[str, Operation] = {}
    for path, item in (spec.get("paths") or {}).items():
        for method, op in item.items():
            if method not in _METHODS or not isinstance(op, Mapping):
                continue
            where = f"/paths/{escape_token(path)}/{method}"
            op_id = reader.text(op, "operationId", where)
            codes = reader.error_codes(op.get("x-error-codes", []), f"{where}/x-error-codes", op_id)
            operations[op_id] = Operation(op_id, method.upper(), path, codes)
    info = spec.get("info") or {}
    auth = _auth_facts(reader, spec)
    return VendorProfile(
        vendor=vendor,
        title=str(info.get("title", vendor)),
        version=str(info.get("version", "0")),
        envelope=envelope,
        rate_limits=tuple(limits),
        operations=operations,
        credential_positions=auth.credentials,
        signature_positions=auth.signature,
        signed_query_parameters=frozenset(
            name
            for where, name in auth.credentials + auth.signature
            if where == "query" and name not in auth.fixed
        ),
        token_operation=auth.token_operation,
    )


@dataclass(frozen=True, slots=True)
class _AuthFacts:
    credentials: tuple[Position, ...]
    signature: tuple[Position, ...]
    fixed: frozenset[str]
    token_operation: str | None


def _position(where: Any, name: Any) -> Position:
    return (str(where), str(name).lower() if where == "header" else str(name))


def _auth_facts(reader: _Reader, spec: Mapping[str, Any]) -> _AuthFacts:
    """Where credentials and signing values travel, from the security schemes: ``apiKey``
    schemes (but fixed values, ``x-fixed-value``), ``http`` schemes (``Authorization``),
    ``x-signing.parameters`` (its ``timestamp`` and ``fixed-parameters`` are signature
    positions, not credentials) and ``x-signing.token`` (request-body keys, the token)."""
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    credentials: dict[Position, None] = {}
    signature: dict[Position, None] = {}
    fixed: set[str] = set()
    token_operation: str | None = None
    for scheme_name, scheme in schemes.items() if isinstance(schemes, Mapping) else ():
        if not isinstance(scheme, Mapping):
            continue
        where = f"/components/securitySchemes/{escape_token(str(scheme_name))}"
        if scheme.get("type") == "apiKey" and "x-fixed-value" not in scheme:
            credentials[_position(scheme.get("in"), scheme.get("name"))] = None
        elif scheme.get("type") == "http":
            credentials[("header", "authorization")] = None
        signing = scheme.get("x-signing")
        if not isinstance(signing, Mapping):
            continue
        fixed.update(str(name) for name in (signing.get("fixed-parameters") or {}))
        stamp = signing.get("timestamp")
        stamped = stamp.get("parameter") if isinstance(stamp, Mapping) else None
        for parameter in signing.get("parameters") or []:
            if not isinstance(parameter, Mapping):
                continue
            position = _position(parameter.get("in"), parameter.get("name"))
            if parameter.get("name") in fixed or parameter.get("name") == stamped:
                signature[position] = None
            else:
                credentials[position] = None
        token = signing.get("token")
        if isinstance(token, Mapping):
            token_where = f"{where}/x-signing/token"
            token_operation = reader.text(token, "operation", token_where)
            body = reader.mapping(token, "request-body", token_where)
            credentials.update((("body", str(key)), None) for key in body)
            pointer = reader.text(token, "token-pointer", token_where)
            credentials[("response", pointer_tokens(pointer)[-1])] = None
    return _AuthFacts(
        tuple(p for p in credentials if p not in signature),
        tuple(signature),
        frozenset(fixed),
        token_operation,
    )


def _request_id(reader: _Reader, raw_env: Mapping[str, Any]) -> tuple[str | None, str | None]:
    raw = raw_env.get("request-id")
    if raw is None:
        return None, None
    if not isinstance(raw, Mapping):
        raise SpecError(reader.origin, "/x-envelope/request-id", "must be a mapping or null")
    where = raw.get("in")
    if where == "body":
        return "body", reader.text(raw, "pointer", "/x-envelope/request-id")
    if where == "header":
        return "header", reader.text(raw, "name", "/x-envelope/request-id")
    raise SpecError(reader.origin, "/x-envelope/request-id/in", "must be 'body' or 'header'")


@dataclass(frozen=True, slots=True)
class _Reader:
    """Typed access to spec values; every failure names the file and the JSON Pointer."""

    origin: str

    def _get(self, node: Mapping[str, Any], key: str, where: str) -> Any:
        if not isinstance(node, Mapping) or key not in node:
            raise SpecError(self.origin, f"{where}/{key}", "required key is missing")
        return node[key]

    def mapping(self, node: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
        value = self._get(node, key, where.rsplit("/", 1)[0] or "")
        if not isinstance(value, Mapping):
            raise SpecError(self.origin, where, "must be a mapping")
        return value

    def sequence(self, node: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
        value = self._get(node, key, where.rsplit("/", 1)[0] or "")
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise SpecError(self.origin, where, "must be a list of mappings")
        return value

    def text(self, node: Mapping[str, Any], key: str, where: str) -> str:
        value = self._get(node, key, where)
        if not isinstance(value, str) or not value:
            raise SpecError(self.origin, f"{where}/{key}", "must be a non-empty string")
        return value

    def optional_text(self, node: Mapping[str, Any], key: str, where: str) -> str | None:
        value = node.get(key)
        if value is not None and not isinstance(value, str):
            raise SpecError(self.origin, f"{where}/{key}", "must be a string or null")
        return value

    def integer(self, node: Mapping[str, Any], key: str, where: str) -> int:
        value = self._get(node, key, where)
        if not _is_int(value):
            raise SpecError(self.origin, f"{where}/{key}", f"must be an integer, got {value!r}")
        return int(value)

    def optional_int(self, node: Any, key: str, where: str) -> int | None:
        if not isinstance(node, Mapping) or node.get(key) is None:
            return None
        return self.integer(node, key, where)

    def number(self, node: Mapping[str, Any], key: str, where: str, default: float) -> float:
        value = self.optional_number(node, key, where)
        return default if value is None else value

    def optional_number(self, node: Mapping[str, Any], key: str, where: str) -> float | None:
        value = node.get(key)
        if value is None:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            raise SpecError(
                self.origin, f"{where}/{key}", f"must be a positive number, got {value!r}"
            )
        return float(value)

    def str_list(
        self, node: Mapping[str, Any], key: str, where: str, default: list[str]
    ) -> list[str]:
        value = node.get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise SpecError(self.origin, f"{where}/{key}", "must be a list of non-empty strings")
        return value

    def int_list(self, node: Mapping[str, Any], key: str, where: str) -> list[int]:
        value = self._get(node, key, where)
        if not isinstance(value, list) or not all(_is_int(v) for v in value):
            raise SpecError(self.origin, f"{where}/{key}", "must be a list of integers")
        return value

    def error_codes(self, raw: Any, where: str, operation_id: str | None) -> tuple[ErrorCode, ...]:
        if not isinstance(raw, list):
            raise SpecError(self.origin, where, "must be a list of error code entries")
        entries = []
        for index, item in enumerate(raw):
            at = f"{where}/{index}"
            if not isinstance(item, Mapping):
                raise SpecError(self.origin, at, "must be a mapping")
            kind = self.text(item, "kind", at)
            if kind not in ERROR_KINDS:
                raise SpecError(self.origin, f"{at}/kind", f"unknown kind {kind!r}")
            entries.append(
                ErrorCode(
                    code=self.integer(item, "code", at),
                    name=self.text(item, "name", at),
                    kind=kind,
                    description=str(item.get("description", "")),
                    documented=bool(item.get("documented", True)),
                    detail=self.optional_int(item, "detail", at),
                    operation_id=operation_id,
                )
            )
        return tuple(entries)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
