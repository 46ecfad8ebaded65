"""Build a vendor client from named credentials (the CLI's environment variables).

``CREDENTIAL_ENV`` is the documented list: for each vendor, the environment variables the
CLI reads and whether each is required. Missing required values raise
:class:`~mediatasks.errors.ConfigurationError` naming the variables, never their values.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from mediatasks.errors import ConfigurationError
from mediatasks.specs import VENDORS, load_spec
from mediatasks.vendors._base import TaskClient
from mediatasks.vendors.cdnetworks import CDNetworksClient
from mediatasks.vendors.myun import MyunClient
from mediatasks.vendors.pan123 import Pan123Client
from mediatasks.vendors.polyv import PolyvClient
from mediatasks.vendors.zego import ZegoClient

__all__ = ["CREDENTIAL_ENV", "client_for", "default_base_url"]

#: vendor -> ((environment variable, required), ...)
CREDENTIAL_ENV: Final[Mapping[str, tuple[tuple[str, bool], ...]]] = MappingProxyType(
    {
        "pan123": (
            ("MEDIATASKS_PAN123_CLIENT_ID", True),
            ("MEDIATASKS_PAN123_CLIENT_SECRET", True),
        ),
        "myun": (("MEDIATASKS_MYUN_TOKEN", False),),
        "zego": (("MEDIATASKS_ZEGO_APP_ID", True), ("MEDIATASKS_ZEGO_SERVER_SECRET", True)),
        "cdnetworks": (
            ("MEDIATASKS_CDNETWORKS_ACCESS_KEY", True),
            ("MEDIATASKS_CDNETWORKS_SECRET_KEY", True),
        ),
        "polyv": (("MEDIATASKS_POLYV_APP_ID", True), ("MEDIATASKS_POLYV_SECRET", True)),
    }
)
BASE_URL_ENV: Final = "MEDIATASKS_{VENDOR}_BASE_URL"


def default_base_url(vendor: str) -> str:
    """The spec's first production server (not the sandbox entry)."""
    servers = load_spec(vendor).get("servers") or []
    for server in servers:
        if isinstance(server, Mapping) and not server.get("x-sandbox") and server.get("url"):
            return str(server["url"])
    raise ConfigurationError(f"{vendor}: the spec lists no production server; pass --base-url")


def _values(vendor: str, credentials: Mapping[str, str]) -> list[str | None]:
    names = CREDENTIAL_ENV[vendor]
    missing = [name for name, required in names if required and not credentials.get(name)]
    if missing:
        raise ConfigurationError(
            f"{vendor}: missing credentials; set {', '.join(missing)} in the environment"
        )
    return [credentials.get(name) or None for name, _ in names]


def client_for(
    vendor: str, credentials: Mapping[str, str], *, base_url: str | None = None, **options: Any
) -> TaskClient:
    """A client of ``vendor``; ``credentials`` maps the CREDENTIAL_ENV names to values."""
    if vendor not in VENDORS:
        raise ConfigurationError(f"unknown vendor {vendor!r}; known: {', '.join(VENDORS)}")
    url = (
        base_url
        or credentials.get(BASE_URL_ENV.format(VENDOR=vendor.upper()))
        or default_base_url(vendor)
    )
    values = _values(vendor, credentials)
    if vendor == "pan123":
        return Pan123Client(str(values[0]), str(values[1]), base_url=url, **options)
    if vendor == "myun":
        return MyunClient(base_url=url, token=values[0], **options)
    if vendor == "zego":
        return ZegoClient(str(values[0]), str(values[1]), base_url=url, **options)
    if vendor == "cdnetworks":
        return CDNetworksClient(str(values[0]), str(values[1]), base_url=url, **options)
    return PolyvClient(str(values[0]), str(values[1]), base_url=url, **options)
