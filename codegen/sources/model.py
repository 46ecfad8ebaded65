"""The facts a vendor document states about its API, in one model for all five layouts.

A reader (:mod:`codegen.sources.readers`) turns a document into :class:`Facts`; the snapshot
(``specs/<vendor>/facts.yaml``) stores them; :mod:`codegen.sources.diff` compares two sets and
:mod:`codegen.sources.audit` compares one set with the spec. Every fact has a *key* that stays
the same when the document is reflowed, reordered or reworded, and a 1-based ``line``.

Descriptions are the vendor's sentences: they are kept in memory (for reports and overlays)
but the snapshot stores only a hash of them, never the text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

#: Scalar constraint values; keys are ``length``, ``min-length``, ``max-length``, ``minimum``,
#: ``maximum``, ``const``.
Constraint = int | float | str
#: The JSON Schema keyword of each constraint key (``length`` fixes both ``minLength`` and
#: ``maxLength``).
CONSTRAINT_KEYWORDS: dict[str, str] = {
    "max-length": "maxLength",
    "min-length": "minLength",
    "minimum": "minimum",
    "maximum": "maximum",
    "const": "const",
}


def description_hash(text: str) -> str:
    """Hash of a description with all whitespace removed (reflow does not change it)."""
    squeezed = "".join(text.split())
    return hashlib.sha256(squeezed.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Item:
    """A request parameter (``role`` parameter) or a response field (``role`` field).

    ``name`` is the parameter name, or the dotted path of a response field as the document
    nests it (``Data.RecordFiles.FileSize``). ``location`` is where a parameter travels when
    the document says so (header, query, body), else None.
    """

    role: str
    name: str
    line: int
    location: str | None = None
    type: str | None = None
    required: bool | None = None
    default: str | None = None
    constraints: dict[str, Constraint] = field(default_factory=dict)
    unit: str | None = None
    description: str = ""
    description_sha: str = ""

    @property
    def key(self) -> str:
        if self.role == "parameter":
            return f"parameter:{self.location or 'request'}:{self.name}"
        return f"field:{self.name}"

    @property
    def last(self) -> str:
        """The name as the document writes it in its row (last segment of a dotted path)."""
        return self.name.rsplit(".", 1)[-1]

    def finish(self) -> None:
        self.description_sha = description_hash(self.description)


@dataclass(slots=True)
class EnumValue:
    """One documented value of a field (``field`` is the item's name) and what it means."""

    field: str
    value: str
    meaning: str
    line: int
    role: str = "field"  # the role of the item the value belongs to
    spec_meaning: str | None = None  # the spec's description reviewed against ``meaning``

    @property
    def key(self) -> str:
        return f"enum:{self.role}:{self.field}:{self.value}"


@dataclass(slots=True)
class ErrorCode:
    code: str
    meaning: str
    line: int

    @property
    def key(self) -> str:
        return f"error:{self.code}"


@dataclass(slots=True)
class Example:
    """A request or response example, reduced to its ``(key, scalar)`` leaves in order.

    Objects and arrays appear as ``(key, "{}")`` and ``(key, "[]")`` so a changed nesting is
    a changed example; ``form`` is json, query (a URL's query string) or form (a form body).
    """

    role: str
    form: str
    index: int
    line: int
    leaves: list[tuple[str, Any]]

    @property
    def key(self) -> str:
        return f"example:{self.role}:{self.form}:{self.index}"


@dataclass(slots=True)
class Operation:
    """One endpoint of the document and everything it states about it."""

    method: str | None
    path: str | None
    line: int
    title: str = ""
    items: list[Item] = field(default_factory=list)
    enums: list[EnumValue] = field(default_factory=list)
    errors: list[ErrorCode] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)

    @property
    def key(self) -> str:
        label = " ".join(part for part in (self.method, self.path) if part)
        return label or self.title or "(unnamed endpoint)"

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)

    def enum_item(self, role: str, name: str) -> Item | None:
        """The item an enum value belongs to (its ``role`` and ``field``)."""
        return next((i for i in self.items if i.role == role and i.name == name), None)


@dataclass(slots=True)
class Facts:
    layout: str
    operations: list[Operation] = field(default_factory=list)

    def operation(self, key: str) -> Operation | None:
        return next((o for o in self.operations if o.key == key), None)
