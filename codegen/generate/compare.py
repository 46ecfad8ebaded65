"""Compare two generated trees file by file and describe the difference as a unified diff."""

from __future__ import annotations

import difflib
from pathlib import Path

_MAX_DIFF_LINES = 400


def _files(root: Path) -> dict[str, Path]:
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def tree_diff(expected_root: Path, actual_root: Path, label: str) -> list[str]:
    """Lines describing how ``actual_root`` differs from ``expected_root``; empty when equal.

    ``expected_root`` is the fresh regeneration, ``actual_root`` the committed tree; paths are
    shown under ``label`` so the output never names a temporary folder.
    """
    expected, actual = _files(expected_root), _files(actual_root)
    lines: list[str] = []
    for name in sorted(expected.keys() | actual.keys()):
        shown = f"{label}/{name}"
        if name not in actual:
            lines.append(f"missing (would be generated): {shown}")
        elif name not in expected:
            lines.append(f"unexpected (would not be generated): {shown}")
        elif expected[name].read_bytes() != actual[name].read_bytes():
            lines += difflib.unified_diff(
                _text(actual[name]),
                _text(expected[name]),
                fromfile=f"{shown} (committed)",
                tofile=f"{shown} (regenerated)",
                lineterm="",
            )
    if len(lines) > _MAX_DIFF_LINES:
        hidden = len(lines) - _MAX_DIFF_LINES
        lines = [*lines[:_MAX_DIFF_LINES], f"... {hidden} more diff line(s) not shown"]
    return lines


def _text(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()
