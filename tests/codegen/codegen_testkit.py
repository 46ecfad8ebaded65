"""Shared helpers of the codegen tests: one generation of the test specs per session.

Plain functions instead of a conftest (a second ``conftest`` module would clash under mypy):
``session_tree()`` generates ``data/specs`` once into a temporary folder laid out like the
repository (``specs/`` beside ``generated/``); ``workspace(tmp_path)`` gives a test its own
copy of both, already up to date, to break or change.
"""

from __future__ import annotations

import atexit
import functools
import importlib
import shutil
import tempfile
from pathlib import Path
from types import ModuleType

import mediatasks_generated

from codegen.generate import cli
from codegen.generate.layout import PACKAGE_NAME, REPO_ROOT

DATA = Path(__file__).parent / "data"
TEST_SPECS = DATA / "specs"
BROKEN_SPECS = DATA / "broken"
REAL_SPECS = REPO_ROOT / "specs"
COMMITTED = REPO_ROOT / "generated"


def generate(root: Path, *extra: str) -> int:
    """``python -m codegen generate`` for ``root/specs`` into ``root/generated``."""
    arguments = ["--specs-dir", str(root / "specs"), "--output", str(root / "generated")]
    return cli.main([*arguments, *extra])


@functools.cache
def session_tree() -> Path:
    """Root of a folder holding ``specs/`` (the test specs) and ``generated/`` from them."""
    root = Path(tempfile.mkdtemp(prefix="codegen-tests-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    shutil.copytree(TEST_SPECS, root / "specs")
    status = generate(root)
    if status != 0:
        msg = f"the codegen test specs do not generate (status {status})"
        raise RuntimeError(msg)
    # The test vendors (alpha, beta) become importable beside the committed ones.
    mediatasks_generated.__path__.append(str(root / "generated" / PACKAGE_NAME))
    return root


def workspace(tmp_path: Path) -> Path:
    """A private, up-to-date copy of the session tree."""
    source = session_tree()
    shutil.copytree(source / "specs", tmp_path / "specs")
    shutil.copytree(source / "generated", tmp_path / "generated")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, to prove a run changed nothing."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def vendor_module(vendor: str, name: str) -> ModuleType:
    """``mediatasks_generated.<vendor>.<name>`` from the committed tree or the session tree."""
    if vendor not in {path.name for path in REAL_SPECS.iterdir()}:
        session_tree()
    return importlib.import_module(f"mediatasks_generated.{vendor}.{name}")
