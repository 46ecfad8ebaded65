"""datamodel-code-generator, called through its Python API for one spec.

Warnings are collected and count as failures, like errors: the committed specs must generate
without any.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import datamodel_code_generator

from codegen.generate import spec_source
from codegen.generate.problems import SpecProblem

TOOL = "datamodel-code-generator"
_PYDANTIC_LINK = re.compile(r"\n\s*For further information visit \S+")


def generate_models(
    *,
    document: dict[str, Any],
    spec: Path,
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
    messages = [_PYDANTIC_LINK.sub("", message) for message in messages]
    return [
        spec_source.problem_at(
            spec, display, TOOL, message, spec_source.pointer_in_text(message, document)
        )
        for message in messages
    ]
