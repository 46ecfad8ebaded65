"""openapi-python-client, called through its Python API for one spec.

The document is validated against the generator's own OpenAPI model first, so a structural
mistake is reported at the exact place in the spec. Every ``GeneratorError`` counts, warnings
included: a warning means an endpoint or a model was silently left out.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Any

from openapi_python_client import Project
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError, ParseError
from openapi_python_client.schema import openapi_schema_pydantic as oai
from pydantic import BaseModel, ValidationError

from codegen.generate import spec_source
from codegen.generate.problems import SpecProblem
from codegen.generate.spec_patches import PATCHES_KEY, SpecPatchError, apply_spec_patches

TOOL = "openapi-python-client"
_OBJECT_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>")
_ENDPOINT_HEADER = re.compile(r"parsing (?P<method>[A-Z]+) (?P<path>\S+) within")


def generate_client(
    *,
    document: dict[str, Any],
    spec: Path,
    display: str,
    out_dir: Path,
    settings: dict[str, Any],
    templates_dir: Path | None,
) -> list[SpecProblem]:
    """Write the client package into ``out_dir``; the problems found (empty on success)."""
    settings = dict(settings)
    try:
        document = apply_spec_patches(document, settings.pop(PATCHES_KEY, []))
    except SpecPatchError as err:
        return [spec_source.problem_at(spec, display, TOOL, str(err), err.pointer)]
    try:
        oai.OpenAPI.model_validate(document)
    except ValidationError as err:
        return [_validation_problem(err, document, spec, display)]
    config = Config.from_sources(
        ConfigFile(**settings),
        MetaType.NONE,
        document_source=spec,
        file_encoding="utf-8",
        overwrite=True,
        output_path=out_dir,
    )
    data = GeneratorData.from_dict(document, config=config)
    if isinstance(data, GeneratorError):
        return [_problem(data, document, spec, display)]
    project = Project(openapi=data, config=config, custom_template_path=templates_dir)
    with contextlib.redirect_stdout(io.StringIO()):  # it prints "Generating <absolute path>"
        errors = project.build()
    # Schema errors first: they are usually why an endpoint was left out.
    ordered = sorted(errors, key=lambda error: _ENDPOINT_HEADER.search(error.header) is not None)
    return [_problem(error, document, spec, display) for error in ordered]


def _validation_problem(
    err: ValidationError, document: dict[str, Any], spec: Path, display: str
) -> SpecProblem:
    """The most specific of the validator's complaints (union branches multiply them)."""
    details = err.errors()
    located = [(spec_source.deepest_pointer(document, d["loc"]), d) for d in details]
    pointer, detail = max(located, key=lambda item: item[0].count("/"))
    where = ".".join(map(str, detail["loc"]))
    message = f"not a valid OpenAPI document: {detail['msg']} (validator path {where})"
    if len(details) > 1:
        message += f"; {len(details) - 1} related complaint(s) omitted"
    return spec_source.problem_at(spec, display, TOOL, message, pointer)


def _problem(
    error: GeneratorError, document: dict[str, Any], spec: Path, display: str
) -> SpecProblem:
    level = error.level.value.lower()
    header = error.header.strip()
    message = f"{level}: {header}" + (f" {error.detail.strip()}" if error.detail else "")
    pointer = _locate(error, document)
    # 0.29.1 formats some values with their repr; the location already says which one.
    message = _OBJECT_REPR.sub("(see location)", message)
    return spec_source.problem_at(spec, display, TOOL, message, pointer)


def _locate(error: GeneratorError, document: dict[str, Any]) -> str | None:
    """Where the error is: the operation it names, the schema it carries, or a ref it quotes."""
    scope, base = document, ""
    match = _ENDPOINT_HEADER.search(error.header)
    if match:
        candidate = f"/paths/{spec_source.escape(match['path'])}/{match['method'].lower()}"
        found, node = spec_source.resolve(document, candidate)
        if found:
            scope, base = node, candidate
    data = error.data if isinstance(error, ParseError) else None
    if isinstance(data, BaseModel):
        dumped = data.model_dump(mode="json", by_alias=True, exclude_unset=True)
        inner = spec_source.find_value(scope, dumped)
        if inner is not None:
            return base + inner
    if base:
        return base
    return spec_source.pointer_in_text(f"{error.header} {error.detail or ''}", document)
