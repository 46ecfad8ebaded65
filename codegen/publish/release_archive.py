"""The spec archive of a release: ``dist/mediatasks-specs-<version>.tar.gz`` and ``.zip``.

One archive per release for teams in other languages, named with the release version (the
``mediatasks`` distribution's, from ``pyproject.toml``; CONVENTIONS.md, "Versions")::

    mediatasks-specs-<version>/
        manifest.json               release, version scheme, each vendor's spec version and
                                    manifest (with its sha256), every top-level file's sha256
        SHA256SUMS                  every other file, for `sha256sum -c SHA256SUMS`
        signing-vectors.json        every vendor's signing test vectors (dist/'s file)
        <vendor>/
            manifest.json           vendor, spec version, operation ids, the source document
                                    (file, sha256, URL, date), every file's sha256 and size
            <vendor>-openapi-<spec version>.yaml / .json / .html
            signing-vectors.json    this vendor's vectors, in the same format

Both archives hold the same bytes and are deterministic: entries sorted, one fixed time
(``SOURCE_DATE_EPOCH`` when set, else 1980-01-01, the earliest a zip can say), owner 0,
modes 644/755, gzip without name or time. Building twice gives identical files.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
import time
import tomllib
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from codegen.publish.spec_files import VendorSpec
from codegen.publish.vectors_file import VECTORS_FILE, vectors_text
from codegen.spec_checks.spec_walk import operations as spec_operations

__all__ = [
    "ARCHIVE_PREFIX",
    "ArchivedVendor",
    "ReleaseInfo",
    "archive_entries",
    "archive_name",
    "operations",
    "write_release_archives",
]

ARCHIVE_PREFIX: Final = "mediatasks-specs"
MANIFEST: Final = "manifest.json"
SUMS: Final = "SHA256SUMS"
#: 1980-01-01T00:00:00Z: the earliest time a zip entry can carry.
_EARLIEST: Final = 315_532_800


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """The release facts of ``pyproject.toml`` that the published artefacts repeat."""

    version: str
    license: str
    repository: str | None

    @classmethod
    def read(cls, pyproject: Path) -> ReleaseInfo:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        urls = project.get("urls") or {}
        return cls(
            version=str(project["version"]),
            license=str(project.get("license", "")),
            repository=urls.get("Repository"),
        )


@dataclass(frozen=True, slots=True)
class ArchivedVendor:
    """One vendor as published: its spec facts, the source spec, and its files' bytes."""

    spec: VendorSpec
    source: Mapping[str, Any]
    files: Mapping[str, bytes]


def archive_name(version: str, suffix: str) -> str:
    return f"{ARCHIVE_PREFIX}-{version}{suffix}"


