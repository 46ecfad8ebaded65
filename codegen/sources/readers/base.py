"""What every layout reader shares: normalised lines and a builder that collects the facts.

A reader walks the lines of its layout and tells the builder what it found (an endpoint, a
row of a parameter or field table, a value list, an error code). The builder reads units,
defaults, constraints and enum values out of row descriptions, resolves nested field paths
(``RecordFiles 成员如下`` makes the next table's rows children of ``Data.RecordFiles``),
attaches the examples to the endpoint they follow, and returns :class:`Facts`.
"""

from __future__ import annotations

from dataclasses import dataclass

from codegen.sources.examples import find_examples
from codegen.sources.model import EnumValue, ErrorCode, Example, Facts, Item, Operation
from codegen.sources.text import (
    constraints_of,
    default_of,
    enum_values_in,
    normalise,
    unit_of,
)


class DocumentError(Exception):
    """The document does not have the layout its reader expects (says what is missing)."""


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based
    text: str  # normalised


def document_lines(text: str) -> list[Line]:
    return [Line(n, normalise(raw)) for n, raw in enumerate(text.splitlines(), start=1)]


class FactsBuilder:
    def __init__(self, layout: str, lines: list[Line]) -> None:
        self.facts = Facts(layout)
        self.lines = lines
        self.parent: str | None = None  # dotted path the next field rows nest under
        # value tables that name their field by its last segment: (operation, name, value,
        # meaning, line), resolved when the whole page has been read
        self.pending_values: list[tuple[Operation, str, str, str, int]] = []

    # --- endpoints ------------------------------------------------------------------------
    def endpoint(self, method: str | None, path: str | None, line: int, title: str = "") -> None:
        method = method.upper() if method else None
        self.facts.operations.append(Operation(method, path or None, line, title))
        self.parent = None

    @property
    def current(self) -> Operation:
        if not self.facts.operations:
            raise DocumentError("no endpoint (method and path) found before the first table")
        return self.facts.operations[-1]

    # --- rows -----------------------------------------------------------------------------
    def nest_under(self, name: str | None) -> None:
        """Make later field rows children of the field ``name`` (matched case-insensitively)."""
        if name is None:
            self.parent = None
            return
        fields = [i.name for i in self.current.items if i.role == "field"]
        exact = [p for p in fields if p.rsplit(".", 1)[-1] == name]
        loose = [p for p in fields if p.rsplit(".", 1)[-1].lower() == name.lower()]
        self.parent = (exact or loose or [name])[-1]

    def row(
        self,
        role: str,
        name: str,
        line: int,
        *,
        type_: str | None,
        description: str,
        required: bool | None = None,
        location: str | None = None,
        default: str | None = None,
    ) -> Item:
        if role == "field" and self.parent and "." not in name:
            name = f"{self.parent}.{name}"
        item = Item(
            role=role,
            name=name,
            line=line,
            location=location if role == "parameter" else None,
            type=type_.strip() if type_ else None,
            required=required,
            default=default if default is not None else default_of(description),
            constraints=constraints_of(description),
            unit=unit_of(description),
            description=description.strip(),
        )
        self.current.items.append(item)
        for value, meaning in enum_values_in(description):
            self.enum(item, value, meaning, line)
        return item

    def enum(
        self, item: Item, value: str, meaning: str, line: int, operation: Operation | None = None
    ) -> None:
        operation = operation or self.current
        for existing in operation.enums:
            if existing.field == item.name and existing.value == value:
                if meaning and meaning not in existing.meaning.split(" | "):
                    existing.meaning = f"{existing.meaning} | {meaning}"
                return
        operation.enums.append(EnumValue(item.name, value, meaning, line, item.role))

    def describe_more(self, item: Item, text: str) -> None:
        """A continuation line of ``item``'s description."""
        item.description = f"{item.description} {text}".strip()
        item.unit = item.unit or unit_of(item.description)
        item.constraints = constraints_of(item.description) or item.constraints

    def error_code(self, code: str, meaning: str, line: int) -> None:
        self.current.errors.append(ErrorCode(code, meaning.strip(), line))

    # --- the end --------------------------------------------------------------------------
    def build(self) -> Facts:
        if not self.facts.operations:
            raise DocumentError("no endpoint (method and path) found")
        self._attach_examples()
        self._resolve_pending_values()
        for operation in self.facts.operations:
            for item in operation.items:
                item.finish()
                self._default_by_meaning(operation, item)
        return self.facts

    def _owner(self, line: int) -> Operation:
        owner = self.facts.operations[0]
        for operation in self.facts.operations:
            if operation.line <= line:
                owner = operation
        return owner

    def _attach_examples(self) -> None:
        texts = [line.text for line in self.lines]
        counters: dict[tuple[int, str, str], int] = {}
        for found in find_examples(texts):
            owner = self._owner(found.line)
            slot = (id(owner), found.role, found.form)
            counters[slot] = counters.get(slot, 0) + 1
            owner.examples.append(
                Example(found.role, found.form, counters[slot], found.line, found.leaves)
            )

    def _resolve_pending_values(self) -> None:
        for operation, name, value, meaning, line in self.pending_values:
            fields = [i for i in operation.items if i.role == "field" and i.last == name]
            fields.sort(key=lambda i: i.name.count("."))
            if fields:
                self.enum(fields[0], value, meaning, line, operation)
            else:
                operation.enums.append(EnumValue(name, value, meaning, line))

    @staticmethod
    def _default_by_meaning(operation: Operation, item: Item) -> None:
        """``默认原片`` names a value by its meaning (``5: 原片``): store the value."""
        if item.default is None:
            return
        for enum in operation.enums:
            if enum.field == item.name and enum.meaning == item.default:
                item.default = enum.value
                return
