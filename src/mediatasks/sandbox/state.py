"""The running sandbox's shared state: its emulators and the controls the admin API changes.

Its own module so that the app (which builds it) and the admin API (which drives it) both
import it, and neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mediatasks.sandbox.clock import Clock
from mediatasks.sandbox.faults import FaultBook
from mediatasks.sandbox.fixtures import Recorded
from mediatasks.sandbox.service import VendorService

__all__ = ["Sandbox"]


@dataclass
class Sandbox:
    """The running emulators and their shared controls (what the admin API changes)."""

    clock: Clock
    faults: FaultBook
    services: dict[str, VendorService]
    recorded: dict[str, Recorded] = field(default_factory=dict)
    rate_limits: bool = True

    def reset(self) -> None:
        """Clock, faults, limits and every emulator's tasks and tokens back to the start."""
        self.clock.reset()
        self.faults.clear()
        self.set_rate_limits(self.rate_limits)
        for service in self.services.values():
            service.reset()

    def set_rate_limits(self, enabled: bool) -> None:
        """Switch every vendor's limits on or off (until the next reset)."""
        for service in self.services.values():
            service.limiter.enabled = enabled
