"""What the generated packages export, and what hand-written code may use of third parties.

Each generated endpoint module exports the public names the runtime and the contract tests
use (no underscore name of the generator is needed anywhere); answer models keep fields the
spec does not list while request models stay closed; every vendor package has the README
codegen writes; and no hand-written file reaches into a dependency's private names.
"""

from __future__ import annotations

import ast
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
#: case auth slot, pytest's internals, and any module of openapi-python-client. Checked as text
#: in the files that are not Python (templates, docs, config); Python files are checked by
#: their syntax below, which also catches any other private name of the tools.
_PRIVATE = re.compile(
    "|".join(
        re.escape(part)
        for part in ("_get" + "_kwargs", "_build" + "_response", "._" + "auth", "_" + "pytest")
    )
    + r"|openapi"
    + "_python_client"
)
#: packages whose private modules and names hand-written Python must not touch
_TOOLS = (
    "openapi" + "_python_client",
    "schemathesis",
    "pytest",
    "_" + "pytest",
    "httpx",
    PACKAGE_NAME,
)
#: the tools' private attributes the project once leaned on
_PRIVATE_ATTRIBUTES = {"_get" + "_kwargs", "_build" + "_response", "_parse" + "_response", "_auth"}


def _dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return None if inner is None else f"{inner}.{node.attr}"
    return None


def _private_module(module: str) -> bool:
    parts = module.split(".")
    return parts[0] in _TOOLS and any(_private_part(part) for part in parts)


def _private_part(name: str) -> bool:
    """``_x`` is private; ``__x__`` (``__path__``, ``__name__``) is Python's own."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(source: str, filename: str) -> list[str]:
    """``file:line: what`` for every private name of the tools that ``source`` uses, and for
    any import of openapi-python-client (it is driven through its command line only)."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        where = f"{filename}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            root = node.module.split(".")[0]
            names = [alias.name for alias in node.names]
            if _private_module(node.module) or root == _TOOLS[0]:
                found.append(f"{where}: from {node.module} import {', '.join(names)}")
            elif root in _TOOLS:
                found += [
                    f"{where}: from {node.module} import {n}" for n in names if _private_part(n)
                ]
        elif isinstance(node, ast.Import):
            found += [
                f"{where}: import {alias.name}"
                for alias in node.names
                if _private_module(alias.name) or alias.name.split(".")[0] == _TOOLS[0]
            ]
        elif isinstance(node, ast.Attribute):
            dotted = _dotted(node)
            if node.attr in _PRIVATE_ATTRIBUTES or (dotted is not None and _private_module(dotted)):
                found.append(f"{where}: {dotted or '.' + node.attr}")
    return found


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
    python = [path for path in files if path.suffix == ".py" and path.is_file()]
    assert len(python) > 100
    found = [
        use
        for path in python
        for use in private_uses(path.read_text(encoding="utf-8"), str(path.relative_to(REPO_ROOT)))
    ]
    found += [
        f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}"
        for path in files
        if path.suffix != ".py" and path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _PRIVATE.search(line)
    ]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "from _" + "pytest.junitxml import LogXML",
        "import openapi" + "_python_client._internal",
        "from openapi" + "_python_client import generate",
        "from schemathesis import _hooks",
        "kwargs = module._get" + "_kwargs(task_id='x')",
        "auth = case._auth",
        "from httpx._urls import URL",
        "url = httpx._urls.URL('x')",
        "answer = module._parse" + "_response(client=c, response=r)",
    ],
)
def test_each_kind_of_private_use_is_found(source: str) -> None:
    assert private_uses(source, "example.py")


def test_public_names_and_mere_mentions_pass() -> None:
    source = (
        "import httpx\nfrom schemathesis import GenerationMode\nself.auth = auth\n"
        "url = httpx.URL('x')\nname = httpx.__name__\nmediatasks_generated.__path__.append('x')\n"
        "text = 'from _" + "pytest import x'  # a string is not a use\n"
    )
    assert private_uses(source, "example.py") == []
