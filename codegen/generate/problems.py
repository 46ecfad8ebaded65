"""Generation problems as data: which spec, where in it, which tool, and what it said.

Collected from every job and printed together at the end, in plain words, instead of raised
half-way (the openapi-python-client ``parser/errors.py`` discipline).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpecProblem:
    """One reason a spec could not be turned into code."""

    spec: str
    tool: str
    message: str
    pointer: str | None = None
    line: int | None = None

    def describe(self) -> str:
        """``spec, line N, at /json/pointer: tool: message`` with the parts that are known."""
        where = [self.spec]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.pointer is not None:
            where.append(f"at {self.pointer or '/'}")
        message = "\n    ".join(self.message.strip().splitlines()) or "(no message)"
        return f"{', '.join(where)}: {self.tool}: {message}"
