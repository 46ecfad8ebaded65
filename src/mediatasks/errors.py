"""The exception tree of mediatasks. Every error the package raises derives from one root.

    MediaTasksError
     └── SpecError            a spec file is missing, unreadable or has a malformed x- extension

(The runtime extends this tree; keep the drawing in step with the classes.)
"""

from __future__ import annotations

__all__ = ["MediaTasksError", "SpecError"]


class MediaTasksError(Exception):
    """Root of every exception raised by mediatasks."""


class SpecError(MediaTasksError):
    """A spec cannot be used: names the file and the location inside it."""

    def __init__(self, path: str, location: str, problem: str) -> None:
        self.path = path
        self.location = location
        self.problem = problem
        super().__init__(f"{path}: {location}: {problem}")
