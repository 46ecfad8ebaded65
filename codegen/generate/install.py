"""Swap freshly generated vendor trees into ``generated/``.

Called only after every job succeeded. Each vendor tree is copied beside its target and then
renamed into place, so a reader sees either the old tree or the new one. A run interrupted
between the two renames leaves the committed tree only in ``.<vendor>.old``:
:func:`recover_interrupted_swaps` moves it back before anything else looks at ``generated/``;
other leftovers (``.<vendor>.incoming``, an ``.old`` beside its new tree) are cleared.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from codegen.generate.layout import Layout
from codegen.generate.package_files import PACKAGE_HEADER

_LEFTOVER_SUFFIXES = (".incoming", ".old")


def install_vendors(layout: Layout, staging_package: Path, vendors: Iterable[str]) -> None:
    package = layout.package_dir
    package.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(package)
    for vendor in vendors:
        incoming = package / f".{vendor}.incoming"
        old = package / f".{vendor}.old"
        shutil.copytree(staging_package / vendor, incoming)
        target = layout.vendor_dir(vendor)
        if target.exists():
            os.replace(target, old)
        os.replace(incoming, target)
        shutil.rmtree(old, ignore_errors=True)


def recover_interrupted_swaps(layout: Layout) -> list[str]:
    """Put back every vendor tree that an interrupted swap left only as ``.<vendor>.old``,
    then clear the other leftovers; the names of the trees put back."""
    package = layout.package_dir
    if not package.is_dir():
        return []
    restored = []
    for old in sorted(package.glob(".*.old")):
        target = package / old.name[1 : -len(".old")]
        if old.is_dir() and not target.exists():
            os.replace(old, target)
            restored.append(target.name)
    _clear_leftovers(package)
    return restored


def remove_vendors_without_spec(layout: Layout, keep: Iterable[str]) -> list[str]:
    """Delete vendor trees this generator wrote whose spec is gone; their names."""
    if not layout.package_dir.is_dir():
        return []
    wanted = set(keep)
    removed = []
    for folder in sorted(layout.package_dir.iterdir()):
        init = folder / "__init__.py"
        if folder.name in wanted or folder.name.startswith(".") or not init.is_file():
            continue
        if init.read_text(encoding="utf-8").startswith(PACKAGE_HEADER):
            shutil.rmtree(folder)
            removed.append(folder.name)
    return removed


def _clear_leftovers(package: Path) -> None:
    for folder in package.iterdir():
        if folder.name.startswith(".") and folder.name.endswith(_LEFTOVER_SUFFIXES):
            shutil.rmtree(folder, ignore_errors=True)
