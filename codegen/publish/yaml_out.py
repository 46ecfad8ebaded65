"""Write a bundle back as YAML that reads like the hand-written specs.

Key order kept, no anchors or aliases (a reader of the file sees every value where it is used),
multi-line texts as literal blocks, no line folding, UTF-8 as is. Same document in, same bytes
out.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["dump_yaml"]


class _ReaderDumper(yaml.SafeDumper):
    """SafeDumper without aliases, with literal blocks for multi-line strings."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ReaderDumper.add_representer(str, _text)


def dump_yaml(document: Any) -> str:
    """``document`` as YAML text (ends with a newline)."""
    return yaml.dump(
        document,
        Dumper=_ReaderDumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )
