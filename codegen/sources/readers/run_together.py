"""Columns run together without separators (MYun): ``origin_url转码源文件URLstring``.

A row is the field name (leading ASCII identifier, dots for nesting), an optional
parenthesis of flags (``(可选,默认原片)``), the description, and a type word glued to the
end. ``POST /path`` lines open an endpoint (the line above is its title); ``JSON 参数`` and
``URL 参数`` open body and query parameter tables, ``返回字段`` the response table, and
``status 取值如下`` a value table (``-1默认值``, ``0等待转码``) of that field.
"""

from __future__ import annotations

import re

from codegen.sources.readers.base import FactsBuilder, Line
from codegen.sources.text import IDENTIFIER, TYPE_WORDS, default_of, required_word

_ENDPOINT = re.compile(r"^(GET|POST|PUT|DELETE|PATCH)\s+(/\S+)$")
_NAME = re.compile(rf"^({IDENTIFIER.pattern})(.*)$")
_FLAGS = re.compile(r"^\(([^)]*)\)")
_VALUES_TABLE = re.compile(r"^([A-Za-z_][\w.]*)\s*取值(?:如下)?\s*:?$")
_VALUE_ROW = re.compile(r"^(-?\d+)\s*(\D.*)$")
_SECTIONS = {"json 参数": "body", "body 参数": "body", "url 参数": "query", "返回字段": "response"}
_TABLE_HEADER = "参数描述取值"


def _split_type(rest: str) -> tuple[str, str] | None:
    lower = rest.lower()
    for word in TYPE_WORDS:
        if lower.endswith(word):
            return rest[: len(rest) - len(word)].strip(), rest[len(rest) - len(word) :]
    return None


def read(builder: FactsBuilder, lines: list[Line]) -> None:
    section: str | None = None
    in_table = False
    values_of: str | None = None
    previous = ""
    for line in lines:
        text = line.text
        endpoint = _ENDPOINT.match(text)
        if endpoint:
            builder.endpoint(endpoint.group(1), endpoint.group(2), line.number, previous)
            section, in_table, values_of = None, False, None
        elif text.lower() in _SECTIONS:
            section, in_table, values_of = _SECTIONS[text.lower()], False, None
        elif text.replace(" ", "") == _TABLE_HEADER:
            in_table = section is not None
        elif _VALUES_TABLE.match(text):
            values_of = _VALUES_TABLE.match(text).group(1)  # type: ignore[union-attr]
            in_table = False
        elif values_of and _VALUE_ROW.match(text):
            match = _VALUE_ROW.match(text)
            assert match is not None
            meaning = match.group(2).lstrip(":= ")  # ``0等待转码`` or ``0: 等待转码``
            _value_row(builder, values_of, match.group(1), meaning, line.number)
        elif in_table and section and text:
            if not _row(builder, section, text, line.number):
                in_table = False
        elif text and text != "描述":
            values_of = None if not _VALUE_ROW.match(text) else values_of
        if text:
            previous = text


def _value_row(builder: FactsBuilder, field: str, value: str, meaning: str, n: int) -> None:
    """A row of a value table; the field it names may only come later in the page."""
    builder.pending_values.append((builder.current, field, value, meaning, n))


def _row(builder: FactsBuilder, section: str, text: str, n: int) -> bool:
    named = _NAME.match(text)
    if not named:
        return False
    name, rest = named.group(1), named.group(2).strip()
    required: bool | None = None
    default: str | None = None
    flags = _FLAGS.match(rest)
    if flags:
        for flag in (f.strip() for f in flags.group(1).split(",")):
            if required_word(flag) is not None:
                required = required_word(flag)
            elif default_of(flag) is not None:
                default = default_of(flag)
        rest = rest[flags.end() :].strip()
    typed = _split_type(rest)
    if typed is None:
        return False
    description, type_ = typed
    role = "field" if section == "response" else "parameter"
    builder.row(
        role,
        name,
        n,
        type_=type_,
        description=description,
        required=required,
        location=section,
        default=default,
    )
    return True
