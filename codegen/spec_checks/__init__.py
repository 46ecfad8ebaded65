"""Spec checks: everything `python -m codegen specs check` verifies before a spec is used.

Problems are collected as data (:class:`Problem`) and reported together, never raised
mid-way, so one run shows every defect of every spec with its file, line and JSON Pointer.
"""

from __future__ import annotations

from codegen.spec_checks.problems import Level, Problem
from codegen.spec_checks.runner import check_spec

__all__ = ["Level", "Problem", "check_spec"]
