"""The test credentials the sandbox accepts. They are fake and public on purpose.

Other-language teams point their clients at the sandbox with exactly these values (`make sandbox`
prints them), and the contract tests sign with them. Real vendor credentials never go here.
The defaults come from the vendor registry (each credential's ``sandbox_value``); any of them
can be overridden by its name without the ``MEDIATASKS_`` prefix, lower-case
(``SandboxCredentials(zego_server_secret="...")``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from mediatasks import registry

__all__ = ["SandboxCredentials"]

_PREFIX: Final = "MEDIATASKS_"


def _field(variable: str) -> str:
    return variable.removeprefix(_PREFIX).lower()


class SandboxCredentials:
    """Credentials per vendor, by field name (``zego_app_id``) or by vendor and credential."""

    __slots__ = ("_secret_fields", "_values")

    def __init__(self, **overrides: Any) -> None:
        values: dict[str, str | None] = {}
        secret_fields: set[str] = set()
        for record in registry.records():
            for credential in record.credentials:
                name = _field(credential.variable(record.key))
                values[name] = credential.sandbox_value
                if credential.secret:
                    secret_fields.add(name)
        unknown = sorted(set(overrides) - set(values))
        if unknown:
            raise TypeError(f"unknown sandbox credential(s): {', '.join(unknown)}")
        for name, value in overrides.items():
            values[name] = None if value is None else str(value)
        self._values: Mapping[str, str | None] = values
        self._secret_fields = frozenset(secret_fields)

    def __getattr__(self, name: str) -> str:
        """A credential by field name; "" when it has no value (MYun's token by default)."""
        try:
            return self._values[name] or ""
        except KeyError:
            raise AttributeError(name) from None

    def value(self, vendor: str, name: str) -> str:
        """The value of ``vendor``'s credential ``name`` (``SERVER_SECRET``); "" when unset."""
        return self._values.get(f"{vendor}_{name.lower()}") or ""

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={'********' if value and name in self._secret_fields else value!r}"
            for name, value in self._values.items()
        )
        return f"SandboxCredentials({shown})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SandboxCredentials) and other._values == self._values

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, v or "") for k, v in self._values.items())))

    def as_environment(self) -> dict[str, str]:
        """The environment variables the mediatasks CLI reads, set to these credentials."""
        return {f"{_PREFIX}{name.upper()}": value for name, value in self._values.items() if value}
