"""A broken spec fails the run with its file, line, place and what is wrong, and leaves
``generated/`` byte-identical, even though the other vendors are fine.

Each file in ``data/broken/`` is a small complete spec with one defect. ``make generate``
first runs the spec checks of ``make check-specs`` (``codegen/generate/spec_gate.py``), which
refuse every one of them; behind them, every defect but one is found by codegen's own
readiness checks before a generator runs (``codegen/generate/readiness.py``), in our words, and
the last is quoted from the generator's output as it is (a generator's wording is never
parsed). Those second and third lines are tested here with the gate switched off.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from codegen_testkit import BROKEN_SPECS, generate, snapshot, workspace

from codegen.generate import pipeline

SPEC = "specs/broken/openapi.yaml"

# file stem -> (where the message must point, words it must contain)
CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "yaml_syntax": (f"{SPEC}, line 23", ("YAML does not parse", "flow mapping", "line 22")),
    "duplicate_key": (f"{SPEC}, line 8", ("duplicate key 'operationId'", "first at line 6")),
    "empty": (f"{SPEC}, line 1", ("not a mapping",)),
    "swagger_two": (f"{SPEC}, at /", ("`openapi` is None", "3.0.x and 3.1.x")),
    "dangling_ref": (
        f"{SPEC}, line 22, at /components/schemas/Thing/properties/owner/$ref",
        ("'#/components/schemas/Owner' points to nothing",),
    ),
    "bad_parameter_location": (
        f"{SPEC}, line 8, at /paths/~1thing~1get/get/parameters/0/in",
        ("codegen checks", "not a valid OpenAPI 3.1 document", '"body" is not one of "query"'),
    ),
    "type_typo": (
        f"{SPEC}, line 22, at /components/schemas/Thing/properties/size/type",
        ("unknown type 'integr'", "integer"),
    ),
    "mixed_enum": (
        f"{SPEC}, line 22, at /components/schemas/Thing/properties/kind/enum",
        ("mixes value types (integer, string)",),
    ),
    "wrong_default": (
        f"{SPEC}, line 22, at /components/schemas/Thing/properties/size/default",
        ("default 'large' is not of type integer",),
    ),
    "optional_path_parameter": (
        f"{SPEC}, line 8, at /paths/~1thing~1{{id}}/get/parameters/0/required",
        ("path parameter 'id' must be required",),
    ),
    "unsupported_body": (
        f"{SPEC}, line 8, at /paths/~1thing~1get/get/requestBody/content/application~1xml",
        ("request body type application/xml is not one the client generator supports",),
    ),
    # Nothing of ours foresees this one: the generator's own report is quoted, unparsed.
    "duplicate_title": (
        f"{SPEC}: openapi-python-client: `openapi-python-client generate` failed (exit status 1)",
        ('Attempted to generate duplicate models with name "Thing"',),
    ),
    "enum_varnames_mismatch": (
        f"{SPEC}, line 22, at /components/schemas/Thing/properties/level/x-enum-varnames",
        ("x-enum-varnames must be a list of 3 entries, got 2",),
    ),
}


def test_every_broken_spec_has_a_case() -> None:
    assert {path.stem for path in BROKEN_SPECS.glob("*.yaml")} == set(CASES)
    assert len(CASES) >= 8


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_spec_checks_refuse_every_broken_spec_before_any_generator(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = workspace(tmp_path)
    (root / "specs" / "broken").mkdir()
    shutil.copy(BROKEN_SPECS / f"{name}.yaml", root / "specs" / "broken" / "openapi.yaml")
    before = snapshot(root / "generated")
    assert generate(root, "--jobs", "1") == 1
    errors = capsys.readouterr().err
    assert f"{SPEC}, line " in errors
    assert ": spec checks: [" in errors
    assert "generated/ left unchanged" in errors
    assert snapshot(root / "generated") == before


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_spec_is_reported_and_generated_is_untouched(
    name: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pipeline, "spec_check_problems", lambda *_args: ())
    root = workspace(tmp_path)
    (root / "specs" / "broken").mkdir()
    shutil.copy(BROKEN_SPECS / f"{name}.yaml", root / "specs" / "broken" / "openapi.yaml")
    before = snapshot(root / "generated")

    status = generate(root, "--jobs", "1")

    errors = capsys.readouterr().err
    where, words = CASES[name]
    assert status == 1
    assert where in errors
    for word in words:
        assert word in errors
    assert "generated/ left unchanged" in errors
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
