"""datamodel-code-generator, called through its documented Python API for one spec.

``datamodel_code_generator.generate`` gets the options of ``codegen/config/models.toml`` and
the template override folder (``codegen/config/templates/models``). Warnings are collected and
count as failures, like errors: the committed specs must generate without any. What it says
is quoted as it is, at the spec file: the defects codegen foresees are reported before it runs,
with their place (:mod:`codegen.generate.spec_gate`); its wording is never parsed.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import datamodel_code_generator

from codegen.generate.problems import SpecProblem

TOOL = "datamodel-code-generator"


def generate_models(
    *,
    document: dict[str, Any],
    display: str,
    out_file: Path,
    options: dict[str, Any],
    header: str,
) -> list[SpecProblem]:
    """Write the pydantic models module; the problems found (empty on success)."""
    messages: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            datamodel_code_generator.generate(
                document, output=out_file, custom_file_header=header, **options
            )
        except Exception as err:  # any failure of the tool is a problem to report
            messages.append(f"error: {type(err).__name__}: {err}")
    messages += [f"warning: {w.category.__name__}: {w.message}" for w in caught]
    return [SpecProblem(spec=display, tool=TOOL, message=message) for message in messages]
