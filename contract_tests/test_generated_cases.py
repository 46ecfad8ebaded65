"""Schemathesis-generated cases for every operation of every registered vendor.

Examples, coverage and fuzzing phases, positive and negative cases, signed by the runtime,
judged by the envelope-aware checks and parsed by every client (``support/checks.py``).
The target is the in-process sandbox unless ``MEDIATASKS_CONTRACT_TARGET=live``. One test
function per vendor of the registry (``test_<vendor>``), made by :func:`vendor_cases`.
"""

from __future__ import annotations

from contract_tests.support.runs import vendor_cases
from mediatasks.specs import VENDORS

for _vendor in VENDORS:
    globals()[f"test_{_vendor}"] = vendor_cases(_vendor)
