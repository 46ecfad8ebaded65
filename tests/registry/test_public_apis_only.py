"""Hand-written code uses only public names of its tools.

openapi-python-client, Schemathesis, pytest and httpx change their private parts without
notice; the project uses their documented hooks instead (custom templates and the generated
modules' public ``build_request``/``parse_response``, auth providers, ``--junitxml``). This walks
the syntax of every hand-written module and refuses a private import from those packages and
the private names the project once leaned on.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HAND_WRITTEN = ("src", "codegen", "contract_tests", "tests", "bench")
TOOLS = (
    "openapi_python_client",
    "schemathesis",
    "pytest",
    "_pytest",
    "httpx",
    "mediatasks_generated",
)
#: private names of generated modules and of Schemathesis' cases that were used before
PRIVATE_ATTRIBUTES = {"_get_kwargs", "_build_response", "_parse_response", "_auth"}


def _is_private_module(module: str) -> bool:
    root = module.split(".", maxsplit=1)[0]
    return root in TOOLS and any(part.startswith("_") for part in module.split("."))


def private_uses(source: str, filename: str) -> list[str]:
    """``file:line: what`` for every private name of the tools in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if _is_private_module(node.module):
                found.append(f"{filename}:{node.lineno}: from {node.module} import ...")
            elif node.module.split(".")[0] in TOOLS:
                found.extend(
                    f"{filename}:{node.lineno}: from {node.module} import {alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_")
                )
        elif isinstance(node, ast.Import):
            found.extend(
                f"{filename}:{node.lineno}: import {alias.name}"
                for alias in node.names
                if _is_private_module(alias.name)
            )
        elif isinstance(node, ast.Attribute) and node.attr in PRIVATE_ATTRIBUTES:
            found.append(f"{filename}:{node.lineno}: .{node.attr}")
    return found


def _modules() -> list[Path]:
    return sorted(
        path
        for folder in HAND_WRITTEN
        for path in (ROOT / folder).rglob("*.py")
        if path != Path(__file__).resolve() and "data" not in path.relative_to(ROOT).parts
    )


def test_hand_written_code_uses_no_private_name_of_its_tools() -> None:
    modules = _modules()
    assert len(modules) > 100  # the walk found the code
    found = [
        use
        for path in modules
        for use in private_uses(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not found, "private names of the tools:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        "from _pytest.junitxml import LogXML",
        "import openapi_python_client._internal",
        "from schemathesis import _hooks",
        "kwargs = module._get_kwargs(task_id='x')",
        "auth = case._auth",
        "from httpx._urls import URL",
    ],
)
def test_each_kind_of_private_use_is_found(source: str) -> None:
    assert private_uses(source, "example.py")


def test_public_names_pass() -> None:
    assert not private_uses(
        "import httpx\nfrom schemathesis import GenerationMode\nself.auth = auth\n", "example.py"
    )
