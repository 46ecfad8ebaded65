"""Markdown pipe tables (123pan): ``## Body 参数`` headings, ``| name | type | required | text |``.

The endpoint is the line ``API: POST 域名 + /api/v1/...``; a heading names the location of
the parameter table below it (Header, Body, Query, Path) or marks the response table
(返回/响应). Columns are found by their header words, so reordered columns still read.
"""

from __future__ import annotations

import re

from codegen.sources.readers.base import FactsBuilder, Line
from codegen.sources.text import IDENTIFIER, required_word

_ENDPOINT = re.compile(r"(GET|POST|PUT|DELETE|PATCH)\b[^/]*?(/[\w/{}.~-]+)", re.I)
_HEADING = re.compile(r"^#+\s*(.*)$")
_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}")
_LOCATIONS = (("header", "header"), ("body", "body"), ("query", "query"), ("path", "path"))


def _section(heading: str) -> str | None:
    lower = heading.lower()
    if "示例" in heading or "example" in lower:
        return None
    if "返回" in heading or "响应" in heading or "response" in lower:
        return "response"
    for word, location in _LOCATIONS:
        if word in lower:
            return location
    return None


_CELL_BORDER = re.compile(r"(?<!\\)\|")


def _cells(text: str) -> list[str]:
    """The cells of a row; ``\\|`` is a pipe inside a cell, outer pipes are optional (GFM)."""
    text = text.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return [cell.strip().replace("\\|", "|") for cell in _CELL_BORDER.split(text)]


def _column(header: list[str], *words: str) -> int | None:
    for index, cell in enumerate(header):
        if any(word in cell for word in words):
            return index
    return None


def read(builder: FactsBuilder, lines: list[Line]) -> None:
    section: str | None = None
    header: list[str] | None = None
    for line in lines:
        text = line.text
        heading = _HEADING.match(text)
        if heading:
            section, header = _section(heading.group(1)), None
            continue
        if text.startswith("API"):
            endpoint = _ENDPOINT.search(text)
            if endpoint:
                builder.endpoint(endpoint.group(1), endpoint.group(2), line.number)
            continue
        # GFM allows a row without its outer pipes once a table has begun
        in_table = header is not None and bool(_CELL_BORDER.search(text))
        if not text.startswith("|") and not in_table:
            header = None
            continue
        if _SEPARATOR.match(text):
            continue
        cells = _cells(text)
        if header is None:
            header = cells
            continue
        if section is None:
            continue
        _row(builder, header, cells, section, line.number)


def _row(builder: FactsBuilder, header: list[str], cells: list[str], section: str, n: int) -> None:
    def cell(*words: str) -> str:
        index = _column(header, *words)
        return cells[index] if index is not None and index < len(cells) else ""

    name = cell("名称", "参数", "字段", "name", "Name")
    if not IDENTIFIER.fullmatch(name):
        return
    role = "field" if section == "response" else "parameter"
    builder.row(
        role,
        name,
        n,
        type_=cell("类型", "type", "Type") or None,
        description=cell("说明", "描述", "description", "Description"),
        required=required_word(cell("必填", "必选", "required", "Required")),
        location=section,
    )