def _digest(data: bytes) -> dict[str, Any]:
    return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def _json(document: Mapping[str, Any]) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def operations(source: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every operation of a spec: operationId, method and path, in path then method order."""
    found = [
        {
            "operationId": str(op.operation.get("operationId", "")),
            "method": op.method.upper(),
            "path": str(op.path),
        }
        for op in spec_operations(source)
    ]
    return sorted(found, key=lambda op: (op["path"], op["method"]))


def vendor_manifest(vendor: ArchivedVendor, release: str) -> dict[str, Any]:
    info = vendor.source.get("info") or {}
    provenance = info.get("x-provenance") or {}
    return {
        "vendor": vendor.spec.vendor,
        "title": vendor.spec.title,
        "spec-version": vendor.spec.version,
        "openapi": str(vendor.source.get("openapi", "")),
        "release": release,
        "operations": operations(vendor.source),
        "source-document": {
            "file": provenance.get("source-file"),
            "sha256": provenance.get("sha256"),
            "url": provenance.get("source-url"),
            "updated": provenance.get("updated"),
        },
        "files": {name: _digest(data) for name, data in sorted(vendor.files.items())},
    }


def archive_entries(release: str, vendors: Sequence[ArchivedVendor]) -> dict[str, bytes]:
    """Path inside the top folder -> bytes, for every file of the archive."""
    entries: dict[str, bytes] = {}
    listed: dict[str, dict[str, Any]] = {}
    for vendor in sorted(vendors, key=lambda v: v.spec.vendor):
        key = vendor.spec.vendor
        files = dict(vendor.files)
        files[VECTORS_FILE] = vectors_text([(key, vendor.source)]).encode("utf-8")
        with_vectors = ArchivedVendor(vendor.spec, vendor.source, files)
        manifest = _json(vendor_manifest(with_vectors, release))
        entries.update({f"{key}/{name}": data for name, data in files.items()})
        entries[f"{key}/{MANIFEST}"] = manifest
        listed[key] = {
            "spec-version": vendor.spec.version,
            "manifest": f"{key}/{MANIFEST}",
            "sha256": hashlib.sha256(manifest).hexdigest(),
        }
    everyone = [(v.spec.vendor, v.source) for v in sorted(vendors, key=lambda v: v.spec.vendor)]
    entries[VECTORS_FILE] = vectors_text(everyone).encode("utf-8")
    entries[MANIFEST] = _json(
        {
            "name": ARCHIVE_PREFIX,
            "release": release,
            "version-scheme": (
                "`release` is the mediatasks release (its Python distribution's version); each "
                "vendor's `spec-version` is its spec's info.version, bumped by the rules of "
                "specs/CONVENTIONS.md (Versions)"
            ),
            "generated-by": "python -m codegen publish",
            "vendors": listed,
            "files": {VECTORS_FILE: _digest(entries[VECTORS_FILE])},
        }
    )
    sums = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(entries.items())
    )
    entries[SUMS] = sums.encode("utf-8")
    return dict(sorted(entries.items()))


def _timestamp() -> int:
    """SOURCE_DATE_EPOCH (the reproducible-builds convention) or 1980-01-01, whichever later."""
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return max(int(text), _EARLIEST) if text.isdigit() else _EARLIEST


def _folders(entries: Mapping[str, bytes]) -> list[str]:
    found = {
        "/".join(name.split("/")[:depth])
        for name in entries
        for depth in range(1, name.count("/") + 1)
    }
    return sorted(found)


def tar_gz(top: str, entries: Mapping[str, bytes], mtime: int) -> bytes:
    raw = io.BytesIO()
    with (
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as zipped,
        tarfile.open(fileobj=zipped, mode="w", format=tarfile.USTAR_FORMAT) as tar,
    ):
        for folder in [top, *(f"{top}/{f}" for f in _folders(entries))]:
            info = tarfile.TarInfo(folder)
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, mtime
            tar.addfile(info)
        for name, data in entries.items():
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size, info.mode, info.mtime = len(data), 0o644, mtime
            tar.addfile(info, io.BytesIO(data))
    return raw.getvalue()


def zip_bytes(top: str, entries: Mapping[str, bytes], mtime: int) -> bytes:
    raw = io.BytesIO()
    when = time.gmtime(mtime)[:6]
    with zipfile.ZipFile(raw, "w") as archive:
        for folder in [top, *(f"{top}/{f}" for f in _folders(entries))]:
            info = zipfile.ZipInfo(folder + "/", date_time=when)
            info.create_system, info.external_attr = 3, (0o40755 << 16) | 0x10
            archive.writestr(info, b"")
        for name, data in entries.items():
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=when)
            info.create_system, info.external_attr = 3, 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    return raw.getvalue()


def write_release_archives(
    out: Path, release: str, vendors: Sequence[ArchivedVendor]
) -> list[Path]:
    """Write the ``.tar.gz`` and ``.zip`` of ``release`` into ``out`` (removing other
    releases' archives there); return their paths."""
    for stale in (*out.glob(f"{ARCHIVE_PREFIX}-*.tar.gz"), *out.glob(f"{ARCHIVE_PREFIX}-*.zip")):
        stale.unlink()
    top = archive_name(release, "")
    entries = archive_entries(release, vendors)
    mtime = _timestamp()
    written = []
    for suffix, build in ((".tar.gz", tar_gz), (".zip", zip_bytes)):
        path = out / archive_name(release, suffix)
        path.write_bytes(build(top, entries, mtime))
        written.append(path)
    return written
