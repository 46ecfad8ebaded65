"""`python -m codegen publish`: bundles, reference pages, TypeScript types and the index.

One publish run into a temporary folder (the Node tools are slow to start) serves every test;
it also proves that the committed `ts/generated/*.d.ts` are what the current specs produce.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from codegen.publish.cli import main as publish
from mediatasks.specs import VENDORS, load_spec

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.requires_tool("node")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("dist")
    ts_out = tmp_path_factory.mktemp("ts")
    assert publish(["--out", str(out), "--ts-out", str(ts_out)]) == 0
    return out, ts_out


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_vendor_gets_a_bundle_a_json_twin_and_a_page(
    published: tuple[Path, Path], vendor: str
) -> None:
    out, _ = published
    version = load_spec(vendor)["info"]["version"]
    stem = f"{vendor}-openapi-{version}"
    folder = out / vendor
    bundle = yaml.safe_load((folder / f"{stem}.yaml").read_text(encoding="utf-8"))
    assert "$ref" not in json.dumps(bundle), "the bundle must be self-contained"
    assert json.loads((folder / f"{stem}.json").read_text(encoding="utf-8")) == bundle
    page = (folder / f"{stem}.html").read_text(encoding="utf-8")
    assert "<html" in page.lower()
    external = re.findall(r"<script[^>]*\ssrc=[\"']https?://[^\"']+", page)
    assert not external, f"the page must work offline (inlined bundle), loads {external}"


def test_the_index_lists_every_vendor_with_version_and_operations(
    published: tuple[Path, Path],
) -> None:
    out, _ = published
    index = (out / "index.html").read_text(encoding="utf-8")
    for vendor in VENDORS:
        spec = load_spec(vendor)
        assert f"{vendor}/{vendor}-openapi-{spec['info']['version']}.html" in index
    assert "Polyv" in index
    assert "ZEGO" in index


def test_committed_typescript_types_match_the_specs(published: tuple[Path, Path]) -> None:
    _, ts_out = published
    stale = [
        vendor
        for vendor in VENDORS
        if (ts_out / f"{vendor}.d.ts").read_bytes()
        != (ROOT / "ts" / "generated" / f"{vendor}.d.ts").read_bytes()
    ]
    assert not stale, f"ts/generated is stale for {stale}: run `make publish` and commit it"


def test_a_broken_spec_is_named_in_the_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs" / "polyv", specs / "polyv")
    target = specs / "polyv" / "openapi.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\n  bad: [unclosed\n", encoding="utf-8")
    code = publish(["--specs", str(specs), "--out", str(tmp_path / "out"), "--no-ts"])
    assert code != 0
    assert "polyv" in capsys.readouterr().err
