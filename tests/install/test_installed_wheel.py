"""The package as a user installs it: ``uv build``, then the wheel in fresh virtual
environments outside the repository, run from a folder that is not the checkout.

One build per session (sdist, then the wheel from the sdist, as ``uv build`` does; plus a wheel
straight from the tree to prove the sdist builds the same wheel). Two venvs: one with the
``sandbox`` extra, one without. Versions are pinned to ``uv.lock`` (``uv export``) and fetched
the way the Makefile fetches them (the index, through uv's cache).

Every Python process started here loads a ``sitecustomize`` that records, through an audit
hook, every file or folder opened under the repository; each test ends by asserting that
nothing was, and the data the package reads (specs, cassettes) resolves into site-packages.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import tomllib
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from mediatasks import registry
from mediatasks.sandbox import SandboxCredentials
from mediatasks.sandbox.__main__ import environment

ROOT = Path(__file__).resolve().parents[2]
UV = ROOT / ".tools" / "bin" / "uv"
UVX = ROOT / ".tools" / "bin" / "uvx"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
VERSION = PROJECT["version"]
SEEDED_ZEGO = registry.get("zego").sample_tasks[0]

pytestmark = [pytest.mark.requires_tool("uv"), pytest.mark.slow]

#: Loaded by every Python process of these tests (PYTHONPATH): records opens under the repo.
SITECUSTOMIZE = """
import os, sys

_ROOT = os.environ["MEDIATASKS_TEST_REPO"]
_LOG = os.environ["MEDIATASKS_TEST_OPEN_LOG"]
_EVENTS = {"open", "os.listdir", "os.scandir", "os.chdir"}


def _hook(event, args):
    if event not in _EVENTS or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.path.abspath(os.fsdecode(args[0]))
    if path == _ROOT or path.startswith(_ROOT + os.sep):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {event} {path} ({' '.join(sys.argv)})\\n")


