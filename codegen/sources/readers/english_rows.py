"""Space-separated English rows (CDNetworks): ``transNo string Yes Transaction ID of ...``.

``Parameter Type [Required] Remarks|Description`` opens a table; a row is a name, a type
word, ``Yes``/``No`` when the table has that column, and the description. Lines such as
``2 (successful)`` under a row are values of that row; other lines directly below a row
continue its description. After a blank line the table goes on only with a row, a value, or
a line ending in ``:`` that introduces more values. ``videoInfo field details:`` and
``VideoResolutions data structure:`` nest the next table under that field. ``Error code
Description`` opens the error-code table; ``Request method POST/GET`` and ``Interface
Address /path`` give the endpoint.
"""

from __future__ import annotations

import re

from codegen.sources.model import Item
from codegen.sources.readers.base import FactsBuilder, Line
from codegen.sources.text import NAME_SEGMENT, TYPE_WORDS, required_word, value_line

_TYPES = "|".join(re.escape(t) for t in TYPE_WORDS)
_HEADER = re.compile(r"^Parameter Type (Required )?(Remarks|Description)$", re.I)
_ROW = re.compile(rf"^({NAME_SEGMENT}) ({_TYPES})(?: (.*))?$", re.I)
_CAPTION = re.compile(r"^([A-Za-z_]\w*) (?:field details|data structure|fields?)\s*:$", re.I)
_ERROR_HEADER = re.compile(r"^Error code Description$", re.I)
_ERROR_ROW = re.compile(r"^(-?\d+) (.+)$")
_METHOD = re.compile(r"^Request method (\S+)$", re.I)
_ADDRESS = re.compile(r"^Interface Address(?: (\S+))?$", re.I)
_REQUEST = re.compile(r"^Request Parameters?$", re.I)
_RESPONSE = re.compile(r"^Return Parameters?$", re.I)


def read(builder: FactsBuilder, lines: list[Line]) -> None:
    _endpoint(builder, lines)
    texts = [line.text for line in lines]
    role = "parameter"
    mode: str | None = None  # "rows" | "errors" | None
    has_required = False
    last: Item | None = None
    after_blank = False
    for index, line in enumerate(lines):
        text = line.text
        if not text:
            after_blank = mode is not None
            continue
        if _REQUEST.match(text):
            role, mode = "parameter", None
        elif _RESPONSE.match(text):
            role, mode = "field", None
        elif _CAPTION.match(text):
            mode = None
            builder.nest_under(_CAPTION.match(text).group(1))  # type: ignore[union-attr]
        elif _HEADER.match(text):
            mode, last = "rows", None
            has_required = bool(_HEADER.match(text).group(1))  # type: ignore[union-attr]
        elif _ERROR_HEADER.match(text):
            mode = "errors"
        elif mode == "errors" and _ERROR_ROW.match(text):
            match = _ERROR_ROW.match(text)
            assert match is not None
            builder.error_code(match.group(1), match.group(2), line.number)
        elif mode == "rows":
            last = _table_line(
                builder,
                text,
                number=line.number,
                role=role,
                has_required=has_required,
                last=last,
                after_blank=after_blank,
            )
            if last is None or (after_blank and not _continues(texts, index, text)):
                mode = None if last is None else mode
        else:
            mode = None
        after_blank = False


def _continues(texts: list[str], index: int, text: str) -> bool:
    if _ROW.match(text) or value_line(text):
        return True
    following = next((t for t in texts[index + 1 :] if t), "")
    return text.endswith(":") and value_line(following) is not None


def _table_line(
    builder: FactsBuilder,
    text: str,
    *,
    number: int,
    role: str,
    has_required: bool,
    last: Item | None,
    after_blank: bool,
) -> Item | None:
    """Feed one line of a table; the row it belongs to, or None when the table ended."""
    row = _ROW.match(text)
    value = value_line(text)
    if row and not value:
        rest = row.group(3) or ""
        required: bool | None = None
        if has_required:
            word, _, tail = rest.partition(" ")
            required, rest = required_word(word), tail
        first_value = value_line(rest)
        item = builder.row(
            role,
            row.group(1),
            number,
            type_=row.group(2),
            description="" if first_value else rest,
            required=required,
        )
        if first_value:
            builder.enum(item, first_value[0], first_value[1], number)
        return item
    if last is None:
        return None
    if value:
        builder.enum(last, value[0], value[1], number)
        return last
    if after_blank and not (text.endswith(":")):
        return None
    builder.describe_more(last, text)
    return last


def _endpoint(builder: FactsBuilder, lines: list[Line]) -> None:
    method: str | None = None
    path: str | None = None
    line = 1
    for item in lines:
        found = _METHOD.match(item.text)
        if found:
            method, line = found.group(1), item.number
        address = _ADDRESS.match(item.text)
        if address and address.group(1) and address.group(1).startswith("/"):
            path = address.group(1)
    builder.endpoint(method, path, line)
