"""``python -m codegen check-generated`` passes on a fresh tree and fails with a diff when stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from codegen_testkit import workspace

from codegen.generate import check
from codegen.generate.layout import PACKAGE_NAME


def _check(root: Path) -> int:
    return check.main(["--specs-dir", str(root / "specs"), "--output", str(root / "generated")])


def test_fresh_tree_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = workspace(tmp_path)
    assert _check(root) == 0
    assert "matches the specs (2 specs)" in capsys.readouterr().out


def test_hand_edit_is_shown_as_a_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = workspace(tmp_path)
    models = root / "generated" / PACKAGE_NAME / "beta" / "models.py"
    models.write_text(models.read_text().replace("Why it stops.", "Edited by hand."))
    (root / "generated" / PACKAGE_NAME / "beta" / "client" / "errors.py").unlink()

    assert _check(root) == 1

    out = capsys.readouterr().out
    assert "--- generated/mediatasks_generated/beta/models.py (committed)" in out
    assert "-    Edited by hand." in out
    assert "+    Why it stops." in out
    missing = "generated/mediatasks_generated/beta/client/errors.py"
    assert f"missing (would be generated): {missing}" in out
    assert "is stale; run `make generate`" in out


def test_spec_change_without_regeneration_is_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = workspace(tmp_path)
    spec = root / "specs" / "alpha" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("The task id.", "Id of the task."))

    assert _check(root) == 1

    out = capsys.readouterr().out
    assert "+    Id of the task." in out
    assert "generated/codegen-stamp.toml" in out
