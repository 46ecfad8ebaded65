"""Every breaking-change rule on its own small spec pair (see breaking_pairs.py)."""

from __future__ import annotations

import pytest
from breaking_pairs import PAIRS, Pair, base_spec

from codegen.breaking.model import Side
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
    assert hits == {("POST /tasks/get", Side.REQUEST), ("POST /tasks/delete", Side.REQUEST)}


def test_location_names_the_field_path() -> None:
    old, new = base_spec(), base_spec()
    new["components"]["schemas"]["Task"]["properties"]["status"]["enum"] = [1, 2, 3, 9]
    where = {c.where for c in diff_specs(old, new) if c.operation == "GET /tasks/get"}
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
    rules = {(c.rule, c.breaking) for c in diff_specs(old, new)}
    assert rules == {("schema renamed", True)}
