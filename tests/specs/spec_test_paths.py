"""Shared paths for the spec-check tests (imported by name: tests/specs is on sys.path)."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent
REPO = HERE.parents[1]
BROKEN = HERE / "broken"
FIXTURES = HERE / "fixtures"
GOOD = FIXTURES / "good.yaml"
SOURCE_DOCS = REPO.parent / "shared" / "source-docs"
VENDOR_DOCS = {
    "pan123": "000_361415aed7360b66.txt",
    "myun": "001_d912f80e653100be.txt",
    "zego": "002_3dca95e45ccd82ba.txt",
    "cdnetworks": "003_6e44829ffecd5467.txt",
    "polyv": "004_45bae5ec84af383c.txt",
}


def source_doc(vendor: str) -> Path:
    """The shared copy of ``vendor``'s document, or skip: it lives outside the repository."""
    path = SOURCE_DOCS / VENDOR_DOCS[vendor]
    if not path.is_file():
        pytest.skip(f"{path} is absent (../shared/source-docs is not part of the repository)")
    return path
