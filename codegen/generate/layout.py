"""Every path codegen reads or writes, in one place, so tests can point it at temporary folders.

Stdlib only: the no-op path of ``make generate`` imports this module and must stay cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_NAME = "mediatasks_generated"
STAMP_NAME = "codegen-stamp.toml"
SPEC_NAME = "openapi.yaml"
REGENERATE_COMMAND = "make generate"
_VENDOR_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Vendor:
    """One spec and the Python package name its output gets."""

    name: str
    spec: Path


@dataclass(frozen=True)
class Layout:
    """Input and output folders; ``default()`` is the repository's own."""

    specs_dir: Path
    output_root: Path
    config_dir: Path
    templates_dir: Path
    repo_root: Path

    @classmethod
    def default(cls) -> Layout:
        return cls.for_folders(REPO_ROOT / "specs", REPO_ROOT / "generated")

    @classmethod
    def for_folders(cls, specs_dir: Path, output_root: Path) -> Layout:
        """The repository's config and templates with other spec and output folders."""
        return cls(
            specs_dir=specs_dir.resolve(),
            output_root=output_root.resolve(),
            config_dir=REPO_ROOT / "codegen" / "config",
            templates_dir=REPO_ROOT / "codegen" / "config" / "templates",
            repo_root=REPO_ROOT,
        )

    @property
    def package_dir(self) -> Path:
        return self.output_root / PACKAGE_NAME

    @property
    def stamp_path(self) -> Path:
        return self.output_root / STAMP_NAME

    def vendor_dir(self, vendor: str) -> Path:
        return self.package_dir / vendor

    def display(self, path: Path) -> str:
        """A path as headers and messages show it, never absolute (so output is portable).

        Relative to the repository; for folders elsewhere (tests), relative to the parent of
        the specs folder or of the output folder.
        """
        resolved = path.resolve()
        for base in (self.repo_root, self.specs_dir.parent, self.output_root.parent):
            if resolved.is_relative_to(base):
                return resolved.relative_to(base).as_posix()
        return path.name


def discover_vendors(specs_dir: Path) -> list[Vendor]:
    """Every ``<vendor>/openapi.yaml`` below ``specs_dir``, sorted by vendor name.

    Folders whose name is not a valid Python package name are skipped, since the name becomes
    ``mediatasks_generated.<vendor>``.
    """
    if not specs_dir.is_dir():
        return []
    return [
        Vendor(name=folder.name, spec=folder / SPEC_NAME)
        for folder in sorted(specs_dir.iterdir())
        if _VENDOR_NAME.match(folder.name) and (folder / SPEC_NAME).is_file()
    ]
