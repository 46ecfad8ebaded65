"""``python -m codegen breaking``: classify spec changes since a git revision.

    python -m codegen breaking --base REV [--head REV] [--vendor KEY] [--no-changelog]
    python -m codegen breaking --old OLD.yaml --new NEW.yaml

With ``--base`` every ``specs/<vendor>/openapi.yaml`` (the working tree, or ``--head``) is
compared with ``git show REV:specs/<vendor>/openapi.yaml``; a vendor missing at REV is new.
A table per vendor is printed and the CHANGELOG.md section for BASE..HEAD is written or
replaced. Exit status: 0 without breaking changes, 1 with, 2 on usage or git errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from codegen.breaking.changelog import upsert_section
from codegen.breaking.git_source import GitError, git, spec_at, vendors_at
from codegen.breaking.report import VendorReport, markdown_section, text_table
from codegen.breaking.spec_diff import diff_specs
from mediatasks.spec_io import load

__all__ = ["compare_documents", "main"]

_ROOT = Path(__file__).resolve().parents[2]


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m codegen breaking",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--base", help="git revision to compare against")
    parser.add_argument("--head", help="git revision of the new side (default: working tree)")
    parser.add_argument("--vendor", action="append", dest="vendors", metavar="KEY")
    parser.add_argument("--repo", type=Path, default=_ROOT, help="repository root")
    parser.add_argument("--changelog", type=Path, help="default: <repo>/CHANGELOG.md")
    parser.add_argument("--no-changelog", action="store_true", help="only print the tables")
    parser.add_argument("--old", type=Path, help="compare two files instead of git revisions")
    parser.add_argument("--new", type=Path)
    args = parser.parse_args(list(argv))
    files = args.old is not None or args.new is not None
    if files and (args.old is None or args.new is None or args.base):
        parser.error("--old and --new go together, and not with --base")
    if not files and not args.base:
        parser.error("give --base REV (or --old FILE --new FILE)")
    return args


def _load(text: str, what: str) -> dict[str, Any]:
    document = load(text, what).data
    if not isinstance(document, dict):
        raise ValueError(f"{what}: not a YAML mapping")
    return document


def _version(document: dict[str, Any]) -> str:
    return str((document.get("info") or {}).get("version", "?"))


def compare_documents(
    vendor: str, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> VendorReport:
    """The report for one vendor; ``None`` on a side means absent there."""
    if old is None and new is None:
        raise ValueError(f"{vendor}: absent on both sides")
    if old is None or new is None:
        return VendorReport(
            vendor, None if old is None else _version(old), None if new is None else _version(new)
        )
    return VendorReport(vendor, _version(old), _version(new), tuple(diff_specs(old, new)))


def _short(repo: Path, rev: str) -> str:
    return git(repo, "rev-parse", "--short=12", f"{rev}^{{commit}}").strip()


def _git_reports(args: argparse.Namespace) -> tuple[list[VendorReport], str, str]:
    repo: Path = args.repo
    base = _short(repo, args.base)
    head_rev = args.head or "HEAD"
    head = _short(repo, head_rev)
    old_vendors = set(vendors_at(repo, base))
    if args.head:
        new_texts = {v: spec_at(repo, head, v) for v in vendors_at(repo, head)}
    else:
        new_texts = {
            p.parent.name: p.read_text(encoding="utf-8")
            for p in sorted((repo / "specs").glob("*/openapi.yaml"))
        }
        dirty = git(repo, "status", "--porcelain", "--", "specs/*/openapi.yaml").strip()
        if dirty:
            head += "+worktree"
    vendors = sorted(old_vendors | set(new_texts))
    if args.vendors:
        vendors = [v for v in vendors if v in set(args.vendors)]
    reports = []
    for vendor in vendors:
        old = (
            _load(spec_at(repo, base, vendor), f"{base}:{vendor}")
            if vendor in old_vendors
            else None
        )
        new = _load(new_texts[vendor], vendor) if vendor in new_texts else None
        reports.append(compare_documents(vendor, old, new))
    title = f"Spec changes {base}..{head} (base `{args.base}`, head `{args.head or 'HEAD'}`"
    title += ", working tree)" if head.endswith("+worktree") else ")"
    return reports, f"{base}..{head}", title


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    try:
        if args.old is not None:
            old = _load(args.old.read_text(encoding="utf-8"), str(args.old))
            new = _load(args.new.read_text(encoding="utf-8"), str(args.new))
            reports = [compare_documents(args.new.stem, old, new)]
            key = title = ""
        else:
            reports, key, title = _git_reports(args)
    except (GitError, OSError, ValueError) as exc:  # SpecSyntaxError, RefError are ValueErrors
        print(f"breaking: {exc}", file=sys.stderr)
        return 2
    for report in reports:
        print(text_table(report))
    breaking = sum(r.breaking + (r.new_version is None) for r in reports)
    print(f"\n{breaking} breaking change(s) in {len(reports)} spec(s)")
    if key and not args.no_changelog:
        path: Path = args.changelog or args.repo / "CHANGELOG.md"
        existing = path.read_text(encoding="utf-8") if path.exists() else None
        updated = upsert_section(existing, key, markdown_section(key, title, reports))
        if updated != existing:
            path.write_text(updated, encoding="utf-8")
        print(f"changelog: section {key} in {path}")
    return 1 if breaking else 0
