"""The facts <-> spec audit fails where a spec disagrees with its document; overlays apply.

The specs are edited in memory (or as copies): the committed ones are never touched.
"""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from doc_mutations import CHANGES, DOCS, Case
from spec_test_paths import REPO, source_doc

from codegen.sources.audit import audit
from codegen.sources.cli import main
from codegen.sources.overlay import OverlayError, apply, json_path, json_type
from codegen.sources.snapshot import load
from codegen.sources.text import TYPE_WORDS, json_types
from codegen.spec_checks import Level, check_spec


def _spec_text(vendor: str) -> str:
    return (REPO / "specs" / vendor / "openapi.yaml").read_text(encoding="utf-8")


def _audit(vendor: str, text: str) -> list[str]:
    snapshot = load(REPO / "specs" / vendor / "facts.yaml")
    return [p.format() for p in audit(snapshot, yaml.safe_load(text))]


BREAKS = [
    (
        "zego",
        "departure without its aspect",
        ("              aspects: [type]\n", ""),
        "parameter TaskId (document line 7) -> "
        "/components/schemas/DescribeRecordStatusRequest/properties/TaskId: the document types "
        "it 'Int', the spec ['string']",
    ),
    (
        "zego",
        "unit",
        (
            "description: Length of the recording in milliseconds.",
            "description: Length in seconds.",
        ),
        "field Data.RecordFiles.Duration (document line 87) -> "
        "/components/schemas/RecordFile/properties/Duration: the document gives the unit 'ms'",
    ),
    (
        "cdnetworks",
        "length limit",
        (
            "          minLength: 1\n          maxLength: 32\n",
            "          minLength: 1\n          maxLength: 31\n",
        ),
        "max-length 32 in the document, maxLength 31 in the spec",
    ),
    (
        "myun",
        "default",
        (
            "            minimum: 1\n            default: 15\n",
            "            minimum: 1\n            default: 10\n",
        ),
        "default '15' in the document, 10 in the spec",
    ),
    (
        "pan123",
        "required",
        (
            "      required: [create_at, resolution, status]\n",
            "      required: [create_at, resolution, status, link]\n",
        ),
        "field link (document line 32) -> "
        "/components/schemas/TranscodeVideoRecord/properties/link: "
        "the document says optional, the spec required",
    ),
    (
        "pan123",
        "enum meaning edited without review",
        ("description: Transcoding is running.}", "description: Transcoding failed.}"),
        "enum of status: 2 (document line 31) -> /components/schemas/TranscodeVideoRecord/"
        "properties/status: the spec's description changed since it was reviewed",
    ),
    (
        "polyv",
        "enum value missing",
        ("      enum: [INIT, PROCESS, SUCCESS, FAIL]\n", "      enum: [INIT, SUCCESS, FAIL]\n"),
        "value 'PROCESS' (处理中) is not in the spec",
    ),
    (
        "myun",
        "enum value the document lacks",
        ("      enum: [-1, 0, 1, 2, 3, 4]\n", "      enum: [-1, 0, 1, 2, 3, 4, 5]\n"),
        "the spec allows ['5'], which the document does not list",
    ),
    (
        "cdnetworks",
        "error code",
        ("        - code: 1603\n", "        - code: 1703\n"),
        "error code 1603 (document line 153)",
    ),
    (
        "zego",
        "field missing",
        (
            "        RoomId:\n          type: string\n"
            "          description: Room that the task records.\n",
            "",
        ),
        "field Data.RoomId (document line 38) -> /paths/~1/post: no spec node carries it",
    ),
    (
        "polyv",
        "document example edited in the spec",
        ("                        status: PROCESS\n", "                        status: INIT\n"),
        "response example 1 (json) (document line 70)",
    ),
]


@pytest.mark.parametrize(("vendor", "name", "edit", "expected"), BREAKS, ids=[b[1] for b in BREAKS])
def test_audit_fails_with_fact_line_and_pointer(
    vendor: str, name: str, edit: tuple[str, str], expected: str
) -> None:
    text = _spec_text(vendor)
    assert edit[0] in text, name
    problems = _audit(vendor, text.replace(edit[0], edit[1], 1))
    assert any(expected in p for p in problems), problems


