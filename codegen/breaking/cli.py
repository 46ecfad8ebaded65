"""``python -m codegen breaking``: classify spec changes since a git revision.

    python -m codegen breaking --base REV [--head REV] [--vendor KEY] [--no-changelog]
                               [--format text|markdown|json] [--fail-on breaking|unbumped|never]
    python -m codegen breaking --old OLD.yaml --new NEW.yaml

With ``--base`` every ``specs/<vendor>/openapi.yaml`` (the working tree, or ``--head``) is
compared with ``git show REV:specs/<vendor>/openapi.yaml``; a vendor missing at REV is new.
The report goes to stdout — a table per changed spec (``text``), the Markdown a pull-request
summary or comment takes (``markdown``), or one JSON document (``json``) — and the
CHANGELOG.md section for BASE..HEAD, which lists only the specs that changed, is written or
replaced. Every spec gets a version-bump hint (major / minor / patch).

Exit status: 2 on usage or git errors; otherwise 1 when ``--fail-on`` is met — ``breaking``
(the default: any breaking change), ``unbumped`` (a spec's ``info.version`` moved less than
its changes need), ``never`` — else 0.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from codegen.breaking.changelog import upsert_section
from codegen.breaking.git_source import GitError, git, spec_at, vendors_at
from codegen.breaking.report import (
    VendorReport,
    json_report,
    markdown_report,
    markdown_section,
    text_report,
)
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
    parser.add_argument(
        "--format", choices=("text", "markdown", "json"), default="text", help="stdout format"
    )
    parser.add_argument(
        "--fail-on",
        choices=("breaking", "unbumped", "never"),
        default="breaking",
        help="when to exit 1 (default: any breaking change)",
    )
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


def _render(args: argparse.Namespace, key: str, title: str, reports: list[VendorReport]) -> str:
    if args.format == "json":
        return json_report(key, reports)
    if args.format == "markdown":
        return markdown_report(title or "Spec changes", reports)
    return text_report(reports) + "\n"


def _failed(fail_on: str, reports: list[VendorReport]) -> bool:
    if fail_on == "breaking":
        return any(r.breaking for r in reports)
    if fail_on == "unbumped":
        return not all(r.bump_ok for r in reports)
    return False


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    try:
        if args.old is not None:
            old = _load(args.old.read_text(encoding="utf-8"), str(args.old))
            new = _load(args.new.read_text(encoding="utf-8"), str(args.new))
            reports = [compare_documents(args.new.stem, old, new)]
            key, title = "", f"Spec changes {args.old} -> {args.new}"
        else:
            reports, key, title = _git_reports(args)
    except (GitError, OSError, ValueError) as exc:  # SpecSyntaxError, RefError are ValueErrors
        print(f"breaking: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(_render(args, key, title, reports))
    # Anything but the report goes to stderr when stdout is for a machine or a summary.
    notes = sys.stdout if args.format == "text" else sys.stderr
    if key and not args.no_changelog:
        path: Path = args.changelog or args.repo / "CHANGELOG.md"
        existing = path.read_text(encoding="utf-8") if path.exists() else None
        updated = upsert_section(existing, key, markdown_section(key, title, reports))
        if updated != existing:
            path.write_text(updated, encoding="utf-8")
        print(f"changelog: section {key} in {path}", file=notes)
    return 1 if _failed(args.fail_on, reports) else 0
