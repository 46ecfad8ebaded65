"""The one check before any generator runs: the spec checks plus the generator's own needs.

For every spec to generate, once, in one pass over its parse: every check of
``make check-specs`` (:func:`codegen.spec_checks.runner.check_spec`) and the few findings
only the generators care about (:data:`codegen.generate.readiness.GENERATOR_CHECKS`), each
problem at its file, line and JSON pointer. A spec with any error generates nothing and
``generated/`` stays byte for byte as it was: a duplicate operationId would otherwise give
two endpoint modules one name (and a MYun module posting to the wrong path), an alias bomb
would hang a worker, a ``$ref`` cycle would crash a generator without saying where. The
one check left to ``make check-specs`` is the comparison of ``x-provenance.sha256`` with the
vendor document (drift of the document, not a defect that can hurt generation; the
documents live outside the repository). The generator jobs check nothing again.
"""

from __future__ import annotations

from collections.abc import Sequence

from codegen.generate.layout import Layout, Vendor
from codegen.generate.problems import SpecProblem
from codegen.generate.readiness import GENERATOR_CHECKS
from codegen.spec_checks.problems import Level
from codegen.spec_checks.runner import check_spec

TOOL = "spec checks"


def spec_check_problems(layout: Layout, vendors: Sequence[Vendor]) -> tuple[SpecProblem, ...]:
    """Every error the gate finds in the specs of ``vendors``, as generation problems."""
    found: list[SpecProblem] = []
    for vendor in vendors:
        for problem in check_spec(vendor.spec, None, vendor.name, GENERATOR_CHECKS):
            if problem.level is Level.ERROR:
                found.append(
                    SpecProblem(
                        spec=layout.display(vendor.spec),
                        tool=TOOL,
                        message=f"[{problem.rule}] {problem.message}",
                        pointer=problem.pointer,
                        line=problem.line,
                    )
                )
    return tuple(found)