def test_unknown_departure_aspect_is_refused_by_the_spec_checks(tmp_path: Path) -> None:
    """An aspect word the audit does not know would cover nothing: the house rule says so."""
    text = _spec_text("cdnetworks")
    edit = ("              aspects: [unit]\n", "              aspects: [units]\n")
    assert edit[0] in text
    spec = tmp_path / "cdnetworks" / "openapi.yaml"
    spec.parent.mkdir()
    spec.write_text(text.replace(*edit, 1), encoding="utf-8")
    found = [p for p in check_spec(spec, None) if p.rule == "departures"]
    assert len(found) == 1, found
    assert found[0].pointer.endswith("/x-departures/0/aspects")
    assert "unknown aspects ['units']" in found[0].message
    assert found[0].line == text[: text.index(edit[0])].count("\n") + 1


def test_audit_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{v}: ok" for v in DOCS]
    assert main(["audit", "acme"]) == 2


# --- overlays --------------------------------------------------------------------------------


def _workspace(case: Case, tmp_path: Path) -> tuple[Path, Path, Path]:
    """An edited document plus copies of the vendor's snapshot and spec."""
    document = tmp_path / DOCS[case.vendor]
    document.write_text(case.edit(source_doc(case.vendor).read_text(encoding="utf-8")), "utf-8")
    facts, spec = tmp_path / "facts.yaml", tmp_path / "openapi.yaml"
    shutil.copy(REPO / "specs" / case.vendor / "facts.yaml", facts)
    shutil.copy(REPO / "specs" / case.vendor / "openapi.yaml", spec)
    return document, facts, spec


def _round_trip(case: Case, tmp_path: Path) -> tuple[dict[str, Any], Path, Path, Path]:
    document, facts, spec = _workspace(case, tmp_path)
    overlay = tmp_path / "overlay.yaml"
    common = ["--facts", str(facts), "--spec", str(spec)]
    assert main(["check", case.vendor, str(document), "--overlay", str(overlay), *common]) == 1
    data = yaml.safe_load(overlay.read_text(encoding="utf-8"))
    assert data["overlay"] == "1.0.0"
    assert main(["apply-overlay", case.vendor, str(overlay), *common]) == 0
    return data, document, facts, spec


@pytest.mark.parametrize(
    "name",
    [
        "clarity value 6 (a number other enums use)",
        "new field duration",
        "new error code",
        "limit default 15 -> 20",
        "transNo at most 32 -> 64",
    ],
)
def test_overlay_proposal_applies_and_the_spec_follows(name: str, tmp_path: Path) -> None:
    case = next(c for c in CHANGES if c.name == name)
    original = (REPO / "specs" / case.vendor / "openapi.yaml").read_text(encoding="utf-8")
    overlay, document, facts, spec = _round_trip(case, tmp_path)
    assert overlay["actions"][-1]["target"] == "$['info']"
    updated = spec.read_text(encoding="utf-8")
    assert updated != original
    assert "REVIEW:" in updated or name.startswith(("limit", "transNo"))
    # only the targeted nodes changed: every other line is kept byte for byte
    removed = [
        line
        for line in difflib.ndiff(original.splitlines(), updated.splitlines())
        if line.startswith("- ")
    ]
    assert 1 <= len(removed) <= 6, removed
    common = ["--facts", str(facts), "--spec", str(spec)]
    assert main(["refresh", case.vendor, str(document), *common]) == 0  # audits the new spec


@pytest.mark.parametrize(
    ("name", "bump"),
    [
        # a new answer enum value is absorbed by tolerant readers: a minor version
        ("clarity value 6 (a number other enums use)", "minor"),
        # a request field's type changed: every caller breaks, a major version
        ("fileId number -> string", "major"),
    ],
)
def test_overlay_version_bump_is_the_one_make_breaking_asks_for(
    name: str, bump: str, tmp_path: Path
) -> None:
    case = next(c for c in CHANGES if c.name == name)
    before = yaml.safe_load((REPO / "specs" / case.vendor / "openapi.yaml").read_text("utf-8"))
    major, minor, _ = (int(part) for part in before["info"]["version"].split("."))
    document, facts, spec = _workspace(case, tmp_path)
    path = tmp_path / "overlay.yaml"
    common = ["--facts", str(facts), "--spec", str(spec)]
    assert main(["check", case.vendor, str(document), "--overlay", str(path), *common]) == 1
    proposed = yaml.safe_load(path.read_text(encoding="utf-8"))["actions"][-1]
    assert proposed["target"] == "$['info']"
    expected = f"{major + 1}.0.0" if bump == "major" else f"{major}.{minor + 1}.0"
    assert proposed["update"]["version"] == expected


