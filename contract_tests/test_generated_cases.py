"""Schemathesis-generated cases for every operation of every vendor, one test per phase.

Examples, coverage and fuzzing phases, positive and negative cases, signed by the runtime,
judged by the envelope-aware checks and parsed by every client (``support/checks.py``).
Each (vendor, operation, phase) is its own test, so a report says which phase of which
operation failed. The target is the in-process sandbox unless
``MEDIATASKS_CONTRACT_TARGET=live``. The functions (``test_<vendor>_<phase>``) are made for
every vendor of the registry by :func:`~contract_tests.support.runs.vendor_cases`.
"""

from __future__ import annotations

from contract_tests.support.runs import vendor_cases
from mediatasks.specs import VENDORS

for _vendor in VENDORS:
    globals().update(vendor_cases(_vendor))
