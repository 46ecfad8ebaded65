"""Render a comparison as a terminal table and as a Markdown CHANGELOG section.

Both renderings are pure functions of the changes, so a re-run on the same range produces the
same text (and the CHANGELOG update is idempotent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from codegen.breaking.model import Change

__all__ = ["VendorReport", "markdown_section", "text_table"]


@dataclass(frozen=True, slots=True)
class VendorReport:
    """The outcome for one vendor: its versions on both sides and the changes found."""

    vendor: str
    old_version: str | None  # None: the vendor is new
    new_version: str | None  # None: the vendor's spec was removed
    changes: Sequence[Change] = field(default_factory=tuple)

    @property
    def breaking(self) -> int:
        return sum(c.breaking for c in self.changes)

    @property
    def headline(self) -> str:
        if self.old_version is None:
            return f"{self.vendor} {self.new_version}: new"
        if self.new_version is None:
            return f"{self.vendor} {self.old_version}: removed (BREAKING)"
        counts = f"{self.breaking} breaking, {len(self.changes) - self.breaking} non-breaking"
        return f"{self.vendor} {self.old_version} -> {self.new_version}: {counts}"

    @property
    def version_warning(self) -> str | None:
        """Advice when breaking changes keep the same major version (CONVENTIONS: semver)."""
        if not self.breaking or not self.old_version or not self.new_version:
            return None
        if self.old_version.split(".")[0] == self.new_version.split(".")[0]:
            return (
                f"breaking changes without a major version bump "
                f"({self.old_version} -> {self.new_version})"
            )
        return None


def _row(change: Change) -> tuple[str, str, str, str, str, str]:
    return (
        change.verdict,
        change.side.value,
        change.operation or "(spec)",
        change.where,
        change.rule,
        change.detail,
    )


def text_table(report: VendorReport) -> str:
    """A fixed-width table for the terminal."""
    lines = [f"== {report.headline}"]
    if report.version_warning:
        lines.append(f"   warning: {report.version_warning}")
    if not report.changes:
        return "\n".join([*lines, "   (no changes)" if report.old_version else ""]).rstrip()
    rows = [("verdict", "side", "operation", "where", "rule", "detail")]
    rows += [_row(c) for c in report.changes]
    widths = [min(max(len(r[i]) for r in rows), 48) for i in range(5)]
    for row in rows:
        cells = [row[i].ljust(widths[i]) for i in range(5)]
        lines.append("   " + "  ".join([*cells, row[5]]).rstrip())
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_section(key: str, title: str, reports: Sequence[VendorReport]) -> str:
    """The CHANGELOG section for one BASE..HEAD range, wrapped in markers keyed by ``key``."""
    total = sum(r.breaking + (r.new_version is None) for r in reports)
    verdict = f"**{total} breaking change(s)**" if total else "no breaking changes"
    out = [f"<!-- breaking-changes {key} -->", f"## {title}", "", f"Verdict: {verdict}.", ""]
    for report in reports:
        out += [f"### {_md(report.headline)}", ""]
        if report.version_warning:
            out += [f"> Warning: {_md(report.version_warning)}.", ""]
        if not report.changes:
            out += ["No changes." if report.old_version else "New vendor spec.", ""]
            continue
        out += [
            "| Verdict | Side | Operation | Where | Rule | Detail |",
            "|---|---|---|---|---|---|",
        ]
        out += [
            "| " + " | ".join(_md(cell) or " " for cell in _row(c)) + " |" for c in report.changes
        ]
        out.append("")
    out.append(f"<!-- /breaking-changes {key} -->")
    return "\n".join(out) + "\n"
