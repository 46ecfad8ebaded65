"""``python -m codegen sources``: edited copies of real documents and small inventories."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from spec_test_paths import REPO, source_doc

from codegen.sources.cli import main
from codegen.sources.inventory import compare, load_inventory

SMALL_DOC = "GET /v1/task\n\n| taskId | string |\n| state | INIT or DONE |\n\n1001 bad taskId\n"
SMALL_INVENTORY = """\
# hand-written comment that must survive
vendor: zego
source-file: doc.txt
sha256: {sha}
identifiers:
  paths: [/v1/task]
  parameters: [taskId]
  fields: [state]
  enum-values: [INIT, DONE]
  error-codes: ['1001']
ignored-tokens: []
"""


def _small(tmp_path: Path, doc: str = SMALL_DOC) -> tuple[Path, Path]:
    document = tmp_path / "doc.txt"
    document.write_text(doc, encoding="utf-8")
    sha = hashlib.sha256(SMALL_DOC.encode()).hexdigest()
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(SMALL_INVENTORY.format(sha=sha), encoding="utf-8")
    return document, inventory


def _run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def test_small_document_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document, inventory = _small(tmp_path)
    assert (
        _run("check", "zego", document, "--inventory", inventory) == 1
    )  # GET, bad, or, string are unknown
    assert _run("inventory", "zego", document, "--inventory", inventory, "--write") == 0
    text = inventory.read_text()
    assert text.startswith("# hand-written comment that must survive\n")
    assert yaml.safe_load(text)["ignored-tokens"] == ["GET", "bad", "or", "string"]
    capsys.readouterr()
    assert _run("check", "zego", document, "--inventory", inventory) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "unchanged"


def test_small_document_changes_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document, inventory = _small(tmp_path)
    _run("inventory", "zego", document, "--inventory", inventory, "--write")
    document.write_text(SMALL_DOC.replace("INIT", "QUEUED") + "| priority | int |\n")
    capsys.readouterr()
    assert _run("check", "zego", document, "--inventory", inventory) == 1
    out = capsys.readouterr().out
    assert "sha256: changed" in out
    assert "  enum-values: INIT" in out
    assert "  upper: QUEUED" in out
    assert "  name: int, priority" in out


def test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document, inventory = _small(tmp_path)
    assert _run("check", "acme", document, "--inventory", inventory) == 2
    assert "unknown vendor 'acme'" in capsys.readouterr().err
    assert _run("check", "zego", tmp_path / "missing.txt", "--inventory", inventory) == 2
    assert "missing.txt: cannot read the document" in capsys.readouterr().err
    assert _run("check", "zego", document, "--inventory", tmp_path / "none.yaml") == 2
    assert "none.yaml: cannot read the inventory" in capsys.readouterr().err
    inventory.write_text("identifiers: {colours: [red]}\nsha256: x\n")
    assert _run("check", "zego", document, "--inventory", inventory) == 2
    assert "unknown categories ['colours']" in capsys.readouterr().err
    assert _run("frobnicate") == 2


def _real(vendor: str, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the vendor's document and of its inventory (never the committed one)."""
    original = source_doc(vendor)
    inventory = REPO / "specs" / vendor / "inventory.yaml"
    assert inventory.is_file(), f"{inventory} is missing: every vendor spec has an inventory"
    document = tmp_path / original.name
    shutil.copy(original, document)
    shutil.copy(inventory, tmp_path / "inventory.yaml")
    return document, tmp_path / "inventory.yaml"


@pytest.mark.parametrize("vendor", ["pan123", "myun", "zego", "cdnetworks", "polyv"])
def test_current_documents_check_clean(vendor: str, tmp_path: Path) -> None:
    document, inventory = _real(vendor, tmp_path)
    assert not compare(load_inventory(inventory), document.read_bytes()).changed


def test_real_document_with_an_added_field(tmp_path: Path) -> None:
    document, inventory = _real("pan123", tmp_path)
    text = document.read_text(encoding="utf-8")
    row = "| link | string | 选填 |"
    assert row in text
    document.write_text(text.replace(row, "| duration | number | 选填 | 时长 |\n" + row))
    result = compare(load_inventory(inventory), document.read_bytes())
    assert result.sha_changed
    assert result.appeared == ("duration",)
    assert not any(result.vanished.values())


def test_real_document_with_a_removed_field(tmp_path: Path) -> None:
    document, inventory = _real("zego", tmp_path)
    text = document.read_text(encoding="utf-8")
    assert text.count("RecordMode") == 2  # the table row and the response example
    document.write_text(text.replace('"RecordMode": 2,\n', "").replace("RecordMode |\n", ""))
    result = compare(load_inventory(inventory), document.read_bytes())
    assert result.vanished["fields"] == ("RecordMode",)
    assert result.appeared == ()


def test_real_document_with_a_changed_enum_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document, inventory = _real("polyv", tmp_path)
    text = document.read_text(encoding="utf-8")
    document.write_text(text.replace("PROCESS", "RUNNING"), encoding="utf-8")
    assert _run("check", "polyv", document, "--inventory", inventory) == 1
    out = capsys.readouterr().out
    assert "  enum-values: PROCESS" in out
    assert "  upper: RUNNING" in out


def test_real_document_unchanged_exits_0(tmp_path: Path) -> None:
    document, inventory = _real("cdnetworks", tmp_path)
    assert _run("check", "cdnetworks", document, "--inventory", inventory) == 0
