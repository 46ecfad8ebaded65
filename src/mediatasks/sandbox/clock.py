"""The sandbox's notion of "now": real time plus an offset that tests and the admin API move.

Task lifecycles, signature windows, token expiry and rate-limit windows all read this clock, so a
test can jump a transcode from "waiting" to "success" without sleeping.
"""

from __future__ import annotations

import threading
import time

__all__ = ["Clock"]


class Clock:
    """Wall-clock seconds with a controllable offset (thread-safe)."""

    def __init__(self, start: float | None = None) -> None:
        self._lock = threading.Lock()
        self._start = start
        self._offset = 0.0 if start is None else start - time.time()

    def now(self) -> float:
        """Seconds since the epoch, as the sandbox sees them."""
        return time.time() + self._offset

    def advance(self, seconds: float) -> float:
        """Move the clock forward (or back, with a negative value); returns the new time."""
        with self._lock:
            self._offset += seconds
        return self.now()

    def set(self, epoch_seconds: float) -> float:
        with self._lock:
            self._offset = epoch_seconds - time.time()
        return self.now()

    def reset(self) -> None:
        """Back to real time, or to the configured start instant (as if just started)."""
        with self._lock:
            self._offset = 0.0 if self._start is None else self._start - time.time()
