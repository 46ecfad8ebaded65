"""Stateful MYun runs through the spec's OpenAPI links: create -> get / list -> delete.

Schemathesis chains calls along ``links`` (the created ``id`` feeds getTranscode and the two
delete calls) and judges every answer with the same contract checks as the generated cases.
The test then proves the chains really happened: ids a create answered were read, listed
after, and deleted, each with the success code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import hypothesis
import pytest

from contract_tests.support.runs import TALLY, signed, vendor_run

SUCCESS = 1000


@dataclass
class Journey:
    """What the stateful run did with the ids it created."""

    created: set[str] = field(default_factory=set)
    read: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    listed_after_create: int = 0


def _build_machine(journey: Journey) -> Any:
    base = vendor_run("myun").schema.as_state_machine()

    class ContractMachine(base):  # type: ignore[misc,valid-type]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {**super().get_call_kwargs(case), **signed(case)}

        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)
            operation_id = case.operation.definition.raw["operationId"]
            TALLY.count("myun", operation_id)
            body = response.json()
            if body.get("errcode") != SUCCESS:
                return
            if operation_id == "createTranscode":
                journey.created.add(body["id"])
            elif operation_id == "getTranscode" and case.query.get("id") in journey.created:
                journey.read.add(case.query["id"])
            elif operation_id == "deleteTranscode" and case.body.get("id") in journey.created:
                journey.deleted.add(case.body["id"])
            elif operation_id == "deleteTranscodes":
                journey.deleted.update(set(case.body.get("ids", "").split(",")) & journey.created)
            elif operation_id == "listTranscodes" and journey.created:
                journey.listed_after_create += 1

    return ContractMachine


@pytest.mark.vendor("myun")
@pytest.mark.phase("stateful")
def test_myun_links_create_read_list_delete() -> None:
    journey = Journey()
    machine = _build_machine(journey)
    machine.run(
        settings=hypothesis.settings(
            max_examples=40,
            stateful_step_count=6,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )
    assert journey.created, "no createTranscode call succeeded"
    assert journey.read, "no created task was read back through the getTranscode link"
    assert journey.deleted, "no created task was deleted through a delete link"
    assert journey.listed_after_create, "listTranscodes never ran after a create"
