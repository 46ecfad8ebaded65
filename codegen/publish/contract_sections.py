"""The vendor contract as Markdown, rendered from a spec's ``x-`` extensions.

Redoc and Swagger UI show ``description`` text but no ``x-`` key, so the facts an other-language
team needs most — the envelope, every error code, the signing steps and test vectors, the rate
limits, the departures from the document — are rendered here into sections of the API
description. Every function is pure: a spec (a dict, as loaded) in, Markdown text out. The
facts stay in the ``x-`` extensions; this is only their reading.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from codegen.publish.contract_signing import as_list as _list
from codegen.publish.contract_signing import as_mapping as _mapping
from codegen.publish.contract_signing import signing_markdown
from codegen.publish.markdown import Markdown, code, source_link, table
from codegen.spec_checks.spec_walk import operations

__all__ = [
    "CONTRACT_HEADING",
    "SECTIONS",
    "contract_markdown",
    "departures",
    "envelope_section",
    "error_codes_table",
    "rate_limits_section",
]

CONTRACT_HEADING: Final = "Vendor contract"
#: Section headings under :data:`CONTRACT_HEADING`, in page order: key -> heading text.
SECTIONS: Final[Mapping[str, str]] = {
    "envelope": "Envelope",
    "error-codes": "Error codes",
    "signing": "Signing",
    "rate-limits": "Rate limits",
    "departures": "Departures from the document",
}


# -- envelope and error codes ------------------------------------------------------------------


def _request_id(envelope: Mapping[str, Any]) -> str:
    where = envelope.get("request-id")
    if not isinstance(where, Mapping):
        return "not sent"
    if where.get("in") == "header":
        return f"header {code(where.get('name'))}"
    return f"body at {code(where.get('pointer'))}"


def envelope_section(spec: Mapping[str, Any]) -> str:
    """Where code, message, data and request id live, and which codes mean success."""
    env = _mapping(spec.get("x-envelope"))
    data = env.get("data")
    rows: list[Sequence[object]] = [
        ("HTTP status", Markdown(code(env.get("http-status"))), "for success and errors alike"),
        ("Business code", Markdown(code(env.get("code"))), "JSON Pointer into the body"),
        (
            "Success",
            Markdown(", ".join(code(c) for c in _list(env.get("success-codes")))),
            "any other code is an error (see Error codes)",
        ),
        (
            "Message",
            Markdown(code(env["message"]) if env.get("message") else "none"),
            "human-readable text",
        ),
        (
            "Data",
            Markdown(code(data) if data else "top level"),
            "the payload" if data else "payload fields sit beside the code",
        ),
        ("Request id", Markdown(_request_id(env)), "quote it to the vendor's support"),
    ]
    if env.get("detail-code"):
        rows.append(("Detail code", Markdown(code(env["detail-code"])), "a second, finer code"))
    parts = [
        "Every answer is this envelope; judge success by the business code, not by the HTTP "
        "status.",
        table(("Field", "Where", "Meaning"), rows),
    ]
    if env.get("note"):
        parts.append(f"Note: {' '.join(str(env['note']).split())}")
    return "\n\n".join(parts)


def _code_cell(entry: Mapping[str, Any]) -> str:
    """Plain text, not code spans: Redoc breaks code spans anywhere in narrow table columns."""
    text = str(entry.get("code"))
    if entry.get("detail") is not None:
        text += f" / {entry['detail']}"
    return text


def _meaning(entry: Mapping[str, Any]) -> str:
    text = " ".join(str(entry.get("description", "")).split())
    if entry.get("note"):
        text += f" Note: {' '.join(str(entry['note']).split())}"
    return text


def error_codes_table(entries: Sequence[Mapping[str, Any]]) -> str:
    """Code (and detail), name, kind, meaning, documented or chosen, source."""
    return table(
        ("Code", "Name", "Kind", "Meaning", "Documented", "Source"),
        [
            (
                _code_cell(entry),
                entry.get("name"),
                entry.get("kind"),
                _meaning(entry),
                "documented" if entry.get("documented", True) else "chosen by mediatasks",
                Markdown(source_link(entry.get("source"))),
            )
            for entry in entries
        ],
    )


def error_codes_section(spec: Mapping[str, Any]) -> str:
    entries = _list(_mapping(spec.get("x-envelope")).get("error-codes"))
    parts = [
        "Every code any operation of this API can answer, with the kind of failure it means "
        "(the runtime raises one exception class per kind). Operations list their own codes "
        "too. *Documented* codes are the vendor's; *chosen* ones stand in where the vendor "
        "documents none.",
        error_codes_table(entries),
    ]
    own = [
        (op.operation.get("operationId", "?"), _list(op.operation.get("x-error-codes")))
        for op in operations(spec)
    ]
    own = [(name, codes) for name, codes in own if codes]
    if own:
        parts.append("Codes specific to one operation:")
        parts.append(
            table(
                ("Operation", "Code", "Name", "Kind"),
                [
                    (
                        Markdown(code(name)),
                        _code_cell(e),
                        Markdown(code(e.get("name"))),
                        e.get("kind"),
                    )
                    for name, codes in own
                    for e in codes
                ],
            )
        )
    return "\n\n".join(parts)


# -- rate limits and departures --------------------------------------------------------------------


def _limit(rate: Mapping[str, Any]) -> str:
    period = rate.get("period-seconds")
    per = "second" if period == 1 else f"{period} seconds"
    return f"{rate.get('limit')} calls per {per}"


def rate_limits_section(spec: Mapping[str, Any]) -> str:
    limits = [r for r in _list(spec.get("x-rate-limits")) if isinstance(r, Mapping)]
    if not limits:
        note = spec.get("x-rate-limits-note") or "The vendor publishes no rate limit."
        return " ".join(str(note).split())
    rows = []
    for rate in limits:
        over = _mapping(rate.get("over-limit"))
        penalty = rate.get("penalty-seconds")
        rows.append(
            (
                Markdown(", ".join(code(op) for op in _list(rate.get("operations")))),
                _limit(rate),
                rate.get("scope"),
                Markdown(f"code {code(over.get('code'))}" if over else "–"),
                f"blocked {penalty} s" if penalty else "–",
                "yes" if rate.get("verified") else "no",
                " ".join(str(rate.get("note", "")).split()),
                Markdown(source_link(rate.get("source"))),
            )
        )
    return table(
        (
            "Operations",
            "Limit",
            "Counted per",
            "Over the limit",
            "Penalty",
            "Verified",
            "Note",
            "Source",
        ),
        rows,
    )


def departures(spec: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """``(where, departure)`` for every ``x-departures`` entry anywhere in the spec."""
    found: list[tuple[str, Mapping[str, Any]]] = []

    def walk(node: Any, where: tuple[str, ...]) -> None:
        if isinstance(node, Mapping):
            for entry in _list(node.get("x-departures")):
                if isinstance(entry, Mapping):
                    found.append((_place(node, where), entry))
            for key, child in node.items():
                if key != "x-departures":
                    walk(child, (*where, str(key)))
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, (*where, str(index)))

    walk(spec, ())
    return found


def _place(node: Mapping[str, Any], where: tuple[str, ...]) -> str:
    """A reader's name for a node: "operation getX", "schema Y, property z", "server url"."""
    place = "/".join(where) or "the whole API"
    if "operationId" in node:
        place = f"operation {node['operationId']}"
    elif where[:1] == ("servers",):
        place = f"server {node.get('url', where[-1])}"
    elif where[:2] == ("components", "schemas") and len(where) > 2:
        properties = [where[i + 1] for i in range(3, len(where) - 1) if where[i] == "properties"]
        place = ", property ".join([f"schema {where[2]}", *properties])
    elif where[:2] == ("components", "securitySchemes") and len(where) > 2:
        place = f"security scheme {where[2]}"
    elif where[:1] == ("paths",) and "name" in node and "in" in node:
        place = f"{node['in']} parameter {node['name']}"
    return place


