"""The contract suites' reports: vendor selection, required vendors, JUnit names, counts.

Selection and requirement run in a child pytest (they act at collection and setup); the
JUnit renaming and the outcome wording are checked on their own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from contract_tests.support.junit import case_properties, rename_cases
from contract_tests.support.report import REQUIRE_ENV, SELECT_ENV, counts_text, vendor_list

REPO = Path(__file__).resolve().parents[1]
SUITE = "contract_tests/test_generated_cases.py"


def _child_run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MEDIATASKS_")}
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "pytest", *args, "-p", "no:cacheprovider", "-o", "addopts="],
        cwd=REPO,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_one_vendor_is_selected_for_a_per_vendor_runner() -> None:
    result = _child_run("contract_tests", "--collect-only", "-q", **{SELECT_ENV: "ZEGO"})
    assert result.returncode == 0, result.stdout + result.stderr
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert collected
    assert all("zego" in line for line in collected), collected
    assert "deselected" in result.stdout


def test_none_keeps_only_the_vendor_neutral_tests() -> None:
    result = _child_run("contract_tests", "--collect-only", "-q", **{SELECT_ENV: "none"})
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert any("test_checks.py" in line for line in collected)
    assert not any("test_generated_cases.py" in line for line in collected)


def test_a_required_vendor_without_credentials_fails_instead_of_skipping() -> None:
    # Without the requirement the same run skips (test_live_mode.py proves it for Polyv).
    live = {"MEDIATASKS_CONTRACT_TARGET": "live", SELECT_ENV: "polyv"}
    required = _child_run(SUITE, "-q", **live, **{REQUIRE_ENV: "polyv"})
    assert required.returncode == 1
    assert "polyv is required (MEDIATASKS_REQUIRE_VENDORS)" in required.stdout
    assert "MEDIATASKS_POLYV_APP_ID" in required.stdout
    assert "3 errors" in required.stdout


def test_an_unknown_vendor_name_is_a_usage_error() -> None:
    with pytest.raises(pytest.UsageError, match="unknown vendor"):
        vendor_list(REQUIRE_ENV, {REQUIRE_ENV: "zego,nosuch"})
    assert vendor_list(REQUIRE_ENV, {REQUIRE_ENV: "all"}) >= {"zego", "polyv"}


def test_outcome_wording_matches_the_closing_line() -> None:
    counts = Counter({"passed": 30, "failed": 2, "skipped": 1, "error": 2})
    assert counts_text(counts) == "2 failed, 30 passed, 1 skipped, 2 errors"
    assert counts_text(Counter({"error": 1})) == "1 error"


def _junit(tmp_path: Path, cases: list[tuple[str, list[tuple[str, object]]]]) -> Path:
    suite = ET.Element("testsuite")
    for name, properties in cases:
        case = ET.SubElement(suite, "testcase", classname="x", name=name)
        if properties:
            holder = ET.SubElement(case, "properties")
            for key, value in properties:
                ET.SubElement(holder, "property", name=key, value=str(value))
    path = tmp_path / "junit.xml"
    ET.ElementTree(suite).write(path)
    return path


def test_junit_cases_are_renamed_from_their_properties(tmp_path: Path) -> None:
    path = _junit(
        tmp_path,
        [
            ("test_zego", case_properties("zego", "describeRecordStatus", "coverage", "live")),
            ("test_other", [("kept", "yes")]),
        ],
    )
    assert rename_cases(path) == 1
    cases = list(ET.parse(path).getroot().iter("testcase"))  # noqa: S314 - written above
    assert (cases[0].get("classname"), cases[0].get("name")) == (
        "contract.live.zego",
        "zego describeRecordStatus coverage",
    )
    assert cases[0].find("properties") is None
    assert cases[1].get("name") == "test_other"
    assert cases[1].find("properties/property") is not None


def test_two_cases_with_one_name_are_refused(tmp_path: Path) -> None:
    same = case_properties("zego", "describeRecordStatus", "coverage", "sandbox")
    path = _junit(tmp_path, [("a", same), ("b", same)])
    with pytest.raises(ValueError, match="same name"):
        rename_cases(path)
