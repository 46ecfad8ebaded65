"""Publishing says when it rewrote the committed TypeScript types; the main job passes it on.

`make` publishes, and publishing rewrites ``ts/generated/*.d.ts``, which are committed: without
a word, `make test` after `make` could not tell that the committed types were stale. Publish
compares each file it writes with the one there (``codegen.publish.cli._types``), names the
changed ones (`make publish` prints it) and the main job's publish step repeats that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

import codegen.publish.cli
from codegen.mainjob import cli as main_job
from codegen.publish.cli import PublishRun, _types, types_note
from codegen.publish.node_tools import NodeTools
from codegen.publish.spec_files import VendorSpec


class _FakeTypescript(NodeTools):
    """openapi-typescript that writes a given text per vendor (no Node needed)."""

    def __init__(self, root: Path, texts: Mapping[str, str]) -> None:
        super().__init__(root=root)
        object.__setattr__(self, "texts", texts)

    def run(self, tool: str, args: Sequence[str], subject: str, **_options: object) -> str:
        assert tool == "openapi-typescript"
        out = Path(args[-1])
        vendor = out.name.removesuffix(".d.ts")
        out.write_text(self.texts[vendor], encoding="utf-8")  # type: ignore[attr-defined]
        return ""


def _spec(tmp_path: Path, vendor: str) -> VendorSpec:
    return VendorSpec(vendor, tmp_path / vendor / "openapi.yaml", vendor, "1.0.0", None, None, 1)


def _publish_types(tmp_path: Path, ts_out: Path, texts: Mapping[str, str]) -> list[str]:
    """What publish's types step reports for ``texts`` (vendor -> openapi-typescript output)."""
    tools = _FakeTypescript(tmp_path, texts)
    bundle = tmp_path / "bundle.yaml"
    found = [_types(tools, _spec(tmp_path, vendor), bundle, ts_out) for vendor in sorted(texts)]
    return [name for name in found if name is not None]


@pytest.fixture
def ts_out(tmp_path: Path) -> Path:
    """Committed types as publish wrote them for "old zego" and "polyv"."""
    folder = tmp_path / "ts" / "generated"
    folder.mkdir(parents=True)
    assert _publish_types(tmp_path, folder, {"zego": "old zego", "polyv": "polyv"}) == [
        "polyv.d.ts",
        "zego.d.ts",
    ]  # new files are changes too
    return folder


def _main_job_says(monkeypatch: pytest.MonkeyPatch, outcome: PublishRun) -> tuple[bool, str]:
    def run(argv: Sequence[str]) -> PublishRun:
        assert list(argv) == []  # the main job publishes with the defaults, like `make publish`
        return outcome

    monkeypatch.setattr(codegen.publish.cli, "run", run)
    return main_job._publish()


def test_changed_committed_types_are_named(
    tmp_path: Path, ts_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (ts_out / "polyv.d.ts").stat().st_mtime_ns
    changed = _publish_types(tmp_path, ts_out, {"zego": "new zego", "polyv": "polyv"})
    assert changed == ["zego.d.ts"]
    assert "new zego" in (ts_out / "zego.d.ts").read_text(encoding="utf-8")
    assert (ts_out / "polyv.d.ts").stat().st_mtime_ns == before  # unchanged: not rewritten
    monkeypatch.setattr(codegen.publish.cli, "_ROOT", tmp_path)
    note = types_note(ts_out, changed)
    assert note == "ts/generated changed (zego.d.ts): commit it"
    assert _main_job_says(monkeypatch, PublishRun(0, note)) == (
        True,
        "dist/ written; ts/generated changed (zego.d.ts): commit it",
    )


def test_unchanged_types_say_only_dist(
    tmp_path: Path, ts_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed = _publish_types(tmp_path, ts_out, {"zego": "old zego"})
    assert changed == []
    assert types_note(ts_out, changed) is None
    assert _main_job_says(monkeypatch, PublishRun(0, None)) == (True, "dist/ written")


def test_a_failed_publish_says_its_exit_code(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _main_job_says(monkeypatch, PublishRun(1)) == (False, "publish exited 1")
