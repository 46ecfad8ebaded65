"""Schemathesis hooks for ``st run`` on a mediatasks spec: signing and the envelope checks.

``schemathesis.toml`` names this module (``hooks``), so from the repository root

    st run specs/zego/openapi.yaml --url http://127.0.0.1:8765/zego

signs every request the way the vendor wants and judges every answer by the spec's envelope,
like the contract suites. Only public Schemathesis API is used:

* a global ``before_call`` hook hands the request to ``requests`` with ``auth=`` set to the
  runtime's own ``httpx.Auth`` for the vendor (through
  :class:`~contract_tests.support.signing.HttpxAuthBridge`, which signs the prepared request:
  final query, headers and body bytes). A negative case that left out a credential goes out
  unsigned; 123pan's token call gets the client credentials in its body instead.
* importing :mod:`contract_tests.support.checks` registers the envelope-aware checks
  (``@schemathesis.check``) that replace the REST-status checks ``schemathesis.toml`` turns off.

The vendor is the one whose spec has the document's ``info.title``. Credentials come from the
CLI's variables (``MEDIATASKS_ZEGO_APP_ID``, ...); against a host on this machine (``make
sandbox``) the sandbox's public test credentials fill in what the environment lacks.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import httpx
import schemathesis

from contract_tests.support.checks import CredentialsAreEnforced, vendor_of
from contract_tests.support.signing import HttpxAuthBridge, bridge_for, call_arguments
from contract_tests.support.targets import LIVE, SANDBOX, Target, is_loopback
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.vendors import CREDENTIAL_ENV

__all__ = ["before_call", "signer"]


@cache
def signer(vendor: str, base_url: str) -> tuple[Target, HttpxAuthBridge | None]:
    """The target and signing bridge for ``vendor`` at ``base_url`` (one per run)."""
    names = [name for name, _ in CREDENTIAL_ENV[vendor]]
    credentials = {name: os.environ[name] for name in names if os.environ.get(name)}
    local = is_loopback(base_url)
    if local:
        sandbox = SandboxCredentials().as_environment()
        credentials = {**{n: sandbox[n] for n in names if n in sandbox}, **credentials}
    missing = [n for n, required in CREDENTIAL_ENV[vendor] if required and n not in credentials]
    if missing:
        raise LookupError(f"st run on {vendor} at {base_url} needs {', '.join(missing)} set")
    target = Target(
        vendor=vendor,
        name=SANDBOX if local else LIVE,
        base_url=base_url.rstrip("/"),
        credentials=credentials,
    )
    client = httpx.Client(timeout=30, trust_env=not local)
    bridge = bridge_for(target, client.send)
    # The credentials check re-sends answered requests without and with wrong credentials.
    CredentialsAreEnforced.senders[vendor] = client.send
    CredentialsAreEnforced.targets[vendor] = target
    return target, bridge


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """Sign the request of every case of a mediatasks spec (``requests`` ``auth=``)."""
    target, bridge = signer(vendor_of(case), str(case.operation.base_url))
    kwargs.update(call_arguments(case, target, bridge))
