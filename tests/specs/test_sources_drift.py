"""``python -m codegen sources check``: edited copies of the five real documents.

Two mutation sets, each making every change kind at least once: ``doc_mutations.py`` (the
first) and ``doc_updates.py`` (an independent second set: vendor-style phrasings, nested and
moved rows, new sections, type synonyms, invisible characters). Every change must be reported
exactly (and with the expected new value where the case pins one), with a line and the spec
pointers; noise edits (reflow, blank lines, reordered rows or columns or JSON keys, full-width
punctuation and digits, CRLF, BOM, zero-width spaces, synonyms, reworded prose) must report no
fact change; the committed snapshots match the current documents.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import doc_updates
import pytest
import yaml
from doc_mutations import CASES, CHANGES, DOCS, NOISE, Case, reported
from spec_test_paths import REPO, source_doc

from codegen.sources.audit import audit
from codegen.sources.cli import main
from codegen.sources.diff import KINDS, diff
from codegen.sources.readers import read_document
from codegen.sources.snapshot import load

VENDORS = sorted(DOCS)
SETS = {"first": (CHANGES, NOISE), "updates": (doc_updates.CHANGES, doc_updates.NOISE)}
ALL_CHANGES = [(name, case) for name, (changes, _) in SETS.items() for case in changes]
ALL_NOISE = [(name, case) for name, (_, noise) in SETS.items() for case in noise]


def _case_id(entry: tuple[str, Case]) -> str:
    name, case = entry
    kinds = ", ".join(sorted({kind for kind, _field, _value in case.expected})) or "no change"
    return f"{name}/{case.vendor}: {case.name} -> {kinds}"


def _facts_path(vendor: str) -> Path:
    return REPO / "specs" / vendor / "facts.yaml"


def _edited(case: Case, tmp_path: Path) -> Path:
    text = source_doc(case.vendor).read_text(encoding="utf-8")
    path = tmp_path / DOCS[case.vendor]
    path.write_text(case.edit(text), encoding="utf-8")
    return path


def _check_json(
    vendor: str, document: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict]:  # type: ignore[type-arg]
    capsys.readouterr()
    status = main(["check", vendor, str(document), "--json"])
    out = capsys.readouterr().out
    return status, json.loads(out)


@pytest.mark.parametrize("vendor", VENDORS)
def test_committed_snapshot_matches_the_current_document(vendor: str) -> None:
    document = source_doc(vendor)
    snapshot = load(_facts_path(vendor))
    assert snapshot.sha256 == hashlib.sha256(document.read_bytes()).hexdigest(), (
        f"{document} changed: run `python -m codegen sources check {vendor} {document}`"
    )
    current = read_document(snapshot.facts.layout, document.read_text(encoding="utf-8"))
    assert diff(snapshot.facts, current) == []


@pytest.mark.parametrize("vendor", VENDORS)
def test_unmodified_document_exits_0(
    vendor: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / DOCS[vendor]
    shutil.copy(source_doc(vendor), copy)
    status, payload = _check_json(vendor, copy, capsys)
    assert (status, payload) == (0, {"vendor": vendor, "document": str(copy), "changes": []})


@pytest.mark.parametrize("name", SETS)
def test_every_kind_is_covered_by_each_mutation_set(name: str) -> None:
    changes, noise = SETS[name]
    made = {kind for case in changes for kind, _field, _value in case.expected}
    assert made == set(KINDS)
    assert {case.vendor for case in changes} == set(DOCS) == {case.vendor for case in noise}


@pytest.mark.parametrize("entry", ALL_CHANGES, ids=_case_id)
def test_change_is_reported_exactly(
    entry: tuple[str, Case], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _set, case = entry
    status, payload = _check_json(case.vendor, _edited(case, tmp_path), capsys)
    changes = payload["changes"]
    assert status == 1
    assert {(c["kind"], c["field"], c["value"]) for c in changes} == set(case.expected)
    assert reported(case, changes) == (set(case.expected), set()), "a wrong new value"
    for change in changes:
        assert set(change) == {"kind", "field", "value", "before", "after", "line", "pointers"}
        assert change["pointers"], f"{change['kind']}: no spec pointer"
        if not change["kind"].endswith("-removed"):
            assert isinstance(change["line"], int)
            assert change["line"] >= 1


@pytest.mark.parametrize("entry", ALL_NOISE, ids=_case_id)
def test_noise_changes_no_fact(
    entry: tuple[str, Case], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _set, case = entry
    status, payload = _check_json(case.vendor, _edited(case, tmp_path), capsys)
    kinds = {c["kind"] for c in payload["changes"]}
    assert kinds <= case.tolerated
    assert status == (1 if kinds else 0)


def test_named_misses_carry_before_after_line_and_pointer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in CHANGES if c.name == "TaskId Int -> String")
    _status, payload = _check_json("zego", _edited(case, tmp_path), capsys)
    assert payload["changes"] == [
        {
            "kind": "type-changed",
            "field": "TaskId",
            "value": None,
            "before": "Int",
            "after": "String",
            "line": 7,
            "pointers": ["/components/schemas/DescribeRecordStatusRequest/properties/TaskId"],
        }
    ]
    swapped = next(c for c in CHANGES if c.name == "status 1 and 3 swapped")
    _status, payload = _check_json("cdnetworks", _edited(swapped, tmp_path), capsys)
    assert [(c["value"], c["before"], c["after"]) for c in payload["changes"]] == [
        ("1", "processing", "failed"),
        ("3", "failed", "processing"),
    ]
    assert payload["changes"][0]["pointers"] == ["/components/schemas/TrimmingTaskStatus"]


def test_human_output_groups_changes_per_operation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = source_doc("myun").read_text(encoding="utf-8")
    edited = text.replace("每页个数,默认 15int", "每页个数,默认 20int").replace(
        "ids转码任务 ID(用 , 隔开)string", "ids转码任务 ID(用 , 隔开)int"
    )
    document = tmp_path / "new.txt"
    document.write_text(edited, encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "myun", str(document)]) == 1
    out = capsys.readouterr().out
    list_at = out.index("GET /transcoding/api/get-transcodes  (listTranscodes)")
    batch_at = out.index("POST /transcoding/api/delete-transcodes  (deleteTranscodes)")
    assert list_at < out.index("default-changed") < batch_at < out.index("type-changed")
    assert "/paths/~1transcoding~1api~1get-transcodes/get/parameters/1" in out
    assert "2 fact change(s) in 2 endpoint(s)" in out


def test_bytes_changed_without_fact_change_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "doc.txt"
    document.write_text(source_doc("polyv").read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "polyv", str(document)]) == 0
    out = capsys.readouterr().out
    assert "sha256: changed" in out
    assert "no fact changed (only the bytes differ)" in out


def test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "doc.txt"
    document.write_text("nothing here\n", encoding="utf-8")
    assert main(["check", "acme", str(document)]) == 2
    assert "unknown vendor 'acme'" in capsys.readouterr().err
    assert main(["check", "zego", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt: cannot read the document" in capsys.readouterr().err
    document.write_bytes(b"\xff\xfe bad")
    assert main(["check", "zego", str(document)]) == 2
    assert "not UTF-8" in capsys.readouterr().err
    document.write_text("no endpoint, no table\n", encoding="utf-8")
    assert main(["check", "myun", str(document)]) == 2
    assert "cannot be read as layout 'run-together'" in capsys.readouterr().err
    broken = tmp_path / "facts.yaml"
    broken.write_text("vendor: zego\nlayout: piped-cells\noperations: {}\n", encoding="utf-8")
    assert main(["check", "zego", str(document), "--facts", str(broken)]) == 2
    assert "/operations: must be a list" in capsys.readouterr().err
    broken.write_text("vendor: zego\nlayout: piped-cells\nvendor: myun\n", encoding="utf-8")
    assert main(["check", "zego", str(document), "--facts", str(broken)]) == 2
    assert f"{broken}:3:1: duplicate key 'vendor' (first at line 1)" in capsys.readouterr().err
    broken.write_bytes(b"vendor: zego\nlayout: \xff\n")
    assert main(["check", "zego", str(document), "--facts", str(broken)]) == 2
    assert f"{broken}:2:" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2


def test_refresh_refuses_a_meaning_changed_only_in_the_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in CHANGES if c.name == "status 2 now means failed")
    document = _edited(case, tmp_path)
    facts = tmp_path / "facts.yaml"
    shutil.copy(_facts_path("pan123"), facts)
    before = facts.read_text(encoding="utf-8")
    assert main(["refresh", "pan123", str(document), "--facts", str(facts)]) == 1
    assert "status = 2: the document's meaning changed" in capsys.readouterr().err
    assert facts.read_text(encoding="utf-8") == before
    assert main(["refresh", "pan123", str(document), "--facts", str(facts), "--reviewed"]) == 0
    refreshed = load(facts)
    assert refreshed.sha256 == hashlib.sha256(document.read_bytes()).hexdigest()
    status = next(e for e in refreshed.facts.operations[0].enums if e.value == "2")
    assert (status.meaning, status.spec_meaning) == ("转码失败", "Transcoding is running.")


def test_refresh_keeps_the_hand_written_mapping(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    data = yaml.safe_load(_facts_path("cdnetworks").read_text(encoding="utf-8"))
    data["mapping"] = [
        {
            "operation": "POST/GET",
            "pointers": ["/paths/~1vod~1videoManage~1videoClipQuery/post"],
            "reason": "test: only the POST form",
        }
    ]
    facts.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert (
        main(["refresh", "cdnetworks", str(source_doc("cdnetworks")), "--facts", str(facts)]) == 0
    )
    snapshot = load(facts)
    assert [link.reason for link in snapshot.mapping] == ["test: only the POST form"]
    spec = yaml.safe_load((REPO / "specs/cdnetworks/openapi.yaml").read_text(encoding="utf-8"))
    assert audit(snapshot, spec) == []


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_case_edits_its_document(vendor: str) -> None:
    text = source_doc(vendor).read_text(encoding="utf-8")
    for case in CASES + doc_updates.CASES:
        if case.vendor == vendor:
            assert case.edit(text) != text, case.name
