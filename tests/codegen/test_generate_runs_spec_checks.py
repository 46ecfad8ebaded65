"""``make generate`` runs the checks of ``make check-specs`` first: a spec they refuse generates
nothing. Before, a duplicate operationId that check-specs rejects rewrote ``generated/``, and
a byte that is not UTF-8 made the generator print the whole spec on one line.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from codegen_testkit import generate, snapshot, workspace

from codegen.generate import spec_gate
from codegen.generate.readiness import GENERATOR_CHECKS
from codegen.spec_checks.problems import Problem
from codegen.spec_checks.runner import check_spec

SPEC_CHECK_FIXTURES = Path(__file__).parents[1] / "specs" / "broken"


def _with_spec(tmp_path: Path, raw: bytes) -> Path:
    root = workspace(tmp_path)
    (root / "specs" / "hostile").mkdir()
    (root / "specs" / "hostile" / "openapi.yaml").write_bytes(raw)
    return root


def test_a_duplicate_operation_id_generates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _with_spec(tmp_path, (SPEC_CHECK_FIXTURES / "duplicate_operation_id.yaml").read_bytes())
    before = snapshot(root / "generated")
    assert generate(root, "--jobs", "1") == 1
    errors = capsys.readouterr().err
    assert "spec checks: [operation-id-unique]" in errors
    assert snapshot(root / "generated") == before
    assert not (root / "generated" / "mediatasks_generated" / "hostile").exists()


def test_a_byte_that_is_not_utf8_is_one_located_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = (SPEC_CHECK_FIXTURES.parent / "fixtures" / "good.yaml").read_bytes()
    root = _with_spec(tmp_path, raw.replace(b"The task id.", b"The task \xff id." + b" x" * 20_000))
    assert generate(root, "--jobs", "1") == 1
    errors = capsys.readouterr().err
    assert "spec checks: [encoding] byte 0xff is not UTF-8" in errors
    assert max(len(line) for line in errors.splitlines()) < 300


@pytest.mark.parametrize("hostile", ["ref_cycle", "alias_bomb"])
def test_a_ref_cycle_or_an_alias_bomb_is_one_located_problem(
    hostile: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: the generator crashed with UnboundLocalError and no location on a cycle, and an
    alias bomb (9 levels x 9 aliases) kept it busy for minutes."""
    good = (SPEC_CHECK_FIXTURES.parent / "fixtures" / "good.yaml").read_text(encoding="utf-8")
    if hostile == "ref_cycle":
        text = good.replace(
            "components:\n  schemas:\n",
            "components:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n"
            "    B:\n      $ref: '#/components/schemas/A'\n",
        )
        words = "/components/schemas/A -> /components/schemas/B -> /components/schemas/A"
    else:
        levels = "".join(
            f"  {chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
            for i in range(8)
        )
        text = good + "x-bomb:\n  a: &a [x, x, x, x, x, x, x, x, x]\n" + levels
        words = "YAML aliases expand"
    root = _with_spec(tmp_path, text.encode())
    before = snapshot(root / "generated")
    assert generate(root, "--jobs", "1") == 1
    errors = capsys.readouterr().err
    assert words in errors
    assert "UnboundLocalError" not in errors
    assert "RecursionError" not in errors
    assert snapshot(root / "generated") == before


def test_the_gate_costs_one_check_per_stale_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each stale spec is checked once, in the main process, with the generator's own checks
    in the same pass; the jobs check nothing again, and a good spec still generates."""
    calls: list[tuple[str, tuple[str, ...]]] = []

    def counting(path: Path, *args: Any) -> list[Problem]:
        extra = args[2] if len(args) > 2 else ()
        calls.append((path.parent.name, tuple(check.__name__ for check in extra)))
        return check_spec(path, *args)

    monkeypatch.setattr(spec_gate, "check_spec", counting)
    root = workspace(tmp_path)
    shutil.rmtree(root / "generated")
    assert generate(root, "--jobs", "1") == 0
    names = tuple(check.__name__ for check in GENERATOR_CHECKS)
    assert sorted(calls) == [("alpha", names), ("beta", names)]
