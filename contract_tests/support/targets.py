"""Where the contract suites send their requests, and with which credentials.

The default target is the sandbox app, in process: nothing leaves the interpreter, so the
default run can never reach a real vendor. ``MEDIATASKS_CONTRACT_TARGET=live`` sends the same
cases over the network to each vendor's production host (or ``MEDIATASKS_<VENDOR>_BASE_URL``,
e.g. a vendor test host or a sandbox on a loopback port), with credentials from the
environment variables the runtime CLI reads. A vendor whose credentials are missing is
skipped with a reason that names the variables.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final
from urllib.parse import urlsplit

from mediatasks import registry
from mediatasks.registry import base_url_variable
from mediatasks.sandbox import SandboxConfig, create_app
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.vendors import CREDENTIAL_ENV, default_base_url

__all__ = [
    "IN_PROCESS_HOST",
    "LIVE",
    "SANDBOX",
    "TARGET_ENV",
    "Target",
    "base_url_variable",
    "current_target_name",
    "is_loopback",
    "sandbox_app",
    "target_for",
]

TARGET_ENV: Final = "MEDIATASKS_CONTRACT_TARGET"
SANDBOX: Final = "sandbox"
LIVE: Final = "live"
#: The host Schemathesis' in-process ASGI client sends; never resolvable on a network.
IN_PROCESS_HOST: Final = "testserver"


@dataclass(frozen=True)
class Target:
    """One vendor's destination: a base URL, an in-process app or not, and the credentials.

    ``credentials`` maps the CLI's variable names (``CREDENTIAL_ENV``) to values; it is never
    printed (``repr=False``). ``skip_reason`` is set when the vendor cannot be tested here.
    """

    vendor: str
    name: str
    base_url: str
    app: Any | None = field(default=None, repr=False)
    credentials: Mapping[str, str] = field(default_factory=dict, repr=False)
    skip_reason: str | None = None

    @property
    def in_process(self) -> bool:
        return self.app is not None

    @property
    def is_live(self) -> bool:
        return self.name == LIVE

    @property
    def label(self) -> str:
        """What reports call the target: ``sandbox`` for the in-process app or any host on
        this machine (a sandbox on a loopback port), ``live`` for anything else."""
        if self.in_process or is_loopback(self.base_url):
            return SANDBOX
        return LIVE

    def credential(self, variable: str) -> str:
        value = self.credentials.get(variable)
        if not value:
            raise LookupError(f"{self.vendor}: {variable} is not set")
        return value


def is_loopback(url: str) -> bool:
    """Whether ``url``'s host is this machine (127.0.0.0/8, ::1 or localhost)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def current_target_name(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    name = env.get(TARGET_ENV, SANDBOX).strip().lower() or SANDBOX
    if name not in (SANDBOX, LIVE):
        raise ValueError(f"{TARGET_ENV} must be {SANDBOX!r} or {LIVE!r}, not {name!r}")
    return name


@cache
def sandbox_app() -> Any:
    """The one in-process sandbox the default run shares.

    Rate limits are off: hundreds of generated cases per second would otherwise turn into
    rate-limited answers. The limiter has its own tests in the sandbox suite.
    """
    return create_app(SandboxConfig(rate_limits=False))


def target_for(vendor: str, environ: Mapping[str, str] | None = None) -> Target:
    """The target of ``vendor`` for this run (see the module docstring)."""
    registry.get(vendor)  # LookupError naming the known vendors
    env = os.environ if environ is None else environ
    name = current_target_name(env)
    if name == SANDBOX:
        return Target(
            vendor=vendor,
            name=SANDBOX,
            base_url=f"http://{IN_PROCESS_HOST}/{vendor}",
            app=sandbox_app(),
            credentials=SandboxCredentials().as_environment(),
        )
    return _live_target(vendor, env)


def _live_target(vendor: str, env: Mapping[str, str]) -> Target:
    names = CREDENTIAL_ENV[vendor]
    credentials = {name: env[name] for name, _ in names if env.get(name)}
    explicit_url = env.get(base_url_variable(vendor), "").strip()
    base_url = explicit_url or default_base_url(vendor)
    missing = [name for name, required in names if required and not credentials.get(name)]
    reason = None
    if missing:
        reason = f"{vendor}: live run needs {', '.join(missing)} in the environment"
    elif not any(required for _, required in names) and not explicit_url:
        # MYun documents no credentials and no verified host: opting in is explicit.
        reason = f"{vendor}: no credentials exist; set {base_url_variable(vendor)} to opt in"
    return Target(
        vendor=vendor,
        name=LIVE,
        base_url=base_url.rstrip("/"),
        credentials=credentials,
        skip_reason=reason,
    )
