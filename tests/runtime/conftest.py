"""Runtime tests never sleep: the sans-IO shells' test mode (``mediatasks.runtime.testing``)
turns every backoff and limiter wait into a no-op (attempts stay as set by each policy), and
every test starts with empty shared rate limiters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mediatasks.ratelimit import reset_shared_limiters
from mediatasks.runtime import testing


@pytest.fixture(autouse=True)
def _no_backoff_and_fresh_limiters() -> Iterator[list[float]]:
    reset_shared_limiters()
    with testing() as waits:
        yield waits
    reset_shared_limiters()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