def _check_then_apply(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, Path]:
    """`check --overlay` on the edited document, then `apply-overlay`: its exit status, its
    output and the spec it changed."""
    document, facts, spec = _workspace(case, tmp_path)
    overlay = tmp_path / "overlay.yaml"
    common = ["--facts", str(facts), "--spec", str(spec)]
    assert main(["check", case.vendor, str(document), "--overlay", str(overlay), *common]) == 1
    capsys.readouterr()
    status = main(["apply-overlay", case.vendor, str(overlay), *common])
    return status, capsys.readouterr().out, spec


def test_applied_overlay_runs_the_spec_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A type change the examples contradict: applied, then the spec checks say where."""
    case = next(c for c in CHANGES if c.name == "vid String -> Integer")
    status, out, spec = _check_then_apply(case, tmp_path, capsys)
    assert status == 1
    assert "[example-schema]" in out
    assert "is not of type 'integer'" in out
    assert (
        yaml.safe_load(spec.read_text("utf-8"))["components"]["schemas"]["SourceFileTask"][
            "properties"
        ]["vid"]["type"]
        == "integer"
    )


def test_overlay_errors_are_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "openapi.yaml"
    shutil.copy(REPO / "specs" / "zego" / "openapi.yaml", spec)
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n")
    assert main(["apply-overlay", "zego", str(overlay), "--spec", str(spec)]) == 2
    assert "the overlay has no actions" in capsys.readouterr().err
    overlay.write_text(
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\n"
        "actions: [{target: \"$['components']['schemas']['Nope']\", remove: true}]\n"
    )
    assert main(["apply-overlay", "zego", str(overlay), "--spec", str(spec)]) == 2
    assert "action 0: target" in capsys.readouterr().err
    assert spec.read_text(encoding="utf-8") == _spec_text("zego")


def test_apply_keeps_untouched_text_and_json_paths_escape() -> None:
    text = _spec_text("zego")
    spec = yaml.safe_load(text)
    target = json_path(spec, "/paths/~1/post/x-error-codes")
    assert target == "$['paths']['/']['post']['x-error-codes']"
    entry = {"code": 1, "name": "X", "kind": "other", "description": "d", "documented": True}
    updated = apply(text, {"overlay": "1.0.0", "actions": [{"target": target, "update": [entry]}]})
    delta = list(difflib.ndiff(text.splitlines(), updated.splitlines()))
    added = [line[2:] for line in delta if line.startswith("+ ")]
    assert [line for line in delta if line.startswith("- ")] == []
    assert added == [
        "        - code: 1",
        "          name: X",
        "          kind: other",
        "          description: d",
        "          documented: true",
    ]
    with pytest.raises(OverlayError, match="exactly one of update and remove"):
        apply(text, {"overlay": "1.0.0", "actions": [{"target": "$", "remove": False}]})


def test_review_texts_are_listed_after_applying_and_refused_by_the_spec_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in CHANGES if c.name == "new field duration")
    status, out, spec = _check_then_apply(case, tmp_path, capsys)
    assert status == 0
    assert "REVIEW: text(s) to write:" in out
    marks = [p for p in check_spec(spec, None) if p.rule == "review-mark"]
    assert marks
    assert all(p.level is Level.ERROR for p in marks)
    assert all(f"  {p.file}:{p.line}: {p.pointer}" in out for p in marks)
    # the maintainer writes the texts: the spec checks pass again
    written = re.sub(r"'?REVIEW: [^\n]*", "Written by the maintainer.", spec.read_text("utf-8"))
    spec.write_text(written, encoding="utf-8")
    assert not [p for p in check_spec(spec, None) if p.level is Level.ERROR]


def test_the_report_gives_a_new_field_by_its_type_and_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in CHANGES if c.vendor == "pan123" and c.name == "new field duration")
    document, facts, spec = _workspace(case, tmp_path)
    common = ["--facts", str(facts), "--spec", str(spec)]
    assert main(["check", case.vendor, str(document), *common]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if "field-added" in line]
    assert len(lines) == 1
    assert "duration" in lines[0]
    assert "- -> number, optional, unit ms  (line " in lines[0]


@pytest.mark.parametrize("word", TYPE_WORDS)
def test_every_document_type_word_has_json_types(word: str) -> None:
    """The audit checks, and the overlay proposes, a JSON type for every word the readers
    accept; an unknown word would skip the type check and propose ``string``."""
    assert json_types(word) is not None
    assert json_types(word.upper()) == json_types(word)


@pytest.mark.parametrize(
    ("word", "proposed"),
    [("object[]", "array"), ("String[]", "array"), ("Long", "integer"), ("Double", "number")],
)
def test_overlay_proposes_the_json_type_of_the_document_word(word: str, proposed: str) -> None:
    assert json_type(word) == proposed
