"""The vendor contract as Markdown, rendered from a spec's ``x-`` extensions.

Redoc and Swagger UI show ``description`` text but no ``x-`` key, so the facts an other-language
team needs most — the envelope, every error code, the signing steps and test vectors, the rate
limits, the departures from the document — are rendered here into sections of the API
description. Every function is pure: a spec (a dict, as loaded) in, Markdown text out. The
facts stay in the ``x-`` extensions; this is only their reading.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

from codegen.publish.markdown import (
    Markdown,
    bullets,
    code,
    fenced,
    numbered,
    source_link,
    table,
)

__all__ = [
    "CONTRACT_HEADING",
    "SECTIONS",
    "contract_markdown",
    "departures",
    "envelope_section",
    "error_codes_table",
    "rate_limits_section",
    "signing_schemes",
    "signing_section",
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
_VECTOR_KEYS: Final = frozenset({"name", "note", "inputs", "expected", "source", "verified"})


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


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
        (operation.get("operationId", "?"), _list(operation.get("x-error-codes")))
        for operation in _operations(spec)
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


def _operations(spec: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for item in _mapping(spec.get("paths")).values():
        for method, operation in _mapping(item).items():
            if method != "parameters" and isinstance(operation, Mapping):
                yield operation


# -- signing -------------------------------------------------------------------------------------


def signing_schemes(spec: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """``(scheme name, x-signing)`` of every security scheme that carries one."""
    schemes = _mapping(_mapping(spec.get("components")).get("securitySchemes"))
    return [
        (name, scheme["x-signing"])
        for name, scheme in schemes.items()
        if isinstance(scheme, Mapping) and isinstance(scheme.get("x-signing"), Mapping)
    ]


def _flat_inputs(inputs: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in inputs.items():
        if isinstance(value, Mapping):
            yield from _flat_inputs(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _value(value: Any) -> Markdown:
    if value == "":
        return Markdown("(empty)")
    return Markdown(code(value))


def vector_markdown(vector: Mapping[str, Any]) -> str:
    """One test vector: inputs, every intermediate string, the output."""
    parts = [f"**Vector {code(vector.get('name'))}**"]
    if vector.get("note"):
        parts[0] += f" — {' '.join(str(vector['note']).split())}"
    inputs = _mapping(vector.get("inputs"))
    if inputs:
        parts.append(table(("Input", "Value"), [(k, _value(v)) for k, v in _flat_inputs(inputs)]))
    for key, value in vector.items():
        if key in _VECTOR_KEYS:
            continue
        parts.append(f"{key}:\n\n{fenced(str(value))}")
    parts.append(f"Output (expected):\n\n{fenced(str(vector.get('expected', '')))}")
    extra = []
    if vector.get("source"):
        extra.append(f"Source: {source_link(vector['source'])}.")
    if vector.get("verified") is False:
        extra.append("Not verified against the vendor.")
    if extra:
        parts.append(" ".join(extra))
    return "\n\n".join(parts)


def _timestamp(value: Any) -> str:
    if not isinstance(value, Mapping):
        return "none"
    unit = {"s": "Unix seconds", "ms": "Unix milliseconds"}.get(str(value.get("unit")), "")
    window = value.get("window-seconds")
    text = f"{code(value.get('parameter'))}, {unit}".rstrip(", ")
    return f"{text}, accepted within ±{window} s" if window else text


def _facts(signing: Mapping[str, Any]) -> str:
    rows: list[Sequence[object]] = [
        ("Hash", Markdown(code(signing.get("hash")))),
        ("Output case", signing.get("output-case")),
        ("Timestamp", Markdown(_timestamp(signing.get("timestamp")))),
    ]
    nonce = signing.get("nonce")
    if isinstance(nonce, Mapping):
        rows.append(("Nonce", Markdown(f"{code(nonce.get('parameter'))}: {nonce.get('format')}")))
    fixed = _mapping(signing.get("fixed-parameters"))
    if fixed:
        rows.append(
            (
                "Fixed parameters",
                Markdown(", ".join(f"{code(k)}={code(v)}" for k, v in fixed.items())),
            )
        )
    rows.append(("Secret sent", "yes" if signing.get("secret-sent") else "never"))
    return table(("Fact", "Value"), rows)


def signing_section(name: str, signing: Mapping[str, Any], related: bool = False) -> str:
    """The algorithm step by step, its facts and every test vector."""
    title = f"### {signing.get('algorithm', name)}"
    title += " (related scheme, not used by this API)" if related else f" (scheme {name})"
    parts = [title]
    if signing.get("summary"):
        parts.append(" ".join(str(signing["summary"]).split()))
    if related and signing.get("applies-to"):
        parts.append(f"Applies to: {' '.join(str(signing['applies-to']).split())}")
    parts.append(_facts(signing))
    steps = [str(step) for step in _list(signing.get("steps"))]
    if steps:
        parts += ["Steps:", numbered(steps)]
    params = [p for p in _list(signing.get("parameters")) if isinstance(p, Mapping)]
    if params:
        parts.append("What the signer adds to each request:")
        parts.append(
            table(
                ("Name", "In", "Value"),
                [
                    (Markdown(code(p.get("name"))), p.get("in"), p.get("description"))
                    for p in params
                ],
            )
        )
    token = _mapping(signing.get("token"))
    if token:
        parts.append("Token:")
        parts.append(table(("Fact", "Value"), [(k, _token_value(v)) for k, v in token.items()]))
    for key, label in (("note", "Note"), ("test-vectors-note", "Test vectors")):
        if signing.get(key):
            parts.append(f"{label}: {' '.join(str(signing[key]).split())}")
    for key, label in (
        ("unverified", "Not confirmed by any vendor text:"),
        ("non-vectors", "Values in the documents that are not test vectors:"),
    ):
        items = [str(item) for item in _list(signing.get(key))]
        if items:
            parts += [label, bullets(items)]
    vectors = [v for v in _list(signing.get("test-vectors")) if isinstance(v, Mapping)]
    if vectors:
        parts.append(f"Test vectors ({len(vectors)}):")
        parts += [vector_markdown(vector) for vector in vectors]
    sources = [signing.get("source"), *_list(signing.get("x-sources"))]
    found = [source_link(s) for s in sources if s]
    if found:
        parts.append("Source: " + ", ".join(found) + ".")
    return "\n\n".join(parts)


def _token_value(value: Any) -> Markdown:
    if isinstance(value, Mapping):
        return Markdown(", ".join(f"{code(k)}: {v}" for k, v in value.items()))
    return Markdown(code(value))


def signing_markdown(spec: Mapping[str, Any]) -> str:
    """Every signing scheme, then the related ones the spec records for reference."""
    schemes = _mapping(_mapping(spec.get("components")).get("securitySchemes"))
    parts: list[str] = []
    for name, signing in signing_schemes(spec):
        parts.append(signing_section(name, signing))
        related = _list(_mapping(schemes.get(name)).get("x-related-signing"))
        parts += [
            signing_section(name, other, related=True)
            for other in related
            if isinstance(other, Mapping)
        ]
    if not parts:
        return "This API signs nothing: no security scheme carries `x-signing`."
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


def departures_section(spec: Mapping[str, Any]) -> str:
    found = departures(spec)
    if not found:
        return "The spec says nothing the source document does not."
    return "\n\n".join(
        (
            f"Where the spec says something the source document does not ({len(found)}), "
            "each with the reason:",
            table(
                ("Where", "The document says", "The spec says", "Why", "Source"),
                [
                    (
                        where,
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
