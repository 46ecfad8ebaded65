"""Request and response examples in a document, reduced to comparable leaves.

Three shapes occur: JSON (often broken: one document lost its braces), a URL whose query
string carries the request parameters, and a curl form body (``-d 'transNo=...'``). Each
becomes an ordered list of ``(key, value)`` leaves, objects and arrays as ``"{}"``/``"[]"``,
so whitespace, indentation and line breaks never matter and a changed value or key does.
Whether an example is a request or a response comes from the nearest heading-like line above
it that says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

# a line of a JSON example: brackets alone, or a ``"key": value`` pair; a minified example has
# its opening bracket(s) and all its pairs on one line
_JSON_LINE = re.compile(r'^\s*(?:[{}\[\],]+\s*|[{\[\s]*"[^"]+"\s*:.*)$')
_PAIR = re.compile(
    r'"([^"]+)"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|\{|\[)'
)
_URL_WITH_QUERY = re.compile(r"https?://[^\s?]*\?\S+")
_FORM_BODY = re.compile(r"""-d\s+['"]([^'"]+)['"]""")
_REQUEST_WORDS = re.compile(r"请求示例|参数示例|请求参数|request example|input example", re.I)
_RESPONSE_WORDS = re.compile(r"返回示例|响应示例|返回数据|output example|response example", re.I)


@dataclass(frozen=True, slots=True)
class FoundExample:
    role: str
    form: str
    line: int  # 1-based
    leaves: list[tuple[str, Any]]


def _value(raw: str) -> Any:
    if raw == "{":
        return "{}"
    if raw == "[":
        return "[]"
    return json.loads(raw)


def json_leaves(lines: Sequence[str]) -> list[tuple[str, Any]]:
    leaves: list[tuple[str, Any]] = []
    for line in lines:
        leaves += [(m.group(1), _value(m.group(2))) for m in _PAIR.finditer(line)]
    return leaves


def value_leaves(value: Any) -> list[tuple[str, Any]]:
    """The leaves of a parsed example value, in the same shape as :func:`json_leaves`."""
    leaves: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(child, dict):
                leaves.append((str(key), "{}"))
            elif isinstance(child, list):
                leaves.append((str(key), "[]"))
            else:
                leaves.append((str(key), child))
            leaves += value_leaves(child)
    elif isinstance(value, list):
        for child in value:
            leaves += value_leaves(child)
    return leaves


def _role(lines: Sequence[str], index: int) -> str | None:
    for back in range(index - 1, -1, -1):
        if _RESPONSE_WORDS.search(lines[back]):
            return "response"
        if _REQUEST_WORDS.search(lines[back]):
            return "request"
    return None


def find_examples(lines: Sequence[str]) -> list[FoundExample]:
    """Every example in ``lines`` (normalised document lines), in document order."""
    found: list[FoundExample] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        url = _URL_WITH_QUERY.search(line)
        form = _FORM_BODY.search(line)
        if url:
            query = url.group()
            follow = index + 1
            while follow < len(lines) and (lines[follow].startswith("&") or not lines[follow]):
                query += lines[follow].strip()
                follow += 1
            pairs = parse_qsl(urlsplit(query).query, keep_blank_values=True)
            found.append(FoundExample("request", "query", index + 1, list(pairs)))
            index = follow
            continue
        if form:
            pairs = parse_qsl(form.group(1), keep_blank_values=True)
            found.append(FoundExample("request", "form", index + 1, list(pairs)))
        elif _JSON_LINE.match(line) and ('"' in line or line.strip().startswith("{")):
            end = index
            while end < len(lines) and (_JSON_LINE.match(lines[end]) or not lines[end].strip()):
                end += 1
            leaves = json_leaves(lines[index:end])
            role = _role(lines, index)
            if leaves and role:
                found.append(FoundExample(role, "json", index + 1, leaves))
            index = max(end, index + 1)
            continue
        index += 1
    return found
