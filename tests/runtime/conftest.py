"""Runtime tests never sleep: stamina's test mode removes backoff (attempts stay as set by
each policy, capped at 10) and every test starts with empty shared rate limiters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stamina

from mediatasks.ratelimit import reset_shared_limiters


@pytest.fixture(autouse=True)
def _no_backoff_and_fresh_limiters() -> Iterator[None]:
    reset_shared_limiters()
    with stamina.set_testing(True, attempts=10, cap=True):
        yield
    reset_shared_limiters()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
