"""The generated clients' public hooks, found through the vendor registry.

Requests are built by the generated code (``<generated package>.client``, see
:meth:`mediatasks.registry.VendorRecord.generated`): each operation module exports
``build_request(...)``, so the method, path, parameter names and body serialisation come from
the spec. Answers are decoded by :func:`mediatasks.envelope.decode` inside the caller (its
retry decisions need the typed error before any model is built); a task's typed payload is
then read lazily into the generated model (:func:`detail_reader`, ``Task.detail``).

An operation's module is found by the ``OPERATION_ID`` every generated module exports, under
any tag folder (module names are the operationId in snake case, how openapi-python-client
names them, so that module is tried first).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any, TypeVar

from mediatasks import registry
from mediatasks.errors import InvalidResponseError

__all__ = ["detail_reader", "model", "operation_module", "request_kwargs", "snake_case"]

T = TypeVar("T")


def snake_case(name: str) -> str:
    """``describeRecordStatus`` -> ``describe_record_status`` (the generator's module names)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@cache
def operation_module(vendor: str, operation_id: str) -> ModuleType:
    """The generated client module of one operation."""
    api = importlib.import_module(f"{registry.get(vendor).generated()}.client.api")
    wanted = snake_case(operation_id)
    names = [info.name for info in pkgutil.walk_packages(api.__path__, prefix=f"{api.__name__}.")]
    names.sort(key=lambda name: name.rsplit(".", 1)[-1] != wanted)
    for name in names:
        module = importlib.import_module(name)
        if getattr(module, "OPERATION_ID", None) == operation_id:
            return module
    raise LookupError(f"{vendor}: no generated module exports OPERATION_ID = {operation_id!r}")


@cache
def model(vendor: str, name: str) -> Any:
    """A class of the generated client's models (request bodies, enums)."""
    return getattr(_models(registry.get(vendor).generated()), name)


@cache
def _models(package: str) -> ModuleType:
    return importlib.import_module(f"{package}.client.models")


def request_kwargs(vendor: str, operation_id: str, **arguments: Any) -> dict[str, Any]:
    """The ``httpx.Client.request`` keyword arguments the generated ``build_request`` makes."""
    kwargs: dict[str, Any] = operation_module(vendor, operation_id).build_request(**arguments)
    return kwargs


def detail_reader(
    vendor: str, operation_id: str, read: Callable[[Any], T], payload: Any
) -> Callable[[], T]:
    """A deferred read of ``payload`` with a generated model's ``from_dict`` (``read``), for
    ``Task.read_detail``: what the spec requires but the payload lacks raises
    :class:`~mediatasks.errors.InvalidResponseError` when the detail is first read."""

    def read_detail() -> T:
        try:
            return read(payload)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            problem = f"{type(exc).__name__}: {exc}"
            message = f"the payload does not fit the spec's model ({problem})"
            raise InvalidResponseError(vendor, operation_id, message) from exc

    return read_detail
