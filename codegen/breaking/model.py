"""What one detected change is, and the direction logic every rule shares."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["Change", "Side", "verdict_for"]


class Side(Enum):
    """Who produces the value: the client (request) or the server (response)."""

    REQUEST = "request"
    RESPONSE = "response"
    SPEC = "spec"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions of a spec and whether it breaks existing clients."""

    side: Side
    operation: str  # the operationId ("METHOD /path" without one), "" for spec-wide changes
    where: str  # "request body application/json: TaskId", "parameter query id", ...
    rule: str  # short stable rule name, e.g. "response enum value added"
    detail: str  # old -> new, in words
    breaking: bool

    @property
    def verdict(self) -> str:
        return "BREAKING" if self.breaking else "ok"


def verdict_for(side: Side, *, narrows: bool) -> bool:
    """Whether a change that narrows (or, with ``narrows=False``, widens) the values breaks.

    Requests break when the server accepts less than before (clients send what used to be
    valid); responses break when the server may send more than before (a client generated for
    the old values may reject the new ones). The two additions that tolerant readers absorb,
    a response field and a response enum value, are judged by their own rules instead.
    """
    if side is Side.REQUEST:
        return narrows
    return not narrows
