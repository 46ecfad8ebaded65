"""Keep generated data out of the gap between ECMA-262 and Python regular expressions.

JSON Schema patterns are ECMA-262, and Schemathesis generates by ECMA rules. The sandbox
validates with Python's ``re``, whose ``\\s`` also matches U+001C..U+001F and U+0085 (and
whose ``\\S`` matches U+FEFF). A generated "valid" ``origin_url`` such as ``http://a\\x1d`` is
then refused by the sandbox, a difference of regex engines rather than of the contract.

Until the specs stop using ``\\s``/``\\S`` in patterns (or the sandbox validates by ECMA rules),
these filters drop generated bodies and queries holding one of those characters. The
coverage phase does not run filter hooks; it does not produce these characters either.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["DIVERGENT_CHARACTERS", "install_filters", "mentions_divergent_character"]

DIVERGENT_CHARACTERS: Final = frozenset("\x1c\x1d\x1e\x1f\x85\ufeff")


def mentions_divergent_character(value: Any) -> bool:
    if isinstance(value, str):
        return not DIVERGENT_CHARACTERS.isdisjoint(value)
    if isinstance(value, dict):
        return any(mentions_divergent_character(v) for v in value.values())
    if isinstance(value, list):
        return any(mentions_divergent_character(v) for v in value)
    return False


def install_filters(schema: Any) -> None:
    """Register ``filter_body``/``filter_query`` hooks on one Schemathesis schema."""

    @schema.hook("filter_body")  # type: ignore[untyped-decorator]
    def no_divergent_body(context: Any, body: Any) -> bool:
        return not mentions_divergent_character(body)

    @schema.hook("filter_query")  # type: ignore[untyped-decorator]
    def no_divergent_query(context: Any, query: Any) -> bool:
        return not mentions_divergent_character(query)
