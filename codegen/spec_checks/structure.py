"""Structural checks: every ``$ref`` resolves, and openapi-spec-validator (3.1) passes.

openapi-spec-validator stops with a traceback on the first ``$ref`` that points nowhere, so
references are resolved here first, each failure reported where the ``$ref`` is written, and
the validator runs only on a document whose references all resolve.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jsonschema_path import SchemaPath
from openapi_spec_validator import OpenAPIV31SpecValidator

from codegen.spec_checks.problems import Report
from mediatasks.spec_io import join_pointer, ref_problems

# Validator messages that a house rule reports better (with the exact location).
_COVERED = ("Operation ID",)


def check_refs(spec: Mapping[str, Any], report: Report) -> bool:
    """Report every ``$ref`` that does not resolve inside the document; True when all do."""
    found = list(ref_problems(spec))
    for where, problem in found:
        report.error("unresolved-ref", where, problem)
    return not found


def _pointer_of(path: Any) -> str:
    return join_pointer("", *[str(part) for part in path])


def check_openapi(spec: Mapping[str, Any], report: Report) -> None:
    """Run openapi-spec-validator's OpenAPI 3.1 validation and report each error in place."""
    if spec.get("openapi") != "3.1.0":
        report.error(
            "openapi-version", "/openapi", f"expected openapi: 3.1.0, got {spec.get('openapi')!r}"
        )
        return
    validator = OpenAPIV31SpecValidator(_schema_path(spec))
    try:
        for error in validator.iter_errors():
            path = getattr(error, "absolute_path", None) or ()
            message = str(getattr(error, "message", error)).splitlines()[0]
            if message.startswith(_COVERED):
                continue
            report.error("openapi-schema", _pointer_of(path), message)
    except Exception as exc:  # the validator has no error type for "I gave up"
        text = str(exc).splitlines()[0] if str(exc) else ""
        report.error(
            "openapi-schema",
            "",
            f"openapi-spec-validator stopped: {type(exc).__name__}: {text[:200]}",
        )


def _schema_path(spec: Mapping[str, Any]) -> SchemaPath:
    return SchemaPath.from_dict(dict(spec))
