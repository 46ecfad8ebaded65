"""Sign Schemathesis' requests with the runtime's own ``httpx.Auth`` classes.

Schemathesis sends through ``requests``; the runtime signs ``httpx`` requests. The bridge,
:class:`HttpxAuthBridge`, is a ``requests`` auth that copies the *prepared* request (final
URL, headers and body bytes) into an ``httpx.Request``, runs the runtime's auth flow over it
and copies the added query parameters and headers back. Signing the prepared request matters:
CDNetworks hashes the body and Polyv signs every query parameter, so a signature computed
before serialisation would not match what is sent.

The bridge reaches ``requests`` through Schemathesis' public ``case.call(auth=...)``
(:func:`call_arguments`): the suites pass it for every case they send, ``st run`` through its
``before_call`` hook, the stateful machine through ``get_call_kwargs``. A negative case that
left out a credential goes out unsigned. 123pan's token call carries its credentials in the
body, so positive cases of it get ``clientID``/``clientSecret`` there instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

import httpx
import requests

from contract_tests.support.targets import Target
from mediatasks import registry
from mediatasks.auth import MyunAuth
from mediatasks.auth._pan123 import PLATFORM
from mediatasks.specs import profile
from mediatasks.vendors import client_for

__all__ = [
    "AUTH_POSITIONS",
    "WRONG_SECRET",
    "HttpxAuthBridge",
    "Sender",
    "auth_for",
    "bridge_for",
    "call_arguments",
    "drops_a_credential",
    "fill_token_call",
    "strip_credentials",
    "wrong_auth_for",
]

Sender = Callable[[httpx.Request], httpx.Response]


#: Where each vendor's credentials travel: (location, name), from its spec's security schemes
#: (plus any the registry says the spec does not declare). Used to strip them (the
#: missing-credentials check), to scrub cassettes and to prove cassettes hold none.
AUTH_POSITIONS: Final[Mapping[str, tuple[tuple[str, str], ...]]] = registry.PerVendor(
    lambda record: profile(record.key).credential_positions + record.extra_credential_positions
)
WRONG_SECRET: Final = "not-the-secret"  # deliberately wrong test value
_WRONG_TOKEN: Final = "Bearer not-a-valid-token"  # deliberately wrong test value


def auth_for(target: Target, send: Sender) -> httpx.Auth | None:
    """The runtime's auth for ``target``'s vendor with the target's credentials (None when the
    vendor takes none and none are set): the vendor client's own, built by ``client_for``."""
    record = registry.get(target.vendor)
    if not any(target.credentials.get(c.variable(record.key)) for c in record.credentials):
        return None
    return client_for(target.vendor, target.credentials, base_url=target.base_url).auth


def wrong_auth_for(target: Target) -> httpx.Auth | None:
    """The same scheme with credentials the vendor must refuse (None: the vendor has none).

    A vendor whose token comes from a token call gets a token that was never issued; the
    others their own signer with every secret replaced by a wrong one.
    """
    record = registry.get(target.vendor)
    if not record.needs_credentials:
        return None
    if profile(record.key).token_operation is not None:
        return MyunAuth(headers={"Authorization": _WRONG_TOKEN})
    wrong = dict(target.credentials)
    for credential in record.credentials:
        if credential.secret:
            wrong[credential.variable(record.key)] = WRONG_SECRET
    return client_for(target.vendor, wrong, base_url=target.base_url).auth


class HttpxAuthBridge(requests.auth.AuthBase):
    """A ``requests`` auth that runs an ``httpx.Auth`` flow over the prepared request.

    Extra requests the flow makes first (123pan's token call) go through ``send``; the flow
    stops at the signed request, since ``requests`` gives an auth no way to see the answer.

    With ``vendor`` given, the credentials the case itself carries are removed first:
    Schemathesis fills the query slots of apiKey schemes (ZEGO's ``AppId``/``Signature``,
    Polyv's ``appId``/``timestamp``) with generated values, and the signer appends its own, so
    the request would carry both — a gateway that reads the first of two values sees the
    case's.
    """

    def __init__(self, auth: httpx.Auth, send: Sender, vendor: str | None = None) -> None:
        self.auth = auth
        self.send = send
        self.vendor = vendor

    def __call__(self, prepared: requests.PreparedRequest) -> requests.PreparedRequest:
        original = to_httpx(prepared)
        if self.vendor is not None:
            original = strip_credentials(original, self.vendor)
        flow = self.auth.sync_auth_flow(original)
        try:
            outgoing = next(flow)
            while outgoing is not original:
                outgoing = flow.send(self.send(outgoing))
        finally:
            flow.close()
        prepared.url = str(outgoing.url)
        for name, value in outgoing.headers.items():
            if (
                name.lower() not in ("host", "content-length")
                and prepared.headers.get(name) != value
            ):
                prepared.headers[name] = value
        return prepared