def aspects_of(entry: Mapping[str, Any]) -> str:
    """A departure's ``aspects`` (the facts of the document it overrides, as the facts audit
    reads them: ``type``, ``unit``, ``enum``, ...) as one comma-separated string, or ""."""
    return ", ".join(str(aspect) for aspect in _list(entry.get("aspects")))


def departures_section(spec: Mapping[str, Any]) -> str:
    found = departures(spec)
    if not found:
        return "The spec says nothing the source document does not."
    return "\n\n".join(
        (
            f"Where the spec says something the source document does not ({len(found)}), "
            "each with the reason:",
            table(
                ("Where", "Overrides", "The document says", "The spec says", "Why", "Source"),
                [
                    (
                        where,
                        aspects_of(entry) or "—",
                        entry.get("document"),
                        entry.get("spec"),
                        entry.get("reason"),
                        Markdown(source_link(entry.get("source"))),
                    )
                    for where, entry in found
                ],
            ),
        )
    )


def contract_markdown(spec: Mapping[str, Any]) -> str:
    """The whole contract: one top heading, one second-level heading per section."""
    bodies = {
        "envelope": envelope_section(spec),
        "error-codes": error_codes_section(spec),
        "signing": signing_markdown(spec),
        "rate-limits": rate_limits_section(spec),
        "departures": departures_section(spec),
    }
    parts = [
        f"# {CONTRACT_HEADING}",
        "Rendered from the spec's `x-` extensions (the facts live there, once): what a client "
        "in any language needs besides paths and schemas.",
    ]
    for key, heading in SECTIONS.items():
        parts += [f"## {heading}", bodies[key]]
    return "\n\n".join(parts) + "\n"
