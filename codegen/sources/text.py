"""Text rules shared by every reader: normalisation, attributes read from descriptions, enums.

Readers work on *normalised* lines: NFKC (so full-width ``，：（）`` become ``,:()``), curly
quotes made straight, HTML tags and Markdown emphasis removed, runs of whitespace collapsed.
Units, defaults and constraints are read from description text where the documents put them
(``单位:ms``, ``默认 15``, ``in bits``, ``less than or equal to 32``); enum values from the
value lists written inside descriptions (``1:准备转码 2:正在转码中``, ``INIT-初始化``).
"""

from __future__ import annotations

import re
import unicodedata

from codegen.sources.model import Constraint

_TAG = re.compile(r"<[^>]+>")
_EMPHASIS = re.compile(r"\*\*|__|`")
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "、": ","})
#: Invisible characters pasted in from web pages: zero-width spaces and joiners, word joiner,
#: byte-order mark, soft hyphen. They never carry a fact, so they are dropped.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalise(text: str) -> str:
    """One line of document text as the readers see it."""
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).translate(_QUOTES)
    text = _EMPHASIS.sub("", _TAG.sub("", text))
    return _SPACES.sub(" ", text).strip()


#: A parameter or field name; dots nest, inner hyphens occur in header names (``X-Request-Id``).
NAME_SEGMENT = r"[A-Za-z_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?"
IDENTIFIER = re.compile(rf"{NAME_SEGMENT}(?:\.{NAME_SEGMENT})*")

#: Type words the documents use, lower-cased; longest first so suffix matching is greedy.
TYPE_WORDS = (
    "array of object",
    "object[]",
    "string[]",
    "object array",
    "array of string",
    "string array",
    "datetime",
    "boolean",
    "integer",
    "string",
    "object",
    "double",
    "number",
    "int64",
    "int32",
    "float",
    "array",
    "long",
    "enum",
    "bool",
    "list",
    "date",
    "json",
    "int",
    "obj",
    "map",
)


def is_type_word(text: str) -> bool:
    return text.strip().lower() in TYPE_WORDS


#: Spellings of one type: ``Int``/``Integer``/``int32`` are one type, ``Long``/``Int64``
#: another (a different width); ``number``, ``float`` and ``double`` stay distinct.
_TYPE_SYNONYMS = {
    "int": "int32",
    "integer": "int32",
    "long": "int64",
    "bool": "boolean",
    "obj": "object",
    "object array": "array of object",
    "object[]": "array of object",
    "string array": "array of string",
    "string[]": "array of string",
    "list": "array",
}


def canonical_type(text: str | None) -> str | None:
    """The type a type word names, so that a synonym is no type change."""
    if not text:
        return text
    word = " ".join(normalise(text).lower().split())
    return _TYPE_SYNONYMS.get(word, word)


_ANY_JSON = frozenset({"string", "integer", "number", "boolean", "object", "array"})
#: The JSON Schema types each canonical type word allows (keys: :func:`canonical_type`).
_JSON_TYPES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("string", "date", "datetime"), frozenset({"string"})),
    **dict.fromkeys(("int32", "int64"), frozenset({"integer"})),
    **dict.fromkeys(("number", "float", "double"), frozenset({"number", "integer"})),
    "boolean": frozenset({"boolean"}),
    **dict.fromkeys(("object", "map", "json"), frozenset({"object"})),
    **dict.fromkeys(("array", "array of object", "array of string"), frozenset({"array"})),
    "enum": _ANY_JSON,
}


def json_types(doc_type: str | None) -> frozenset[str] | None:
    """The JSON Schema types a document type word allows (None when the word is unknown)."""
    canonical = canonical_type(doc_type)
    return _JSON_TYPES.get(canonical) if canonical else None


