"""The stamp makes ``make generate`` incremental: only changed specs are regenerated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from codegen_testkit import generate, session_tree, snapshot, workspace

from codegen.generate.fingerprint import read_stamp
from codegen.generate.layout import PACKAGE_NAME, STAMP_NAME


def _package(root: Path) -> Path:
    return root / "generated" / PACKAGE_NAME


def test_nothing_changed_means_nothing_regenerated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = workspace(tmp_path)
    before = snapshot(root / "generated")

    assert generate(root) == 0

    assert "is up to date (2 specs)" in capsys.readouterr().out
    assert snapshot(root / "generated") == before


def test_changing_one_spec_regenerates_only_its_vendor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = workspace(tmp_path)
    beta = root / "specs" / "beta" / "openapi.yaml"
    beta.write_text(beta.read_text().replace("Why it stops.", "Why the recording stops."))
    alpha_dir = _package(root) / "alpha"
    alpha_inode = alpha_dir.stat().st_ino
    stamp_before = read_stamp(root / "generated" / STAMP_NAME)

    assert generate(root) == 0

    out = capsys.readouterr().out
    assert "generating beta (1 of 2 specs" in out
    assert "  alpha " not in out
    assert alpha_dir.stat().st_ino == alpha_inode  # not replaced
    assert "Why the recording stops." in (_package(root) / "beta" / "models.py").read_text()
    stamp_after = read_stamp(root / "generated" / STAMP_NAME)
    assert stamp_after["alpha"] == stamp_before["alpha"]
    assert stamp_after["beta"] != stamp_before["beta"]


def test_force_regenerates_everything_to_the_same_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = workspace(tmp_path)
    before = snapshot(root / "generated")

    assert generate(root, "--force") == 0

    assert "generating alpha, beta (2 of 2 specs" in capsys.readouterr().out
    assert snapshot(root / "generated") == before


def test_missing_generated_folder_regenerates_everything(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    shutil.rmtree(root / "generated")

    assert generate(root) == 0

    assert snapshot(root / "generated") == snapshot(session_tree() / "generated")


def test_missing_vendor_folder_is_regenerated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = workspace(tmp_path)
    shutil.rmtree(_package(root) / "alpha")

    assert generate(root) == 0

    assert "generating alpha (1 of 2 specs" in capsys.readouterr().out
    assert snapshot(root / "generated") == snapshot(session_tree() / "generated")


def test_removing_a_spec_removes_its_vendor(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    shutil.rmtree(root / "specs" / "beta")

    assert generate(root) == 0

    assert not (_package(root) / "beta").exists()
    assert set(read_stamp(root / "generated" / STAMP_NAME)) == {"alpha"}
    assert '"beta"' not in (_package(root) / "__init__.py").read_text()


def test_naming_a_vendor_limits_the_run_to_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = workspace(tmp_path)
    for vendor in ("alpha", "beta"):
        spec = root / "specs" / vendor / "openapi.yaml"
        spec.write_text(spec.read_text() + "\n# touched\n")

    assert generate(root, "beta") == 0
    assert "generating beta (1 of 2 specs" in capsys.readouterr().out
    assert generate(root) == 0
    assert "generating alpha (1 of 2 specs" in capsys.readouterr().out


def test_a_swap_interrupted_between_its_renames_is_undone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A crash after ``alpha`` -> ``.alpha.old`` and before ``.alpha.incoming`` -> ``alpha``
    leaves the only copy of the committed tree in ``.alpha.old``; the next run puts it back
    instead of deleting it, even when that run fails on another spec."""
    root = workspace(tmp_path)
    before = snapshot(root / "generated")
    shutil.copytree(_package(root) / "beta", _package(root) / ".beta.incoming")
    (_package(root) / "alpha").rename(_package(root) / ".alpha.old")
    beta = root / "specs" / "beta" / "openapi.yaml"
    beta.write_text(beta.read_text().replace("openapi: 3.1.0", "openapi: [3.1.0"))

    assert generate(root) == 1
    assert snapshot(root / "generated") == before

    beta.write_text(beta.read_text().replace("openapi: [3.1.0", "openapi: 3.1.0"))
    capsys.readouterr()
    assert generate(root) == 0
    assert "is up to date (2 specs)" in capsys.readouterr().out
    assert snapshot(root / "generated") == before
