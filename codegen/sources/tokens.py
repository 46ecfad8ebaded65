"""Extract identifier-shaped tokens from a vendor document (Markdown, HTML-to-text, Chinese).

The documents are loose text: tables flattened into lines, JSON examples, code samples, URLs.
The rules below pick what could name an API element, in this order (each match is blanked
before the next rule runs, so a URL's host or a path's segments never count as names):

1. **URLs** (``http(s)://`` up to whitespace or a non-ASCII character): the path becomes a
   ``path`` token (``/`` when empty); each query parameter name, and each query value that is
   itself name-shaped (rule 3), becomes a token. Hosts are not tokens.
2. **Paths** written on their own (``POST /transcoding/api/create-transcode``): a ``/`` not
   preceded by a letter, digit, ``/``, ``.``, ``:``, ``<`` or ``-``, then ``/``-separated
   segments of ``[A-Za-z0-9_.~{}-]``. ``application/json`` is not a path (the ``/`` follows
   a letter).
3. **Names**: ASCII runs ``[A-Za-z_][A-Za-z0-9_]*`` joined by single hyphens (``x-traceID``),
   not glued to a letter, digit or underscore on either side, at least 2 characters. This
   catches camelCase, snake_case, PascalCase and UPPER words alike; dots split
   (``results.id`` gives ``results`` and ``id``). Chinese text around a name is a boundary
   (``鉴权access_token`` gives ``access_token``). Names with 4 or more digits are dropped as
   opaque example values (trace ids, hashes, file names with timestamps).
4. **Numeric codes** where tables and value lists put them: a (possibly negative) integer at
   the start of a line or of a ``|`` cell, not followed by a digit, ``.``, ``:``, ``/`` or
   ``-`` (``1560 Video is being processed``, ``-1默认值``); an integer followed by ``:`` or
   ``：`` and then no digit (``1: 360p``, ``255：转码成功``, but not ``13:19:33``); both ends of a
   range so written (``3-254：``); an integer followed by `` (`` and a letter
   (``1 (processing)``). Numbers inside JSON examples are values, not codes, and are skipped.

Which tokens are API identifiers is then decided by ``inventory.yaml`` (``identifiers``);
everything else the rules find belongs in its ``ignored-tokens``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

_URL = re.compile(r"https?://[!-~]+")
_URL_TRAILING = ".,;:!?)]}>'\""
_PATH = re.compile(r"(?<![A-Za-z0-9_/.:~<-])/[A-Za-z0-9_.~{}-]+(?:/[A-Za-z0-9_.~{}-]+)*/?")
_NAME = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*(?![A-Za-z0-9_])")
_NAME_ONLY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*$")
_NUMBER_AT_LINE = re.compile(r"^[ \t]*(?:\|[ \t]*)?(-?\d+)(?![\d.:/-])", re.MULTILINE)
_NUMBER_IN_CELL = re.compile(r"\|[ \t]*(-?\d+)[ \t]*(?=\|)")
_NUMBER_COLON = re.compile(r"(?<![\w.:-])(-?\d+)[ \t]*[:：](?![ \t]*\d)")
_NUMBER_RANGE = re.compile(r"(?<![\w.:-])(\d+)-(\d+)[ \t]*[:：]")
_NUMBER_PAREN = re.compile(r"(?<![\w.-])(-?\d+) \((?=[A-Za-z])")
_MAX_DIGITS = 3
_WORD_CHAR = re.compile(r"[A-Za-z0-9_]")


def _url_tokens(url: str) -> set[str]:
    parts = urlsplit(url)
    found = {parts.path or "/"}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        for candidate in (key, value):
            if _NAME_ONLY.match(candidate) and _keep_name(candidate):
                found.add(candidate)
    return found


def _keep_name(name: str) -> bool:
    return len(name) >= 2 and sum(ch.isdigit() for ch in name) <= _MAX_DIGITS


def _blank(text: str, match: re.Match[str]) -> str:
    start, end = match.span()
    return text[:start] + " " * (end - start) + text[end:]


def extract_tokens(text: str) -> set[str]:
    """Every identifier-shaped token of ``text``, by the rules of this module's docstring."""
    tokens: set[str] = set()
    for match in list(_URL.finditer(text)):
        url = match.group().rstrip(_URL_TRAILING)
        tokens |= _url_tokens(url)
        text = text[: match.start()] + " " * len(url) + text[match.start() + len(url) :]
    for match in list(_PATH.finditer(text)):
        tokens.add(match.group())
        text = _blank(text, match)
    tokens |= {m.group() for m in _NAME.finditer(text) if _keep_name(m.group())}
    without_json = _strip_json_values(text)
    for pattern in (_NUMBER_AT_LINE, _NUMBER_IN_CELL, _NUMBER_COLON, _NUMBER_PAREN):
        tokens |= {m.group(1) for m in pattern.finditer(without_json)}
    for match in _NUMBER_RANGE.finditer(without_json):
        tokens |= {match.group(1), match.group(2)}
    return tokens


_JSON_PAIR = re.compile(r"\"[^\"\n]*\"[ \t]*:[ \t]*[^,\n}\]]*")


def _strip_json_values(text: str) -> str:
    """Blank ``"key": value`` pairs so numbers in JSON examples never look like codes."""
    return _JSON_PAIR.sub(lambda m: " " * len(m.group()), text)


def mentions(text: str, identifier: str) -> bool:
    """Whether ``identifier`` occurs in ``text`` as a whole token (not inside a longer name)."""
    if not identifier:
        return False
    # A boundary is needed only where the identifier itself starts or ends with a name
    # character: ``/v3/video/get`` is mentioned in ``http://api.polyv.net/v3/video/get``.
    before = "(?<![A-Za-z0-9_])" if _WORD_CHAR.match(identifier[0]) else ""
    after = "(?![A-Za-z0-9_])" if _WORD_CHAR.match(identifier[-1]) else ""
    return re.search(before + re.escape(identifier) + after, text) is not None


def category(token: str) -> str:
    """``path``, ``number``, ``upper`` (ALL_CAPS words) or ``name``: for grouping reports."""
    if token.startswith("/"):
        return "path"
    if re.fullmatch(r"-?\d+", token):
        return "number"
    if re.fullmatch(r"[A-Z][A-Z0-9_]*", token):
        return "upper"
    return "name"
