"""Generated code imports cleanly and passes ``mypy --strict``, committed tree and test tree."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import mediatasks_generated
from codegen_testkit import COMMITTED, session_tree

from codegen.generate.layout import PACKAGE_NAME


def test_every_committed_module_imports() -> None:
    names = [
        info.name
        for info in pkgutil.walk_packages(
            [str(COMMITTED / PACKAGE_NAME)], prefix=f"{PACKAGE_NAME}."
        )
    ]
    assert len(names) > 20
    for name in names:
        importlib.import_module(name)
    assert set(mediatasks_generated.VENDORS) == {
        path.name for path in (COMMITTED.parent / "specs").iterdir() if path.is_dir()
    }


def test_generated_code_passes_mypy_strict(tmp_path: Path) -> None:
    """One mypy run over both trees (each as its own package root, so the names do not clash)."""
    trees = [COMMITTED, session_tree() / "generated"]
    for tree in trees:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--strict",
                "--no-error-summary",
                "--cache-dir",
                str(tmp_path / "mypy-cache"),
                "--config-file",
                "",
                PACKAGE_NAME,
            ],
            cwd=tree,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
