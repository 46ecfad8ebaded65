"""What the sandbox tells a hand-signer when a signature does not match.

The vendors answer a bad signature with one code and no detail. The sandbox says more, without
ever showing a secret: the string it signed (the secret replaced by a placeholder such as
``<ServerSecret>``), the inputs it read from the request, the signature it expected, and — when
one of the usual mistakes reproduces the signature that came in (wrong case, the secret left
out, a path without the sandbox prefix, ...) — which input differed. The diagnosis is logged on
every mismatch and, with ``--explain``, returned in the ``X-Sandbox-Explain`` header.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

__all__ = [
    "EXPLAIN_HEADER",
    "NO_MATCH",
    "Diagnosis",
    "Mistake",
    "explain_header",
    "first_match",
    "log_refusal",
    "md5_hex",
    "redact",
]

EXPLAIN_HEADER: Final = "X-Sandbox-Explain"
log = logging.getLogger("mediatasks.sandbox.auth")

#: A usual mistake: what it is, and the signature a client making it would have sent.
Mistake = tuple[str, Callable[[], str]]

NO_MATCH: Final = (
    "no single usual mistake reproduces the signature sent: compare your string to sign with "
    "the expected one, character by character"
)


def md5_hex(text: str) -> str:
    """Lower-case MD5 hex of ``text`` (UTF-8): for a usual mistake that breaks a signing rule
    itself (a wrong order, a wrong join), which the vendor's signer cannot be asked for."""
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def redact(text: str, secret: str, placeholder: str) -> str:
    """``text`` with every occurrence of ``secret`` replaced (a no-op for an empty secret)."""
    return text.replace(secret, placeholder) if secret else text


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Why a signature did not match; every field is safe to show (no secret)."""

    vendor: str
    string_to_sign: str
    inputs: tuple[tuple[str, str], ...]
    received: str
    expected: str
    differed: str

    def as_dict(self) -> dict[str, object]:
        return {
            "vendor": self.vendor,
            "expected_string_to_sign": self.string_to_sign,
            "inputs": dict(self.inputs),
            "received_signature": self.received,
            "expected_signature": self.expected,
            "differed": self.differed,
        }

    def log_text(self) -> str:
        inputs = "\n".join(f"    {name} = {value!r}" for name, value in self.inputs)
        return (
            f"{self.vendor}: signature does not match\n"
            f"  expected string to sign: {self.string_to_sign!r}\n"
            f"  inputs read from the request:\n{inputs}\n"
            f"  signature received: {self.received!r}, expected: {self.expected!r}\n"
            f"  what differed: {self.differed}"
        )

    @classmethod
    def build(
        cls,
        vendor: str,
        *,
        secret: str,
        placeholder: str,
        string_to_sign: str,
        inputs: Iterable[tuple[str, str]],
        received: str,
        expected: str,
        mistakes: Iterable[Mistake],
        same: Callable[[str, str], bool] | None = None,
        problem: str | None = None,
    ) -> Diagnosis:
        """Redact the secret everywhere; ``differed`` is the first mistake that reproduces
        ``received``, else ``problem`` (a signature of the wrong shape), else :data:`NO_MATCH`."""
        differed = first_match(received, mistakes, same) or problem or NO_MATCH
        return cls(
            vendor=vendor,
            string_to_sign=redact(string_to_sign, secret, placeholder),
            inputs=tuple((name, redact(value, secret, placeholder)) for name, value in inputs),
            received=redact(received, secret, placeholder),
            expected=expected,
            differed=redact(differed, secret, placeholder),
        )


def first_match(
    received: str, mistakes: Iterable[Mistake], same: Callable[[str, str], bool] | None = None
) -> str | None:
    """The description of the first mistake whose signature equals ``received``."""
    equal = same or (lambda a, b: a == b)
    for what, signature in mistakes:
        if equal(signature(), received):
            return what
    return None


def explain_header(reason: str, diagnosis: Diagnosis | None) -> dict[str, str]:
    """The debug header: JSON in ASCII (header values cannot carry line feeds or UTF-8)."""
    body: dict[str, object] = {"reason": reason}
    if diagnosis is not None:
        body.update(diagnosis.as_dict())
    return {EXPLAIN_HEADER: json.dumps(body, ensure_ascii=True, separators=(",", ":"))}


def log_refusal(vendor: str, operation_id: str, reason: str, diagnosis: Diagnosis | None) -> None:
    """A signature mismatch is a WARNING with the whole diagnosis; other refusals are INFO."""
    if diagnosis is not None:
        log.warning("%s %s refused: %s", vendor, operation_id, diagnosis.log_text())
    else:
        log.info("%s %s refused: %s", vendor, operation_id, reason)
