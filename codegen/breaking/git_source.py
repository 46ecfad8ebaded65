"""Read specs as they were at a git revision (``git show REV:specs/<vendor>/openapi.yaml``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

__all__ = ["GitError", "git", "spec_at", "vendors_at"]


class GitError(RuntimeError):
    """git refused (unknown revision, not a repository)."""


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - fixed argv, no shell
        ["git", "-C", str(repo), *args],  # noqa: S607 - git from PATH, like the Makefile
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {done.stderr.strip() or done.returncode}")
    return done.stdout


def vendors_at(repo: Path, rev: str, specs: str = "specs") -> list[str]:
    """Vendor folders that hold an ``openapi.yaml`` at ``rev``."""
    listing = git(repo, "ls-tree", "-r", "--name-only", rev, "--", f"{specs}/")
    return sorted(
        {
            line.split("/")[-2]
            for line in listing.splitlines()
            if line.endswith("/openapi.yaml") and line.count("/") == specs.count("/") + 2
        }
    )


def spec_at(repo: Path, rev: str, vendor: str, specs: str = "specs") -> str:
    return git(repo, "show", f"{rev}:{specs}/{vendor}/openapi.yaml")
