"""The Python call that builds a vendor's ``httpx.Auth`` from the environment, from the registry.

The generated README (:mod:`codegen.generate.vendor_readme`) and the Python code samples
(:mod:`codegen.publish.samples_python`) show the same constructor: the class of the vendor's
:class:`mediatasks.registry.VendorRecord` ``auth``, one keyword argument per credential (its
``argument`` name, read from its environment variable; an optional one may be unset) and, for a
vendor that trades credentials for a token, the token operation's URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from mediatasks import registry

__all__ = ["AuthCall", "auth_call"]


@dataclass(frozen=True, slots=True)
class AuthCall:
    """``from {module} import {name}`` and the expression ``{name}(...)`` that builds it."""

    module: str
    name: str
    expression: str


def _environment(variable: str, required: bool) -> str:
    return f'os.environ["{variable}"]' if required else f'os.environ.get("{variable}")'


def auth_call(vendor: str, token_url: str | None) -> AuthCall | None:
    """The vendor's auth constructor, or None when its record names no ``httpx.Auth``.

    ``token_url`` is a Python expression of the token operation's URL, for a vendor whose
    spec has one (``VendorProfile.token_operation``), else None.
    """
    record = next((r for r in registry.records() if r.key == vendor), None)
    if record is None or record.auth is None:
        return None
    module, _, name = record.auth.partition(":")
    arguments = [
        f"{c.argument}={_environment(c.variable(vendor), c.required)}" for c in record.credentials
    ]
    if token_url is not None:
        arguments.append(f"token_url={token_url}")
    joined = ",\n    ".join(arguments)
    return AuthCall(module, name, f"{name}(\n    {joined},\n)")
