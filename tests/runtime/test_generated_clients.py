"""The generated clients as users hold them, per vendor, over ``httpx.MockTransport``.

Answers are the spec's own examples. Called directly, a generated client returns the success
payload as its typed model and raises the runtime's typed error for every documented error
code (code, message, request id, the envelope). An answer with a field the spec does not list
and an enum value it does not list is survived everywhere, the values kept: the generated
client, the pydantic models, the runtime's ``get_task`` (status UNKNOWN, ``task.detail``
typed with the values) — and the contract checks call it drift.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_args, get_origin, get_type_hints

import httpx
import pytest
from pydantic import BaseModel

from contract_tests.support.drift import judge_answer
from mediatasks import registry
from mediatasks.errors import VendorError, error_class_for_kind
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.spec_io import follow, resolve_pointer
from mediatasks.specs import ErrorCode, load_spec, profile
from mediatasks.tasks import TaskStatus
from mediatasks.vendors import client_for
from mediatasks.vendors._generated import model, operation_module

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Read:
    """How one vendor's task read is called, and where its answer can drift."""

    operation: str
    arguments: Callable[[str], dict[str, Any]]  # vendor -> the generated function's arguments
    example: str  # a success example of the spec
    payload: Path  # the object to add a field to (from the envelope root)
    status: Path  # the task status field
    unknown: int | str | None  # a status value the spec does not list (None: no enum)
    kept: Callable[[Any], Any]  # task.detail -> the status as the typed model holds it


def _body(vendor: str, name: str, **fields: Any) -> dict[str, Any]:
    return {"body": model(vendor, name)(**fields)}


READS: dict[str, Read] = {
    # 123pan's answer has no enum: its record status is an integer whose documented ranges
    # (1, 2, 3-254, 255) cover every value the spec allows (minimum 1, maximum 255).
    "pan123": Read(
        "getTranscodeVideoRecord",
        lambda v: _body(v, "TranscodeVideoRecordRequest", file_id=2875008),
        "successMixed",
        ("data",),
        ("data", "UserTranscodeVideoRecordList", 0, "status"),
        None,
        lambda d: d.user_transcode_video_record_list[0].status,
    ),
    "myun": Read(
        "getTranscode",
        lambda _v: {"id": "17lok52y"},
        "successWaiting",
        ("transcoding",),
        ("transcoding", "status"),
        9,
        lambda d: d.status,
    ),
    "zego": Read(
        "describeRecordStatus",
        lambda v: {
            **_body(v, "DescribeRecordStatusRequest", task_id="X3CgNeE4I1qAAABN"),
            "action": model(v, "DescribeRecordStatusAction").DESCRIBE_RECORD_STATUS,
        },
        "success-document",
        ("Data",),
        ("Data", "Status"),
        9,
        lambda d: d.status,
    ),
    "cdnetworks": Read(
        "getTrimmingTaskStatus",
        lambda v: _body(v, "GetTrimmingTaskStatusRequest", trans_no="036b6f4a01611000a79c3a78"),
        "successTaskProcessing",
        ("data",),
        ("data", "status"),
        9,
        lambda d: d.status,
    ),
    "polyv": Read(
        "getSourceFileTask",
        lambda _v: {"task_id": "16661c08b9564c1ea6f4544ccd568e58"},
        "successMixed",
        ("data", 0),
        ("data", 1, "status"),
        "QUEUED",
        lambda d: d[1].status,
    ),
}
VENDORS = sorted(READS)


def _examples(vendor: str, operation_id: str) -> dict[str, Any]:
    spec = load_spec(vendor)
    operation = profile(vendor).operations[operation_id]
    item = spec["paths"][operation.path][operation.method.lower()]
    answer = follow(spec, item["responses"][str(profile(vendor).envelope.http_status)])
    examples = answer["content"]["application/json"]["examples"]
    return {name: copy.deepcopy(follow(spec, ex)["value"]) for name, ex in examples.items()}


def _at(node: Any, path: Path) -> Any:
    for key in path:
        node = node[key]
    return node


def _set(node: Any, path: Path, value: Any) -> None:
    _at(node, path[:-1])[path[-1]] = value


