"""The declared dependencies are exactly what the shipped code imports, by distribution.

The imports of ``src/mediatasks`` and of the generated packages are read from the source
(``ast``: module level, inside functions and under ``TYPE_CHECKING`` alike), mapped to the
distributions that provide them (``importlib.metadata.packages_distributions``) and compared
with ``[project.dependencies]`` and the ``sandbox`` extra of ``pyproject.toml``: an import
nobody declared fails here, before a user's ``pip install`` meets it, and so does a
declaration nothing imports. Code outside ``mediatasks/sandbox/`` may use the core
dependencies only, so the library and the CLI's ``--live``/``--base-url`` work without the
extra.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections import defaultdict
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = (ROOT / "src" / "mediatasks", ROOT / "generated" / "mediatasks_generated")
FIRST_PARTY = frozenset({"mediatasks", "mediatasks_generated"})
SANDBOX = ROOT / "src" / "mediatasks" / "sandbox"
EXTRA = "sandbox"


def canonical(name: str) -> str:
    """PEP 503 normalised distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    return canonical(re.split(r"[\s\[<>=!~;@]", requirement.strip(), maxsplit=1)[0])


def declared() -> tuple[set[str], dict[str, set[str]]]:
    """(core distributions, extra -> distributions) from pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {requirement_name(r) for r in project.get("dependencies", [])}
    extras = {
        extra: {requirement_name(r) for r in requirements}
        for extra, requirements in project.get("optional-dependencies", {}).items()
    }
    return core, extras


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every absolute import in ``path``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.partition(".")[0])
    return found


def third_party_imports(roots: tuple[Path, ...]) -> dict[str, set[Path]]:
    """Top-level module -> the shipped files importing it (stdlib and first party left out)."""
    users: dict[str, set[Path]] = defaultdict(set)
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            for module in imported_modules(path):
                if module not in sys.stdlib_module_names and module not in FIRST_PARTY:
                    users[module].add(path)
    return users


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def distributions_of(users: dict[str, set[Path]]) -> dict[str, set[Path]]:
    """Distribution -> the shipped files importing it; fails on a module nothing provides."""
    provided = packages_distributions()
    by_distribution: dict[str, set[Path]] = defaultdict(set)
    for module, paths in users.items():
        names = provided.get(module)
        where = ", ".join(sorted(_shown(p) for p in paths))
        assert names, f"`import {module}` ({where}): no installed distribution provides it"
        for name in names:
            by_distribution[canonical(name)] |= paths
    return by_distribution


def _in_sandbox(path: Path) -> bool:
    return path.is_relative_to(SANDBOX)


def _listing(items: dict[str, set[Path]]) -> str:
    return "; ".join(
        f"{name} (imported by {', '.join(sorted(_shown(p) for p in paths))})"
        for name, paths in sorted(items.items())
    )


@pytest.fixture(scope="module")
def used() -> dict[str, set[Path]]:
    return distributions_of(third_party_imports(SHIPPED))


def test_every_import_outside_the_sandbox_is_a_core_dependency(
    used: dict[str, set[Path]],
) -> None:
    core, _extras = declared()
    undeclared = {
        name: {p for p in paths if not _in_sandbox(p)}
        for name, paths in used.items()
        if name not in core and any(not _in_sandbox(p) for p in paths)
    }
    assert not undeclared, (
        f"imported outside mediatasks/sandbox but not in [project.dependencies]: "
        f"{_listing(undeclared)}"
    )


def test_every_sandbox_import_is_core_or_in_the_sandbox_extra(
    used: dict[str, set[Path]],
) -> None:
    core, extras = declared()
    allowed = core | extras[EXTRA]
    undeclared = {name: paths for name, paths in used.items() if name not in allowed}
    assert not undeclared, f"imported but declared nowhere: {_listing(undeclared)}"


def test_nothing_is_declared_that_the_code_does_not_import(used: dict[str, set[Path]]) -> None:
    core, extras = declared()
    outside = {name for name, paths in used.items() if any(not _in_sandbox(p) for p in paths)}
    assert core - outside == set(), (
        f"core dependencies nothing outside the sandbox imports: {sorted(core - outside)}"
    )
    assert extras[EXTRA] - set(used) == set(), (
        f"sandbox extra never imported: {sorted(extras[EXTRA] - set(used))}"
    )
    assert not core & extras[EXTRA], "a distribution is both core and in the sandbox extra"
    assert set(extras) == {EXTRA}, f"unexpected extras: {sorted(set(extras) - {EXTRA})}"


def test_only_the_cli_reaches_the_sandbox_and_only_on_demand() -> None:
    """Modules outside the sandbox never import it by name (the CLI loads it with
    importlib when its default target or `mediatasks sandbox` needs it)."""
    offenders = [
        _shown(path)
        for path in sorted((ROOT / "src" / "mediatasks").rglob("*.py"))
        if not _in_sandbox(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom | ast.Import)
        and any(
            name == "mediatasks.sandbox" or name.startswith("mediatasks.sandbox.")
            for name in (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
            )
        )
    ]
    assert not offenders, f"import the sandbox (needs the extra): {offenders}"


def test_the_derivation_sees_an_undeclared_import(tmp_path: Path) -> None:
    """The check itself: a module importing something nobody declared is found, with its
    distribution and file."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text(
        "import os\nimport yaml.constructor\nfrom pydantic import BaseModel\nfrom . import b\n"
        "def f():\n    import starlette.requests\n",
        encoding="utf-8",
    )
    users = third_party_imports((package,))
    assert set(users) == {"yaml", "pydantic", "starlette"}
    assert set(distributions_of(users)) == {"pyyaml", "pydantic", "starlette"}
    assert requirement_name("PyYAML[extra]>=6 ; python_version>'3'") == "pyyaml"