sys.addaudithook(_hook)
"""


@dataclass(frozen=True)
class Installed:
    """The built files and the two environments, with what runs in them."""

    wheel: Path
    tree_wheel: Path
    sdist: Path
    constraints: Path
    full: Path  # venv with the sandbox extra
    core: Path  # venv without it
    home: Path  # the folder commands run from
    hooks: Path
    open_log: Path

    def env(self, venv: Path | None = None, **extra: str) -> dict[str, str]:
        """The caller's environment as a user would have it: nothing that points into the
        repository (its venv, PYTHONPATH, MEDIATASKS_* settings), the open-recording hook."""
        path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if str(ROOT) not in p]
        if venv is not None:
            path.insert(0, str(venv / "bin"))
        kept = {
            name: value
            for name, value in os.environ.items()
            if str(ROOT) not in value
            and not name.startswith("MEDIATASKS_")
            and name not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "CI"}
            and not name.startswith("UV_PROJECT")
        }
        return {
            **kept,
            "PATH": os.pathsep.join(path),
            "PYTHONPATH": str(self.hooks),
            "MEDIATASKS_TEST_REPO": str(ROOT),
            "MEDIATASKS_TEST_OPEN_LOG": str(self.open_log),
            "NO_COLOR": "1",
            **extra,
        }

    def run(
        self, venv: Path, argv: Sequence[str], **extra: str
    ) -> subprocess.CompletedProcess[str]:
        command = [str(venv / "bin" / argv[0]), *argv[1:]]
        return subprocess.run(
            command,
            cwd=self.home,
            env=self.env(venv, **extra),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def python(self, venv: Path, code: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return self.run(venv, ["python", "-c", code], **extra)

    def opened_in_repo(self) -> list[str]:
        if not self.open_log.exists():
            return []
        return self.open_log.read_text(encoding="utf-8").splitlines()


def _uv(*args: str | Path, cwd: Path = ROOT) -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT"}
    }
    result = subprocess.run(
        [str(UV), *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"uv {' '.join(map(str, args))}:\n{result.stderr}"


def _only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, f"{folder}: expected one {pattern}, found {found}"
    return found[0]


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("install")
    assert not base.is_relative_to(ROOT)
    _uv("build", "--quiet", "--out-dir", base / "dist", ROOT)
    _uv("build", "--quiet", "--wheel", "--out-dir", base / "tree", ROOT)
    constraints = base / "constraints.txt"
    _uv(
        "export",
        "--quiet",
        "--frozen",
        "--no-dev",
        "--extra",
        "sandbox",
        "--no-emit-project",
        "--no-hashes",
        "--output-file",
        constraints,
    )
    wheel = _only(base / "dist", "*.whl")
    python = getattr(sys, "_base_executable", sys.executable)
    for name, requirement in (("full", f"{wheel}[sandbox]"), ("core", str(wheel))):
        venv = base / name
        _uv("venv", "--quiet", "--python", python, venv, cwd=base)
        _uv(
            "pip",
            "install",
            "--quiet",
            "--python",
            venv / "bin" / "python",
            "--constraints",
            constraints,
            requirement,
            cwd=base,
        )
    hooks = base / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    home = base / "elsewhere"
    home.mkdir()
    return Installed(
        wheel=wheel,
        tree_wheel=_only(base / "tree", "*.whl"),
        sdist=_only(base / "dist", "*.tar.gz"),
        constraints=constraints,
        full=base / "full",
        core=base / "core",
        home=home,
        hooks=hooks,
        open_log=base / "opened-in-repo.log",
    )


@pytest.fixture
def clean(installed: Installed) -> Iterator[Installed]:
    """The installed package; after the test, nothing may have opened a path in the repo."""
    installed.open_log.unlink(missing_ok=True)
    yield installed
    assert installed.opened_in_repo() == [], "the installed package read the repository"


def test_the_recorder_sees_a_read_of_the_repository(installed: Installed) -> None:
    """The check itself: a process that reads a file of the checkout is caught."""
    installed.open_log.unlink(missing_ok=True)
    target = ROOT / "pyproject.toml"
    result = installed.python(installed.core, f"open({str(target)!r}).close()")
    assert result.returncode == 0, result.stderr
    assert any(f"open {target} " in line for line in installed.opened_in_repo())
    installed.open_log.unlink()


def _members(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_sdist_builds_the_same_wheel(installed: Installed) -> None:
    from_sdist, from_tree = _members(installed.wheel), _members(installed.tree_wheel)
    assert sorted(from_sdist) == sorted(from_tree)
    differing = [name for name in from_sdist if from_sdist[name] != from_tree[name]]
    assert not differing, f"files differ between the two wheels: {differing}"
    assert installed.wheel.name == f"mediatasks-{VERSION}-py3-none-any.whl"
    assert installed.sdist.name == f"mediatasks-{VERSION}.tar.gz"


def test_the_wheel_carries_both_packages_their_data_and_metadata(installed: Installed) -> None:
    members = _members(installed.wheel)
    names = set(members)
    for package in ("mediatasks", "mediatasks_generated"):
        assert f"{package}/py.typed" in names
    for vendor in registry.vendor_keys():
        assert f"mediatasks/_data/specs/{vendor}/openapi.yaml" in names
        assert f"mediatasks_generated/{vendor}/models.py" in names
        source = ROOT / "specs" / vendor / "openapi.yaml"
        assert members[f"mediatasks/_data/specs/{vendor}/openapi.yaml"] == source.read_bytes()
    cassettes = sorted((ROOT / "contract_tests" / "fixtures").glob("*/*.yaml"))
    assert cassettes
    for cassette in cassettes:
        assert f"mediatasks/_data/fixtures/{cassette.parent.name}/{cassette.name}" in names
    leaked = [
        n
        for n in names
        if n.endswith("facts.yaml") or n.split("/")[0] in {"tests", "codegen", "specs"}
    ]
    assert not leaked, f"repository-only files in the wheel: {leaked}"
    metadata = members[f"mediatasks-{VERSION}.dist-info/METADATA"].decode()
    assert f"Version: {VERSION}\n" in metadata
    assert "License-Expression: MIT\n" in metadata
    assert "Classifier: Typing :: Typed\n" in metadata
    for label in PROJECT["urls"]:
        assert f"Project-URL: {label}, " in metadata
    requires = re.findall(r"^Requires-Dist: ([A-Za-z0-9._-]+)(.*)$", metadata, flags=re.MULTILINE)
    core = {name.lower() for name, rest in requires if "extra ==" not in rest}
    extra = {name.lower() for name, rest in requires if "extra == 'sandbox'" in rest}
    assert core == {r.split(">")[0].split("<")[0].lower() for r in PROJECT["dependencies"]}
    assert extra == {"jsonschema", "starlette", "uvicorn"}
    assert "Provides-Extra: sandbox\n" in metadata


def test_version_and_embedded_sandbox_from_another_folder(clean: Installed) -> None:
    version = clean.run(clean.full, ["mediatasks", "--version"])
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"mediatasks {VERSION}"
    status = clean.run(clean.full, ["mediatasks", "status", "zego", SEEDED_ZEGO])
    assert status.returncode == 0, status.stderr
    assert SEEDED_ZEGO in status.stdout
    assert "SUCCEEDED" in status.stdout
    where = clean.python(
        clean.full,
        "import sysconfig; from pathlib import Path\n"
        "from mediatasks.registry import specs_root\n"
        "from mediatasks.sandbox.fixtures import default_fixtures_root\n"
        "site = Path(sysconfig.get_paths()['purelib']).resolve()\n"
        "for root in (specs_root(), default_fixtures_root()):\n"
        "    assert root is not None and root.resolve().is_relative_to(site), root\n"
        "    print(root)\n",
    )
    assert where.returncode == 0, where.stderr
    assert str(ROOT) not in where.stdout
    assert where.stdout.count(str(clean.full)) == 2, where.stdout


def test_without_the_extra_the_cli_says_how_to_install_it(clean: Installed) -> None:
    version = clean.run(clean.core, ["mediatasks", "--version"])
    assert version.stdout.strip() == f"mediatasks {VERSION}", version.stderr
    for argv in (["status", "zego", SEEDED_ZEGO], ["sandbox", "--port", "0"]):
        result = clean.run(clean.core, ["mediatasks", *argv])
        assert result.returncode == 2, (argv, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "needs the sandbox extra" in lines[0]
        assert "pip install 'mediatasks[sandbox]'" in lines[0]
    missing = clean.python(clean.core, "import mediatasks.sandbox")
    assert "No module named" in missing.stderr, "the core venv must not have the web stack"


class Served:
    """A ``mediatasks sandbox --port 0 --print-env`` child and the variables it printed."""

    def __init__(self, command: Sequence[str], env: dict[str, str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**env, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(lines,), daemon=True).start()
        expected = set(environment("http://h", registry.vendor_keys(), SandboxCredentials()))
        self.variables: dict[str, str] = {}
        deadline = time.monotonic() + 120  # uvx may first build its environment
        while not expected <= set(self.variables):
            try:
                line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                line = ""
            if not line.startswith("export "):
                code, err = self.stop()
                pytest.fail(f"{command}: exit {code}, stdout {line!r}, stderr:\n{err}")
            name, _, value = line.strip().removeprefix("export ").partition("=")
            self.variables[name] = value
        self.url = self.variables["MEDIATASKS_SANDBOX_URL"]

    def _read(self, lines: queue.Queue[str]) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            lines.put(line)
        lines.put("")

    def stop(self) -> tuple[int, str]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        assert self.process.stderr is not None
        return self.process.wait(), self.process.stderr.read()


LIBRARY_CALLS = """
import os
from mediatasks import registry
from mediatasks.vendors import client_for

