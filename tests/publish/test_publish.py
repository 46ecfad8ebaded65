"""`python -m codegen publish`: bundles, reference pages, TypeScript types and the index.

One publish run into a temporary folder (the Node tools are slow to start) serves every test;
it also proves that the committed `ts/generated/*.d.ts` are what the current specs produce.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tarfile
import zipfile
from collections.abc import Iterator, Mapping
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen.publish import screenshot
from codegen.publish.cli import main as publish
from codegen.publish.contract_render import section_anchor
from codegen.publish.contract_sections import SECTIONS
from codegen.publish.release_archive import ReleaseInfo, operations
from codegen.publish.types_package import PACKAGE_NAME, tarball_name
from codegen.publish.vectors_file import VECTORS_FILE, signing_vectors
from mediatasks.specs import VENDORS, load_spec

ROOT = Path(__file__).resolve().parents[2]
RELEASE = ReleaseInfo.read(ROOT / "pyproject.toml").version

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


def _published(out: Path, vendor: str, suffix: str) -> str:
    """A published file of ``vendor`` (``.html``, ``.yaml``) as text."""
    version = load_spec(vendor)["info"]["version"]
    return (out / vendor / f"{vendor}-openapi-{version}{suffix}").read_text(encoding="utf-8")


def _page_text(html: str) -> str:
    """What the page shows as text: scripts (where the raw spec is inlined) and tags removed."""
    shown = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL | re.IGNORECASE)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", shown)).split())


def _error_codes(spec: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield from spec["x-envelope"]["error-codes"]
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                yield from operation.get("x-error-codes", [])


def _vector_outputs(spec: Mapping[str, Any]) -> Iterator[str]:
    for scheme in spec["components"].get("securitySchemes", {}).values():
        signings = [scheme.get("x-signing"), *scheme.get("x-related-signing", [])]
        for signing in signings:
            for vector in (signing or {}).get("test-vectors", []):
                yield str(vector["expected"])


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_page_shows_every_code_vector_and_rate_limit_as_text(
    published: tuple[Path, Path], vendor: str
) -> None:
    """Read from the server-rendered HTML, not from the spec Redoc inlines in a script."""
    out, _ = published
    spec = load_spec(vendor)
    text = _page_text(_published(out, vendor, ".html"))
    for entry in _error_codes(spec):
        assert f"{entry['code']}" in text, entry["name"]
        assert entry["name"] in text
    outputs = list(_vector_outputs(spec))
    assert outputs or vendor in {"pan123", "myun"}
    for expected in outputs:
        assert expected in text, expected
    limits = spec["x-rate-limits"]
    for rate in limits:
        per = "second" if rate["period-seconds"] == 1 else f"{rate['period-seconds']} seconds"
        assert f"{rate['limit']} calls per {per}" in text
    if not limits:
        assert " ".join(spec["x-rate-limits-note"].split()) in text
    for heading in SECTIONS.values():
        assert heading in text


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_bundle_carries_contract_and_samples_for_any_reader(
    published: tuple[Path, Path], vendor: str
) -> None:
    out, _ = published
    spec = load_spec(vendor)
    bundle = yaml.safe_load(_published(out, vendor, ".yaml"))
    assert "# Vendor contract" in bundle["info"]["description"]
    assert bundle["x-envelope"] == spec["x-envelope"], "the facts stay in the x- extensions"
    for item in bundle["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                assert "Error codes this operation can answer" in operation["description"]
                langs = [sample["lang"] for sample in operation["x-codeSamples"]]
                assert langs == ["Shell", "Python", "TypeScript"]


def test_the_index_links_every_contract_section_and_the_vectors(
    published: tuple[Path, Path],
) -> None:
    out, _ = published
    index = (out / "index.html").read_text(encoding="utf-8")
    for vendor in VENDORS:
        page = f"{vendor}/{vendor}-openapi-{load_spec(vendor)['info']['version']}.html"
        for key in SECTIONS:
            assert f'href="{page}{section_anchor(key)}"' in index
    assert f'href="{VECTORS_FILE}"' in index
    written = json.loads((out / VECTORS_FILE).read_text(encoding="utf-8"))
    assert written == signing_vectors([(v, load_spec(v)) for v in VENDORS])
    zego = written["vendors"]["zego"]["schemes"][0]
    assert zego["algorithm"] == "zego-md5-v2"
    assert zego["test-vectors"][0]["expected"] == "43e5cfcca828314675f91b001390566a"


def _archived(path: Path) -> dict[str, bytes]:
    """The files of a release archive, by path inside its top folder."""
    top = f"mediatasks-specs-{RELEASE}/"
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            items = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    else:
        with tarfile.open(path) as archive:
            items = {}
            for member in archive.getmembers():
                stream = archive.extractfile(member) if member.isfile() else None
                if stream is not None:
                    items[member.name] = stream.read()
    assert all(name.startswith(top) for name in items), sorted(items)[:3]
    return {name.removeprefix(top): data for name, data in items.items()}


def test_the_release_archive_manifests_check_out(published: tuple[Path, Path]) -> None:
    out, _ = published
    files = _archived(out / f"mediatasks-specs-{RELEASE}.tar.gz")
    assert _archived(out / f"mediatasks-specs-{RELEASE}.zip") == files
    top = json.loads(files["manifest.json"])
    assert top["release"] == RELEASE
    assert set(top["vendors"]) == set(VENDORS)
    for vendor, listed in top["vendors"].items():
        manifest_bytes = files[listed["manifest"]]
        assert hashlib.sha256(manifest_bytes).hexdigest() == listed["sha256"]
        manifest = json.loads(manifest_bytes)
        spec = load_spec(vendor)
        stem = f"{vendor}-openapi-{spec['info']['version']}"
        assert manifest["spec-version"] == listed["spec-version"] == spec["info"]["version"]
        assert manifest["operations"] == operations(spec)
        assert all(op["operationId"] for op in manifest["operations"])
        assert manifest["source-document"]["sha256"] == spec["info"]["x-provenance"]["sha256"]
        assert set(manifest["files"]) == {
            f"{stem}.yaml",
            f"{stem}.json",
            f"{stem}.html",
            VECTORS_FILE,
        }
        for name, digest in manifest["files"].items():
            data = files[f"{vendor}/{name}"]
            assert hashlib.sha256(data).hexdigest() == digest["sha256"], (vendor, name)
            assert len(data) == digest["bytes"]
            if name != VECTORS_FILE:
                assert data == (out / vendor / name).read_bytes(), "the archive holds dist/'s file"
        vectors = json.loads(files[f"{vendor}/{VECTORS_FILE}"])
        assert vectors == signing_vectors([(vendor, spec)])
    assert files[VECTORS_FILE] == (out / VECTORS_FILE).read_bytes()
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in (f"mediatasks-specs-{RELEASE}.tar.gz", f"mediatasks-specs-{RELEASE}.zip"):
        assert f'href="{name}"' in index
    assert f'href="{tarball_name(RELEASE)}"' in index


def test_the_types_tarball_compiles_in_a_scratch_project(
    published: tuple[Path, Path], tmp_path: Path
) -> None:
    """``npm install`` of the packed tarball (offline: it has no dependencies) into a project
    of its own, and a program against it under ``tsc --strict`` (the repository's tsc)."""
    out, _ = published
    tarball = out / tarball_name(RELEASE)
    project = tmp_path / "consumer"
    project.mkdir()
    (project / "package.json").write_text(
        '{"name": "consumer", "private": true, "type": "module"}\n', encoding="utf-8"
    )
    npm = shutil.which("npm")
    assert npm is not None
    installed = subprocess.run(
        [npm, "install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", str(tarball)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    package = json.loads((project / "node_modules" / PACKAGE_NAME / "package.json").read_text())
    assert package["version"] == RELEASE
    versions = {v: load_spec(v)["info"]["version"] for v in VENDORS}
    assert package["mediatasks"]["specs"] == versions
    lines = [f'import type {{ SpecVersions, Release }} from "{PACKAGE_NAME}";']
    lines += [f'import type * as {v} from "{PACKAGE_NAME}/{v}";' for v in VENDORS]
    lines += [f'import type {{ {v} as {v}Root }} from "{PACKAGE_NAME}";' for v in VENDORS]
    lines.append(f"export const versions: SpecVersions = {json.dumps(versions)};")
    lines.append(f'export const release: Release = "{RELEASE}";')
    for v in VENDORS:
        ids = [op["operationId"] for op in operations(load_spec(v))]
        lines.append(f"export const {v}Ids: (keyof {v}.operations)[] = {json.dumps(ids)};")
        lines.append(
            f"export const {v}Same: {v}Root.paths extends {v}.paths ? true : false = true;"
        )
    # the types are real: a made-up operation id does not compile (else the directive fails)
    lines.append("// @ts-expect-error not an operation of the ZEGO spec")
    lines.append('export const wrong: keyof zego.operations = "notAnOperation";')
    (project / "main.ts").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (project / "tsconfig.json").write_text(
        json.dumps(
            {
                "compilerOptions": {
                    "strict": True,
                    "noEmit": True,
                    "module": "NodeNext",
                    "moduleResolution": "NodeNext",
                    "target": "ES2022",
                    "types": [],
                    "skipLibCheck": False,
                },
                "files": ["main.ts"],
            }
        ),
        encoding="utf-8",
    )
    compiled = subprocess.run(
        [str(ROOT / "node_modules" / ".bin" / "tsc"), "-p", str(project / "tsconfig.json")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


def test_the_index_links_a_spec_archive_when_there_is_one(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "mediatasks-specs-9.9.9.tar.gz").write_bytes(b"")
    assert publish(["--out", str(out), "--no-ts", "--vendor", "polyv"]) == 0
    assert 'href="mediatasks-specs-9.9.9.tar.gz"' in (out / "index.html").read_text("utf-8")


@pytest.mark.skipif(screenshot.chromium_binary() is None, reason="no Chromium on PATH")
def test_screenshots_open_the_operation_view_with_its_error_table(
    published: tuple[Path, Path], tmp_path: Path
) -> None:
    out, _ = published
    assert screenshot.main(["--dist", str(out), "--vendor", "zego", "--out", str(tmp_path)]) == 0
    for name in ("index", "zego", "zego-describeRecordStatus"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000, name
    spec = load_spec("zego")
    operation_view = _page_text((tmp_path / "zego-describeRecordStatus.dom.html").read_text())
    assert "Error codes this operation can answer" in operation_view
    for entry in _error_codes(spec):
        assert entry["name"] in operation_view, entry["name"]
    contract = _page_text((tmp_path / "zego.dom.html").read_text())
    for expected in _vector_outputs(spec):
        assert expected in contract


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
