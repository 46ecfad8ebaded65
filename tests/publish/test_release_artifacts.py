"""The release's files for other-language teams, on small inputs made here (no Node): the spec
archive (manifest, checksums, determinism) and the npm package of the TypeScript types.
The real ones, from a full publish, are checked in test_publish.py."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest

from codegen.publish.node_tools import NodeTools, ToolError
from codegen.publish.release_archive import (
    ArchivedVendor,
    ReleaseInfo,
    archive_entries,
    operations,
    write_release_archives,
)
from codegen.publish.spec_files import VendorSpec
from codegen.publish.types_package import PACKAGE_NAME, pack, package_files, tarball_name

ROOT = Path(__file__).resolve().parents[2]
SOURCE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Tiny API",
        "version": "2.1.0",
        "x-provenance": {"source-file": "tiny.txt", "sha256": "ab" * 32, "source-url": "https://x"},
    },
    "paths": {
        "/b": {"get": {"operationId": "getB"}, "parameters": []},
        "/a": {"post": {"operationId": "makeA"}, "get": {"operationId": "getA"}},
    },
    "components": {
        "securitySchemes": {
            "Sig": {
                "type": "apiKey",
                "in": "query",
                "name": "sign",
                "x-signing": {
                    "algorithm": "tiny-md5",
                    "test-vectors": [{"inputs": {"a": "1"}, "expected": "ff"}],
                },
            }
        }
    },
}


def _vendor(key: str = "tiny", page: bytes = b"<html>tiny</html>") -> ArchivedVendor:
    spec = VendorSpec(key, Path(f"{key}/openapi.yaml"), "Tiny API", "2.1.0", None, None, 3)
    files = {f"{spec.stem}.yaml": b"openapi: 3.1.0\n", f"{spec.stem}.html": page}
    return ArchivedVendor(spec, SOURCE, files)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_operations_are_listed_with_method_and_path_in_order() -> None:
    assert operations(SOURCE) == [
        {"operationId": "getA", "method": "GET", "path": "/a"},
        {"operationId": "makeA", "method": "POST", "path": "/a"},
        {"operationId": "getB", "method": "GET", "path": "/b"},
    ]


def test_the_manifests_describe_and_hash_every_file() -> None:
    entries = archive_entries("0.4.0", [_vendor("tiny"), _vendor("other", b"<html>o</html>")])
    assert list(entries) == sorted(entries)
    top = json.loads(entries["manifest.json"])
    assert top["release"] == "0.4.0"
    assert set(top["vendors"]) == {"tiny", "other"}
    for key, listed in top["vendors"].items():
        manifest_bytes = entries[listed["manifest"]]
        assert listed["sha256"] == _sha(manifest_bytes)
        manifest = json.loads(manifest_bytes)
        assert manifest["vendor"] == key
        assert manifest["spec-version"] == listed["spec-version"] == "2.1.0"
        assert [op["operationId"] for op in manifest["operations"]] == ["getA", "makeA", "getB"]
        assert manifest["source-document"]["sha256"] == "ab" * 32
        assert set(manifest["files"]) == {
            "tiny-openapi-2.1.0.yaml".replace("tiny", key),
            "tiny-openapi-2.1.0.html".replace("tiny", key),
            "signing-vectors.json",
        }
        for name, digest in manifest["files"].items():
            data = entries[f"{key}/{name}"]
            assert digest == {"sha256": _sha(data), "bytes": len(data)}
    vectors = json.loads(entries["tiny/signing-vectors.json"])
    assert list(vectors["vendors"]) == ["tiny"]
    assert vectors["vendors"]["tiny"]["schemes"][0]["test-vectors"][0]["expected"] == "ff"
    assert list(json.loads(entries["signing-vectors.json"])["vendors"]) == ["other", "tiny"]
    sums: dict[str, str] = {}
    for line in entries["SHA256SUMS"].decode().splitlines():
        digest, name = line.split("  ", 1)
        sums[name] = digest
    assert set(sums) == set(entries) - {"SHA256SUMS"}
    assert all(sums[name] == _sha(data) for name, data in entries.items() if name in sums)


def _tar_members(path: Path) -> dict[str, tuple[int, int, bytes]]:
    """name -> (mode, mtime, bytes; b"" for a folder)."""
    found = {}
    with tarfile.open(path) as archive:
        for member in archive.getmembers():
            stream = archive.extractfile(member) if member.isfile() else None
            data = stream.read() if stream is not None else b""
            found[member.name] = (member.mode, int(member.mtime), data)
    return found


def test_archives_are_deterministic_and_hold_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        out.mkdir()
        (out / "mediatasks-specs-0.3.0.tar.gz").write_bytes(b"an older release")
        written = write_release_archives(out, "0.4.0", [_vendor()])
        assert [p.name for p in written] == [
            "mediatasks-specs-0.4.0.tar.gz",
            "mediatasks-specs-0.4.0.zip",
        ]
        assert not (out / "mediatasks-specs-0.3.0.tar.gz").exists(), "stale release left"
    for name in ("mediatasks-specs-0.4.0.tar.gz", "mediatasks-specs-0.4.0.zip"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    members = _tar_members(first / "mediatasks-specs-0.4.0.tar.gz")
    names = list(members)
    assert names[0] == "mediatasks-specs-0.4.0"
    files = {n: data for n, (mode, _, data) in members.items() if mode == 0o644}
    assert {mode for mode, _, _ in members.values()} == {0o644, 0o755}
    assert {mtime for _, mtime, _ in members.values()} == {315_532_800}
    with zipfile.ZipFile(first / "mediatasks-specs-0.4.0.zip") as zipped:
        zip_files = {i.filename: zipped.read(i) for i in zipped.infolist() if not i.is_dir()}
        assert {i.date_time for i in zipped.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert zip_files == files
    expected = archive_entries("0.4.0", [_vendor()])
    assert files == {f"mediatasks-specs-0.4.0/{n}": d for n, d in expected.items()}
    # the gzip header carries neither a name nor a time
    header = (first / "mediatasks-specs-0.4.0.tar.gz").read_bytes()[:10]
    assert header[3] == 0, "no FNAME flag"
    assert header[4:8] == b"\0\0\0\0", "MTIME zero"


def test_source_date_epoch_sets_the_one_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    tar, _zip = write_release_archives(tmp_path, "0.4.0", [_vendor()])
    assert {mtime for _, mtime, _ in _tar_members(tar).values()} == {1_700_000_000}


def test_release_info_comes_from_pyproject() -> None:
    info = ReleaseInfo.read(ROOT / "pyproject.toml")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert info.version == project["version"]
    assert info.license == "MIT"
    assert info.repository == project["urls"]["Repository"]


def test_the_types_package_lists_what_it_ships(tmp_path: Path) -> None:
    (tmp_path / "tiny.d.ts").write_text("export interface paths {}\n", encoding="utf-8")
    spec = _vendor().spec
    files = package_files(ReleaseInfo("0.4.0", "MIT", "https://example.org/repo"), [spec], tmp_path)
    manifest = json.loads(files["package.json"])
    assert manifest["name"] == PACKAGE_NAME
    assert manifest["version"] == "0.4.0"
    assert manifest["types"] == "./index.d.ts"
    assert manifest["exports"]["./tiny"] == {"types": "./tiny.d.ts"}
    assert manifest["mediatasks"]["specs"] == {"tiny": "2.1.0"}
    assert set(manifest["files"]) == set(files) - {"package.json"}
    assert 'export * as tiny from "./tiny.js";' in files["index.d.ts"]
    assert 'tiny: "2.1.0";' in files["index.d.ts"]
    assert files["tiny.d.ts"] == "export interface paths {}\n"
    assert tarball_name("0.4.0") == "mediatasks-specs-types-0.4.0.tgz"
    assert io.StringIO(files["README.md"]).readline().strip() == f"# {PACKAGE_NAME}"


@pytest.mark.requires_tool("node")
def test_a_failing_npm_pack_names_the_folder_and_shows_npm_output(tmp_path: Path) -> None:
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "package.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(ToolError, match=r"npm pack failed for .*package: exit code") as caught:
        pack(NodeTools(root=ROOT), folder, tmp_path, "0.4.0")
    assert "JSON" in caught.value.detail
