"""The limiter holds at send time: 200 concurrent async 123pan reads against the sandbox, whose
limits count a sliding window, after a slow token call.

A limiter that counted a slot when it was *reserved* let the first 20 reads (held up by the
token call) leave together with the 20 booked one period later: 34-39 in one second where the
limit is 20. Windows are scaled to 0.25 s here (both sides), so 200 reads take ~2.5 s.
"""

from __future__ import annotations

import time

import anyio
import httpx
import pytest

from mediatasks.ratelimit import RateLimiter
from mediatasks.runtime import _steps
from mediatasks.sandbox import SandboxCredentials, create_app
from mediatasks.sandbox.ratelimit import RateLimiter as SandboxLimiter
from mediatasks.sandbox.transport import async_transport
from mediatasks.specs import RateLimit
from mediatasks.vendors import Pan123Client
from mediatasks.vendors._base import TaskClient

PERIOD = 0.25
LIMIT = 20
CALLS = 200
RECORD = "getTranscodeVideoRecord"
FILE_ID = "2875008"
TOKEN_DELAY = 0.3


@pytest.fixture
def real_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test needs the limiter to really wait (the runtime tests skip waits otherwise)."""
    monkeypatch.setattr(_steps, "_SLEPT", [])


class Watching(httpx.AsyncBaseTransport):
    """In front of the sandbox: a slow token call, and when each record read arrives and
    whether the sandbox refused it."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.arrivals: list[float] = []
        self.refused = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/access_token"):
            await anyio.sleep(TOKEN_DELAY)
        else:
            self.arrivals.append(time.monotonic())
        response = await self.inner.handle_async_request(request)
        if not request.url.path.endswith("/access_token"):
            body = await response.aread()
            if b'"code":429' in body.replace(b" ", b""):
                self.refused += 1
            return httpx.Response(response.status_code, headers=response.headers, content=body)
        return response


def _run(client_limiter: RateLimiter) -> Watching:
    app = create_app()
    sandbox = app.state.sandbox
    service = sandbox.services["pan123"]
    service.limiter = SandboxLimiter(
        (
            RateLimit((RECORD,), LIMIT, PERIOD, "uid"),
            RateLimit(("getAccessToken",), 8, 1.0, "uid"),
        ),
        sandbox.clock,
    )
    watching = Watching(async_transport(app))
    credentials = SandboxCredentials()
    client = Pan123Client(
        credentials.pan123_client_id,
        credentials.pan123_client_secret,
        base_url="http://sandbox/pan123",
        async_transport=watching,
        limiter=client_limiter,
    )

    async def main(client: TaskClient) -> None:
        async with client, anyio.create_task_group() as group:
            for _ in range(CALLS):
                group.start_soon(client.get_task_async, FILE_ID)

    anyio.run(main, client)
    return watching


def _busiest_window(arrivals: list[float]) -> int:
    """The most arrivals within any PERIOD-long window (a sliding count)."""
    times = sorted(arrivals)
    most, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= PERIOD:
            start += 1
        most = max(most, end - start + 1)
    return most


@pytest.mark.usefixtures("real_waits")
def test_200_concurrent_reads_never_exceed_the_window_at_send_time() -> None:
    limiter = RateLimiter("pan123", [RateLimit((RECORD,), LIMIT, PERIOD, "uid")])
    watching = _run(limiter)
    assert len(watching.arrivals) == CALLS  # no read was refused, so none was retried
    assert watching.refused == 0
    assert _busiest_window(watching.arrivals) <= LIMIT
    # and it kept up: 200 reads at 20 per 0.25 s take 9 full windows after the first
    took = max(watching.arrivals) - min(watching.arrivals)
    assert took < (CALLS / LIMIT) * PERIOD * 1.5


@pytest.mark.usefixtures("real_waits")
def test_a_deliberately_wrong_limiter_is_caught_by_the_sandbox() -> None:
    """The same run with a client limit above the vendor's: the sliding window refuses."""
    wrong = RateLimiter("pan123", [RateLimit((RECORD,), LIMIT + 5, PERIOD, "uid")])
    watching = _run(wrong)
    assert watching.refused > 0
    assert _busiest_window(watching.arrivals) > LIMIT