def required_word(text: str) -> bool | None:
    """必填/是/Yes -> True, 选填/否/No -> False, anything else None."""
    word = normalise(text).lower()
    if word in {"必填", "必选", "是", "yes", "y", "true", "required", "mandatory"}:
        return True
    if word in {"选填", "可选", "否", "no", "n", "false", "optional"}:
        return False
    return None


# --- attributes in descriptions -----------------------------------------------------------

_UNIT_WORDS = {
    "ms": "ms",
    "毫秒": "ms",
    "milliseconds": "ms",
    "millisecond": "ms",
    "s": "s",
    "秒": "s",
    "seconds": "s",
    "second": "s",
    "字节": "bytes",
    "byte": "bytes",
    "bytes": "bytes",
    "bit": "bits",
    "bits": "bits",
    "kb": "KB",
    "kilobytes": "KB",
    "mb": "MB",
    "megabytes": "MB",
    "像素": "px",
    "pixel": "px",
    "pixels": "px",
    "px": "px",
    "分钟": "min",
    "minutes": "min",
}
_UNIT_ALTERNATIVES = "|".join(sorted(map(re.escape, _UNIT_WORDS), key=len, reverse=True))
# a unit alone in parentheses, ``时长(秒)`` / ``size (KB)``; not a bare ``s`` (``file(s)``)
_PAREN_UNITS = "|".join(
    sorted((re.escape(w) for w in _UNIT_WORDS if w != "s"), key=len, reverse=True)
)
_UNIT_PATTERNS = (
    re.compile(rf"单位\s*[:为是]?\s*({_UNIT_ALTERNATIVES})(?![A-Za-z])", re.IGNORECASE),
    re.compile(r"(毫秒|秒)\s*级\s*时间戳"),
    re.compile(rf"以\s*({_UNIT_ALTERNATIVES})\s*为单位", re.IGNORECASE),
    re.compile(rf"\b(?:in|unit\s*:?)\s*({_UNIT_ALTERNATIVES})\b", re.IGNORECASE),
    re.compile(rf"\(\s*({_PAREN_UNITS})\s*\)", re.IGNORECASE),
)


def unit_of(description: str) -> str | None:
    for pattern in _UNIT_PATTERNS:
        match = pattern.search(description)
        if match:
            return _UNIT_WORDS[match.group(1).lower()]
    return None


_DEFAULT_PATTERNS = (
    re.compile(r"(?:默认|缺省)值?\s*(?:为|是)?\s*:?\s*([^\s,;()。]+)"),
    re.compile(r"\bdefault(?:s|\s+value)?\s*(?:(?:is|to)\b|[:=])?\s*([^\s,;()]+)", re.IGNORECASE),
)


def default_of(description: str) -> str | None:
    """``默认 15``, ``默认值为 X``, ``缺省为 X``, ``default: X``, ``Default value is X``."""
    for pattern in _DEFAULT_PATTERNS:
        match = pattern.search(description)
        if match:
            return match.group(1).rstrip(".。")
    return None


