"""Recorded fixtures: every cassette replays against the spec and the clients, and holds no secret.

Each interaction must name an operation of the spec at its method and path, carry a request
body the spec accepts, get an answer that the spec's response schema accepts, and be parsed by
the generated client, the pydantic models and the runtime (``support/client_contract.py``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import yaml

from contract_tests.record import document_cassette
from contract_tests.support.cassettes import (
    SCRUBBED,
    Interaction,
    cassette_paths,
    find_secrets,
    load_cassette,
    scrub,
)
from contract_tests.support.client_contract import RequestValues, check_answer
from contract_tests.support.runs import vendor_run
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.specs import VENDORS, load_spec

CASSETTES = cassette_paths()
INTERACTIONS = [
    pytest.param(path, index, interaction, id=f"{path.parent.name}/{path.stem}#{index}")
    for path in CASSETTES
    for index, interaction in enumerate(load_cassette(path).interactions)
]


def _operation(vendor: str, method: str, path: str) -> Mapping[str, Any]:
    item = load_spec(vendor)["paths"].get(path) or {}
    operation = item.get(method.lower())
    assert isinstance(operation, Mapping), f"{vendor}: no {method} {path} in the spec"
    return operation


def _body_schema(vendor: str, operation: Mapping[str, Any], media_type: str) -> Any:
    content = (operation.get("requestBody") or {}).get("content") or {}
    for declared, media in content.items():
        if media_type.split(";", maxsplit=1)[0].strip() == declared:
            return {**media["schema"], "components": load_spec(vendor)["components"]}
    return None


def test_every_vendor_has_document_and_session_cassettes() -> None:
    names = {(path.parent.name, path.stem) for path in CASSETTES}
    for vendor in VENDORS:
        assert (vendor, "documents") in names
        assert (vendor, "session-sandbox") in names


@pytest.mark.parametrize("vendor", VENDORS)
def test_document_cassettes_are_current(vendor: str) -> None:
    """The committed documents.yaml is what the specs' examples give today."""
    committed = yaml.safe_load(
        (CASSETTES[0].parents[1] / vendor / "documents.yaml").read_text(encoding="utf-8")
    )
    assert committed == document_cassette(vendor).as_dict(), (
        f"regenerate with: python -m contract_tests.record documents {vendor}"
    )


@pytest.mark.parametrize(("path", "index", "interaction"), INTERACTIONS)
def test_interaction_replays_against_spec_and_clients(
    path: Path, index: int, interaction: Interaction
) -> None:
    vendor = path.parent.name
    request, answer = interaction.request, interaction.response
    operation = _operation(vendor, str(request["method"]), str(request["path"]))
    assert operation["operationId"] == interaction.operation
    headers = request.get("headers") or {}
    schema = _body_schema(vendor, operation, str(headers.get("content-type", "")))
    if schema is not None:
        jsonschema.Draft202012Validator(schema).validate(request.get("body"))
    for parameter in operation.get("parameters") or []:
        if parameter.get("in") == "query" and parameter.get("required"):
            assert parameter["name"] in (request.get("query") or {})
    response = httpx.Response(
        int(answer["status"]),
        headers=answer.get("headers") or {},
        json=answer.get("body"),
        request=httpx.Request(str(request["method"]), "http://replay.invalid" + request["path"]),
    )
    response.elapsed = datetime.timedelta(0)  # Schemathesis reads it; nothing was timed here
    api_operation = vendor_run(vendor).schema[request["path"]][str(request["method"]).upper()]
    api_operation.validate_response(response)
    check_answer(
        vendor,
        interaction.operation,
        response,
        RequestValues(request.get("query") or {}, request.get("body")),
    )


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_cassette_holds_no_secret(path: Path) -> None:
    cassette = load_cassette(path)
    assert find_secrets(cassette.vendor, cassette.interactions) == []


def _leaky_zego_interaction() -> Interaction:
    creds = SandboxCredentials()
    return Interaction(
        "describeRecordStatus",
        {
            "method": "POST",
            "path": "/",
            "query": {
                "Action": "DescribeRecordStatus",
                "AppId": str(creds.zego_app_id),
                "Signature": "0123456789abcdef0123456789abcdef",
                "SignatureNonce": "0011223344556677",
            },
            "headers": {},
            "body": {"TaskId": "X3CgNeE4I1qAAABN"},
        },
        {"status": 200, "headers": {}, "body": {"Code": 0}},
    )


def test_secret_finder_sees_credentials_and_scrub_removes_them() -> None:
    leaky = _leaky_zego_interaction()
    found = find_secrets("zego", [leaky])
    assert any("sandbox credential" in problem for problem in found)
    assert any("Signature is not scrubbed (credential-shaped value)" in p for p in found)
    clean = scrub("zego", leaky)
    assert find_secrets("zego", [clean]) == []
    assert clean.request["query"]["Signature"] == SCRUBBED
    assert clean.request["query"]["Action"] == "DescribeRecordStatus"


def test_secret_finder_sees_a_pan123_token_in_an_answer() -> None:
    interaction = Interaction(
        "getAccessToken",
        {"method": "POST", "path": "/api/v1/access_token", "query": {}, "headers": {}},
        {"status": 200, "headers": {}, "body": {"data": {"accessToken": "eyJhbGc.eyJzdWIi.sig"}}},
    )
    assert find_secrets("pan123", [interaction]) == [
        "#0: response accessToken is not scrubbed (credential-shaped value)"
    ]
