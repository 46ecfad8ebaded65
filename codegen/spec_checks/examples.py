"""Examples: every operation shows a success and an error answer, and every example validates.

Examples are what the sandbox serves and what readers copy, so a wrong one is a wrong
contract. Each is validated with jsonschema (Draft 2020-12, the dialect of OpenAPI 3.1) against
its schema, ``$ref`` resolved inside the spec; because object schemas are closed, a stray or
misspelt property in an example is an error, reported at the line of that property.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from codegen.spec_checks.problems import Report
from codegen.spec_checks.spec_walk import all_schemas, media_types, operations, parameters
from mediatasks.spec_io import join_pointer, resolve_pointer

SPEC_URI = "urn:mediatasks:spec"
_MISSING = object()


def check_example_presence(spec: Mapping[str, Any], report: Report) -> None:
    """The 200 response of each operation has named ``success*`` and ``error*`` examples."""
    for op in operations(spec):
        where = join_pointer(op.pointer, "responses", "200")
        response = resolve_pointer(op.operation, "/responses/200", None)
        if isinstance(response, Mapping) and "$ref" in response:
            response = resolve_pointer(spec, str(response["$ref"]).lstrip("#"), None)
        if not isinstance(response, Mapping):
            report.error("operation-examples", op.pointer, "no 200 response (the envelope)")
            continue
        keys: list[str] = []
        content = response.get("content")
        for media_type in content.values() if isinstance(content, Mapping) else []:
            if isinstance(media_type, Mapping) and isinstance(media_type.get("examples"), Mapping):
                keys += [str(key) for key in media_type["examples"]]
        for prefix in ("success", "error"):
            if not any(key.startswith(prefix) for key in keys):
                report.error(
                    "operation-examples",
                    where,
                    f"the 200 response has no {prefix} example (a named example whose key "
                    f"starts with {prefix!r})",
                )


def _example_values(
    holder: Mapping[str, Any], pointer: str, spec: Mapping[str, Any], report: Report
) -> Iterator[tuple[str, Any]]:
    """``(pointer, value)`` of ``example`` and each ``examples`` entry of a holder object."""
    if "example" in holder:
        yield join_pointer(pointer, "example"), holder["example"]
    examples = holder.get("examples")
    if not isinstance(examples, Mapping):
        return
    for name, written in examples.items():
        here = join_pointer(pointer, "examples", str(name))
        example = written
        if isinstance(written, Mapping) and isinstance(written.get("$ref"), str):
            example = resolve_pointer(spec, written["$ref"].lstrip("#"), None)
        if isinstance(example, Mapping) and "value" in example:
            yield join_pointer(here, "value"), example["value"]
        elif isinstance(example, Mapping) and "externalValue" in example:
            report.warning("example-schema", here, "externalValue examples are not validated")


class SchemaValidators:
    """One cached Draft 2020-12 validator per schema pointer, all sharing the spec registry:
    the one way the checks validate a value (an example, a default) against a spec schema."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        resource = Resource.from_contents(dict(spec), default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        self._cache: dict[str, Draft202012Validator] = {}

    def for_schema(self, pointer: str) -> Draft202012Validator:
        if pointer not in self._cache:
            self._cache[pointer] = Draft202012Validator(
                {"$ref": f"{SPEC_URI}#{_uri_fragment(pointer)}"},
                registry=self._registry,
                format_checker=FormatChecker(),
            )
        return self._cache[pointer]

    def errors(
        self, pointer: str, value: Any, *, report: Report, rule: str, at: str
    ) -> list[ValidationError]:
        """Where ``value`` breaks the schema at ``pointer``; a schema that cannot be evaluated
        (an unresolvable ``$ref`` inside it, a pattern that is no regex) is reported at ``at``
        under ``rule`` instead."""
        try:
            return list(self.for_schema(pointer).iter_errors(value))
        except Exception as exc:
            text = (str(exc).splitlines() or [""])[0][:200]
            report.error(rule, at, f"cannot validate: {type(exc).__name__}: {text}")
            return []


def _uri_fragment(pointer: str) -> str:
    """A JSON Pointer as a URI fragment (percent-encoded where a URI needs it)."""
    return quote(pointer, safe="/~:@!$&'()*+,;=-._")


def _most_specific(error: ValidationError) -> ValidationError:
    """Descend into oneOf/anyOf causes, skipping branches of the wrong type altogether.

    For ``oneOf: [Task, null]`` and an object example, "not of type 'null'" says nothing;
    the Task branch's complaint is the useful one.
    """
    while error.context:
        causes = [
            cause
            for cause in error.context
            if not (cause.validator == "type" and len(cause.relative_schema_path) == 2)
        ]
        error = best_match(causes or error.context)
    return error


def _describe(error: ValidationError, value_pointer: str) -> tuple[str, str]:
    """Where in the example the error is and what it says (the most specific cause)."""
    error = _most_specific(best_match([error]))
    where = join_pointer(value_pointer, *[str(p) for p in error.absolute_path])
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        known = error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
        strays = [str(key) for key in error.instance if key not in known]
        if strays:
            where = join_pointer(where, strays[0])
    schema_at = "/".join(str(p) for p in error.absolute_schema_path)
    return where, f"{error.message} (schema keyword {schema_at})"


def validate_examples(spec: Mapping[str, Any], report: Report) -> None:
    """Validate every media-type, parameter and schema example against its schema."""
    validators = SchemaValidators(spec)
    sites: list[tuple[str, Mapping[str, Any]]] = [*parameters(spec), *media_types(spec)]
    checked: list[tuple[str, str, Any]] = []
    for pointer, holder in sites:
        if "schema" not in holder:
            continue
        schema_pointer = join_pointer(pointer, "schema")
        for value_pointer, value in _example_values(holder, pointer, spec, report):
            checked.append((schema_pointer, value_pointer, value))
    for pointer, schema in all_schemas(spec):
        if "example" in schema:
            checked.append((pointer, join_pointer(pointer, "example"), schema["example"]))
        values = schema.get("examples")
        if isinstance(values, list):
            for index, value in enumerate(values):
                checked.append((pointer, join_pointer(pointer, "examples", index), value))
        elif values is not None:
            where = join_pointer(pointer, "examples")
            report.error("example-schema", where, "schema examples must be a list")
    for schema_pointer, value_pointer, value in checked:
        errors = validators.errors(
            schema_pointer, value, report=report, rule="example-schema", at=value_pointer
        )
        for error in errors:
            where, message = _describe(error, value_pointer)
            report.error(
                "example-schema",
                where,
                f"example does not match its schema at {schema_pointer}: {message}",
            )
