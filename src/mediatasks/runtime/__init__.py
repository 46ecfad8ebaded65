"""The call path every adapter shares: envelope decoding, the retry policy and the caller.

``decode`` turns an answer into its payload or a typed error (through the spec's
``x-envelope``; it lives in :mod:`mediatasks.envelope`, below auth and runtime alike),
``RetryPolicy`` says what is retried and for how long, and ``Caller`` puts limiter, send, retry
and decode together as one sans-IO flow (:mod:`mediatasks.runtime._steps`) driven by a sync or
an async shell.
"""

from __future__ import annotations

from mediatasks.envelope import Answer, decode, retry_after_seconds
from mediatasks.runtime._caller import Caller, transport_error
from mediatasks.runtime._retry import RETRYABLE_STATUS, RetryPolicy, retrying
from mediatasks.runtime._steps import Send, Sleep, run_async, run_sync, testing

__all__ = [
    "RETRYABLE_STATUS",
    "Answer",
    "Caller",
    "RetryPolicy",
    "Send",
    "Sleep",
    "decode",
    "retry_after_seconds",
    "retrying",
    "run_async",
    "run_sync",
    "testing",
    "transport_error",
]
