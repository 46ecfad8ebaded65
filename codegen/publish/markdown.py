"""Small Markdown writers for text that Redoc, Swagger UI and a YAML reader all show as written.

Only CommonMark plus GFM tables: no raw HTML (Redoc's Markdoc renderer drops it), no line
breaks inside table cells, pipes escaped. Every function is pure and returns text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

__all__ = ["bullets", "cell", "code", "fenced", "link", "numbered", "source_link", "table"]


def cell(value: object) -> str:
    """One table cell: a single line, pipes escaped, empty shown as an en dash."""
    text = " ".join(str(value).split()) if value is not None else ""
    return text.replace("|", "\\|") or "–"


def code(value: object) -> str:
    """Inline code that survives backticks inside the value."""
    text = str(value)
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fenced(text: str, language: str = "text") -> str:
    """A fenced block that keeps ``text`` byte for byte (line feeds included)."""
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{language}\n{text}\n{fence}"


def link(text: str, href: str) -> str:
    label = text.replace("]", "\\]")
    target = href.replace(" ", "%20").replace(")", "%29")
    return f"[{label}]({target})"


def source_link(source: object) -> str:
    """A URL as a short link named by its host; anything else as plain text."""
    text = str(source or "").strip()
    if not text:
        return ""
    first, *rest = text.split(maxsplit=1)
    parts = urlsplit(first)
    if parts.scheme in {"http", "https"} and parts.netloc:
        return link(parts.netloc, first) + (f" {rest[0]}" if rest else "")
    return text


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GFM table; every row must have as many cells as ``headers``."""
    lines = [
        "| " + " | ".join(cell(h) for h in headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row has {len(row)} cells, the table {len(headers)}: {row!r}")
        lines.append("| " + " | ".join(_raw_cell(value) for value in row) + " |")
    return "\n".join(lines)


def _raw_cell(value: object) -> str:
    """Cells given as :class:`Markdown` keep their markup; plain values are escaped."""
    if isinstance(value, Markdown):
        return " ".join(str(value).split()).replace("|", "\\|") or "–"
    return cell(value)


class Markdown(str):
    """Text that is already Markdown (a link, inline code) and must not be escaped again."""

    __slots__ = ()


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {' '.join(str(item).split())}" for item in items)


def numbered(items: Iterable[str]) -> str:
    return "\n".join(
        f"{index}. {' '.join(str(item).split())}" for index, item in enumerate(items, 1)
    )


__all__ += ["Markdown"]
