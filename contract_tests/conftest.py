"""Contract-suite wiring: vendor selection and requirement, live-mode skips, honest JUnit
names and the per-vendor summary (the hooks live in :mod:`contract_tests.support.report`)."""

from contract_tests.support.report import (
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_deselected,
    pytest_runtest_logreport,
    pytest_runtest_makereport,
    pytest_runtest_setup,
    pytest_sessionfinish,
    pytest_terminal_summary,
)

__all__ = [
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_deselected",
    "pytest_runtest_logreport",
    "pytest_runtest_makereport",
    "pytest_runtest_setup",
    "pytest_sessionfinish",
    "pytest_terminal_summary",
]