for vendor in registry.vendor_keys():
    with client_for(vendor, os.environ) as client:
        task = client.get_task(registry.get(vendor).sample_tasks[0])
    print(vendor, task.id, task.status.name)
"""


def test_sandbox_on_a_port_serves_the_cli_and_the_library(clean: Installed) -> None:
    served = Served(
        [str(clean.full / "bin" / "mediatasks"), "sandbox", "--port", "0", "--print-env"],
        clean.env(clean.full),
        clean.home,
    )
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", served.url)
        assert httpx.get(f"{served.url}/_health", trust_env=False).status_code == 200
        # the CLI and the library without the extra, configured by the printed variables only
        status = clean.run(
            clean.core,
            [
                "mediatasks",
                "status",
                "zego",
                SEEDED_ZEGO,
                "--base-url",
                served.variables["MEDIATASKS_ZEGO_BASE_URL"],
            ],
            **served.variables,
        )
        assert status.returncode == 0, status.stderr
        assert SEEDED_ZEGO in status.stdout
        calls = clean.python(clean.core, LIBRARY_CALLS, **served.variables)
        assert calls.returncode == 0, calls.stderr
        lines = dict(line.split(" ", 1) for line in calls.stdout.strip().splitlines())
        assert set(lines) == set(registry.vendor_keys())
        for vendor, line in lines.items():
            assert line.startswith(registry.get(vendor).sample_tasks[0] + " "), line
            assert not line.endswith(" UNKNOWN"), line
    finally:
        code, err = served.stop()
    assert code == 0, err


def test_the_uvx_one_liner_from_the_built_wheel(clean: Installed) -> None:
    """README's ``uvx --from 'mediatasks[sandbox]' mediatasks sandbox``, from the wheel."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "uvx --from 'mediatasks[sandbox]' mediatasks sandbox --port 0 --print-env" in readme
    served = Served(
        [
            str(UVX),
            "--constraints",
            str(clean.constraints),
            "--from",
            f"{clean.wheel}[sandbox]",
            "mediatasks",
            "sandbox",
            "--port",
            "0",
            "--print-env",
        ],
        clean.env(),
        clean.home,
    )
    try:
        health = httpx.get(f"{served.url}/_health", trust_env=False)
        assert health.status_code == 200
        assert set(health.json()["vendors"]) == set(registry.vendor_keys())
    finally:
        code, err = served.stop()
    assert code == 0, err
