"""A broken spec fails the run with its file, line, place and what is wrong, and leaves
``generated/`` byte-identical, even though the other vendors are fine.

Each file in ``data/broken/`` is a small spec that passes every check but one defect. Before
any generator runs, ``make generate`` checks each stale spec once
(``codegen/generate/spec_gate.py``): the spec checks of ``make check-specs`` and the few
findings only the generators need (``codegen/generate/readiness.py``), in one pass. That
single check reports every defect but one, once, in our words; the last is quoted from the
generator's output as it is (a generator's wording is never parsed).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from codegen_testkit import BROKEN_SPECS, generate, snapshot, workspace

SPEC = "specs/broken/openapi.yaml"
GATE = "spec checks"

# file stem -> (where the message must point, words it must contain)
CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "yaml_syntax": (
        f"{SPEC}, line 39, at /: {GATE}: [yaml-syntax]",
        ("YAML does not parse", "flow mapping", "line 38"),
    ),
    "duplicate_key": (
        f"{SPEC}, line 12, at /paths/~1thing~1get/get/operationId: {GATE}: [yaml-json]",
        ("duplicate key 'operationId'",),
    ),
    "empty": (f"{SPEC}, line 1, at /: {GATE}: [document]", ("must be a mapping",)),
    "swagger_two": (
        f"{SPEC}, line 1, at /openapi: {GATE}: [openapi-version]",
        ("expected openapi: 3.1.0, got None",),
    ),
    "dangling_ref": (
        f"{SPEC}, line 39, at /components/schemas/Thing/properties/owner/$ref: {GATE}: "
        "[unresolved-ref]",
        ("'#/components/schemas/Owner' points to nothing",),
    ),
    "bad_parameter_location": (
        f"{SPEC}, line 14, at /paths/~1thing~1get/get/parameters/0/in: {GATE}: [openapi-schema]",
        ('"body" is not one of "query"',),
    ),
    "type_typo": (
        f"{SPEC}, line 39, at /components/schemas/Thing/properties/size/type: {GATE}: "
        "[openapi-schema]",
        ('"integr" is not valid',),
    ),
    "mixed_enum": (
        f"{SPEC}, line 39, at /components/schemas/Thing/properties/kind/enum: {GATE}: "
        "[generator-enum]",
        ("mixes value types (integer, string)",),
    ),
    "wrong_default": (
        f"{SPEC}, line 39, at /components/schemas/Thing/properties/size/default: {GATE}: "
        "[default-invalid]",
        ("default 'large' is not of type 'integer'",),
    ),
    "optional_path_parameter": (
        f"{SPEC}, line 14, at /paths/~1thing~1{{id}}/get/parameters/0/required: {GATE}: "
        "[openapi-schema]",
        ("true was expected",),
    ),
    "unsupported_body": (
        f"{SPEC}, line 14, at /paths/~1thing~1get/get/requestBody/content/application~1xml: "
        f"{GATE}: [generator-media-type]",
        ("request body type application/xml is not one the client generator supports",),
    ),
    "unreadable_answer": (
        f"{SPEC}, line 25, at /paths/~1thing~1get/get/responses/404/content: {GATE}: "
        "[generator-media-type]",
        ("answer types application/xml are not ones the client generator parses",),
    ),
    "envelope_payload_missing": (
        f"{SPEC}, line 19, at /paths/~1thing~1get/get/responses/200/content/application~1json"
        f"/schema: {GATE}: [generator-envelope]",
        ("the envelope schema has no 'result' field",),
    ),
    "enum_varnames_mismatch": (
        f"{SPEC}, line 39, at /components/schemas/Thing/properties/level/x-enum-varnames: "
        f"{GATE}: [enum-varnames]",
        ("x-enum-varnames must be a list of 3 entries, got 2",),
    ),
    # Nothing of ours foresees this one: the generator's own report is quoted, unparsed.
    "duplicate_title": (
        f"{SPEC}: openapi-python-client: `openapi-python-client generate` failed (exit status 1)",
        ('Attempted to generate duplicate models with name "Thing"',),
    ),
}
QUOTED = {"duplicate_title"}


def test_every_broken_spec_has_a_case() -> None:
    assert {path.stem for path in BROKEN_SPECS.glob("*.yaml")} == set(CASES)
    assert len(CASES) >= 8


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_spec_is_reported_once_and_generated_is_untouched(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = workspace(tmp_path)
    (root / "specs" / "broken").mkdir()
    shutil.copy(BROKEN_SPECS / f"{name}.yaml", root / "specs" / "broken" / "openapi.yaml")
    before = snapshot(root / "generated")

    status = generate(root, "--jobs", "1")

    captured = capsys.readouterr()
    where, words = CASES[name]
    assert status == 1
    # One defect, one problem: nothing checks it a second time.
    assert "codegen: 1 problem(s):" in captured.err
    assert where in captured.err
    for word in words:
        assert word in captured.err
    # The gate refuses before any generator runs; only what it cannot foresee reaches one.
    ran_a_generator = "broken       client" in captured.out
    assert ran_a_generator == (name in QUOTED)
    assert "generated/ left unchanged" in captured.err
    assert snapshot(root / "generated") == before


def test_a_broken_spec_blocks_the_others_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """All or nothing: a good vendor that changed in the same run is not written either."""
    root = workspace(tmp_path)
    alpha = root / "specs" / "alpha" / "openapi.yaml"
    alpha.write_text(alpha.read_text().replace("Get one task.", "Fetch one task."))
    (root / "specs" / "broken").mkdir()
    shutil.copy(BROKEN_SPECS / "dangling_ref.yaml", root / "specs" / "broken" / "openapi.yaml")
    before = snapshot(root / "generated")

    assert generate(root) == 1
    assert "points to nothing" in capsys.readouterr().err
    assert snapshot(root / "generated") == before


def test_generated_missing_and_a_broken_spec_writes_nothing(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    shutil.rmtree(root / "generated")
    (root / "specs" / "broken").mkdir()
    shutil.copy(BROKEN_SPECS / "yaml_syntax.yaml", root / "specs" / "broken" / "openapi.yaml")

    assert generate(root) == 1
    assert not (root / "generated").exists()
