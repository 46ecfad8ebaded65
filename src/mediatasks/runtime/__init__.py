"""The call path every adapter shares: envelope decoding, the retry policy and the caller.

``decode`` turns an answer into its payload or a typed error (through the spec's
``x-envelope``), ``RetryPolicy`` says what is retried and for how long, and ``Caller`` puts
limiter, send, retry and decode together for sync and async httpx clients.
"""

from __future__ import annotations

from mediatasks.runtime._caller import Caller, transport_error
from mediatasks.runtime._envelope import Answer, decode, retry_after_seconds
from mediatasks.runtime._retry import RETRYABLE_STATUS, RetryPolicy, call_async, call_sync

__all__ = [
    "RETRYABLE_STATUS",
    "Answer",
    "Caller",
    "RetryPolicy",
    "call_async",
    "call_sync",
    "decode",
    "retry_after_seconds",
    "transport_error",
]
