"""The pytest side of the contract suites: vendor selection, live skips, reports, summary.

* ``@pytest.mark.vendor("zego")`` ties a test to a vendor, ``@pytest.mark.phase("stateful")``
  names its phase (the generated-case tests get theirs from
  :func:`~contract_tests.support.runs.parametrize`).
* ``MEDIATASKS_CONTRACT_VENDORS=zego,polyv`` (``make contract VENDOR=zego``) keeps only the
  tests of those vendors: one CI runner per vendor. ``none`` keeps only the tests tied to no
  vendor (a job whose vendor suites run on the per-vendor runners).
* In a live run a vendor whose credentials are missing has its tests skipped, with the reason
  naming the variables — unless ``MEDIATASKS_REQUIRE_VENDORS`` (names, or ``all``) lists it:
  then each of its tests fails with that reason, so a nightly job cannot pass on skips.
* Reports: every contract report's location is its test function in this repository, and it
  carries vendor, operation, phase and target; pytest's own ``--junitxml`` file is renamed
  after it is written (:mod:`contract_tests.support.junit`).
* Drift (a field or enum value an answer carries that the spec does not list,
  :mod:`contract_tests.support.drift`) is a warning: pytest's warnings summary, a ``drift``
  property on the JUnit case that met it, a count per vendor and one line per distinct item in
  the contract summary (a failure instead under ``MEDIATASKS_CONTRACT_STRICT=1``).
* At the end, one line per vendor (its target is ``sandbox`` for the in-process app or a
  loopback port, ``live`` otherwise), then the contract tests counted exactly as pytest's own
  closing line counts them.
"""

from __future__ import annotations

import inspect
import json
import os
from collections import Counter, defaultdict
from collections.abc import Generator
from pathlib import Path
from typing import Any, Final

import pytest

from contract_tests.support.checks import CredentialsAreEnforced
from contract_tests.support.drift import DRIFT, STRICT_ENV, Drift, drift_lines, strict
from contract_tests.support.junit import case_properties, rename_cases
from contract_tests.support.runs import TALLY, write_recordings
from contract_tests.support.targets import target_for
from mediatasks.specs import VENDORS, profile

__all__ = [
    "REQUIRE_ENV",
    "SELECT_ENV",
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_deselected",
    "pytest_runtest_logreport",
    "pytest_runtest_makereport",
    "pytest_runtest_setup",
    "pytest_sessionfinish",
    "pytest_terminal_summary",
    "vendor_list",
]

SUMMARY_ENV: Final = "MEDIATASKS_CONTRACT_SUMMARY"
SELECT_ENV: Final = "MEDIATASKS_CONTRACT_VENDORS"
REQUIRE_ENV: Final = "MEDIATASKS_REQUIRE_VENDORS"
PREFIX: Final = "contract_tests/"
#: pytest's order of outcomes in its closing line.
OUTCOMES: Final = ("failed", "passed", "skipped", "deselected", "xfailed", "xpassed", "error")
_OUTCOMES: Final[defaultdict[str, Counter[str]]] = defaultdict(Counter)
_CONFIG: Final[dict[str, pytest.Config]] = {}
#: node id -> vendor (Schemathesis' items of one function share a node id, and a vendor).
_VENDOR_OF: Final[dict[str, str]] = {}
_DURATION: Final[dict[str, float]] = {"seconds": 0.0}
_RECORDED: Final[list[Path]] = []
_DRIFT_KEY: Final = pytest.StashKey[list[Drift]]()


def vendor_list(variable: str, environ: Any = None) -> frozenset[str]:
    """The vendors a variable names (comma or space separated, any case; ``all``)."""
    text = (os.environ if environ is None else environ).get(variable, "")
    names = {part.strip().lower() for part in text.replace(",", " ").split() if part.strip()}
    if "all" in names:
        return frozenset(VENDORS)
    unknown = sorted(names - set(VENDORS))
    if unknown:
        raise pytest.UsageError(
            f"{variable}: unknown vendor(s) {', '.join(unknown)}; known: {', '.join(VENDORS)}"
        )
    return frozenset(names)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "vendor(name): the vendor a contract test exercises")
    config.addinivalue_line("markers", "phase(name): the contract phase a test belongs to")
    if os.environ.get(SELECT_ENV, "").strip().lower() != "none":
        vendor_list(SELECT_ENV)
    vendor_list(REQUIRE_ENV)
    _CONFIG["config"] = config


