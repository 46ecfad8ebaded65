"""What a caller hands the runtime — base URLs and task ids — checked before any request.

A problem is a :class:`~mediatasks.errors.ConfigurationError` naming the input with at most
64 of its characters (:func:`~mediatasks.errors.quote_input`), never a raw ``httpx.InvalidURL``
or ``UnicodeEncodeError`` from deep inside a send. The CLI uses the same checks and turns them
into usage errors (exit 2).
"""

from __future__ import annotations

from typing import Final

import httpx

from mediatasks.errors import ConfigurationError, excerpt, quote_input

__all__ = [
    "INT64_MAX",
    "MAX_ID_LENGTH",
    "base_url_problem",
    "check_base_url",
    "check_decimal_id",
    "check_task_id",
]

#: longer than any vendor's id (ZEGO 16, CDNetworks 32, Polyv 32, 123pan 19 digits)
MAX_ID_LENGTH: Final = 256
INT64_MAX: Final = 2**63 - 1


def base_url_problem(text: str) -> str | None:
    """Why ``text`` cannot be a base URL (None when it can)."""
    if not isinstance(text, str):
        return f"{quote_input(text)} is not a string"
    shown = quote_input(text)
    if not text.strip():
        return "is empty; give the host, e.g. http://127.0.0.1:8765/zego"
    if any(ch.isspace() or not ch.isprintable() for ch in text):
        return f"{shown} contains a space or a control character"
    if "://" not in text:
        hint = f"; did you mean http://{text.lstrip('/')} ?" if len(text) <= 64 else ""
        return f"{shown} has no scheme{hint}"
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as exc:
        return f"{shown} is not a URL: {excerpt(str(exc), 120)}"
    checks = (
        (
            url.scheme not in ("http", "https"),
            f"has scheme {url.scheme!r}; use http:// or https://",
        ),
        (not url.host, "has no host"),
        (url.port is not None and not 0 < url.port < 65536, "has a port outside 1-65535"),
        (bool(url.userinfo), "carries user:password@; credentials come from the environment"),
        (
            bool(url.query or url.fragment) or "?" in text or "#" in text,
            "carries a query or fragment; give the base URL only",
        ),
    )
    return next((f"{shown} {why}" for failed, why in checks if failed), None)


def check_base_url(vendor: str, text: str, source: str = "base_url") -> str:
    """``text`` when it is a usable base URL, else ConfigurationError naming ``source``."""
    problem = base_url_problem(text)
    if problem is not None:
        raise ConfigurationError(f"{vendor}: {source} {problem}")
    return text


def check_task_id(vendor: str, task_id: object) -> str:
    """A task id every vendor can be sent: a non-empty string of at most
    :data:`MAX_ID_LENGTH` printable characters without spaces, encodable as UTF-8."""
    if not isinstance(task_id, str):
        raise ConfigurationError(
            f"{vendor}: a task id is a string, got {type(task_id).__name__} {quote_input(task_id)}"
        )
    if not task_id:
        raise ConfigurationError(f"{vendor}: the task id is empty")
    if len(task_id) > MAX_ID_LENGTH:
        raise ConfigurationError(
            f"{vendor}: task id {quote_input(task_id)} is longer than {MAX_ID_LENGTH} characters"
        )
    try:
        task_id.encode("utf-8")
    except UnicodeEncodeError:
        raise ConfigurationError(
            f"{vendor}: task id {quote_input(task_id)} holds a lone surrogate, which no request "
            "can carry"
        ) from None
    # Every whitespace character but the space is also not printable: one pass in C.
    if not task_id.isprintable() or " " in task_id:
        raise ConfigurationError(
            f"{vendor}: task id {quote_input(task_id)} contains a space or control character"
        )
    return task_id


def check_decimal_id(vendor: str, task_id: str, what: str) -> int:
    """A positive int64 written in ASCII decimal digits only (no sign, space, ``_`` or other
    scripts' digits, all of which ``int()`` would accept)."""
    shown = quote_input(task_id)
    if not (task_id.isascii() and task_id.isdigit()):
        raise ConfigurationError(f"{vendor}: {what} are ASCII decimal integers, got {shown}")
    value = int(task_id)
    if not 0 < value <= INT64_MAX:
        raise ConfigurationError(f"{vendor}: {what} are from 1 to {INT64_MAX}, got {shown}")
    return value
