"""The few files codegen writes itself: package roots, ``py.typed`` and the stamp."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from codegen.generate.fingerprint import render_stamp
from codegen.generate.headers import codegen_header_line
from codegen.generate.layout import Layout

PACKAGE_HEADER = codegen_header_line("package root")


def vendor_init(vendor: str, spec: str) -> str:
    return (
        f"{PACKAGE_HEADER}\n"
        f'"""Generated code for {vendor}, from {spec}: ``client`` (openapi-python-client) and\n'
        '``models`` (pydantic v2, datamodel-code-generator)."""\n'
    )


def package_init(vendors: Sequence[str]) -> str:
    names = "".join(f'    "{name}",\n' for name in sorted(vendors))
    return (
        f"{PACKAGE_HEADER}\n"
        '"""Generated clients and models, one subpackage per vendor.\n\n'
        "``mediatasks_generated.<vendor>.client`` is the openapi-python-client package and\n"
        "``mediatasks_generated.<vendor>.models`` the pydantic models of the same spec.\n"
        '"""\n\n'
        f"VENDORS: tuple[str, ...] = (\n{names})\n"
    )


def write_atomically(path: Path, text: str) -> None:
    """Write beside the target, then rename: a reader never sees half a file."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def write_root_files(
    layout: Layout,
    vendors: Sequence[str],
    hashes: Mapping[str, str],
    versions: Mapping[str, str],
) -> None:
    """Package root files, then the stamp (last, so a crash leaves the stamp stale, not wrong)."""
    layout.package_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(layout.package_dir / "__init__.py", package_init(vendors))
    write_atomically(layout.package_dir / "py.typed", PACKAGE_HEADER + "\n")
    write_atomically(layout.stamp_path, render_stamp(hashes, versions))