def to_httpx(prepared: requests.PreparedRequest) -> httpx.Request:
    body = prepared.body
    content = body.encode("utf-8") if isinstance(body, str) else body
    if not isinstance(content, bytes):
        content = b""  # requests only streams bodies it was given as files; none here
    headers = {str(k): str(v) for k, v in prepared.headers.items()}
    return httpx.Request(str(prepared.method), str(prepared.url), headers=headers, content=content)


def strip_credentials(request: httpx.Request, vendor: str) -> httpx.Request:
    """A copy of ``request`` without the vendor's credentials (query parameters and headers)."""
    positions = AUTH_POSITIONS[vendor] + profile(vendor).signature_positions
    drop_query = {name for where, name in positions if where == "query"}
    drop_headers = {name for where, name in positions if where == "header"}
    pairs = request.url.params.multi_items()
    params = [(k, v) for k, v in pairs if k not in drop_query]
    headers = [(k, v) for k, v in request.headers.multi_items() if k.lower() not in drop_headers]
    if len(params) == len(pairs) and len(headers) == len(request.headers.multi_items()):
        return request
    # the URL is rebuilt only when a parameter goes: otherwise it keeps its exact encoding
    url = request.url if len(params) == len(pairs) else request.url.copy_with(params=params)
    return httpx.Request(
        request.method,
        url,
        headers=headers,
        content=request.content,
    )


def call_arguments(case: Any, target: Target, bridge: HttpxAuthBridge | None) -> dict[str, Any]:
    """The ``case.call`` keyword arguments that sign ``case`` for ``target`` (``auth=``).

    123pan's token call gets its credentials in the body (for a positive case) and goes
    unsigned; a negative case that left out a declared credential goes out unsigned too.
    """
    if drops_a_credential(case) or fill_token_call(case, target) or bridge is None:
        return {}
    return {"auth": bridge}


def bridge_for(target: Target, send: Sender) -> HttpxAuthBridge | None:
    """The signing bridge of ``target`` (None: the vendor takes no credentials and none are set)."""
    runtime_auth = auth_for(target, send)
    return None if runtime_auth is None else HttpxAuthBridge(runtime_auth, send, target.vendor)


def fill_token_call(case: Any, target: Target) -> bool:
    """123pan's token call carries the client credentials in its body (positive cases) and
    the ``Platform`` header; True when ``case`` is that call, which is then ready to send."""
    token_operation = profile(target.vendor).token_operation
    if token_operation is None:
        return False
    if case.operation.definition.raw.get("operationId") != token_operation:
        return False
    _fill_token_credentials(case, _token_credentials(target))
    case.headers = {**(case.headers or {}), "Platform": PLATFORM}
    return True


def _is_negative(case: Any) -> bool:
    meta = case.meta
    return meta is not None and str(meta.generation.mode.value) == "negative"


def credential_slots(operation: Any) -> list[tuple[str, str]]:
    """(location, name) of every credential the operation's security schemes declare."""
    raw_schema = operation.schema.raw_schema
    requirements = operation.definition.raw.get("security", raw_schema.get("security")) or []
    schemes = raw_schema.get("components", {}).get("securitySchemes", {})
    slots = []
    for requirement in requirements:
        for scheme_name in requirement:
            scheme = schemes.get(scheme_name, {})
            if scheme.get("type") == "apiKey":
                slots.append((str(scheme["in"]), str(scheme["name"])))
            elif scheme.get("type") == "http":
                slots.append(("header", "Authorization"))
    return slots


def drops_a_credential(case: Any) -> bool:
    """A negative case that left out a declared credential must go out unsigned.

    Schemathesis skips auth providers when it negates one security parameter, but not when
    it mutates the whole header or query object so that credentials go missing.
    """
    if not _is_negative(case):
        return False
    for location, name in credential_slots(case.operation):
        container = case.headers if location == "header" else case.query
        if not isinstance(container, Mapping):
            return True
        if name.lower() not in {str(key).lower() for key in container}:
            return True
    return False


def _token_credentials(target: Target) -> dict[str, str] | None:
    """The body fields of a token call (its ``body`` credential positions, in credential
    order), filled from the target's credentials."""
    record = registry.get(target.vendor)
    if profile(record.key).token_operation is None:
        return None
    fields = [name for where, name in AUTH_POSITIONS[record.key] if where == "body"]
    values = [target.credentials.get(c.variable(record.key), "") for c in record.credentials]
    return dict(zip(fields, values, strict=True))


def _fill_token_credentials(case: Any, token_body: dict[str, str] | None) -> None:
    """Positive token calls carry the real credentials; negative ones keep their broken body."""
    meta = case.meta
    positive = meta is None or str(meta.generation.mode.value) == "positive"
    if token_body and positive and isinstance(case.body, dict):
        case.body = {**case.body, **token_body}
