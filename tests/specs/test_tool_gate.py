"""A test needing Node skips without it on a developer's machine, and fails under CI=true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    test = tmp_path / "test_needs_node.py"
    test.write_text(
        'import pytest\n\n@pytest.mark.requires_tool("node")\ndef test_x():\n    pass\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = str(Path(sys.executable).parent)  # no node on it
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(ROOT),
            "-c",
            str(ROOT / "pyproject.toml"),
            "-p",
            "conftest",  # the root conftest (the gate), loaded for a test outside the tree
            "--confcutdir",
            str(ROOT),
            str(test),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(("ci", "outcome"), [(None, "1 skipped"), ("true", "1 error")])
def test_a_missing_tool_skips_or_fails_under_ci(
    tmp_path: Path, ci: str | None, outcome: str
) -> None:
    done = _run(tmp_path, ci)
    assert outcome in done.stdout, done.stdout + done.stderr
    if ci:
        assert "CI=true requires it" in done.stdout
