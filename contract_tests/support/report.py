"""The pytest side of the contract suites: vendor marker, live skips, JUnit, one line per vendor.

* ``@pytest.mark.vendor("zego")`` ties a test to a vendor. In a live run a vendor whose
  credentials are missing has all its tests skipped, with the reason naming the variables.
* ``reports/contract-junit.xml`` (or ``$MEDIATASKS_CONTRACT_JUNIT``) receives the contract
  tests only, even when ``make test`` runs every suite in one session.
* At the end, one line per vendor: target, operations, generated cases, failures; then the
  smallest number of cases any operation got and the wall time of the contract tests.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Generator
from pathlib import Path
from typing import Any, Final

import pytest
from _pytest.junitxml import LogXML

from contract_tests.support.checks import CredentialsAreEnforced
from contract_tests.support.runs import TALLY, write_recordings
from contract_tests.support.targets import target_for
from mediatasks.specs import VENDORS, profile

__all__ = [
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_runtest_makereport",
    "pytest_sessionfinish",
    "pytest_terminal_summary",
]

JUNIT_ENV: Final = "MEDIATASKS_CONTRACT_JUNIT"
SUMMARY_ENV: Final = "MEDIATASKS_CONTRACT_SUMMARY"
DEFAULT_JUNIT: Final = Path("reports") / "contract-junit.xml"
PREFIX: Final = "contract_tests/"
_FAILURES: Final[Counter[str]] = Counter()
_DURATION: Final[dict[str, float]] = {"seconds": 0.0}
_RECORDED: Final[list[Path]] = []


class ContractJUnit(LogXML):
    """pytest's own JUnit writer, fed only the reports of ``contract_tests/``."""

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.nodeid.startswith(PREFIX):
            super().pytest_runtest_logreport(report)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.nodeid.startswith(PREFIX):
            super().pytest_collectreport(report)

    def pytest_terminal_summary(self, terminalreporter: Any, config: pytest.Config) -> None:
        terminalreporter.write_sep("-", f"contract JUnit report: {self.logfile}")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "vendor(name): the vendor a contract test exercises")
    if hasattr(config, "workerinput"):
        return
    path = os.environ.get(JUNIT_ENV) or str(Path(str(config.rootpath)) / DEFAULT_JUNIT)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    writer = ContractJUnit(path, None, suite_name="mediatasks-contract")
    config.pluginmanager.register(writer, "mediatasks-contract-junit")


def _vendor(item: pytest.Item) -> str | None:
    mark = item.get_closest_marker("vendor")
    return str(mark.args[0]) if mark and mark.args else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        vendor = _vendor(item)
        if vendor is None:
            continue
        reason = target_for(vendor).skip_reason
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.nodeid.startswith(PREFIX):
        if report.when == "call":
            _DURATION["seconds"] += report.duration
        if report.failed:
            _FAILURES[_vendor(item) or "other"] += 1
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    _RECORDED.extend(write_recordings())
    path = os.environ.get(SUMMARY_ENV)
    if path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(summary_data(), indent=2, sort_keys=True), encoding="utf-8")


def summary_data() -> dict[str, dict[str, Any]]:
    """Per vendor: target, operations exercised, cases, failures (for the main job's table)."""
    data: dict[str, dict[str, Any]] = {}
    for vendor in VENDORS:
        cases: dict[str, int] = dict(TALLY.cases.get(vendor, {}))
        target = target_for(vendor)
        data[vendor] = {
            "target": target.name,
            "skipped": bool(target.skip_reason and not cases),
            "operations": len(cases),
            "operations_total": len(profile(vendor).operations),
            "cases": sum(cases.values()),
            "failures": _FAILURES.get(vendor, 0),
        }
    return data


def summary_lines() -> list[str]:
    """One line per vendor that ran or was skipped, then the totals."""
    lines = []
    per_operation = []
    for vendor in VENDORS:
        cases = TALLY.cases.get(vendor)
        target = target_for(vendor)
        if target.skip_reason and not cases:
            lines.append(f"{vendor:<11} [{target.name}] skipped: {target.skip_reason}")
            continue
        if not cases:
            continue
        total_ops = len(profile(vendor).operations)
        per_operation += list(cases.values())
        lines.append(
            f"{vendor:<11} [{target.name}] operations {len(cases)}/{total_ops}, "
            f"cases {sum(cases.values())} (fewest per operation {min(cases.values())}), "
            f"credential gates {CredentialsAreEnforced.gates_checked(vendor)}, "
            f"failures {_FAILURES.get(vendor, 0)}"
        )
    if per_operation:
        lines.append(
            f"all vendors: {sum(per_operation)} cases over {len(per_operation)} operations, "
            f"at least {min(per_operation)} per operation; contract tests took "
            f"{_DURATION['seconds']:.1f} s"
        )
    for path in _RECORDED:
        lines.append(f"recorded {path}")
    return lines


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = summary_lines()
    if not lines:
        return
    terminalreporter.write_sep("=", "contract summary")
    for line in lines:
        terminalreporter.write_line(line)