_NOT_A_SPAN = r"(?!\s*(?:-|~|to)\s*\d)"
_LENGTH_FIXED = re.compile(
    rf"(?:长度固定为|固定长度\s*为?|长度为)\s*(\d+){_NOT_A_SPAN}"
    r"|(?:length (?:is )?(?:fixed at|exactly)|fixed length(?: of)?) (\d+)",
    re.IGNORECASE,
)
_LENGTH_MAX = re.compile(
    r"(?:less than or equal to|at most|no more than|up to|不超过|最多|最长|最大长度\s*为?"
    r"|最大值?\s*为?|\bmax(?:imum)?(?: length| value)?(?: is| of)?\s*:?|<=|≤)\s*(\d+)",
    re.IGNORECASE,
)
_LENGTH_MIN = re.compile(
    r"(?:greater than or equal to|at least|不少于|最少|最短|最小长度\s*为?"
    r"|最小值?\s*为?|\bmin(?:imum)?(?: length| value)?(?: is| of)?\s*:?|>=|≥)\s*(\d+)",
    re.IGNORECASE,
)
# a length span without parentheses: ``长度 1-64``, ``1-64 characters``, ``1~64 个字符``
_LENGTH_SPAN = re.compile(
    r"(?:长度|length)\s*(?:为|is|of|:)?\s*(\d+)\s*(?:-|~|to)\s*(\d+)"
    r"|(\d+)\s*(?:-|~|to)\s*(\d+)\s*(?:个)?\s*(?:characters?|charaters?|字符|字节|bytes?)",
    re.IGNORECASE,
)
_RANGE = re.compile(r"\((-?\d+(?:\.\d+)?)\s*(?:-|~|to)\s*(-?\d+(?:\.\d+)?)\)")
_CONST = re.compile(r"(?<!长度)固定为\s*:?\s*([A-Za-z0-9_.-]+)")
_LENGTHY = re.compile(r"length|长度|字符|characters?|charaters?|字节", re.IGNORECASE)


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def constraints_of(description: str) -> dict[str, Constraint]:
    found: dict[str, Constraint] = {}
    fixed = _LENGTH_FIXED.search(description)
    if fixed:
        found["length"] = int(fixed.group(1) or fixed.group(2))
    lengthy = bool(_LENGTHY.search(description))
    span = _LENGTH_SPAN.search(description)
    if span and not fixed:
        low, high = (g for g in span.groups() if g is not None)
        found["min-length"], found["max-length"] = int(low), int(high)
    for pattern, length_key, value_key in (
        (_LENGTH_MAX, "max-length", "maximum"),
        (_LENGTH_MIN, "min-length", "minimum"),
    ):
        match = pattern.search(description)
        if match and not fixed and not span:
            found[length_key if lengthy else value_key] = int(match.group(1))
    values = _RANGE.search(description)
    if values:
        found["minimum"] = _number(values.group(1))
        found["maximum"] = _number(values.group(2))
    const = _CONST.search(description)
    if const:
        found["const"] = const.group(1)
    return found


# --- enum values written inside descriptions -----------------------------------------------

_CODE_MARK = re.compile(r"(?<![\d.:-])(-?\d+(?:-\d+)?)\s*:(?!\d{2}:)")
_NAME_MARK = re.compile(r"(?<![A-Za-z0-9_])([A-Z][A-Z0-9_]*)\s*-\s*(?=[^\s,)-])")
_MEANS = re.compile(r"(?<![\d.])(\d+)\s*为\s*([^\s,.;)]+)")
_PAREN_VALUE = re.compile(r"^(-?\d+)\s*\((.+)\)$")
_COLON_VALUE = re.compile(r"^(-?\d+)\s*[:=]\s*(?!\d{2}:)(\S.*)$")


def _split_marks(text: str, marks: list[re.Match[str]]) -> list[tuple[str, str]]:
    pairs = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        meaning = text[mark.end() : end].strip().strip(",;").strip()
        if meaning.endswith(")") and meaning.count("(") < meaning.count(")"):
            meaning = meaning[:-1].strip()
        pairs.append((mark.group(1), meaning))
    return pairs


def enum_values_in(description: str) -> list[tuple[str, str]]:
    """``(value, meaning)`` pairs a description lists, in order; [] when it lists none."""
    single = _PAREN_VALUE.match(description)
    if single:
        return [(single.group(1), single.group(2).strip())]
    codes = list(_CODE_MARK.finditer(description))
    if len(codes) >= 2:
        return _split_marks(description, codes)
    names = list(_NAME_MARK.finditer(description))
    if len(names) >= 2:
        return _split_marks(description, names)
    return [(m.group(1), m.group(2)) for m in _MEANS.finditer(description)]


def value_line(line: str) -> tuple[str, str] | None:
    """``1 (processing)`` or ``1: processing`` on a line of its own: an enum value of the row
    above."""
    match = _PAREN_VALUE.match(line) or _COLON_VALUE.match(line)
    return (match.group(1), match.group(2).strip()) if match else None
