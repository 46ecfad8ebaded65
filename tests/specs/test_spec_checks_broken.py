"""Each deliberately broken spec is caught by the rule meant for it, at the right place."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from spec_test_paths import BROKEN, FIXTURES, GOOD

from codegen.spec_checks import Level, check_spec
from codegen.spec_checks.cli import main

PATHS_GET = "/paths/~1task~1get/get"
EXAMPLES = f"{PATHS_GET}/responses/200/content/application~1json/examples"

# file -> (rule, line, pointer, words the message must contain)
EXPECTED = {
    "yaml_syntax": ("yaml-syntax", 88, "", "started at line 87"),
    "unresolved_ref": (
        "unresolved-ref",
        81,
        "/components/schemas/Task/properties/status/$ref",
        "#/components/schemas/TaskState",
    ),
    "example_wrong_type": (
        "example-schema",
        63,
        f"{EXAMPLES}/success/value/data/status",
        "'done' is not of type 'integer'",
    ),
    "example_stray_property": (
        "example-schema",
        64,
        f"{EXAMPLES}/success/value/data/progress",
        "'progress' was unexpected",
    ),
    "enum_without_varnames": (
        "enum-varnames",
        86,
        "/components/schemas/TaskStatus/enum",
        "no x-enum-varnames",
    ),
    "enum_varnames_length": (
        "enum-varnames",
        87,
        "/components/schemas/TaskStatus/x-enum-varnames",
        "list of 2 entries, got 1",
    ),
    "missing_provenance": ("provenance", 2, "/info", "x-provenance is missing"),
    "unquoted_sha256": ("provenance", 9, "/info/x-provenance/sha256", "64 lowercase hex"),
    "unquoted_date": ("yaml-json", 12, "/info/x-provenance/updated", "quote it"),
    "unquoted_response_key": ("yaml-json", 50, f"{PATHS_GET}/responses/200", "read as int"),
    "duplicate_key": ("yaml-json", 38, f"{PATHS_GET}/description", "duplicate key"),
    "duplicate_operation_id": (
        "operation-id-unique",
        71,
        "/paths/~1task~1get-again/get/operationId",
        "'getTask' is used twice",
    ),
    "missing_summary": ("operation-summary", 35, PATHS_GET, "has no summary"),
    "missing_error_example": (
        "operation-examples",
        50,
        f"{PATHS_GET}/responses/200",
        "no error example",
    ),
    "success_example_with_error_code": (
        "example-envelope",
        58,
        f"{EXAMPLES}/success/value",
        "has code 1004, not a success code",
    ),
    "open_object": ("closed-object", 71, "/components/schemas/Task", "additionalProperties"),
    "unknown_error_kind": (
        "error-codes",
        30,
        "/x-envelope/error-codes/1/kind",
        "kind 'missing'",
    ),
    "duplicate_error_name": (
        "error-codes",
        29,
        "/x-envelope/error-codes/1/name",
        "INVALID_PARAMETER already names code 1001",
    ),
    "departure_without_reason": (
        "departures",
        90,
        "/components/schemas/TaskStatus/x-departures/0",
        "lacks reason",
    ),
    "bad_envelope": ("envelope", 18, "/x-envelope/code", "non-empty string"),
    "no_servers": ("servers", 1, "/servers", "at least the production host"),
}


def test_every_broken_spec_has_an_expectation() -> None:
    assert {path.stem for path in BROKEN.glob("*.yaml")} == set(EXPECTED)


def test_the_good_fixture_is_clean() -> None:
    assert check_spec(GOOD, FIXTURES) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_spec_is_reported_in_place(name: str) -> None:
    rule, line, pointer, words = EXPECTED[name]
    problems = [p for p in check_spec(BROKEN / f"{name}.yaml", FIXTURES) if p.level is Level.ERROR]
    assert len(problems) == 1, [p.format() for p in problems]
    problem = problems[0]
    assert (problem.rule, problem.line, problem.pointer) == (rule, line, pointer)
    assert words in problem.message
    text = problem.format()
    assert text.startswith(f"tests/specs/broken/{name}.yaml:{line}:{problem.column}: [{rule}] ")
    assert text.endswith(f"(at {pointer or '/'})")


def test_changed_vendor_document_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "fixture-document.txt").write_text("the vendor rewrote its page\n")
    problems = check_spec(GOOD, tmp_path)
    assert [(p.rule, p.pointer, p.line) for p in problems] == [
        ("provenance-document", "/info/x-provenance/sha256", 9)
    ]
    new_sha = hashlib.sha256(b"the vendor rewrote its page\n").hexdigest()
    assert "the vendor document changed" in problems[0].message
    assert new_sha in problems[0].message


def test_missing_vendor_document_is_an_error(tmp_path: Path) -> None:
    problems = check_spec(GOOD, tmp_path)
    assert [(p.rule, p.pointer) for p in problems] == [
        ("provenance-document", "/info/x-provenance/source-file")
    ]


def test_without_source_docs_the_hash_is_not_compared() -> None:
    assert check_spec(GOOD, None) == []


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    problems = check_spec(tmp_path / "nope.yaml")
    assert [(p.rule, p.line) for p in problems] == [("file", 1)]
    assert "cannot read" in problems[0].message


def test_vendor_name_comes_from_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "zego"
    folder.mkdir()
    shutil.copy(GOOD, folder / "openapi.yaml")
    assert check_spec(folder / "openapi.yaml", FIXTURES) == []


def test_cli_prints_problems_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    spec = BROKEN / "unresolved_ref.yaml"
    assert main(["check", "--source-docs", str(FIXTURES), str(spec), str(GOOD)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "tests/specs/broken/unresolved_ref.yaml:81:11: [unresolved-ref] $ref "
        "'#/components/schemas/TaskState' points to nothing in this file "
        "(at /components/schemas/Task/properties/status/$ref)"
    )
    assert lines[-1] == "2 spec(s) checked: 1 error(s), 0 warning(s)"


def test_cli_passes_a_clean_spec(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--source-docs", str(FIXTURES), str(GOOD)]) == 0
    assert capsys.readouterr().out.strip() == "1 spec(s) checked: 0 error(s), 0 warning(s)"


def test_cli_rejects_a_missing_source_docs_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--source-docs", str(tmp_path / "none"), str(GOOD)]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_cli_without_subcommand_is_bad_usage() -> None:
    assert main([]) == 2


@pytest.mark.parametrize(
    "written",
    ["true", "{}", "{description: Anything goes.}", "{x-note: open on purpose}"],
)
def test_an_everything_map_is_still_an_open_object(tmp_path: Path, written: str) -> None:
    """``additionalProperties: {}`` accepts every stray field just like ``true``; only a map
    whose values are constrained (``{type: string}``) is a deliberate, checked map."""
    text = GOOD.read_text(encoding="utf-8")
    closed = "      title: Task\n      type: object\n      additionalProperties: false\n"
    assert closed in text
    spec = tmp_path / "openapi.yaml"
    spec.write_text(text.replace(closed, closed.replace("false", written)), encoding="utf-8")
    problems = check_spec(spec, FIXTURES)
    assert [(p.rule, p.pointer, p.line) for p in problems] == [
        ("closed-object", "/components/schemas/Task", 71)
    ]


def test_a_map_with_constrained_values_is_not_an_open_object(tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8")
    closed = "      title: Task\n      type: object\n      additionalProperties: false\n"
    spec = tmp_path / "openapi.yaml"
    map_schema = closed.replace("false", "{type: string}")
    spec.write_text(text.replace(closed, map_schema), encoding="utf-8")
    assert [p for p in check_spec(spec, FIXTURES) if p.rule == "closed-object"] == []
