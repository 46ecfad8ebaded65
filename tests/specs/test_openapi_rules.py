"""The OpenAPI 3.1 validation (the OAI's schema-base JSON Schema, evaluated by jsonschema-rs)
and the rules beside it that no JSON Schema can express, each located in the file."""

from __future__ import annotations

from pathlib import Path

from spec_test_paths import GOOD

from codegen.spec_checks import check_spec


def _problems(tmp_path: Path, old: str, new: str) -> list[tuple[str, str, str]]:
    text = GOOD.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "fixture" / "openapi.yaml"
    path.parent.mkdir()
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [
        (p.rule, p.pointer, p.message)
        for p in check_spec(path, None)
        if not p.rule.startswith("provenance")
    ]


def test_the_good_fixture_is_clean(tmp_path: Path) -> None:
    assert _problems(tmp_path, "Where the task is.", "Where the task is.") == []


def test_a_schema_object_is_held_to_the_oas_dialect(tmp_path: Path) -> None:
    found = _problems(tmp_path, "type: string\n          description: The task id.", "type: strin")
    assert ("openapi-schema", "/components/schemas/Task/properties/id/type") in [
        (rule, pointer) for rule, pointer, _ in found
    ]


def test_a_schema_object_is_held_to_the_oas_vocabulary(tmp_path: Path) -> None:
    """``externalDocs`` inside a Schema Object is defined by the OAS 3.1 base vocabulary."""
    found = _problems(
        tmp_path,
        "type: string\n          description: The task id.",
        "type: string\n          externalDocs: 5\n          description: The task id.",
    )
    assert ("openapi-schema", "/components/schemas/Task/properties/id/externalDocs") in [
        (rule, pointer) for rule, pointer, _ in found
    ]


def test_a_document_field_of_the_wrong_type(tmp_path: Path) -> None:
    found = _problems(tmp_path, "  version: 1.0.0", "  version: [1]")
    assert ("openapi-schema", "/info/version") in [(r, p) for r, p, _ in found]


def test_a_default_must_fit_its_schema(tmp_path: Path) -> None:
    found = _problems(tmp_path, "      enum: [1, 2]\n", "      enum: [1, 2]\n      default: 3\n")
    assert [(rule, pointer) for rule, pointer, _ in found] == [
        ("default-invalid", "/components/schemas/TaskStatus/default")
    ]


def test_a_default_under_a_schema_that_cannot_be_evaluated_is_reported(tmp_path: Path) -> None:
    """A pattern that is no regex makes the default unverifiable: a problem, not a crash."""
    found = _problems(
        tmp_path,
        "type: string\n          description: The task id.",
        "type: string\n          pattern: '(['\n          default: x\n"
        "          description: The task id.",
    )
    assert ("default-invalid", "/components/schemas/Task/properties/id/default") in [
        (rule, pointer) for rule, pointer, _ in found
    ]
    assert any("cannot validate" in message for _, _, message in found)


def test_path_parameters_match_the_template(tmp_path: Path) -> None:
    found = _problems(tmp_path, "/task/get:", "/task/{taskId}/get:")
    assert [rule for rule, _, _ in found] == ["path-parameter"]
    assert "{taskId}" in found[0][2]
