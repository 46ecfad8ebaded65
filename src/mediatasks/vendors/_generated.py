"""The generated clients' request builders and models, found through the vendor registry.

Requests are built by the generated code (``<generated package>.client``, see
:meth:`mediatasks.registry.VendorRecord.generated`), so the method, path, parameter names and
body serialisation come from the spec. Answers are *not* parsed with the generated
``_parse_response``: it treats an error envelope as a success model (all five vendors answer
HTTP 200 with a business code), and it raises on an enum value the spec does not list, which
would drop the raw answer. Answers go through :func:`mediatasks.answers.decode` and the
tolerant readers instead.

An operation's module is the one named after its operationId in snake case (how
openapi-python-client names them), under any tag folder. ``_get_kwargs`` is private to each
generated module; the pinned generator version (openapi-python-client 0.29.1) and
``make check-generated`` keep it stable, and ``TaskClient.request`` checks what it builds
against the spec on every call.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache
from types import ModuleType
from typing import Any

from mediatasks import registry

__all__ = ["model", "operation_module", "request_kwargs", "snake_case"]


def snake_case(name: str) -> str:
    """``describeRecordStatus`` -> ``describe_record_status`` (the generator's module names)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@cache
def operation_module(vendor: str, operation_id: str) -> ModuleType:
    """The generated client module of one operation."""
    api = importlib.import_module(f"{registry.get(vendor).generated()}.client.api")
    wanted = snake_case(operation_id)
    for info in pkgutil.walk_packages(api.__path__, prefix=f"{api.__name__}."):
        if info.name.rsplit(".", 1)[-1] == wanted:
            return importlib.import_module(info.name)
    raise LookupError(f"{vendor}: no generated module for {operation_id} ({wanted}.py)")


def model(vendor: str, name: str) -> Any:
    """A class of the generated client's models (request bodies, enums)."""
    return getattr(_models(registry.get(vendor).generated()), name)


@cache
def _models(package: str) -> ModuleType:
    return importlib.import_module(f"{package}.client.models")


def request_kwargs(vendor: str, operation_id: str, **arguments: Any) -> dict[str, Any]:
    """The ``httpx.Client.request`` keyword arguments the generated client builds."""
    kwargs: dict[str, Any] = operation_module(vendor, operation_id)._get_kwargs(**arguments)
    return kwargs