def _drifted(vendor: str) -> dict[str, Any]:
    """The read's success example plus an undocumented field (in the envelope and in the
    payload) and an undocumented status value."""
    read = READS[vendor]
    body: dict[str, Any] = _examples(vendor, read.operation)[read.example]
    body["envelopeAddition"] = {"added": True}
    _at(body, read.payload)["payloadAddition"] = "new"
    if read.unknown is not None:
        _set(body, read.status, read.unknown)
    return body


def _client(vendor: str, answer: Callable[[httpx.Request], dict[str, Any]]) -> Any:
    """The vendor's generated ``Client`` over a MockTransport answering ``answer``."""
    package = registry.get(vendor).generated()
    client_module = __import__(f"{package}.client", fromlist=["Client"])
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=answer(request)))
    return client_module.Client(
        base_url="https://vendor.test",
        httpx_args={"transport": transport},
    )


def _call(vendor: str, body: dict[str, Any], function: str = "sync") -> Any:
    read = READS[vendor]
    module = operation_module(vendor, read.operation)
    with _client(vendor, lambda _request: body) as client:
        return getattr(module, function)(client=client, **read.arguments(vendor))


def _as_dicts(payload: Any) -> Any:
    return [item.to_dict() for item in payload] if isinstance(payload, list) else payload.to_dict()


@pytest.mark.parametrize("vendor", VENDORS)
def test_success_returns_the_typed_payload(vendor: str) -> None:
    read = READS[vendor]
    body = _examples(vendor, read.operation)[read.example]
    payload = _call(vendor, body)
    declared = get_type_hints(operation_module(vendor, read.operation).sync)["return"]
    if get_origin(declared) is list:
        assert payload
        assert all(isinstance(item, get_args(declared)[0]) for item in payload)
    else:
        assert isinstance(payload, declared)
    assert _as_dicts(payload) == profile(vendor).envelope.data_of(body)  # every field kept
    detailed = _call(vendor, body, "sync_detailed")
    assert detailed.status_code == 200
    assert detailed.parsed.to_dict() == body  # the whole envelope stays reachable


@pytest.mark.anyio
@pytest.mark.parametrize("vendor", VENDORS)
async def test_asyncio_returns_the_same_payload(vendor: str) -> None:
    read = READS[vendor]
    body = _examples(vendor, read.operation)[read.example]
    module = operation_module(vendor, read.operation)
    async with _client(vendor, lambda _request: body) as client:
        payload = await module.asyncio(client=client, **read.arguments(vendor))
    assert _as_dicts(payload) == _as_dicts(_call(vendor, body))


def _documented(vendor: str, operation_id: str) -> list[ErrorCode]:
    """Every code the operation may answer, each (code, detail) once (its own entries win)."""
    seen: dict[tuple[int, int | None], ErrorCode] = {}
    for entry in profile(vendor).error_codes(operation_id):
        seen.setdefault((entry.code, entry.detail), entry)
    return list(seen.values())


def _error_answer(vendor: str, entry: ErrorCode) -> dict[str, Any]:
    read = READS[vendor]
    examples = _examples(vendor, read.operation)
    body: dict[str, Any] = next(v for name, v in examples.items() if name.startswith("error"))
    envelope = profile(vendor).envelope
    _set(body, tuple(envelope.code_pointer.split("/")[1:]), entry.code)
    if envelope.detail_code_pointer is not None and entry.detail is not None:
        _set(body, tuple(envelope.detail_code_pointer.split("/")[1:]), entry.detail)
    return body


ERRORS = [
    (vendor, entry) for vendor in VENDORS for entry in _documented(vendor, READS[vendor].operation)
]


@pytest.mark.parametrize(
    ("vendor", "entry"), ERRORS, ids=[f"{v}-{e.code}-{e.name}" for v, e in ERRORS]
)
def test_every_documented_error_code_raises_its_typed_error(vendor: str, entry: ErrorCode) -> None:
    body = _error_answer(vendor, entry)
    envelope = profile(vendor).envelope
    with pytest.raises(VendorError) as raised:
        _call(vendor, body)
    error = raised.value
    assert type(error) is error_class_for_kind(entry.kind)
    assert (error.vendor, error.operation) == (vendor, READS[vendor].operation)
    assert (error.code, error.name, error.kind) == (entry.code, entry.name, entry.kind)
    assert error.message == (envelope.message_of(body) or entry.description or "no message")
    assert error.request_id == envelope.request_id_of(body)
    assert error.envelope == body  # the raw envelope stays reachable
    with pytest.raises(type(error)):
        _call(vendor, body, "sync_detailed")


