"""One cell per line, no separators (Polyv): ``字段`` / ``类型`` / ``说明``, then name/type/text.

The endpoint is the URL on the line after ``接口URL`` and the method the line after
``请求方式``. A three-line header opens a table; each row is a name line, a type line and a
description line, and the table ends at the first line that is not a name followed by a type.
``error字段说明`` before a table nests its rows under ``error``; tables under
``请求参数描述`` are request parameters, those under ``响应参数描述`` response fields.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from codegen.sources.readers.base import FactsBuilder, Line
from codegen.sources.text import IDENTIFIER, is_type_word

_HEADER = (("字段", "参数", "名称"), ("类型",), ("说明", "描述"))
_CAPTION = re.compile(r"^([A-Za-z_]\w*)\s*字段说明$")
_URL = re.compile(r"^(https?://\S+)$")
_METHOD = re.compile(r"^(GET|POST|PUT|DELETE|PATCH)$", re.I)


def _is_header(texts: list[str], index: int) -> bool:
    window = texts[index : index + 3]
    return len(window) == 3 and all(w in words for w, words in zip(window, _HEADER, strict=True))


def read(builder: FactsBuilder, lines: list[Line]) -> None:
    content = [line for line in lines if line.text]
    texts = [line.text for line in content]
    _endpoint(builder, texts, content)
    role = "parameter"
    index = 0
    while index < len(content):
        text = texts[index]
        if "响应参数" in text or "返回参数" in text:
            role = "field"
        caption = _CAPTION.match(text)
        if caption:
            builder.nest_under(caption.group(1))
        if not _is_header(texts, index):
            index += 1
            continue
        index += 3
        while (
            index + 2 < len(content)
            and IDENTIFIER.fullmatch(texts[index])
            and is_type_word(texts[index + 1])
        ):
            builder.row(
                role,
                texts[index],
                content[index].number,
                type_=texts[index + 1],
                description=texts[index + 2],
            )
            index += 3


def _endpoint(builder: FactsBuilder, texts: list[str], content: list[Line]) -> None:
    path: str | None = None
    method: str | None = None
    line = 1
    for index, text in enumerate(texts[:-1]):
        following = texts[index + 1]
        if text.startswith("接口URL") and _URL.match(following):
            path, line = urlsplit(following).path, content[index + 1].number
        elif text.startswith("请求方式") and _METHOD.match(following):
            method = following
    builder.endpoint(method, path, line)
