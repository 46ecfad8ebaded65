"""The TypeScript proof: types from the bundles compile strictly, and a fetch client written
against them calls one operation per vendor on a sandbox served on a loopback port."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from ts_build import typescript_build

from mediatasks.sandbox.background import serve_in_background
from mediatasks.sandbox.credentials import SandboxCredentials

pytestmark = pytest.mark.requires_tool("node")


@pytest.fixture(scope="module")
def built() -> Path:
    """``ts/`` compiled by tsc --strict (with the code samples: one tsc run, see ts_build)."""
    return typescript_build()


def test_typescript_signing_matches_the_published_vectors(built: Path) -> None:
    result = subprocess.run(
        ["node", "--test", str(built / "signing.test.js")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout


def _smoke(built: Path, **overrides: str) -> subprocess.CompletedProcess[str]:
    """Run the compiled TypeScript client against a fresh sandbox on a loopback port."""
    env = {**os.environ, **SandboxCredentials().as_environment(), **overrides}
    with serve_in_background() as base_url:
        env["MEDIATASKS_SANDBOX_URL"] = base_url
        return subprocess.run(
            ["node", str(built / "smoke.js")],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )


def test_typescript_client_calls_every_vendor_on_the_sandbox(built: Path) -> None:
    result = _smoke(built)
    assert result.returncode == 0, result.stdout + result.stderr
    for vendor in ("pan123", "myun", "zego", "cdnetworks", "polyv"):
        assert vendor in result.stdout


def test_typescript_client_reports_a_wrong_secret(built: Path) -> None:
    result = _smoke(built, MEDIATASKS_ZEGO_SERVER_SECRET="ff" * 16)
    assert result.returncode != 0
    assert "zego" in (result.stdout + result.stderr)
