"""Schemathesis-generated cases for every operation of every vendor, one test per phase.

Examples, coverage and fuzzing phases, positive and negative cases, signed by the runtime,
judged by the envelope-aware checks and parsed by every client (``support/checks.py``).
Each (vendor, operation, phase) is its own test, so a report says which phase of which
operation failed. The target is the in-process sandbox unless
``MEDIATASKS_CONTRACT_TARGET=live``.
"""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.support.runs import parametrize, run_case


@pytest.mark.vendor("pan123")
@parametrize("pan123", "examples")
def test_pan123_examples(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("pan123")
@parametrize("pan123", "coverage")
def test_pan123_coverage(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("pan123")
@parametrize("pan123", "fuzzing")
def test_pan123_fuzzing(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("myun")
@parametrize("myun", "examples")
def test_myun_examples(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("myun")
@parametrize("myun", "coverage")
def test_myun_coverage(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("myun")
@parametrize("myun", "fuzzing")
def test_myun_fuzzing(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("zego")
@parametrize("zego", "examples")
def test_zego_examples(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("zego")
@parametrize("zego", "coverage")
def test_zego_coverage(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("zego")
@parametrize("zego", "fuzzing")
def test_zego_fuzzing(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("cdnetworks")
@parametrize("cdnetworks", "examples")
def test_cdnetworks_examples(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("cdnetworks")
@parametrize("cdnetworks", "coverage")
def test_cdnetworks_coverage(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("cdnetworks")
@parametrize("cdnetworks", "fuzzing")
def test_cdnetworks_fuzzing(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("polyv")
@parametrize("polyv", "examples")
def test_polyv_examples(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("polyv")
@parametrize("polyv", "coverage")
def test_polyv_coverage(case: Any) -> None:
    run_case(case)


@pytest.mark.vendor("polyv")
@parametrize("polyv", "fuzzing")
def test_polyv_fuzzing(case: Any) -> None:
    run_case(case)
