"""Insert or replace one range's section in CHANGELOG.md, leaving everything else alone.

Sections are delimited by ``<!-- breaking-changes KEY -->`` markers; a re-run of the same range
replaces its section in place, a new range goes on top (newest first).
"""

from __future__ import annotations

import re

__all__ = ["PREAMBLE", "upsert_section"]

PREAMBLE = """# Changelog

Spec changes as classified by `python -m codegen breaking --base REV` (rules in
docs/breaking-changes.md), one section per compared range, newest first. Re-running a range
replaces its section.

"""


def upsert_section(existing: str | None, key: str, section: str) -> str:
    """``existing`` CHANGELOG text with the section for ``key`` replaced or inserted."""
    text = existing if existing and existing.strip() else PREAMBLE
    marker = re.escape(key)
    pattern = re.compile(
        rf"<!-- breaking-changes {marker} -->.*?<!-- /breaking-changes {marker} -->\n?", re.DOTALL
    )
    if pattern.search(text):
        return pattern.sub(lambda _: section, text, count=1)
    first = text.find("<!-- breaking-changes ")
    if first == -1:
        return text.rstrip("\n") + "\n\n" + section
    return text[:first] + section + "\n" + text[first:]
