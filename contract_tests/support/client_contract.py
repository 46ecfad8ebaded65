"""The clients are part of the contract: every answer a run sees must parse in all of them.

For one answer of one operation this runs, in order:

1. the generated client's public ``parse_response`` (what ``sync_detailed`` returns), then
   ``payload_of`` (what ``sync`` returns): a success envelope must give the typed payload, an
   error envelope must raise the runtime's typed error for a documented code;
2. the generated pydantic model of the operation's response schema (``model_validate_json``);
3. the runtime: :func:`mediatasks.runtime.decode` must return the payload for a success code
   and raise a typed vendor error naming a documented code otherwise; for task reads the
   vendor client's ``task_from`` must map the payload to a :class:`~mediatasks.tasks.Task`
   whose typed ``detail`` reads.

Fields and enum values the spec does not list must not break any of them (tolerant readers);
:mod:`contract_tests.support.drift` reports them.

Each step that fails becomes one line of a :class:`ClientContractError`, so a report shows
every client that disagrees with the spec, not only the first.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

import httpx

from mediatasks import registry
from mediatasks.errors import APIError, InvalidResponseError, VendorError
from mediatasks.runtime import decode
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.spec_io import follow
from mediatasks.specs import load_spec, profile
from mediatasks.tasks import Task, TaskStatus
from mediatasks.vendors import TaskClient, client_for
from mediatasks.vendors._generated import operation_module

__all__ = ["ClientContractError", "RequestValues", "check_answer"]

_PLACEHOLDER_BASE_URL: Final = "http://contract.invalid"


class ClientContractError(AssertionError):
    """One or more clients could not take an answer the spec allows."""


@dataclass(frozen=True, slots=True)
class RequestValues:
    """What the answered request asked for (only what the task reader needs)."""

    query: Mapping[str, Any]
    body: Any


def check_answer(
    vendor: str, operation_id: str, response: httpx.Response, request: RequestValues
) -> Task | None:
    """Run every client over ``response``; raise :class:`ClientContractError` on any failure.

    Returns the mapped task for a successful task read, else None.
    """
    problems: list[str] = []
    http_status = profile(vendor).envelope.http_status
    if response.status_code == http_status:
        problems += _generated_client(vendor, operation_id, response)
        problems += _pydantic_model(vendor, operation_id, response)
    task, runtime_problems = _runtime(vendor, operation_id, response, request)
    problems += runtime_problems
    if problems:
        raise ClientContractError(
            f"{vendor}.{operation_id}: the clients disagree with an answer\n  "
            + "\n  ".join(problems)
            + f"\n  answer: HTTP {response.status_code} {response.content[:400]!r}"
        )
    return task


def _generated_client(vendor: str, operation_id: str, response: httpx.Response) -> list[str]:
    module = operation_module(vendor, operation_id)
    try:
        module.payload_of(module.parse_response(response).parsed)
    except VendorError as exc:  # an error envelope: its typed error is the right outcome
        if exc.code is not None and exc.name == "UNDOCUMENTED":
            return [f"generated client ({module.__name__}): undocumented code {exc.code}"]
        return []
    except Exception as exc:  # any other exception is the finding
        return [f"generated client ({module.__name__}): {type(exc).__name__}: {exc}"]
    return []


def _pydantic_model(vendor: str, operation_id: str, response: httpx.Response) -> list[str]:
    models = importlib.import_module(f"{registry.get(vendor).generated()}.models")
    name = _response_model_name(vendor, operation_id)
    model = getattr(models, name, None)
    if model is None:
        return [f"pydantic models: no class {name} in {models.__name__}"]
    try:
        model.model_validate_json(response.content)
    except ValueError as exc:
        first = str(exc).splitlines()[:4]
        return [f"pydantic {name}: {' / '.join(first)}"]
    return []


def _runtime(
    vendor: str, operation_id: str, response: httpx.Response, request: RequestValues
) -> tuple[Task | None, list[str]]:
    vendor_profile = profile(vendor)
    try:
        answer = decode(vendor_profile, operation_id, response)
    except InvalidResponseError as exc:
        return None, [f"runtime decode: not an envelope: {exc}"]
    except APIError as exc:
        code = getattr(exc, "code", None)
        detail = getattr(exc, "detail", None)
        entry = vendor_profile.lookup(code, detail, operation_id) if isinstance(code, int) else None
        if entry is not None and entry.name == "UNDOCUMENTED":
            return None, [f"runtime decode: {type(exc).__name__} with undocumented code {code}"]
        return None, []
    reads = registry.get(vendor).task_reads
    if operation_id not in reads:
        return None, []
    where, name = reads[operation_id]
    source = request.query if where == "query" else request.body
    task_id = source.get(name) if isinstance(source, Mapping) else None
    try:
        task = _task_client(vendor).task_from(str(task_id), answer)
        _ = task.detail  # the typed payload reads (it is read lazily otherwise)
    except Exception as exc:  # any exception is the finding
        return None, [f"runtime task_from: {type(exc).__name__}: {exc}"]
    problems = []
    if task.vendor != vendor or not isinstance(task.status, TaskStatus):
        problems.append(f"runtime task_from: odd task {task!r}")
    try:
        json.dumps(task.to_dict())
    except (TypeError, ValueError) as exc:
        problems.append(f"runtime Task.to_dict is not JSON-ready: {exc}")
    return task, problems


@cache
def _task_client(vendor: str) -> TaskClient:
    """A client used only for its readers; it never sends (placeholder URL, fake values)."""
    return client_for(vendor, SandboxCredentials().as_environment(), base_url=_PLACEHOLDER_BASE_URL)


@cache
def _response_model_name(vendor: str, operation_id: str) -> str:
    """The title of the operation's 200 JSON schema (the generators name classes by title)."""
    spec = load_spec(vendor)
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, Mapping) and operation.get("operationId") == operation_id:
                http = str(profile(vendor).envelope.http_status)
                answer = follow(spec, operation["responses"][http])
                schema = answer["content"]["application/json"]["schema"]
                component = schema["$ref"].rsplit("/", 1)[-1]
                return str(spec["components"]["schemas"][component].get("title", component))
    raise LookupError(f"{vendor}: no operation {operation_id}")
