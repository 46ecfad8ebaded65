"""One cell per line, each closed by ``|`` (ZEGO): ``TaskId |`` / ``Int |`` / ``是 |`` / ``text |``.

A header line ``参数 | 类型 | 是否必选 | 描述 |`` (plus its ``---|`` line) opens a table with
that many columns. Cells may run over several lines until their ``|``; a row is complete
when it has a cell per column. At a row boundary a line without ``|`` ends the table, and
``X 成员如下:`` makes the next table's rows children of ``X``. The endpoint is the request
example's URL (``https://host/?Action=Name``); tables before the request example are request
parameters, the ones after it response fields.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from codegen.sources.readers.base import FactsBuilder, Line
from codegen.sources.text import IDENTIFIER, required_word

_HEADER = re.compile(r"^(参数|字段|名称|Parameter)\s*\|")
_SEPARATOR = re.compile(r"^-{3,}\|")
_CAPTION = re.compile(r"^([A-Za-z_]\w*)\s*成员(?:如下|列表)\s*:?$")
_ACTION_URL = re.compile(r"(https?://\S+?\?(?:[^\s&]*&)*?Action=[A-Za-z]+)")
_REQUEST_EXAMPLE = re.compile(r"请求示例")
_METHOD = re.compile(r"请求方(?:法|式)\s*:?\s*(GET|POST)", re.I)


class _Table:
    def __init__(self, header: list[str], role: str) -> None:
        self.header = header
        self.role = role
        self.cells: list[str] = []
        self.current: list[str] = []
        self.first_line = 0

    @property
    def at_boundary(self) -> bool:
        return not self.cells and not self.current


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        for key, words in (
            ("name", ("参数", "字段", "名称", "Parameter")),
            ("type", ("类型", "Type")),
            ("required", ("必选", "必填", "Required")),
            ("description", ("描述", "说明", "Description")),
        ):
            if any(word in cell for word in words) and key not in found:
                found[key] = index
                break
    return found


def read(builder: FactsBuilder, lines: list[Line]) -> None:
    _endpoint(builder, lines)
    role = "parameter"
    table: _Table | None = None
    for line in lines:
        text = line.text
        if _REQUEST_EXAMPLE.search(text):
            role = "field"
        if _HEADER.match(text):
            _flush(builder, table)
            header = [c.strip() for c in text.split("|") if c.strip()]
            table = _Table(header, role)
            continue
        caption = _CAPTION.match(text)
        if caption:
            _flush(builder, table)
            table = None
            builder.nest_under(caption.group(1))
            continue
        if table is None or _SEPARATOR.match(text) or not text:
            continue
        if "|" not in text and table.at_boundary:
            table = None
            continue
        _feed(builder, table, text, line.number)


def _endpoint(builder: FactsBuilder, lines: list[Line]) -> None:
    method = next((m.group(1) for ln in lines if (m := _METHOD.search(ln.text))), None)
    for line in lines:
        found = _ACTION_URL.search(line.text)
        if found:
            url = urlsplit(found.group(1))
            action = dict(parse_qsl(url.query)).get("Action", "")
            builder.endpoint(method, f"{url.path or '/'}?Action={action}", line.number)
            return
    builder.endpoint(method, None, 1, "(no Action URL)")


def _feed(builder: FactsBuilder, table: _Table, text: str, number: int) -> None:
    parts = text.split("|")
    for part in parts[:-1]:
        if not table.cells and not table.current:
            table.first_line = number
        table.current.append(part.strip())
        table.cells.append(" ".join(p for p in table.current if p))
        table.current = []
        if len(table.cells) == len(table.header):
            _emit(builder, table)
    tail = parts[-1].strip()
    if tail:
        if not table.cells and not table.current:
            table.first_line = number
        table.current.append(tail)


def _flush(builder: FactsBuilder, table: _Table | None) -> None:
    """A table interrupted mid-row (a caption or header follows): close the open cell."""
    if table is None or table.at_boundary:
        return
    if table.current:
        table.cells.append(" ".join(table.current))
        table.current = []
    table.cells += [""] * (len(table.header) - len(table.cells))
    _emit(builder, table)


def _emit(builder: FactsBuilder, table: _Table) -> None:
    cells, table.cells = table.cells, []
    columns = _columns(table.header)

    def cell(key: str) -> str:
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else ""

    name = cell("name")
    if not IDENTIFIER.fullmatch(name):
        return
    builder.row(
        table.role,
        name,
        table.first_line,
        type_=cell("type") or None,
        description=cell("description"),
        required=required_word(cell("required")) if "required" in columns else None,
    )