def test_every_vendor_has_error_codes_to_raise() -> None:
    assert {vendor for vendor, _ in ERRORS} == set(VENDORS)
    assert len(ERRORS) >= 40


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_generated_client_keeps_an_undocumented_field_and_value(vendor: str) -> None:
    read = READS[vendor]
    body = _drifted(vendor)
    payload = _call(vendor, body)
    assert _as_dicts(payload) == profile(vendor).envelope.data_of(body)  # nothing dropped
    envelope = _call(vendor, body, "sync_detailed").parsed
    assert envelope.additional_properties["envelopeAddition"] == {"added": True}
    status = read.kept(payload if vendor != "myun" else payload.transcoding)
    _assert_kept(status, read.unknown)


def _assert_kept(status: Any, unknown: int | str | None) -> None:
    if unknown is None:
        return
    value = getattr(status, "value", status)
    assert value == unknown
    if hasattr(status, "value"):  # an enum: a member that is not one of the documented ones
        assert status.name == "UNDOCUMENTED"
        assert status not in type(status)


def _pydantic_at(node: Any, path: Path) -> Any:
    """Walk a pydantic model by JSON keys: declared fields (by alias), then extra ones."""
    for key in path:
        if isinstance(node, BaseModel):
            fields = {(f.alias or name): name for name, f in type(node).model_fields.items()}
            name = str(key)
            node = getattr(node, fields[name]) if name in fields else (node.model_extra or {})[name]
        else:
            node = node[key]
    return node


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_pydantic_models_keep_an_undocumented_field_and_value(vendor: str) -> None:
    read = READS[vendor]
    body = _drifted(vendor)
    models = __import__(f"{registry.get(vendor).generated()}.models", fromlist=["x"])
    spec = load_spec(vendor)
    operation = profile(vendor).operations[read.operation]
    schema = follow(
        spec, spec["paths"][operation.path][operation.method.lower()]["responses"]["200"]
    )
    ref = schema["content"]["application/json"]["schema"]["$ref"]
    title = resolve_pointer(spec, ref[1:])["title"]
    parsed = getattr(models, title).model_validate(body)
    assert _pydantic_at(parsed, ("envelopeAddition",)) == {"added": True}
    assert _pydantic_at(parsed, (*read.payload, "payloadAddition")) == "new"
    _assert_kept(_pydantic_at(parsed, read.status), read.unknown)


def _runtime_answer(vendor: str, body: dict[str, Any]) -> Callable[[httpx.Request], dict[str, Any]]:
    token_operation = profile(vendor).token_operation
    if token_operation is None:
        return lambda _request: body
    token_path = profile(vendor).operations[token_operation].path
    token = next(
        value
        for name, value in _examples(vendor, token_operation).items()
        if name.startswith("success")
    )
    return lambda request: token if request.url.path.endswith(token_path) else body


@pytest.mark.parametrize("vendor", VENDORS)
def test_get_task_keeps_them_in_its_typed_detail(vendor: str) -> None:
    read = READS[vendor]
    body = _drifted(vendor)
    answer = _runtime_answer(vendor, body)
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=answer(request)))
    credentials = SandboxCredentials().as_environment()
    with client_for(vendor, credentials, base_url="https://vendor.test", transport=transport) as c:
        task = c.get_task(registry.get(vendor).sample_tasks[0])
    if read.unknown is not None:
        assert task.status is TaskStatus.UNKNOWN
    detail = task.detail
    _assert_kept(read.kept(detail), read.unknown)
    payload = detail if vendor != "polyv" else detail[0]
    assert payload.additional_properties["payloadAddition"] == "new"
    assert task.raw is not None


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_contract_checks_call_it_drift(vendor: str) -> None:
    read = READS[vendor]
    drift, violations = judge_answer(vendor, read.operation, _drifted(vendor))
    fields = {item.value for item in drift if item.kind == "field"}
    assert fields == {"'envelopeAddition'", "'payloadAddition'"}
    status = "/" + "/".join(map(str, read.status))
    values = [item for item in drift if item.kind == "enum value"]
    assert violations == []
    expected = [] if read.unknown is None else [(status, repr(read.unknown))]
    assert [(item.pointer, item.value) for item in values] == expected
