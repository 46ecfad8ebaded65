"""Live mode, proven against the sandbox served on a loopback port.

The generated and stateful suites run in a child pytest with
``MEDIATASKS_CONTRACT_TARGET=live``, hosts from ``MEDIATASKS_<VENDOR>_BASE_URL`` and the
sandbox credentials in the CLI's variables, except Polyv's: that vendor must be skipped with
a reason naming the missing variables. The run records cassettes, which must hold no secret,
and writes its own JUnit report and summary.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract_tests.support.cassettes import find_secrets, load_cassette
from contract_tests.support.runs import PHASES
from contract_tests.support.targets import base_url_variable
from mediatasks.sandbox import SandboxConfig, create_app
from mediatasks.sandbox.background import serve_in_background
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.specs import VENDORS, profile

REPO = Path(__file__).resolve().parents[1]
SKIPPED_VENDOR = "polyv"
CASES_PER_OPERATION = "15"


@pytest.fixture(scope="module")
def loopback_sandbox() -> Iterator[str]:
    with serve_in_background(create_app(SandboxConfig(rate_limits=False))) as url:
        yield url


def _environment(base_url: str, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIATASKS_")}
    # The child talks to 127.0.0.1 through requests and httpx: a CI machine's proxy must not
    # carry it. A dead proxy is set on purpose, so the run proves the loopback bypass.
    env["HTTP_PROXY"] = env["http_proxy"] = "http://127.0.0.1:9"
    loopback = "127.0.0.1,localhost"
    for name in ("NO_PROXY", "no_proxy"):
        env[name] = f"{env[name]},{loopback}" if env.get(name) else loopback
    env.update(SandboxCredentials().as_environment())
    for name in list(env):
        if name.startswith(f"MEDIATASKS_{SKIPPED_VENDOR.upper()}_"):
            del env[name]
    for vendor in VENDORS:
        env[base_url_variable(vendor)] = f"{base_url}/{vendor}"
    env.update(
        {
            "MEDIATASKS_CONTRACT_TARGET": "live",
            "MEDIATASKS_CONTRACT_MAX_EXAMPLES": CASES_PER_OPERATION,
            "MEDIATASKS_CONTRACT_RATE_LIMITS": "off",
            "MEDIATASKS_CONTRACT_RECORD": str(tmp_path / "recorded"),
            "MEDIATASKS_SANDBOX_FIXTURES": str(REPO / "contract_tests" / "fixtures"),
        }
    )
    return env


@pytest.mark.slow
def test_live_mode_against_a_loopback_sandbox(loopback_sandbox: str, tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "pytest",
            "contract_tests/test_generated_cases.py",
            "contract_tests/test_stateful_myun.py",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            f"--junitxml={tmp_path / 'junit.xml'}",
        ],
        cwd=REPO,
        env=_environment(loopback_sandbox, tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "MEDIATASKS_POLYV_APP_ID" in output, "Polyv's skip should name the missing variables"
    for vendor in VENDORS:
        if vendor != SKIPPED_VENDOR:
            # live mode, but a loopback host: the report must not call it live
            assert re.search(rf"^{vendor} +\[sandbox\] \d+ passed; operations", output, re.M)
    # The summary counts exactly what pytest's closing line counts.
    ours = re.search(r"^contract tests: (.+?); ", output, re.M)
    pytests = re.search(r"^(\d+ passed.*?) in [\d.]+s", output, re.M)
    assert ours, output[-3000:]
    assert pytests, output[-3000:]
    assert ours.group(1) == pytests.group(1)
    suite = ET.parse(tmp_path / "junit.xml").getroot()  # noqa: S314 - written by this run
    cases = list(suite.iter("testcase"))
    names = [(c.get("classname"), c.get("name")) for c in cases]
    assert len(names) == len(set(names)), "JUnit case names must be unique"
    assert all(str(c.get("file")).startswith("contract_tests/") for c in cases)
    generated = [c for c in cases if str(c.get("classname")).startswith("contract.")]
    expected = {
        f"{vendor} {operation} {phase}"
        for vendor in VENDORS
        for operation in profile(vendor).operations
        for phase in PHASES
    }
    assert expected <= {str(c.get("name")) for c in generated}
    assert {str(c.get("classname")).split(".")[1] for c in generated} == {"sandbox"}
    skipped = [c for c in generated if c.find("skipped") is not None]
    assert {str(c.get("classname")) for c in skipped} == {f"contract.sandbox.{SKIPPED_VENDOR}"}
    recorded = sorted((tmp_path / "recorded").glob("*/live-run.yaml"))
    assert {path.parent.name for path in recorded} == set(VENDORS) - {SKIPPED_VENDOR}
    for path in recorded:
        cassette = load_cassette(path)
        assert cassette.interactions
        assert find_secrets(cassette.vendor, cassette.interactions) == []
