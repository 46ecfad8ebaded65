"""Test-wide gate for outside tools: ``@pytest.mark.requires_tool("node")``.

A test that needs a tool the project installs (Node and the pinned ``node_modules``) skips
with the reason when it is missing on a developer's machine, and **fails** under ``CI=true``:
a CI run without the tool must not pass by skipping what it was meant to check.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
_BIN = ROOT / "node_modules" / ".bin"

#: tool -> (is it there?, how to get it)
TOOLS: dict[str, tuple[Callable[[], bool], str]] = {
    "node": (
        lambda: (
            shutil.which("node") is not None
            and all((_BIN / name).exists() for name in ("redocly", "tsc"))
        ),
        "node on PATH and node_modules/.bin/{redocly,tsc}: run `make setup`",
    ),
    "curl": (
        lambda: shutil.which("curl") is not None,
        "curl on PATH: install it with the system's package manager",
    ),
    "openssl": (
        lambda: shutil.which("openssl") is not None,
        "openssl on PATH: install it with the system's package manager",
    ),
    "uv": (
        lambda: (ROOT / ".tools" / "bin" / "uv").exists(),
        ".tools/bin/uv (the Makefile's pinned uv): run `make setup`",
    ),
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "requires_tool(name): needs an outside tool (fails under CI=true if missing)"
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("requires_tool"):
        present, hint = TOOLS[str(mark.args[0])]
        if not present():
            message = f"{mark.args[0]} is missing ({hint})"
            if os.environ.get("CI") == "true":
                pytest.fail(f"{message}; CI=true requires it", pytrace=False)
            pytest.skip(message)
