"""Drift in the contract report: a vendor answers with a field its spec does not list.

The sandbox on a loopback port plays a ZEGO that added a field to every object of its
answers (the ``extra-field`` fault, set through the admin API). A child pytest runs ZEGO's
example cases against it in live mode: the run passes, and the report flags the addition as
drift — in the contract summary, as a ``drift`` property on the JUnit case and in pytest's
warnings summary. With ``MEDIATASKS_CONTRACT_STRICT=1`` the same answers fail the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from contract_tests.support.drift import STRICT_ENV
from contract_tests.support.targets import base_url_variable
from mediatasks.sandbox import SandboxConfig, create_app
from mediatasks.sandbox.background import serve_in_background
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.sandbox.faults import EXTRA_FIELD

REPO = Path(__file__).resolve().parents[1]
VENDOR = "zego"
ADDED = f"'{EXTRA_FIELD}'"


@pytest.fixture(scope="module")
def drifting_zego() -> Iterator[str]:
    with serve_in_background(create_app(SandboxConfig(rate_limits=False))) as url:
        set_fault = {"vendor": VENDOR, "fault": "extra-field"}
        assert httpx.post(f"{url}/_admin/faults", json=set_fault).status_code == 200
        yield url


def _run(
    base_url: str, tmp_path: Path, **extra: str
) -> tuple[subprocess.CompletedProcess[str], Path]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIATASKS_")}
    env.update(SandboxCredentials().as_environment())
    env.update(
        {
            "MEDIATASKS_CONTRACT_TARGET": "live",
            "MEDIATASKS_CONTRACT_VENDORS": VENDOR,
            "MEDIATASKS_CONTRACT_MAX_EXAMPLES": "3",
            "MEDIATASKS_CONTRACT_RATE_LIMITS": "off",
            base_url_variable(VENDOR): f"{base_url}/{VENDOR}",
            "NO_PROXY": "127.0.0.1,localhost",
            **extra,
        }
    )
    junit = tmp_path / "junit.xml"
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "pytest",
            "contract_tests/test_generated_cases.py",
            "-k",
            f"{VENDOR}_examples",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={junit}",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result, junit


@pytest.mark.slow
def test_an_added_field_is_reported_as_drift_not_a_failure(
    drifting_zego: str, tmp_path: Path
) -> None:
    result, junit = _run(drifting_zego, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    summary = output[output.index("contract summary") :]
    assert "drift" in next(line for line in summary.splitlines() if line.startswith(VENDOR))
    assert f"undocumented field {ADDED} at /{EXTRA_FIELD}" in summary  # the envelope
    assert f"undocumented field {ADDED} at /Data/{EXTRA_FIELD}" in summary  # the payload
    assert f"{STRICT_ENV}=1 fails them" in summary
    assert "ContractDriftWarning" in output  # pytest's warnings summary
    suite = ET.parse(junit).getroot()  # noqa: S314 - written by this run
    case = next(
        c
        for c in suite.iter("testcase")
        if c.get("name") == f"{VENDOR} describeRecordStatus examples"
    )
    drift = [p.get("value", "") for p in case.iter("property") if p.get("name") == "drift"]
    assert any(f"/Data/{EXTRA_FIELD}" in value for value in drift), drift
    assert case.find("failure") is None


@pytest.mark.slow
def test_strict_mode_fails_on_drift(drifting_zego: str, tmp_path: Path) -> None:
    result, junit = _run(drifting_zego, tmp_path, **{STRICT_ENV: "1"})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-4000:]
    assert f"drift ({STRICT_ENV}=1)" in output
    assert f"undocumented field {ADDED} at /Data/{EXTRA_FIELD}" in output
    suite = ET.parse(junit).getroot()  # noqa: S314 - written by this run
    assert any(case.find("failure") is not None for case in suite.iter("testcase"))
