"""Every breaking-change rule on its own small spec pair (see breaking_pairs.py)."""

from __future__ import annotations

from typing import Any

import pytest
from breaking_pairs import PAIRS, Pair, base_spec

from codegen.breaking.model import Side
from codegen.breaking.schema_diff import SchemaDiff
from codegen.breaking.spec_diff import diff_specs


@pytest.mark.parametrize("pair", PAIRS, ids=[p.name for p in PAIRS])
def test_pair_is_classified(pair: Pair) -> None:
    old, new = pair.specs()
    changes = diff_specs(old, new)
    if pair.rule is None:
        assert changes == []
        return
    matching = [c for c in changes if c.rule == pair.rule]
    assert matching, f"expected rule {pair.rule!r}, got {[c.rule for c in changes]}"
    assert all(c.breaking is pair.breaking for c in matching)
    if not pair.breaking:
        assert not [c for c in changes if c.breaking], changes


def test_identical_specs_have_no_changes() -> None:
    assert diff_specs(base_spec(), base_spec()) == []


def test_shared_schema_change_is_reported_per_operation_and_side() -> None:
    old, new = base_spec(), base_spec()
    new["components"]["schemas"]["GetTaskRequest"]["properties"]["mode"]["enum"] = ["fast"]
    hits = {(c.operation, c.side) for c in diff_specs(old, new) if c.breaking}
    assert hits == {("getTask", Side.REQUEST), ("deleteTask", Side.REQUEST)}


def test_location_names_the_field_path() -> None:
    old, new = base_spec(), base_spec()
    new["components"]["schemas"]["Task"]["properties"]["status"]["enum"] = [1, 2, 3, 9]
    where = {c.where for c in diff_specs(old, new) if c.operation == "getTaskByQuery"}
    assert where == {"response 200 application/json: data.status"}


def test_nullable_spellings_compare_equal() -> None:
    old, new = base_spec(), base_spec()
    envelope = new["components"]["schemas"]["GetTaskResponse"]["properties"]
    task = new["components"]["schemas"]["Task"]
    envelope["data"] = {**task, "type": ["object", "null"]}
    assert diff_specs(old, new) == []


def test_operation_rename_breaks_generated_clients() -> None:
    old, new = base_spec(), base_spec()
    new["paths"]["/tasks/delete"]["post"]["operationId"] = "removeTask"
    (change,) = diff_specs(old, new)
    assert (change.rule, change.breaking) == ("operation renamed", True)


def test_schema_title_change_breaks_generated_class_names() -> None:
    old, new = base_spec(), base_spec()
    new["components"]["schemas"]["Task"]["title"] = "Job"
    rules = {(c.rule, c.detail, c.breaking) for c in diff_specs(old, new) if c.operation == ""}
    assert rules == {
        (
            "generated model removed",
            "class Task (components.schemas.Task) is no longer generated",
            True,
        ),
        ("generated model added", "class Job", False),
    }
    assert {c.rule for c in diff_specs(old, new) if c.operation} == {"schema renamed"}


def test_a_renamed_component_without_title_renames_its_class() -> None:
    old, new = base_spec(), base_spec()
    for spec in (old, new):
        del spec["components"]["schemas"]["Task"]["title"]
    schemas = new["components"]["schemas"]
    schemas["Job"] = schemas.pop("Task")
    envelope = schemas["GetTaskResponse"]["properties"]["data"]["anyOf"][0]
    envelope["$ref"] = "#/components/schemas/Job"
    changes = diff_specs(old, new)
    assert [(c.rule, c.breaking) for c in changes] == [
        ("generated model removed", True),
        ("generated model added", False),
    ]


def test_a_removed_response_enum_value_removes_a_generated_member() -> None:
    old, new = base_spec(), base_spec()
    for spec in (old, new):
        status = spec["components"]["schemas"]["Task"]["properties"]["status"]
        status["x-enum-varnames"] = ["QUEUED", "RUNNING", "DONE"]
    status = new["components"]["schemas"]["Task"]["properties"]["status"]
    status["enum"], status["x-enum-varnames"] = [1, 2], ["QUEUED", "RUNNING"]
    changes = {(c.rule, c.breaking): c for c in diff_specs(old, new)}
    assert set(changes) == {("response enum value removed", False), ("enum member removed", True)}
    assert "DONE" in changes[("enum member removed", True)].detail
    # x-enum-varnames is a generated identifier, never "documentation changed"
    assert all(c.rule != "documentation changed" for c in diff_specs(old, new))


