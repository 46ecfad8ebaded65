"""Render a comparison: a terminal table, a Markdown section (CHANGELOG, pull-request
summaries) and JSON for machines.

All three are pure functions of the changes, so a re-run on the same range produces the same
text (and the CHANGELOG update is idempotent). Each spec gets a version-bump hint
(CONVENTIONS.md: semantic versions): major for a breaking change, minor for any other change
that generated code sees, patch for documentation and examples only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from codegen.breaking.model import Change

__all__ = [
    "VendorReport",
    "json_report",
    "markdown_report",
    "markdown_section",
    "text_report",
]

#: Rules that change nothing a client or generated code can see.
PATCH_RULES: Final = frozenset({"documentation changed", "examples changed", "version changed"})
_SEMVER: Final = re.compile(r"^(\d+)\.(\d+)\.(\d+)")


def _parse(version: str | None) -> tuple[int, int, int] | None:
    match = _SEMVER.match(version or "")
    return None if match is None else (int(match[1]), int(match[2]), int(match[3]))


@dataclass(frozen=True, slots=True)
class VendorReport:
    """The outcome for one vendor: its versions on both sides and the changes found."""

    vendor: str
    old_version: str | None  # None: the vendor is new
    new_version: str | None  # None: the vendor's spec was removed
    changes: Sequence[Change] = field(default_factory=tuple)

    @property
    def breaking(self) -> int:
        return sum(c.breaking for c in self.changes) + (self.new_version is None)

    @property
    def changed(self) -> bool:
        return bool(self.changes) or self.old_version is None or self.new_version is None

    @property
    def headline(self) -> str:
        if self.old_version is None:
            return f"{self.vendor} {self.new_version}: new"
        if self.new_version is None:
            return f"{self.vendor} {self.old_version}: removed (BREAKING)"
        counts = f"{self.breaking} breaking, {len(self.changes) - self.breaking} non-breaking"
        return f"{self.vendor} {self.old_version} -> {self.new_version}: {counts}"

    @property
    def bump_needed(self) -> str:
        """The smallest semantic-version bump these changes call for."""
        if self.breaking:
            return "major"
        if any(c.rule not in PATCH_RULES for c in self.changes):
            return "minor"
        return "patch" if self.changes else "none"

    @property
    def suggested_version(self) -> str | None:
        old = _parse(self.old_version)
        if old is None or self.bump_needed == "none":
            return None
        major, minor, patch = old
        return {
            "major": f"{major + 1}.0.0",
            "minor": f"{major}.{minor + 1}.0",
            "patch": f"{major}.{minor}.{patch + 1}",
        }[self.bump_needed]

    @property
    def bump_ok(self) -> bool:
        """Whether ``info.version`` moved at least as far as the changes need."""
        suggested, new = _parse(self.suggested_version), _parse(self.new_version)
        return suggested is None or (new is not None and new >= suggested)

    @property
    def version_hint(self) -> str | None:
        if self.old_version is None or self.new_version is None or self.bump_needed == "none":
            return None
        if self.bump_ok:
            return f"{self.bump_needed} bump needed; {self.new_version} is enough"
        return (
            f"{self.bump_needed} bump needed: info.version {self.new_version} should be at "
            f"least {self.suggested_version}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "breaking": self.breaking,
            "bump": {
                "needed": self.bump_needed,
                "suggested": self.suggested_version,
                "ok": self.bump_ok,
            },
            "changes": [
                {
                    "breaking": c.breaking,
                    "side": c.side.value,
                    "operation": c.operation or None,
                    "where": c.where,
                    "rule": c.rule,
                    "detail": c.detail,
                }
                for c in self.changes
            ],
        }


def _row(change: Change) -> tuple[str, str, str, str, str, str]:
    return (
        change.verdict,
        change.side.value,
        change.operation or "(spec)",
        change.where,
        change.rule,
        change.detail,
    )


def _text_table(report: VendorReport) -> str:
    """A fixed-width table for the terminal."""
    lines = [f"== {report.headline}"]
    if report.version_hint:
        mark = "" if report.bump_ok else "warning: "
        lines.append(f"   {mark}{report.version_hint}")
    if not report.changes:  # a new or removed spec: the headline says it all
        return "\n".join(lines)
    rows = [("verdict", "side", "operation", "where", "rule", "detail")]
    rows += [_row(c) for c in report.changes]
    widths = [min(max(len(r[i]) for r in rows), 48) for i in range(5)]
    for row in rows:
        cells = [row[i].ljust(widths[i]) for i in range(5)]
        lines.append("   " + "  ".join([*cells, row[5]]).rstrip())
    return "\n".join(lines)


def _total(reports: Sequence[VendorReport]) -> int:
    return sum(r.breaking for r in reports)


def text_report(reports: Sequence[VendorReport]) -> str:
    """Every changed spec's table, one line for the unchanged ones, the total."""
    out = [_text_table(r) for r in reports if r.changed]
    unchanged = [r.vendor for r in reports if not r.changed]
    if unchanged:
        out.append(f"unchanged: {', '.join(unchanged)}")
    out.append(f"\n{_total(reports)} breaking change(s) in {len(reports)} spec(s)")
    return "\n".join(out)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_report(title: str, reports: Sequence[VendorReport]) -> str:
    """The Markdown of one comparison: verdict, then a section per *changed* spec."""
    total = _total(reports)
    verdict = f"**{total} breaking change(s)**" if total else "no breaking changes"
    out = [f"## {title}", "", f"Verdict: {verdict}.", ""]
    unchanged = [r.vendor for r in reports if not r.changed]
    if unchanged:
        out += [f"Unchanged: {', '.join(unchanged)}.", ""]
    for report in (r for r in reports if r.changed):
        out += [f"### {_md(report.headline)}", ""]
        if report.version_hint:
            prefix = "Version" if report.bump_ok else "Warning"
            out += [f"> {prefix}: {_md(report.version_hint)}.", ""]
        if not report.changes:
            out += ["New vendor spec." if report.old_version is None else "Spec removed.", ""]
            continue
        out += [
            "| Verdict | Side | Operation | Where | Rule | Detail |",
            "|---|---|---|---|---|---|",
        ]
        out += [
            "| " + " | ".join(_md(cell) or " " for cell in _row(c)) + " |" for c in report.changes
        ]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def markdown_section(key: str, title: str, reports: Sequence[VendorReport]) -> str:
    """The CHANGELOG section for one BASE..HEAD range, wrapped in markers keyed by ``key``."""
    body = markdown_report(title, reports)
    return f"<!-- breaking-changes {key} -->\n{body}\n<!-- /breaking-changes {key} -->\n"


def json_report(key: str, reports: Sequence[VendorReport]) -> str:
    """One JSON document: range, total, and per spec its versions, bump hint and changes."""
    document = {
        "range": key or None,
        "breaking": _total(reports),
        "bump_ok": all(r.bump_ok for r in reports),
        "specs": [r.as_dict() for r in reports],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
