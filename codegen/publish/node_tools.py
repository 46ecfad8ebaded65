"""Run the pinned Node tools (redocly, openapi-typescript) and turn failures into readable errors.

The tools are called through ``node_modules/.bin`` (what ``npx --no-install`` resolves to) so a
missing install fails at once instead of npx trying the registry. Telemetry and update checks
are switched off: publishing must work offline and print nothing that changes run to run.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NodeTools", "ToolError"]

_QUIET_ENV = {
    "REDOCLY_TELEMETRY": "off",
    "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
    "NO_COLOR": "1",
    "FORCE_COLOR": "0",
    "NODE_NO_WARNINGS": "1",
}
_TAIL_LINES = 25


class ToolError(RuntimeError):
    """A Node tool failed (or is missing) while working on one spec; the message names both."""

    def __init__(self, tool: str, subject: str, detail: str) -> None:
        super().__init__(f"{tool} failed for {subject}: {detail}")
        self.tool = tool
        self.subject = subject
        self.detail = detail


@dataclass(frozen=True, slots=True)
class NodeTools:
    """Where the Node tools live (``<root>/node_modules/.bin``) and how to call them."""

    root: Path
    timeout_seconds: float = 180.0

    def binary(self, name: str) -> Path:
        return self.root / "node_modules" / ".bin" / name

    def run(
        self,
        tool: str,
        args: Sequence[str],
        subject: str,
        *,
        executable: Path | None = None,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> str:
        """Run ``tool args...`` in the repository root; return stdout or raise :class:`ToolError`.

        ``subject`` is what the tool works on (a spec path); it goes into every error message.
        ``executable`` replaces ``node_modules/.bin/<tool>`` (npm comes with node, from PATH),
        ``cwd`` the repository root, and ``env`` adds variables to the quiet environment.
        """
        binary = executable or self.binary(tool)
        if not binary.exists():
            raise ToolError(tool, subject, f"{binary} is missing; run `make setup` (npm ci) first")
        environment = {**os.environ, **_QUIET_ENV, **(env or {})}
        try:
            done = subprocess.run(  # noqa: S603 - a fixed binary, no shell
                [str(binary), *args],
                cwd=cwd or self.root,
                env=environment,
                capture_output=True,
                text=True,
                timeout=self.timeout_seconds,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ToolError(
                tool, subject, f"timed out after {self.timeout_seconds:.0f} s"
            ) from None
        if done.returncode != 0:
            output = (done.stderr + "\n" + done.stdout).strip().splitlines()
            tail = "\n".join(output[-_TAIL_LINES:]) or "(no output)"
            raise ToolError(tool, subject, f"exit code {done.returncode}\n{tail}")
        return done.stdout