def _with_api_key(*specs: dict[str, Any]) -> None:
    for spec in specs:
        spec["components"]["securitySchemes"] = {
            "key": {"type": "apiKey", "in": "header", "name": "X-Key"}
        }


def test_auth_required_on_an_open_operation_breaks() -> None:
    old, new = base_spec(), base_spec()
    _with_api_key(old, new)
    new["paths"]["/tasks/get"]["get"]["security"] = [{"key": []}]
    (change,) = diff_specs(old, new)
    assert (change.rule, change.breaking) == ("security requirements changed", True)
    # The way back (credentials no longer needed) keeps old clients working.
    (back,) = diff_specs(new, old)
    assert (back.rule, back.breaking) == ("security requirements changed", False)


@pytest.mark.parametrize("spelling", [None, [], [{}]], ids=["absent", "empty-list", "empty-req"])
def test_spellings_of_no_auth_compare_equal(spelling: list[dict[str, Any]] | None) -> None:
    old, new = base_spec(), base_spec()
    _with_api_key(old, new)
    if spelling is not None:
        new["paths"]["/tasks/get"]["get"]["security"] = spelling
    assert diff_specs(old, new) == []


@pytest.mark.parametrize(
    ("old_security", "new_security", "breaking"),
    [
        ([{"key": []}], [{"key": []}, {"token": []}], False),  # an alternative added
        ([{"key": []}, {"token": []}], [{"key": []}], True),  # an alternative dropped
        ([{"key": []}], [{"key": [], "token": []}], True),  # a second scheme demanded
        ([{"key": [], "token": []}], [{"key": []}], False),  # one scheme less demanded
    ],
)
def test_security_alternatives(
    old_security: list[dict[str, Any]], new_security: list[dict[str, Any]], breaking: bool
) -> None:
    old, new = base_spec(), base_spec()
    for spec in (old, new):
        spec["components"]["securitySchemes"] = {
            "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            "token": {"type": "http", "scheme": "bearer"},
        }
    old["paths"]["/tasks/get"]["get"]["security"] = old_security
    new["paths"]["/tasks/get"]["get"]["security"] = new_security
    (change,) = diff_specs(old, new)
    assert change.breaking is breaking


def test_response_field_added_to_an_open_object_is_fine() -> None:
    old, new = base_spec(), base_spec()
    for spec in (old, new):
        del spec["components"]["schemas"]["Task"]["additionalProperties"]
    new["components"]["schemas"]["Task"]["properties"]["duration"] = {"type": "integer"}
    changes = diff_specs(old, new)
    assert {(c.rule, c.breaking) for c in changes} == {("field added", False)}


def test_tolerant_readers_absorb_new_response_fields_and_values() -> None:
    """Generated answer models keep unknown fields and enum values, so neither breaks; the
    same additions on the request side, or a closed answer object, still judge as before."""
    old, new = base_spec(), base_spec()
    task = new["components"]["schemas"]["Task"]
    task["properties"]["status"]["enum"] = [1, 2, 3, 9]
    task["properties"]["duration"] = {"type": "integer", "description": "Seconds."}
    rules = {(c.side, c.rule, c.breaking) for c in diff_specs(old, new)}
    assert rules == {
        (Side.RESPONSE, "response enum value added", False),
        (Side.RESPONSE, "field added", False),
    }
    opened, closed = base_spec(), base_spec()
    del opened["components"]["schemas"]["Task"]["additionalProperties"]
    assert {(c.rule, c.breaking) for c in diff_specs(base_spec(), opened)} == {
        ("object opened", False)
    }
    assert {(c.rule, c.breaking) for c in diff_specs(opened, closed)} == {("object closed", False)}


def test_nullable_enum_spellings_compare_equal() -> None:
    old, new = base_spec(), base_spec()
    status = {"type": "integer", "enum": [1, 2, 3]}
    old["components"]["schemas"]["Task"]["properties"]["status"] = {
        "anyOf": [status, {"type": "null"}]
    }
    new["components"]["schemas"]["Task"]["properties"]["status"] = {
        "type": ["integer", "null"],
        "enum": [1, 2, 3, None],
    }
    assert diff_specs(old, new) == []


def test_null_allowed_beside_an_untyped_enum_is_seen() -> None:
    """``anyOf: [{enum: ...}, {type: 'null'}]`` has no type list to carry the null."""
    old, new = base_spec(), base_spec()
    old["components"]["schemas"]["Task"]["properties"]["status"] = {"enum": [1, 2, 3]}
    new["components"]["schemas"]["Task"]["properties"]["status"] = {
        "anyOf": [{"enum": [1, 2, 3]}, {"type": "null"}]
    }
    response = [c for c in diff_specs(old, new) if c.side is Side.RESPONSE]
    assert response
    assert all(c.breaking for c in response)
    # Dropping the null again narrows a response: fine.
    assert not [c for c in diff_specs(new, old) if c.breaking]


