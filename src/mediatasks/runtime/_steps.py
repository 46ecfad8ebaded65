"""The sans-IO core: loops written once as generators of steps, run by a sync or an async shell.

A *flow* is a generator that never does I/O itself. It yields what it needs done —
:class:`Send` (an HTTP request, as ``httpx.Client.request`` keyword arguments), :class:`Sleep`
(wait this long), or any step a caller defines (the poller's sweep) — and receives the result
(an ``httpx.Response``, None after a sleep) or has the failure thrown in at the yield. Its
return value is the flow's result. :func:`run_sync` and :func:`run_async` are the only two
shells: each performs a step with blocking or awaitable calls, so the retry loop, the caller
and the poller exist once, and a fix lands once.

``testing()`` turns every :class:`Sleep` into a no-op for the duration of a ``with`` block
(recording the requested durations), the way tests run loops without really waiting; the
limiter's wait at send time (:func:`pause`, :func:`pause_async`, called from httpx's request
hook) follows the same rule.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Callable, Generator, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio

__all__ = [
    "Flow",
    "Send",
    "Sleep",
    "Step",
    "pause",
    "pause_async",
    "run_async",
    "run_sync",
    "testing",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Send:
    """Send this request (``httpx.Client.request`` keyword arguments); returns the response."""

    request: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Sleep:
    """Wait this many seconds; returns None."""

    seconds: float


Step = Any  # Send, Sleep or a step a shell's ``perform`` knows
Flow = Generator[Step, Any, T]

_SLEPT: list[list[float]] = []  # the stack of testing() recorders; empty: really sleep


@contextlib.contextmanager
def testing() -> Iterator[list[float]]:
    """Within the block, Sleep steps return at once; yields the list of requested waits."""
    recorded: list[float] = []
    _SLEPT.append(recorded)
    try:
        yield recorded
    finally:
        _SLEPT.remove(recorded)


def _skip(step: Sleep) -> bool:
    """Whether the default sleep skips this step (test mode, or nothing to wait)."""
    if _SLEPT:
        _SLEPT[-1].append(step.seconds)
        return True
    return step.seconds <= 0


def pause(seconds: float) -> None:
    """Sleep the way a :class:`Sleep` step does by default (skipped in :func:`testing`)."""
    if not _skip(Sleep(seconds)):
        time.sleep(seconds)


async def pause_async(seconds: float) -> None:
    """:func:`pause` for the event loop."""
    if not _skip(Sleep(seconds)):
        await anyio.sleep(seconds)


def run_sync(
    flow: Flow[T],
    perform: Callable[[Step], Any],
    sleep: Callable[[float], None] | None = None,
) -> T:
    """Drive ``flow`` with blocking calls: ``perform`` does every step but :class:`Sleep`,
    which ``sleep`` does (default: ``time.sleep``, skipped in :func:`testing`)."""
    reply: Any = None
    failure: BaseException | None = None
    while True:
        try:
            step = flow.send(reply) if failure is None else flow.throw(failure)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        reply, failure = None, None
        try:
            if isinstance(step, Sleep):
                if sleep is not None:
                    sleep(step.seconds)
                else:
                    pause(step.seconds)
            else:
                reply = perform(step)
        except Exception as exc:  # handed to the flow, which decides
            failure = exc


async def run_async(
    flow: Flow[T],
    perform: Callable[[Step], Awaitable[Any]],
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> T:
    """Drive ``flow`` with awaitable calls; the async twin of :func:`run_sync`'s shell."""
    reply: Any = None
    failure: BaseException | None = None
    while True:
        try:
            step = flow.send(reply) if failure is None else flow.throw(failure)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        reply, failure = None, None
        try:
            if isinstance(step, Sleep):
                if sleep is not None:
                    await sleep(step.seconds)
                else:
                    await pause_async(step.seconds)
            else:
                reply = await perform(step)
        except Exception as exc:  # handed to the flow, which decides
            failure = exc
