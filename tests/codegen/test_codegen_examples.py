"""Every example in every spec parses into both generated models and round-trips to equal JSON.

Examples are the vendor's answers (success and error envelopes) and the request bodies; if a
generated class cannot read one back unchanged, the runtime would mangle a real answer.
Covers the committed specs (through ``generated/``) and the codegen test specs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from codegen_testkit import REAL_SPECS, TEST_SPECS, vendor_module

from codegen.generate.layout import discover_vendors
from codegen.generate.spec_source import load_document
from mediatasks.spec_io import escape_token, resolve_pointer


@dataclass(frozen=True)
class Example:
    vendor: str
    where: str
    class_name: str
    value: Any


def _class_name(document: dict[str, Any], ref: str) -> str:
    schema = resolve_pointer(document, ref.removeprefix("#"), None)
    assert schema is not None, ref
    return str(schema.get("title") or ref.rsplit("/", 1)[-1])


def _media_examples(media: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for name, example in (media.get("examples") or {}).items():
        if "value" in example:
            yield name, example["value"]
    if "example" in media:
        yield "example", media["example"]


def _examples(vendor: str, spec: Path) -> Iterator[Example]:
    document = load_document(spec.read_text(encoding="utf-8"))
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            where = f"/paths/{escape_token(path)}/{method}"
            bodies = [("requestBody", operation.get("requestBody") or {})]
            bodies += [(f"responses/{code}", r) for code, r in operation["responses"].items()]
            for place, body in bodies:
                for media_type, media in (body.get("content") or {}).items():
                    ref = media.get("schema", {}).get("$ref")
                    for name, value in _media_examples(media):
                        assert ref, f"{spec}: {where}/{place} has an example but no named schema"
                        yield Example(
                            vendor,
                            f"{vendor} {method.upper()} {path} {place} {media_type} {name}",
                            _class_name(document, ref),
                            value,
                        )


EXAMPLES = [
    example
    for folder in (REAL_SPECS, TEST_SPECS)
    for vendor in discover_vendors(folder)
    for example in _examples(vendor.name, vendor.spec)
]


def test_the_specs_have_examples_of_every_vendor() -> None:
    vendors = {vendor.name for vendor in discover_vendors(REAL_SPECS)}
    assert vendors <= {example.vendor for example in EXAMPLES}
    assert len(EXAMPLES) >= 2 * len(vendors)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.where)
def test_example_round_trips_through_the_client_model(example: Example) -> None:
    models = vendor_module(example.vendor, "client.models")
    parsed = getattr(models, example.class_name).from_dict(example.value)
    assert parsed.to_dict() == example.value


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.where)
def test_example_round_trips_through_the_pydantic_model(example: Example) -> None:
    models = vendor_module(example.vendor, "models")
    parsed = getattr(models, example.class_name).model_validate(example.value)
    dumped = parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped == example.value