def test_new_response_value_and_null_each_judged_once() -> None:
    """A response enum gaining a value and null: the value is absorbed by tolerant readers
    (ok), only the null breaks; the value is not reported a second time as breaking."""
    diff = SchemaDiff(Side.RESPONSE, "getTask")
    diff.compare({"enum": ["A"]}, {"enum": ["A", "B", None]}, "status")
    verdicts = [(c.rule, c.breaking, c.detail) for c in diff.changes]
    assert [(rule, breaking) for rule, breaking, _ in verdicts] == [
        ("response enum value added", False),
        ("response enum value added", True),
    ]
    assert "'B'" in verdicts[0][2]
    assert "None" not in verdicts[0][2]
    assert verdicts[1][2] == "[None]"
    request = SchemaDiff(Side.REQUEST, "getTask")
    request.compare({"enum": ["A"]}, {"enum": ["A", "B", None]}, "status")
    assert [(c.rule, c.breaking, c.detail) for c in request.changes] == [
        ("request enum value added", False, "['B', None]")
    ]


@pytest.mark.parametrize("edit", ["removed", "added"])
def test_schema_title_added_or_removed_renames_classes(edit: str) -> None:
    old, new = base_spec(), base_spec()
    untitled = new if edit == "removed" else old
    del untitled["components"]["schemas"]["Task"]["title"]
    rules = {(c.rule, c.breaking) for c in diff_specs(old, new)}
    assert rules == {("schema renamed", True)}


def test_keyword_without_a_rule_is_reported_not_ignored() -> None:
    old, new = base_spec(), base_spec()
    new["components"]["schemas"]["GetTaskRequest"]["properties"]["note"]["readOnly"] = True
    changes = diff_specs(old, new)
    assert changes
    assert {(c.rule, c.breaking) for c in changes} == {("unclassified keyword changed", True)}
    assert all(c.where.endswith("note") for c in changes)


def test_additional_properties_schema_is_compared() -> None:
    old, new = base_spec(), base_spec()
    for spec in (old, new):
        spec["components"]["schemas"]["GetTaskRequest"]["properties"]["labels"] = {
            "type": "object",
            "additionalProperties": {"type": "string", "enum": ["a", "b"]},
        }
    labels = new["components"]["schemas"]["GetTaskRequest"]["properties"]["labels"]
    labels["additionalProperties"]["enum"] = ["a"]
    changes = diff_specs(old, new)
    assert {(c.rule, c.breaking) for c in changes} == {("request enum value removed", True)}
    assert all(c.where.endswith("labels.{*}") for c in changes)


def _region_param(spec: dict[str, Any]) -> dict[str, Any]:
    param: dict[str, Any] = spec["paths"]["/tasks/get"]["post"]["parameters"][0]
    return param


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ({"explode": False}, {("parameter encoding changed", True)}),  # a=1&a=2 -> a=1,2
        ({"style": "pipeDelimited"}, {("parameter encoding changed", True)}),
        ({"style": "form", "explode": True}, set()),  # OpenAPI's defaults spelled out
        ({"allowEmptyValue": True}, {("empty value allowed", False)}),
    ],
    ids=["explode", "style", "defaults-spelled-out", "empty-allowed"],
)
def test_query_parameter_encoding(edit: dict[str, Any], expected: set[tuple[str, bool]]) -> None:
    old, new = base_spec(), base_spec()
    _region_param(new).update(edit)
    assert {(c.rule, c.breaking) for c in diff_specs(old, new)} == expected


def test_empty_value_refused_breaks() -> None:
    old, new = base_spec(), base_spec()
    _region_param(old)["allowEmptyValue"] = True
    assert {(c.rule, c.breaking) for c in diff_specs(old, new)} == {("empty value refused", True)}


def test_parameter_content_schema_is_compared() -> None:
    """A parameter may carry ``content`` instead of ``schema``; its schema is still judged."""
    old, new = base_spec(), base_spec()
    for spec in (old, new):
        param = _region_param(spec)
        schema = param.pop("schema")
        param["content"] = {"application/json": {"schema": schema}}
    _region_param(new)["content"]["application/json"]["schema"]["enum"] = ["cn"]
    changes = diff_specs(old, new)
    assert {(c.rule, c.breaking) for c in changes} == {("request enum value removed", True)}
