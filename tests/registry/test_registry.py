"""The registry is the one list of vendors, and its status tables follow the specs."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from mediatasks import registry
from mediatasks.errors import SpecError
from mediatasks.registry import StatusTable
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.specs import VENDORS, load_spec, profile, resolve_pointer
from mediatasks.vendors import CREDENTIAL_ENV, client_for
from mediatasks.vendors import _generated as generated


def spec_values(spec: Any, table: StatusTable) -> set[Any]:
    """Every value the spec schema of ``table`` documents (enum, or x-value-ranges)."""
    schema = resolve_pointer(spec, table.schema)
    if "enum" in schema:
        return set(schema["enum"])
    ranges = schema.get("x-value-ranges")
    assert ranges, f"{table.schema}: neither enum nor x-value-ranges"
    return {value for item in ranges for value in range(item["min"], item["max"] + 1)}


@pytest.mark.parametrize(
    ("vendor", "table"),
    [(r.key, t) for r in registry.BUILTIN for t in r.status_tables],
    ids=lambda item: item if isinstance(item, str) else item.name,
)
def test_every_status_table_maps_exactly_the_values_its_spec_lists(
    vendor: str, table: StatusTable
) -> None:
    check_table(load_spec(vendor), table)


def check_table(spec: Any, table: StatusTable) -> None:
    documented = spec_values(spec, table)
    where = f"status table {table.name!r} ({table.schema}) in src/mediatasks/registry.py"
    assert documented - table.documented() == set(), (
        f"spec values without a mapping: add to {where}"
    )
    assert table.documented() - documented == set(), f"mappings of values the spec lacks: {where}"


def test_a_value_added_to_a_spec_without_a_mapping_fails() -> None:
    table = registry.get("cdnetworks").table("task")
    spec = copy.deepcopy(dict(load_spec("cdnetworks")))
    resolve_pointer(spec, table.schema)["enum"].append(4)
    with pytest.raises(AssertionError, match="spec values without a mapping"):
        check_table(spec, table)


def test_vendors_credentials_and_sandbox_values_come_from_the_records() -> None:
    assert tuple(r.key for r in registry.BUILTIN) == VENDORS
    assert set(CREDENTIAL_ENV) == set(VENDORS)
    environment = SandboxCredentials().as_environment()
    for record in registry.BUILTIN:
        for credential in record.credentials:
            variable = credential.variable(record.key)
            assert (variable, credential.required) in CREDENTIAL_ENV[record.key]
            assert environment.get(variable) == credential.sandbox_value


def test_an_unknown_vendor_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(LookupError, match="known: pan123, myun"):
        registry.get("nosuch")
    with pytest.raises(SpecError, match="unknown vendor"):
        load_spec("nosuch")


def test_the_generated_client_is_checked_against_the_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    """A generated client older than the spec (another path) is refused before sending."""
    client = client_for("polyv", SandboxCredentials().as_environment(), base_url="http://x")
    path = client.operation("getSourceFileTask").path
    assert client.task_request("t")[1]["url"] == httpx.URL(f"http://x{path}?taskId=t")
    real = generated.request_kwargs

    def stale(vendor: str, operation_id: str, **arguments: Any) -> dict[str, Any]:
        return {**real(vendor, operation_id, **arguments), "url": "/v1/old/path"}

    monkeypatch.setattr(generated, "request_kwargs", stale)
    with pytest.raises(SpecError, match=r"disagrees with the spec.*make generate"):
        client.task_request("t")
    monkeypatch.setattr(
        generated,
        "request_kwargs",
        lambda vendor, op, **arguments: {**real(vendor, op, **arguments), "method": "delete"},
    )
    with pytest.raises(SpecError, match="generated client"):
        client.task_request("t")


def test_where_credentials_travel_comes_from_the_spec() -> None:
    """The positions and the token call are the spec's security schemes, not hand copies."""
    derived = {key: profile(key).credential_positions for key in VENDORS}
    assert set(derived["pan123"]) == {
        ("header", "authorization"),
        ("body", "clientID"),
        ("body", "clientSecret"),
        ("response", "accessToken"),
    }
    assert set(derived["zego"]) == {
        ("query", "AppId"),
        ("query", "Signature"),
        ("query", "SignatureNonce"),
    }
    assert profile("zego").signature_positions == (
        ("query", "Timestamp"),
        ("query", "SignatureVersion"),
    )
    assert profile("zego").signed_query_parameters == {
        "AppId",
        "Signature",
        "SignatureNonce",
        "Timestamp",
    }  # SignatureVersion is a fixed value, nothing to hide
    assert set(derived["cdnetworks"]) == {("header", "authorization"), ("header", "x-ws-accesskey")}
    assert profile("cdnetworks").signature_positions == (("header", "x-ws-timestamp"),)
    assert set(derived["polyv"]) == {("query", "appId"), ("query", "sign")}
    assert profile("polyv").signature_positions == (("query", "timestamp"),)
    assert derived["myun"] == ()  # its spec declares no scheme: the registry says where
    assert registry.get("myun").extra_credential_positions == (("header", "authorization"),)
    assert profile("pan123").token_operation == "getAccessToken"
    for record in registry.records():
        declared = profile(record.key)
        stated = set(record.extra_credential_positions)
        assert not stated & set(declared.credential_positions + declared.signature_positions)
    assert [r.key for r in registry.records() if not r.needs_credentials] == ["myun"]
