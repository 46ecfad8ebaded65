"""Every seeded or recorded task ends terminal and stays terminal, as the runtime reads it.

The walk uses the repository's cassettes (as ``make sandbox`` does) and the vendors' runtime
clients, so "terminal" is what ``mediatasks watch`` waits for. It moves the sandbox clock; it
never sleeps.
"""

from __future__ import annotations

from typing import Any

import pytest

from mediatasks.ratelimit import RateLimiter
from mediatasks.sandbox import SandboxConfig, SandboxCredentials, create_app
from mediatasks.sandbox.lifecycle import StatusValues, ending_lifecycle, status_values
from mediatasks.sandbox.transport import SandboxTransport
from mediatasks.specs import VENDORS
from mediatasks.tasks import TaskStatus
from mediatasks.vendors import client_for

STEP_SECONDS = 5
HORIZON_SECONDS = 300  # far beyond the longest script (30 s) and the recorded steps (10 s each)

# Tasks the README names; the walk covers these and whatever else is seeded.
NAMED = {
    "pan123": {"2875008"},
    "myun": {"17lok52y", "2b9x0q4m"},
    "zego": {"X3CgNeE4I1qAAABN", "SandboxRecord001"},
    "cdnetworks": {"036b6f4a01611000a79c3a7800000000", "sandboxlifecycle0000000000000001"},
    "polyv": {"16661c08b9564c1ea6f4544ccd568e58", "sandboxlifecycle0000000000000001"},
}


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_seeded_task_ends_terminal_and_stays_terminal(vendor: str) -> None:
    # The walk reads task states; signatures and limits are tested elsewhere and would only
    # expire as the clock moves ahead of the client's own clock.
    app = create_app(SandboxConfig(check_auth=False, rate_limits=False))
    sandbox = app.state.sandbox
    ids = [task["id"] for task in sandbox.services[vendor].snapshot()]
    assert NAMED[vendor] <= set(ids)
    env = SandboxCredentials().as_environment()
    transport = SandboxTransport(app)
    # no client-side limiter: it paces by the real clock, and the sandbox's limits are off
    unlimited = RateLimiter(vendor, [])
    with client_for(
        vendor, env, base_url=f"http://sandbox/{vendor}", transport=transport, limiter=unlimited
    ) as c:
        for task_id in ids:
            sandbox.reset()
            seen: list[TaskStatus] = []
            for _ in range(HORIZON_SECONDS // STEP_SECONDS):
                seen.append(c.get_task(task_id).status)
                sandbox.clock.advance(STEP_SECONDS)
            first = next((i for i, s in enumerate(seen) if s.is_terminal), None)
            assert first is not None, f"{vendor} {task_id} never ends: {seen[:8]}..."
            assert set(seen[first:]) == {seen[first]}, f"{vendor} {task_id} leaves {seen[first]}"


def test_pan123_recorded_file_no_longer_cycles_back_to_waiting() -> None:
    """The cassettes show 2875008 waiting, then succeeded, then waiting again (two sessions);
    served in that order, ``watch pan123 2875008`` never ended."""
    app = create_app(SandboxConfig(check_auth=False, rate_limits=False))
    service = app.state.sandbox.services["pan123"]
    assert len(service.recorded["2875008"]) == 3  # the cassette answers, as recorded
    env = SandboxCredentials().as_environment()
    transport = SandboxTransport(app)
    unlimited = RateLimiter("pan123", [])
    with client_for(
        "pan123", env, base_url="http://sandbox/pan123", transport=transport, limiter=unlimited
    ) as c:
        statuses = []
        for _ in range(6):
            statuses.append(c.get_task("2875008").status.value)
            app.state.sandbox.clock.advance(10)
    assert statuses == ["PENDING"] + ["SUCCEEDED"] * 5


# -- the ordering rule itself ------------------------------------------------------------------


def _status(_task_id: str, payload: Any) -> TaskStatus:
    return TaskStatus(payload["s"])


def _finish(_task_id: str, payload: Any) -> Any:
    return {**payload, "s": "SUCCEEDED"}


def test_a_cycle_becomes_unfinished_then_finished() -> None:
    waiting, done = {"s": "PENDING"}, {"s": "SUCCEEDED"}
    states = [(0, waiting), (10, done), (20, dict(waiting))]
    assert ending_lifecycle("t", states, _status, _finish) == ((0, waiting), (10, done))


def test_finished_states_come_last_in_their_order_with_a_step_between() -> None:
    failed, running, pending = {"s": "FAILED"}, {"s": "RUNNING"}, {"s": "PENDING"}
    states = [(0, failed), (10, running), (20, pending)]
    assert ending_lifecycle("t", states, _status, _finish, step=10) == (
        (10, running),
        (20, pending),
        (30, failed),
    )


def test_wider_spacing_of_a_script_is_kept() -> None:
    states = [(0, {"s": "PENDING"}), (10, {"s": "RUNNING"}), (30, {"s": "FAILED"})]
    assert [at for at, _ in ending_lifecycle("t", states, _status, _finish)] == [0, 10, 30]


def test_without_a_finished_state_the_finished_form_is_appended() -> None:
    states = [(0, {"s": "RUNNING", "x": 1})]
    assert ending_lifecycle("t", states, _status, _finish, step=10) == (
        (0, {"s": "RUNNING", "x": 1}),
        (10, {"s": "SUCCEEDED", "x": 1}),
    )


def test_a_finished_form_that_is_not_final_is_refused() -> None:
    with pytest.raises(ValueError, match="not final"):
        ending_lifecycle("t", [(0, {"s": "RUNNING"})], _status, lambda _t, p: p)


def test_no_states_is_refused() -> None:
    with pytest.raises(ValueError, match="no states"):
        ending_lifecycle("t", [], _status, _finish)


@pytest.mark.parametrize(
    ("vendor", "table", "expected"),
    [
        ("pan123", "record", StatusValues(255, frozenset({1, 2}))),
        ("zego", "task", StatusValues(3, frozenset({1, 2, 5}))),
        ("zego", "file", StatusValues(3, frozenset({1, 2}))),  # 3 uploaded, not 4 (backup)
        ("cdnetworks", "task", StatusValues(2, frozenset({1}))),
        ("polyv", "task", StatusValues("SUCCESS", frozenset({"INIT", "PROCESS"}))),
    ],
)
def test_emulators_finish_tasks_with_the_registry_values(
    vendor: str, table: str, expected: StatusValues
) -> None:
    assert status_values(vendor, table) == expected
