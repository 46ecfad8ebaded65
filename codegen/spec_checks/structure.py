"""Structural checks: every ``$ref`` resolves, and the document is valid OpenAPI 3.1.

References are resolved here first, each failure (a dangling ``$ref``, a ``$ref`` cycle that
never reaches a definition) reported where the ``$ref`` is written; the OpenAPI checks run only
on a document whose references all resolve.

The OpenAPI check is the OpenAPI Initiative's JSON Schema of 3.1 documents in its
"schema-base" form: the document schema (``openapi_spec_validator.schemas.schema_v31``), whose
Schema Objects are held to the OAS 3.1 base dialect (``OAS31Validator.META_SCHEMA`` and its
vocabulary, the JSON file openapi-schema-validator ships), evaluated by jsonschema-rs in one
pass. That is what openapi-spec-validator validates too, at about 3 ms per schema in pure
Python (a 10 MB spec of ~35,000 small schemas took minutes); here the whole document takes
milliseconds per megabyte, and the checks of openapi-spec-validator that no JSON Schema can
express live in :mod:`codegen.spec_checks.openapi_rules`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any, Final

import jsonschema_rs
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator.schemas import schema_v31

from codegen.spec_checks.problems import Report
from mediatasks.spec_io import join_pointer, ref_problems

OAS31_VOCABULARY: Final = "https://spec.openapis.org/oas/3.1/meta/base"
SCHEMA_BASE_ID: Final = "https://spec.openapis.org/oas/3.1/schema-base/2022-10-07"
_MAX_ERRORS: Final = 200  # one defect repeated in every schema must not bury the others


def check_refs(spec: Mapping[str, Any], report: Report) -> bool:
    """Report every ``$ref`` that does not resolve inside the document; True when all do."""
    found = list(ref_problems(spec))
    for where, problem in found:
        report.error("unresolved-ref", where, problem)
    return not found


def _oas31_vocabulary() -> dict[str, Any]:
    """The OAS 3.1 base vocabulary's meta-schema, as openapi-schema-validator ships it (a data
    file of the installed package, read offline)."""
    package = files("openapi_schema_validator")
    shipped = package.joinpath("schemas", "oas3.1", "vocabularies", "base")
    vocabulary: dict[str, Any] = json.loads(shipped.read_text(encoding="utf-8"))
    if vocabulary.get("$id") != OAS31_VOCABULARY:
        raise RuntimeError(f"{shipped}: not the OAS 3.1 base vocabulary ({vocabulary.get('$id')})")
    return vocabulary


@cache
def document_validator() -> Any:
    """The OAS 3.1 "schema-base" validator: the document schema with Schema Objects held to
    the OAS 3.1 dialect (compiled once per process, offline)."""
    document: dict[str, Any] = dict(schema_v31)
    dialect: dict[str, Any] = dict(OAS31Validator.META_SCHEMA)
    vocabulary = _oas31_vocabulary()
    schema_base = {
        "$id": SCHEMA_BASE_ID,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": document["$id"],
        "$defs": {"schema": {"$dynamicAnchor": "meta", "$ref": dialect["$id"]}},
    }
    registry = jsonschema_rs.Registry(
        [(document["$id"], document), (dialect["$id"], dialect), (OAS31_VOCABULARY, vocabulary)]
    )
    return jsonschema_rs.validator_for(schema_base, registry=registry)


def check_openapi(spec: Mapping[str, Any], report: Report) -> None:
    """Validate the document against OpenAPI 3.1 and report each error in place."""
    if spec.get("openapi") != "3.1.0":
        report.error(
            "openapi-version", "/openapi", f"expected openapi: 3.1.0, got {spec.get('openapi')!r}"
        )
        return
    for count, error in enumerate(document_validator().iter_errors(dict(spec))):
        if count == _MAX_ERRORS:
            report.error("openapi-schema", "", f"more than {_MAX_ERRORS} errors; fix these first")
            break
        pointer = join_pointer("", *[str(part) for part in error.instance_path])
        report.error("openapi-schema", pointer, _message(error))


def _message(error: Any) -> str:
    text = str(error.message).splitlines()[0] if error.message else "invalid"
    return text if len(text) <= 300 else f"{text[:300]}..."