def _vendor(item: pytest.Item) -> str | None:
    mark = item.get_closest_marker("vendor")
    return str(mark.args[0]) if mark and mark.args else None


def _selected(item: pytest.Item) -> bool:
    """Whether ``MEDIATASKS_CONTRACT_VENDORS`` keeps ``item``."""
    text = os.environ.get(SELECT_ENV, "").strip().lower()
    if not text:
        return True
    if text == "none":
        return _vendor(item) is None
    # A per-vendor run keeps that vendor's tests; the vendor-neutral ones run elsewhere.
    return _vendor(item) in vendor_list(SELECT_ENV)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(SELECT_ENV, "").strip():
        kept = [item for item in items if _selected(item)]
        dropped = [item for item in items if not _selected(item)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept
    required = vendor_list(REQUIRE_ENV)
    for item in items:
        vendor = _vendor(item)
        if vendor is None:
            continue
        _VENDOR_OF[item.nodeid] = vendor
        if vendor in required:
            continue
        reason = target_for(vendor).skip_reason
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_runtest_setup(item: pytest.Item) -> None:
    vendor = _vendor(item)
    if vendor is not None and vendor in vendor_list(REQUIRE_ENV):
        reason = target_for(vendor).skip_reason
        if reason:
            pytest.fail(f"{vendor} is required ({REQUIRE_ENV}) but cannot run: {reason}")


def _operation(vendor: str, label: str) -> str:
    """The operationId behind a Schemathesis label such as ``POST /``."""
    method, _, path = label.partition(" ")
    for operation in profile(vendor).operations.values():
        if (operation.method.upper(), operation.path) == (method.upper(), path):
            return operation.operation_id
    return label


def _case(item: pytest.Item, vendor: str) -> tuple[str, str] | None:
    """(operation, phase) of a contract test, or None for one that is neither."""
    mark = item.get_closest_marker("phase")
    if mark is None or not mark.args:
        return None
    original = getattr(item, "originalname", item.name)
    label = item.name[len(original) + 1 : -1] if item.name.startswith(f"{original}[") else ""
    operation = _operation(vendor, label) if label else original.removeprefix("test_")
    return operation, str(mark.args[0])


def _location(item: pytest.Item) -> tuple[str, int | None, str]:
    """The test function in this repository (Schemathesis' items point into its builder)."""
    path = item.path.relative_to(item.config.rootpath).as_posix()
    function = getattr(getattr(item, "module", None), getattr(item, "originalname", ""), None)
    line = None
    if callable(function):
        line = inspect.unwrap(function).__code__.co_firstlineno - 1
    return path, line, item.name


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if not report.nodeid.startswith(PREFIX):
        return report
    if report.when == "call":
        _DURATION["seconds"] += report.duration
    vendor = _vendor(item)
    case = None if vendor is None else _case(item, vendor)
    # pytest's JUnit writer reads the properties of an item's last (teardown) report: each
    # report carries the drift met by its item so far.
    seen = item.stash.setdefault(_DRIFT_KEY, [])
    seen += DRIFT.take()
    drift = [("drift", found.describe()) for found in seen]
    if vendor is not None and case is not None:
        report.location = _location(item)
        label = target_for(vendor).label
        # a new list: pytest hands every report of an item the item's own list
        report.user_properties = [
            *report.user_properties,
            *case_properties(vendor, *case, label),
            *drift,
        ]
    elif drift:
        report.user_properties = [*report.user_properties, *drift]
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count outcomes the way pytest's closing line does (its own teststatus hook decides)."""
    config = _CONFIG.get("config")
    if config is None or not report.nodeid.startswith(PREFIX):
        return
    category, _, _ = config.hook.pytest_report_teststatus(report=report, config=config)
    if category:
        _OUTCOMES[_VENDOR_OF.get(report.nodeid, "other")][str(category)] += 1


def pytest_deselected(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(PREFIX):
            _OUTCOMES[_vendor(item) or "other"]["deselected"] += 1


@pytest.hookimpl(wrapper=True)
def pytest_sessionfinish(session: pytest.Session) -> Generator[None, None, None]:
    result = yield  # pytest's JUnit writer has written its file by now
    _RECORDED.extend(write_recordings())
    junit = session.config.getoption("--junitxml", default=None)
    if junit and Path(junit).exists() and any(_OUTCOMES.values()):
        rename_cases(Path(junit))
    path = os.environ.get(SUMMARY_ENV)
    if path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(summary_data(), indent=2, sort_keys=True), encoding="utf-8")
    return result


def counts_text(counts: Counter[str]) -> str:
    """Outcomes as pytest writes them in its closing line (``3 failed, 30 passed``)."""
    parts = []
    for outcome in OUTCOMES:
        if counts.get(outcome):
            word = "errors" if outcome == "error" and counts[outcome] > 1 else outcome
            parts.append(f"{counts[outcome]} {word}")
    return ", ".join(parts) or "no tests ran"


def summary_data() -> dict[str, dict[str, Any]]:
    """Per vendor: target, operations exercised, cases, outcomes (for the main job's table)."""
    data: dict[str, dict[str, Any]] = {}
    for vendor in VENDORS:
        cases: dict[str, int] = dict(TALLY.cases.get(vendor, {}))
        target = target_for(vendor)
        outcomes = _OUTCOMES.get(vendor, Counter())
        data[vendor] = {
            "target": target.label,
            "skipped": bool(target.skip_reason and not cases),
            "operations": len(cases),
            "operations_total": len(profile(vendor).operations),
            "cases": sum(cases.values()),
            "failures": outcomes["failed"] + outcomes["error"],
            "drift": len(DRIFT.of(vendor)),
            **{outcome: outcomes[outcome] for outcome in OUTCOMES},
        }
    return data


def summary_lines() -> list[str]:
    """One line per vendor that ran or was skipped, then the totals."""
    lines = []
    per_operation = []
    for vendor in VENDORS:
        cases = TALLY.cases.get(vendor)
        target = target_for(vendor)
        outcomes = _OUTCOMES.get(vendor)
        if not outcomes:
            continue
        tests = counts_text(outcomes)
        if target.skip_reason and not cases:
            lines.append(f"{vendor:<11} [{target.label}] {tests}: {target.skip_reason}")
            continue
        total_ops = len(profile(vendor).operations)
        detail = ""
        if cases:
            per_operation += list(cases.values())
            detail = (
                f"; operations {len(cases)}/{total_ops}, cases {sum(cases.values())} "
                f"(fewest per operation {min(cases.values())}), "
                f"credential gates {CredentialsAreEnforced.gates_checked(vendor)}"
            )
        drift = DRIFT.of(vendor)
        if drift:
            detail += f"; drift {len(drift)} (warning{'s' if len(drift) > 1 else ''})"
        lines.append(f"{vendor:<11} [{target.label}] {tests}{detail}")
    total: Counter[str] = Counter()
    for outcomes in _OUTCOMES.values():
        total.update(outcomes)
    if total:
        cases_text = ""
        if per_operation:
            cases_text = (
                f"; {sum(per_operation)} cases over {len(per_operation)} operations, at least "
                f"{min(per_operation)} per operation"
            )
        lines.append(
            f"contract tests: {counts_text(total)}{cases_text}; took {_DURATION['seconds']:.1f} s"
        )
    drift = [item for vendor in VENDORS for item in DRIFT.of(vendor)]
    if drift:
        mode = "failures" if strict() else f"warnings; {STRICT_ENV}=1 fails them"
        lines.append(f"drift: {len(drift)} undocumented field(s) or value(s) ({mode}):")
        lines += [f"  {line}" for line in drift_lines(drift)]
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
