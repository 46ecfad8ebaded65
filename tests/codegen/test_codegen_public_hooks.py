"""What the generated packages export, and what hand-written code may use of third parties.

Each generated endpoint module exports the public names the runtime and the contract tests
use (no underscore name of the generator is needed anywhere); answer models keep fields the
spec does not list while request models stay closed; every vendor package has the README
codegen writes; and no hand-written file reaches into a dependency's private names.
"""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
from typing import Any

import pytest
from codegen_testkit import COMMITTED, REAL_SPECS, vendor_module
from pydantic import BaseModel

from codegen.generate.layout import PACKAGE_NAME, REPO_ROOT, discover_vendors
from codegen.generate.vendor_readme import README_HEADER, api_modules
from mediatasks import registry
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.specs import profile
from mediatasks.vendors import client_for

VENDORS = [vendor.name for vendor in discover_vendors(REAL_SPECS)]
PUBLIC = (
    "VENDOR",
    "OPERATION_ID",
    "build_request",
    "parse_response",
    "parse_answer",
    "parse_envelope",
    "payload_of",
    "sync",
    "sync_detailed",
    "asyncio",
    "asyncio_detailed",
)


def _modules(vendor: str) -> dict[str, str]:
    return api_modules(COMMITTED / PACKAGE_NAME / vendor / "client", f"{PACKAGE_NAME}.{vendor}")


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_operation_has_a_module_with_the_public_hooks(vendor: str) -> None:
    modules = _modules(vendor)
    assert set(modules) == set(profile(vendor).operations)
    for operation_id, name in modules.items():
        module = importlib.import_module(name)
        assert vendor == module.VENDOR
        assert operation_id == module.OPERATION_ID
        for public in PUBLIC:
            assert hasattr(module, public), (name, public)
        assert inspect.iscoroutinefunction(module.asyncio)
        kwargs = inspect.signature(module.build_request).parameters
        assert "client" not in kwargs  # building a request needs no client: it is pure


def _attrs_models(vendor: str) -> Any:
    return vendor_module(vendor, "client.models")


@pytest.mark.parametrize("vendor", VENDORS)
def test_answer_models_are_open_and_request_models_closed(vendor: str) -> None:
    pydantic = vendor_module(vendor, "models")
    client = _attrs_models(vendor)
    answers = requests = 0
    for name, cls in vars(pydantic).items():
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls is BaseModel:
            continue
        extra = cls.model_config.get("extra")
        attrs = getattr(client, name, None)
        if name.endswith("Request"):
            requests += 1
            assert extra == "forbid", name
            assert attrs is None or "additional_properties" not in attrs.__annotations__, name
        elif name.endswith("Response"):
            answers += 1
            assert extra == "allow", name
            assert attrs is not None
            assert "additional_properties" in attrs.__annotations__, name
    assert answers >= 1
    assert requests >= 1 or vendor in {"polyv"}


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_vendor_package_has_its_readme(vendor: str) -> None:
    text = (COMMITTED / PACKAGE_NAME / vendor / "README.md").read_text(encoding="utf-8")
    assert text.splitlines()[0] == README_HEADER
    for operation_id, module in _modules(vendor).items():
        assert f"`{operation_id}`" in text
        assert f"`{module}`" in text
    record = registry.get(vendor)
    assert record.auth is not None
    module, _, name = record.auth.partition(":")
    assert f"from {module} import {name}" in text
    assert 'httpx_args={"auth": auth}' in text
    for credential in record.credentials:
        assert credential.variable(vendor) in text
    for entry in profile(vendor).error_codes():
        assert f"| {entry.code}" in text, entry


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_registry_names_the_auth_its_client_signs_with(vendor: str) -> None:
    record = registry.get(vendor)
    assert record.auth is not None
    client = client_for(vendor, SandboxCredentials().as_environment(), base_url="https://x.test")
    assert isinstance(client.auth, registry.resolve_reference(record.auth))


#: Private names of dependencies hand-written code must not use (spelled in parts so that this
#: file does not match itself): generated modules' request builder and parser, Schemathesis'
#: case auth slot, pytest's internals, and any module of openapi-python-client.
_PRIVATE = re.compile(
    "|".join(
        re.escape(part)
        for part in ("_get" + "_kwargs", "_build" + "_response", "._" + "auth", "_" + "pytest")
    )
    + r"|openapi"
    + "_python_client"
)


def test_no_hand_written_file_uses_a_private_third_party_name() -> None:
    listed = subprocess.run(
        ["git", "ls-files", "src", "codegen", "contract_tests", "tests", "bench"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    suffixes = (".py", ".md", ".jinja", ".jinja2", ".toml", ".yaml")
    files = [REPO_ROOT / name for name in listed if name.endswith(suffixes)]
    assert len(files) > 100
    found = [
        f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}"
        for path in files
        if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _PRIVATE.search(line)
    ]
    assert found == []
