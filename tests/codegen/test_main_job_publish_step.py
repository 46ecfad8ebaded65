"""The main job's publish step says when it rewrote the committed TypeScript types.

`make` publishes, and publishing rewrites ``ts/generated/*.d.ts``, which are committed: without
a word, `make test` after `make` could not tell that the committed types were stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

import codegen.publish.cli
from codegen.mainjob import cli as main_job


def _fake_publish(writes: dict[str, str], code: int = 0) -> object:
    def publish(argv: Sequence[str] | None = None) -> int:
        for name, text in writes.items():
            (main_job.ROOT / "ts" / "generated" / name).write_text(text, encoding="utf-8")
        return code

    return publish


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "ts" / "generated"
    folder.mkdir(parents=True)
    (folder / "zego.d.ts").write_text("old zego", encoding="utf-8")
    (folder / "polyv.d.ts").write_text("polyv", encoding="utf-8")
    monkeypatch.setattr(main_job, "ROOT", tmp_path)
    return tmp_path


def test_changed_committed_types_are_named(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        codegen.publish.cli, "main", _fake_publish({"zego.d.ts": "new zego", "polyv.d.ts": "polyv"})
    )
    assert main_job._publish() == (
        True,
        "dist/ written; ts/generated changed (zego.d.ts): commit it",
    )


def test_unchanged_types_say_only_dist(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codegen.publish.cli, "main", _fake_publish({"zego.d.ts": "old zego"}))
    assert main_job._publish() == (True, "dist/ written")


def test_a_failed_publish_says_its_exit_code(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codegen.publish.cli, "main", _fake_publish({}, code=1))
    assert main_job._publish() == (False, "publish exited 1")
