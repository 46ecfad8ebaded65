"""Contract-suite wiring: the ``vendor`` marker, live-mode skips, the per-vendor summary and
the JUnit report (the hooks live in :mod:`contract_tests.support.report`)."""

from contract_tests.support.report import (
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_runtest_makereport,
    pytest_sessionfinish,
    pytest_terminal_summary,
)

__all__ = [
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_runtest_makereport",
    "pytest_sessionfinish",
    "pytest_terminal_summary",
]
