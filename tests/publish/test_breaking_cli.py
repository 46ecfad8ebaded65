"""`python -m codegen breaking` end to end on a throwaway git repository."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from breaking_pairs import base_spec

from codegen.breaking.changelog import PREAMBLE, upsert_section
from codegen.breaking.cli import main


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "commit.gpgsign=false",
            "-C",
            str(repo),
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _write(repo: Path, vendor: str, spec: dict[str, object]) -> None:
    path = repo / "specs" / vendor / "openapi.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q", "-b", "main")
    _write(tmp_path, "zego", base_spec())
    _write(tmp_path, "gone", base_spec())
    _git(tmp_path, "add", "specs")
    _git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def test_breaking_change_fails_and_writes_changelog(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = base_spec()
    spec["components"]["schemas"]["Task"]["properties"]["status"]["enum"] = [1, 2]
    _write(repo, "zego", spec)
    _write(repo, "newcomer", base_spec())
    _git(repo, "rm", "-q", "-r", "specs/gone")
    _git(repo, "add", "specs")
    _git(repo, "commit", "-q", "-m", "change")

    assert main(["--base", "HEAD~1", "--repo", str(repo)]) == 1

    out = capsys.readouterr().out
    assert "== zego 1.0.0 -> 1.0.0: 3 breaking, 3 non-breaking" in out
    assert "enum member removed" in out
    assert "== newcomer 1.0.0: new" in out
    assert "== gone 1.0.0: removed (BREAKING)" in out
    assert "warning: major bump needed: info.version 1.0.0 should be at least 2.0.0" in out
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith(PREAMBLE)
    base, head = (_git(repo, "rev-parse", "--short=12", r).strip() for r in ("HEAD~1", "HEAD"))
    assert f"<!-- breaking-changes {base}..{head} -->" in changelog
    assert (
        "| BREAKING | response | getTaskByQuery | response 200 application/json: data.status |"
        in changelog
    )

    assert main(["--base", "HEAD~1", "--repo", str(repo)]) == 1
    assert (repo / "CHANGELOG.md").read_text(encoding="utf-8") == changelog


def test_non_breaking_working_tree_change_passes(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = base_spec()
    spec["components"]["schemas"]["GetTaskRequest"]["properties"]["mode"]["enum"].append("lite")
    _write(repo, "zego", spec)
    _write(repo, "gone", base_spec())

    assert main(["--base", "HEAD", "--repo", str(repo), "--vendor", "zego"]) == 0

    assert "request enum value added" in capsys.readouterr().out
    assert "+worktree -->" in (repo / "CHANGELOG.md").read_text(encoding="utf-8")


def _commit(repo: Path, vendor: str, spec: dict[str, object]) -> None:
    _write(repo, vendor, spec)
    _git(repo, "add", "specs")
    _git(repo, "commit", "-q", "-m", f"change {vendor}")


def test_only_changed_specs_reach_the_changelog(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = base_spec()
    spec["info"]["version"] = "1.1.0"
    spec["paths"]["/tasks/get"]["post"]["parameters"][0]["required"] = False
    spec["components"]["schemas"]["GetTaskRequest"]["properties"]["extra"] = {"type": "string"}
    _commit(repo, "zego", spec)

    assert main(["--base", "HEAD~1", "--repo", str(repo)]) == 0

    out = capsys.readouterr().out
    assert "unchanged: gone" in out
    assert "minor bump needed; 1.1.0 is enough" in out
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "### zego 1.0.0 -> 1.1.0" in changelog
    assert "### gone" not in changelog
    assert "Unchanged: gone." in changelog


def test_json_and_markdown_formats_for_machines_and_pull_requests(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = base_spec()
    spec["paths"]["/tasks/delete"]["post"]["operationId"] = "removeTask"
    _commit(repo, "zego", spec)
    args = ["--base", "HEAD~1", "--repo", str(repo), "--no-changelog"]

    assert main([*args, "--format", "json"]) == 1
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert captured.err == ""
    (zego,) = [s for s in document["specs"] if s["vendor"] == "zego"]
    assert zego["bump"] == {"needed": "major", "suggested": "2.0.0", "ok": False}
    assert zego["changes"][0]["operation"] == "removeTask"
    assert zego["changes"][0]["rule"] == "operation renamed"

    assert main([*args, "--format", "markdown", "--fail-on", "never"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("## Spec changes ")
    assert "> Warning: major bump needed: info.version 1.0.0 should be at least 2.0.0." in markdown
    assert "| BREAKING | request | removeTask | operationId | operation renamed |" in markdown


def test_fail_on_unbumped_passes_a_breaking_change_with_a_major_bump(repo: Path) -> None:
    spec = base_spec()
    del spec["paths"]["/tasks/delete"]
    _commit(repo, "zego", spec)
    args = ["--base", "HEAD~1", "--repo", str(repo), "--no-changelog", "--fail-on", "unbumped"]
    assert main(args) == 1
    spec["info"]["version"] = "2.0.0"
    _commit(repo, "zego", spec)
    assert main([*args[:1], "HEAD~2", *args[2:]]) == 0


def test_unknown_base_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--base", "no-such-rev", "--repo", str(repo), "--no-changelog"]) == 2
    assert "no-such-rev" in capsys.readouterr().err


def test_two_files_mode(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    spec = base_spec()
    old.write_text(yaml.safe_dump(spec), encoding="utf-8")
    del spec["paths"]["/tasks/delete"]
    new.write_text(yaml.safe_dump(spec), encoding="utf-8")
    assert main(["--old", str(old), "--new", str(new)]) == 1
    assert not (tmp_path / "CHANGELOG.md").exists()


def test_upsert_puts_new_ranges_first_and_replaces_known_ones() -> None:
    def section(key: str, body: str) -> str:
        return f"<!-- breaking-changes {key} -->\n{body}\n<!-- /breaking-changes {key} -->\n"

    text = upsert_section(None, "a..b", section("a..b", "ONE"))
    text = upsert_section(text, "b..c", section("b..c", "TWO"))
    assert text.index("TWO") < text.index("ONE")
    again = upsert_section(text, "a..b", section("a..b", "ONE-AGAIN"))
    assert "ONE-AGAIN" in again
    assert again.count("<!-- breaking-changes a..b -->") == 1
    assert again.index("TWO") < again.index("ONE-AGAIN")
