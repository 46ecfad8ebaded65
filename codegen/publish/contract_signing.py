"""The signing part of the vendor contract: each scheme step by step, with every test vector.

Pure functions from a spec (as loaded) to Markdown: the algorithm's facts (hash, output case,
timestamp window, nonce, what the signer adds), its steps, notes, unverified steps and
non-vectors, and each test vector with its inputs, every intermediate string and the output;
then the related schemes a spec records for reference (``x-related-signing``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

from codegen.publish.markdown import Markdown, bullets, code, fenced, numbered, source_link, table

__all__ = [
    "as_list",
    "as_mapping",
    "signing_markdown",
    "signing_schemes",
    "signing_section",
    "vector_markdown",
]

_VECTOR_KEYS: Final = frozenset({"name", "note", "inputs", "expected", "source", "verified"})


def as_mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a mapping, else an empty one (specs are read tolerantly here)."""
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty one."""
    return list(value) if isinstance(value, list) else []


def signing_schemes(spec: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """``(scheme name, x-signing)`` of every security scheme that carries one."""
    schemes = as_mapping(as_mapping(spec.get("components")).get("securitySchemes"))
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
    inputs = as_mapping(vector.get("inputs"))
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
    fixed = as_mapping(signing.get("fixed-parameters"))
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
    steps = [str(step) for step in as_list(signing.get("steps"))]
    if steps:
        parts += ["Steps:", numbered(steps)]
    params = [p for p in as_list(signing.get("parameters")) if isinstance(p, Mapping)]
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
    token = as_mapping(signing.get("token"))
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
        items = [str(item) for item in as_list(signing.get(key))]
        if items:
            parts += [label, bullets(items)]
    vectors = [v for v in as_list(signing.get("test-vectors")) if isinstance(v, Mapping)]
    if vectors:
        parts.append(f"Test vectors ({len(vectors)}):")
        parts += [vector_markdown(vector) for vector in vectors]
    sources = [signing.get("source"), *as_list(signing.get("x-sources"))]
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
    schemes = as_mapping(as_mapping(spec.get("components")).get("securitySchemes"))
    parts: list[str] = []
    for name, signing in signing_schemes(spec):
        parts.append(signing_section(name, signing))
        related = as_list(as_mapping(schemes.get(name)).get("x-related-signing"))
        parts += [
            signing_section(name, other, related=True)
            for other in related
            if isinstance(other, Mapping)
        ]
    if not parts:
        return "This API signs nothing: no security scheme carries `x-signing`."
    return "\n\n".join(parts)
