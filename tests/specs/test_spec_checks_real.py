"""The five real specs pass every check, and every fact of their documents agrees with them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from spec_test_paths import REPO, SOURCE_DOCS, VENDOR_DOCS

from codegen.sources.audit import audit
from codegen.sources.snapshot import load
from codegen.spec_checks import Level, check_spec

VENDORS = sorted(VENDOR_DOCS)


def _spec(vendor: str) -> Path:
    path = REPO / "specs" / vendor / "openapi.yaml"
    assert path.is_file(), f"{path} is missing: every registered vendor has a spec"
    return path


def _facts(vendor: str) -> Path:
    path = REPO / "specs" / vendor / "facts.yaml"
    assert path.is_file(), f"{path} is missing: every vendor spec has its facts snapshot"
    return path


@pytest.mark.parametrize("vendor", VENDORS)
def test_real_spec_passes_every_check(vendor: str) -> None:
    source_docs = SOURCE_DOCS if SOURCE_DOCS.is_dir() else None
    problems = check_spec(_spec(vendor), source_docs)
    errors = [p.format() for p in problems if p.level is Level.ERROR]
    assert errors == []


@pytest.mark.parametrize("vendor", VENDORS)
def test_facts_snapshot_matches_the_spec_provenance(vendor: str) -> None:
    snapshot = load(_facts(vendor))
    provenance = yaml.safe_load(_spec(vendor).read_text(encoding="utf-8"))["info"]["x-provenance"]
    assert snapshot.sha256 == provenance["sha256"]
    assert snapshot.source_file == provenance["source-file"] == VENDOR_DOCS[vendor]


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_fact_agrees_with_its_spec(vendor: str) -> None:
    """The fidelity proof: the audit of issue 10 (python -m codegen sources audit)."""
    spec = yaml.safe_load(_spec(vendor).read_text(encoding="utf-8"))
    assert [p.format() for p in audit(load(_facts(vendor)), spec)] == []
