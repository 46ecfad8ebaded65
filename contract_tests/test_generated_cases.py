"""Schemathesis-generated cases for every operation of every vendor.

Examples, coverage and fuzzing phases, positive and negative cases, signed by the runtime,
judged by the envelope-aware checks and parsed by every client (``support/checks.py``).
The target is the in-process sandbox unless ``MEDIATASKS_CONTRACT_TARGET=live``.
"""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.support.runs import parametrize, run_case


@pytest.mark.vendor("pan123")
@parametrize("pan123")
def test_pan123(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("myun")
@parametrize("myun")
def test_myun(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("zego")
@parametrize("zego")
def test_zego(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("cdnetworks")
@parametrize("cdnetworks")
def test_cdnetworks(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("polyv")
@parametrize("polyv")
def test_polyv(case: Any) -> None:
    run_case(case)
