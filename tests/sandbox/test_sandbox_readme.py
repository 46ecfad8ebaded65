"""The sandbox README for other-language teams stays true: its request-field table names every
field of every operation, and its signed curls (one per vendor) get the success code from a
sandbox on a loopback port."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest

from mediatasks.sandbox import SandboxConfig, create_app
from mediatasks.sandbox.background import serve_in_background
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.spec_io import follow
from mediatasks.specs import VENDORS, load_spec, profile

README = Path(__file__).resolve().parents[2] / "src" / "mediatasks" / "sandbox" / "README.md"
_CURL = re.compile(r"<!-- signed-curl: (\w+) -->\n```sh\n(.*?)\n```", re.DOTALL)


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def _fields(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> Iterator[str]:
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "query":
            yield str(parameter["name"])
    for media in (operation.get("requestBody") or {}).get("content", {}).values():
        yield from follow(spec, media["schema"]).get("properties", {})


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_field_table_names_every_request_field(vendor: str) -> None:
    rows = {
        line.split("|")[2].strip(): line
        for line in _readme().splitlines()
        if line.startswith("| ") and line.count("|") == 6
    }
    spec = load_spec(vendor)
    for item in spec["paths"].values():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            row = rows.get(operation["operationId"])
            assert row is not None, f"{vendor} {operation['operationId']} has no row"
            assert f"`{method.upper()} " in row
            for field in _fields(spec, operation):
                assert f"`{field}`" in row, f"{operation['operationId']}: {field}"


def _curls() -> dict[str, str]:
    return dict(_CURL.findall(_readme()))


def test_there_is_one_signed_curl_per_vendor() -> None:
    assert sorted(_curls()) == sorted(VENDORS)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[str]:
    with serve_in_background() as base_url:
        yield base_url


@pytest.mark.requires_tool("curl")
@pytest.mark.requires_tool("openssl")
@pytest.mark.parametrize("vendor", VENDORS)
def test_the_signed_curl_gets_the_success_code(vendor: str, sandbox: str) -> None:
    script = _curls()[vendor].replace("127.0.0.1:8765", sandbox.removeprefix("http://"))
    env = {"PATH": os.environ["PATH"], **SandboxCredentials().as_environment()}
    done = subprocess.run(
        ["/bin/sh", "-c", "set -eu\n" + script],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert profile(vendor).envelope.is_success(answer), answer


def test_the_explain_example_shows_what_it_says() -> None:
    """The README's --explain example, sent to a sandbox that explains."""
    app = create_app(SandboxConfig(explain=True, fixtures=None))
    with serve_in_background(app) as base_url:
        query = (
            "Action=DescribeRecordStatus&AppId=1234567890&SignatureNonce=0123456789abcdef"
            f"&Timestamp={int(time.time())}&SignatureVersion=2.0&Signature={'0' * 32}"
        )
        answer = httpx.post(
            f"{base_url}/zego/?{query}", json={"TaskId": "X3CgNeE4I1qAAABN"}, trust_env=False
        )
    explained = json.loads(answer.headers["x-sandbox-explain"])
    assert set(explained) == {
        "reason",
        "vendor",
        "expected_string_to_sign",
        "inputs",
        "received_signature",
        "expected_signature",
        "differed",
    }
    assert '"expected_string_to_sign":"12345678900123456789abcdef<ServerSecret>' in _readme()
    shown = re.search(r'"expected_string_to_sign":"([^"]*<ServerSecret>)', _readme())
    assert shown is not None, "the README's --explain example shows no string to sign"
    assert str(explained["expected_string_to_sign"]).startswith(shown[1])
