"""Put the vendor contract where readers look: into the ``description`` texts of a bundle.

:func:`render_contract` returns a new document (the input is not changed) in which

* ``info.description`` ends with the whole contract (:mod:`codegen.publish.contract_sections`):
  envelope, error codes, signing with every test vector, rate limits, departures — Redoc turns
  its headings into menu entries and server-renders it into the page;
* every operation's description ends with the table of the error codes it can answer;
* every signing security scheme's description points at its signing section;
* every node that departs from the vendor's document (a schema, a property, a parameter, an
  operation, a server) says so in its own description;
* mentions of ``x-signing``, ``x-envelope`` and friends in existing texts link to the section
  that now shows them.

Pure: same spec in, same document out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from codegen.publish.contract_sections import (
    CONTRACT_HEADING,
    SECTIONS,
    aspects_of,
    contract_markdown,
    error_codes_table,
)
from codegen.publish.markdown import link
from codegen.spec_checks.spec_walk import operations

__all__ = ["render_contract", "section_anchor"]

_MENTION: Final = re.compile(
    r"`(x-envelope\.error-codes|x-envelope|x-signing|x-rate-limits|x-departures|x-error-codes)`"
)
_MENTIONED_SECTION: Final[Mapping[str, str]] = {
    "x-envelope.error-codes": "error-codes",
    "x-error-codes": "error-codes",
    "x-envelope": "envelope",
    "x-signing": "signing",
    "x-rate-limits": "rate-limits",
    "x-departures": "departures",
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def section_anchor(key: str) -> str:
    """The URL fragment Redoc gives a contract section (``#section/vendor-contract/...``)."""
    return f"#section/{_slug(CONTRACT_HEADING)}/{_slug(SECTIONS[key])}"


def _append(node: dict[str, Any], text: str) -> None:
    current = str(node.get("description") or "").rstrip()
    node["description"] = f"{current}\n\n{text}\n" if current else f"{text}\n"


def _link_mentions(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        key = _MENTIONED_SECTION[match.group(1)]
        return f"{match.group(0)} ({link(SECTIONS[key], section_anchor(key))})"

    return _MENTION.sub(replace, text)


def _walk(node: Any, inside_extension: bool = False) -> Iterator[tuple[dict[str, Any], bool]]:
    """Every mapping, and whether it sits inside an ``x-`` extension (not a reader's node)."""
    if isinstance(node, dict):
        yield node, inside_extension
        for key, child in node.items():
            yield from _walk(child, inside_extension or str(key).startswith("x-"))
    elif isinstance(node, list):
        for child in node:
            yield from _walk(child, inside_extension)


def _aspects_in_brackets(entry: Mapping[str, Any]) -> str:
    """`` (type, unit)``: which facts of the document the departure overrides, if it says."""
    aspects = aspects_of(entry)
    return f" ({aspects})" if aspects else ""


def _departure_note(entries: list[Any]) -> str:
    notes = []
    for entry in entries:
        if isinstance(entry, Mapping):
            notes.append(
                f"Departs from the vendor's document{_aspects_in_brackets(entry)}: "
                f"{entry.get('spec', '')} "
                f"(the document: {entry.get('document', '')}) — {entry.get('reason', '')}"
            )
    return "\n\n".join(" ".join(note.split()) for note in notes)


def _operation_codes(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> str:
    own = [e for e in operation.get("x-error-codes") or [] if isinstance(e, Mapping)]
    general = [
        e for e in (spec.get("x-envelope") or {}).get("error-codes") or [] if isinstance(e, Mapping)
    ]
    anchor = link(SECTIONS["error-codes"], section_anchor("error-codes"))
    intro = (
        f"**Error codes this operation can answer** ({len(own)} of its own first, then the "
        f"{len(general)} vendor-wide ones; the envelope and kinds are explained in {anchor}):"
    )
    return f"{intro}\n\n{error_codes_table([*own, *general])}"


def render_contract(
    bundle: Mapping[str, Any], facts: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A copy of ``bundle`` with the contract rendered into its descriptions.

    ``facts`` is the spec the contract sections are read from (the source spec, whose schemas
    are not yet inlined, so each departure is listed once); default: ``bundle`` itself.
    """
    document: dict[str, Any] = json.loads(json.dumps(bundle))  # a fresh tree, nothing shared
    spec = facts if facts is not None else bundle
    for node, inside_extension in _walk(document):
        if isinstance(node.get("description"), str):
            node["description"] = _link_mentions(node["description"])
        entries = node.get("x-departures")
        if isinstance(entries, list) and entries and not inside_extension and node is not document:
            _append(node, _departure_note(entries))
    for op in operations(document):
        if isinstance(op.operation, dict):  # always: ``document`` is a fresh JSON tree
            _append(op.operation, _operation_codes(spec, op.operation))
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    for scheme in schemes.values():
        if isinstance(scheme, dict) and isinstance(scheme.get("x-signing"), Mapping):
            algorithm = scheme["x-signing"].get("algorithm", "")
            _append(
                scheme,
                f"How to compute it, step by step with test vectors: {algorithm} in "
                f"{link(SECTIONS['signing'], section_anchor('signing'))}.",
            )
    info = document.setdefault("info", {})
    _append(info, contract_markdown(spec).rstrip())
    return document
