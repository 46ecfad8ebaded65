"""redocly.yaml's house rules fire on a broken spec (needs the pinned Node tools)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from spec_test_paths import GOOD, REPO

REDOCLY = REPO / "node_modules" / ".bin" / "redocly"


def _lint(spec: Path) -> list[dict[str, object]]:
    if not REDOCLY.exists() or shutil.which("node") is None:
        pytest.skip("redocly is not installed (run `make setup`)")
    done = subprocess.run(
        [str(REDOCLY), "lint", "--config", "redocly.yaml", "--format=json", str(spec)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    problems: list[dict[str, object]] = json.loads(done.stdout)["problems"]
    return problems


def test_house_rules_fire(tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8")
    broken = (
        text.replace("      x-enum-varnames: [RUNNING, DONE]\n", "")
        .replace("operationId: getTask", "operationId: Get_task")
        .replace("    title: Fixture document\n", "")
        .replace("error-not-found:", "also-success:")
        .replace(
            "                      status: 1\n",
            "                      status: 1\n                      stray: 1\n",
        )
    )
    spec = tmp_path / "openapi.yaml"
    spec.write_text(broken, encoding="utf-8")
    rules = {str(problem["ruleId"]) for problem in _lint(spec)}
    assert {
        "mediatasks/integer-enum-varnames",
        "mediatasks/provenance",
        "mediatasks/operation-examples",
        "rule/operation-id-camel-case",
        "no-invalid-media-type-examples",
    } <= rules
    assert "operation-4xx-response" not in rules


def test_the_good_fixture_breaks_no_house_rule() -> None:
    rules = {str(problem["ruleId"]) for problem in _lint(GOOD)}
    assert not {r for r in rules if r.startswith(("mediatasks/", "rule/", "no-invalid"))}
