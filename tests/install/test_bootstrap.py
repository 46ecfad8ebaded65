"""A fresh clone bootstraps itself: the Python half of README's first command (`make`'s
``setup``: uv into ``.tools/``, the locked environment into ``.venv/``) run on a copy of the
tracked files, in a folder where nothing has run yet.

The checkout the tests run in was bootstrapped long ago, so nothing else here would notice a
Makefile that only works the second time (once, a bytecode cache under ``.venv/`` made the
first Python run create ``.venv`` before uv, and uv refused it). The Node half (``npm ci``)
is left out: it has no step that depends on an earlier one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.requires_tool("uv"), pytest.mark.slow]

#: variables a parent `make` or venv hands down that a user's fresh shell would not have
_INHERITED = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}


def _tracked_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout (the copy is made of its tracked files)")
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [os.fsdecode(name) for name in listed.split(b"\0") if name]


def _fresh_shell_env() -> dict[str, str]:
    return {
        name: value
        for name, value in os.environ.items()
        if name not in _INHERITED
        and not name.startswith(("UV_", "PYTHON"))
        and str(ROOT) not in value
    }


def test_a_fresh_copy_sets_up_its_python_environment(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    for name in _tracked_files():
        source = ROOT / name
        if source.is_file():  # a file deleted in the working tree is still listed
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    assert not (copy / ".venv").exists()
    assert not (copy / ".tools").exists()

    setup = _run(["make", ".venv/.synced"], copy, timeout=600)
    assert setup.returncode == 0, f"make on a fresh copy failed:\n{setup.stdout}\n{setup.stderr}"

    python = str(copy / ".venv" / "bin" / "python")
    imported = _run([python, "-c", "import mediatasks; print(mediatasks.__file__)"], copy)
    assert imported.returncode == 0, imported.stderr
    assert Path(imported.stdout.strip()).is_relative_to(copy / "src"), imported.stdout


def _run(argv: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``argv`` in ``cwd`` as from a user's fresh shell."""
    return subprocess.run(
        argv,
        cwd=cwd,
        env=_fresh_shell_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
