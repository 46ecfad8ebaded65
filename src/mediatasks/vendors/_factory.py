"""Build a vendor client from named credentials (the CLI's environment variables).

The base URL is ``base_url`` when given, else ``MEDIATASKS_<VENDOR>_BASE_URL`` from the
mapping when set (even to an empty value, which is an error), else the spec's production
server; whichever it is must pass :func:`~mediatasks.vendors._inputs.check_base_url`.

``CREDENTIAL_ENV`` is the documented list: for each vendor, the environment variables the
CLI reads and whether each is required, derived from the registry
(:mod:`mediatasks.registry`). Missing required values raise
:class:`~mediatasks.errors.ConfigurationError` naming the variables, never their values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from mediatasks import registry
from mediatasks.errors import ConfigurationError
from mediatasks.specs import load_spec
from mediatasks.vendors._base import TaskClient
from mediatasks.vendors._inputs import check_base_url

__all__ = ["CREDENTIAL_ENV", "client_for", "default_base_url"]


#: vendor -> ((environment variable, required), ...), from the registry
CREDENTIAL_ENV: Final[Mapping[str, tuple[tuple[str, bool], ...]]] = registry.PerVendor(
    lambda record: record.variables()
)


def default_base_url(vendor: str) -> str:
    """The spec's first production server (not the sandbox entry)."""
    servers = load_spec(vendor).get("servers") or []
    for server in servers:
        if isinstance(server, Mapping) and not server.get("x-sandbox") and server.get("url"):
            return str(server["url"])
    raise ConfigurationError(f"{vendor}: the spec lists no production server; pass --base-url")


def client_for(
    vendor: str, credentials: Mapping[str, str], *, base_url: str | None = None, **options: Any
) -> TaskClient:
    """A client of ``vendor``; ``credentials`` maps the CREDENTIAL_ENV names to values."""
    try:
        record = registry.get(vendor)
    except LookupError as exc:
        raise ConfigurationError(str(exc)) from None
    # An empty or malformed URL is an error wherever it comes from, never a silent fallback
    # to another host.
    variable = registry.base_url_variable(vendor)
    if base_url is not None:
        url = check_base_url(vendor, base_url)
    elif credentials.get(variable) is not None:
        url = check_base_url(vendor, credentials[variable], variable)
    else:
        url = default_base_url(vendor)
    missing = [
        c.variable(vendor)
        for c in record.credentials
        if c.required and not credentials.get(c.variable(vendor))
    ]
    if missing:
        raise ConfigurationError(
            f"{vendor}: missing credentials; set {', '.join(missing)} in the environment"
        )
    arguments = {
        c.argument: credentials.get(c.variable(vendor)) or None for c in record.credentials
    }
    client: TaskClient = record.client_class()(base_url=url, **arguments, **options)
    return client
