"""Generator-only spec patches: applied to a copy, refused when they point at nothing."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from codegen.generate.layout import Layout
from codegen.generate.spec_patches import SpecPatchError, apply_spec_patches


def _document() -> dict[str, Any]:
    return {"paths": {"/a/b": {"post": {"requestBody": {"required": True}}}}}


def test_a_patch_changes_a_copy_and_leaves_the_spec_alone() -> None:
    original = _document()
    patch = {"pointer": "/paths/~1a~1b/post/requestBody/required", "value": False, "reason": "bug"}
    patched = apply_spec_patches(original, [patch])
    assert patched["paths"]["/a/b"]["post"]["requestBody"]["required"] is False
    assert original["paths"]["/a/b"]["post"]["requestBody"]["required"] is True


def test_no_patches_returns_the_document_itself() -> None:
    document = _document()
    assert apply_spec_patches(document, []) is document


@pytest.mark.parametrize(
    ("patch", "words"),
    [
        (
            {"pointer": "/paths/~1x/post", "value": 1, "reason": "r"},
            "/paths/~1x/post is not in the spec",
        ),
        ({"pointer": "paths", "value": 1, "reason": "r"}, "must start with '/'"),
        ({"pointer": "/paths", "value": 1}, "needs pointer, value and reason"),
    ],
)
def test_bad_patches_name_what_is_wrong(patch: dict[str, Any], words: str) -> None:
    with pytest.raises(SpecPatchError, match=words):
        apply_spec_patches(_document(), [patch])


def test_every_committed_patch_points_into_its_spec_and_gives_a_reason() -> None:
    layout = Layout.default()
    for config in sorted(layout.config_dir.glob("client.*.yaml")):
        vendor = config.name.split(".")[1]
        patches = (yaml.safe_load(config.read_text()) or {}).get("x-spec-patches", [])
        spec = yaml.safe_load((layout.specs_dir / vendor / "openapi.yaml").read_text())
        apply_spec_patches(spec, patches)  # raises when a pointer no longer exists
        assert all(str(p["reason"]).strip() for p in patches)
