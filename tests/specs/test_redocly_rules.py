"""redocly lints with its own built-in rules; the house rules are the Python checks' alone.

On a spec broken in five ways, redocly's built-ins catch the example that does not fit its
closed schema, and ``python -m codegen specs check`` reports every house rule — each rule has
one implementation. Needs the pinned Node tools (``make setup``); under ``CI=true`` their
absence fails instead of skipping.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from spec_test_paths import GOOD, REPO

from codegen.spec_checks.runner import check_spec

REDOCLY = REPO / "node_modules" / ".bin" / "redocly"
pytestmark = pytest.mark.requires_tool("node")


def _lint(spec: Path) -> list[dict[str, object]]:
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


def _broken(tmp_path: Path) -> Path:
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
    return spec


def test_redocly_runs_its_built_in_rules_only(tmp_path: Path) -> None:
    rules = {str(problem["ruleId"]) for problem in _lint(_broken(tmp_path))}
    assert "no-invalid-media-type-examples" in rules
    assert "operation-4xx-response" not in rules
    assert not {r for r in rules if r.startswith(("mediatasks/", "rule/"))}


def test_the_python_checks_report_every_house_rule_on_the_same_spec(tmp_path: Path) -> None:
    rules = {problem.rule for problem in check_spec(_broken(tmp_path))}
    assert {"enum-varnames", "provenance", "operation-examples", "operation-id"} <= rules


def test_the_good_fixture_breaks_no_rule() -> None:
    rules = {str(problem["ruleId"]) for problem in _lint(GOOD)}
    assert not {r for r in rules if r.startswith("no-invalid")}
