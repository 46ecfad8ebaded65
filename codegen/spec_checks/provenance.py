"""``info.x-provenance``: which vendor document a spec transcribes, and whether it changed.

The sha256 pins the exact bytes the spec was written from; when the shared copy of the
document is at hand its hash is recomputed, so a vendor page that moved on is caught here
rather than by a client failing against the live API.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from codegen.spec_checks.problems import Report

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHERE = "/info/x-provenance"
_TEXT_KEYS = ("source-file", "source-url", "title")


def check_provenance(spec: Mapping[str, Any], report: Report, source_docs: Path | None) -> None:
    """Required keys and their shapes; the sha256 against ``source_docs`` when given."""
    info = spec.get("info")
    provenance = info.get("x-provenance") if isinstance(info, Mapping) else None
    if not isinstance(provenance, Mapping):
        report.error(
            "provenance",
            "/info",
            "info.x-provenance is missing: name the source-file, sha256, source-url, title "
            "and updated date of the vendor document",
        )
        return
    for key in _TEXT_KEYS:
        value = provenance.get(key)
        if not isinstance(value, str) or not value.strip():
            report.error("provenance", f"{_WHERE}/{key}", f"{key} must be a non-empty string")
    url = provenance.get("source-url")
    if isinstance(url, str) and url and not url.startswith(("https://", "http://")):
        report.error("provenance", f"{_WHERE}/source-url", f"source-url {url!r} is not a URL")
    sha = provenance.get("sha256")
    if not isinstance(sha, str) or not _SHA256.match(sha):
        report.error(
            "provenance",
            f"{_WHERE}/sha256",
            f"sha256 must be 64 lowercase hex characters as a quoted string, got {sha!r}",
        )
        sha = None
    _check_updated(provenance, report)
    source_file = provenance.get("source-file")
    if sha and isinstance(source_file, str) and source_file and source_docs is not None:
        _check_document_hash(source_docs / source_file, sha, report)


def _check_updated(provenance: Mapping[str, Any], report: Report) -> None:
    if "updated" not in provenance:
        report.error(
            "provenance", _WHERE, "updated is missing (a 'YYYY-MM-DD' string, or null + a note)"
        )
        return
    updated = provenance["updated"]
    if updated is None:
        note = provenance.get("updated-note")
        if not isinstance(note, str) or not note.strip():
            report.error(
                "provenance", f"{_WHERE}/updated", "updated is null: say why in updated-note"
            )
    elif not isinstance(updated, str) or not _DATE.match(updated):
        report.error(
            "provenance",
            f"{_WHERE}/updated",
            f"updated must be a quoted 'YYYY-MM-DD' string or null, got {updated!r}",
        )


def _check_document_hash(document: Path, expected: str, report: Report) -> None:
    where = f"{_WHERE}/sha256"
    try:
        actual = hashlib.sha256(document.read_bytes()).hexdigest()
    except OSError as exc:
        report.error(
            "provenance-document",
            f"{_WHERE}/source-file",
            f"cannot read the source document {document}: {exc.strerror}",
        )
        return
    if actual != expected:
        report.error(
            "provenance-document",
            where,
            f"the vendor document changed: {document} now has sha256 {actual}, the spec was "
            f"written from {expected}; run `python -m codegen sources check` on it, review "
            "the spec, then update sha256",
        )
