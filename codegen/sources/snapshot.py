"""``specs/<vendor>/facts.yaml``: the committed facts of a vendor's document.

Written by ``python -m codegen sources refresh``; the only hand-written key is ``mapping``
(explicit fact -> spec pointer links where document and spec differ by design, each with
its reason), which a refresh keeps. Descriptions are stored as hashes, never as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from codegen.sources.model import EnumValue, ErrorCode, Example, Facts, Item, Operation
from mediatasks import spec_io

HEADER = """\
# Facts of the {vendor} document, one entry per endpoint (specs/CONVENTIONS.md, "Facts").
# Written by `python -m codegen sources refresh {vendor} FILE`: do not edit by hand, except
# `mapping` (explicit links from a fact to spec nodes, where the derived mapping cannot apply).
"""


class SnapshotError(Exception):
    """A snapshot (or spec, or overlay) file is missing or malformed; says which and where."""


def read_yaml(path: Path, what: str) -> Any:
    """The data of a YAML file, read strictly by the one spec reader: a byte that is not UTF-8,
    a syntax error or a duplicate key is refused with ``file:line:column``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SnapshotError(f"{path}: cannot read the {what}: {exc.strerror}") from exc
    try:
        return spec_io.load(raw, str(path)).data
    except spec_io.SpecSyntaxError as exc:
        raise SnapshotError(str(exc)) from exc


@dataclass(frozen=True, slots=True)
class ExplicitLink:
    operation: str  # the document's endpoint key
    fact: str | None  # a fact key, or None for the endpoint itself
    pointers: tuple[str, ...]
    reason: str


@dataclass(slots=True)
class Snapshot:
    path: Path
    vendor: str
    source_file: str
    sha256: str
    facts: Facts
    mapping: list[ExplicitLink] = field(default_factory=list)


# --- writing -------------------------------------------------------------------------------


def _item_data(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {"name": item.name}
    if item.role == "parameter":
        data["in"] = item.location
    for key, value in (
        ("type", item.type),
        ("required", item.required),
        ("default", item.default),
        ("unit", item.unit),
    ):
        if value is not None:
            data[key] = value
    if item.constraints:
        data["constraints"] = dict(item.constraints)
    data["description"] = item.description_sha
    data["line"] = item.line
    return data


def _operation_data(operation: Operation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "endpoint": operation.key,
        "method": operation.method,
        "path": operation.path,
        "line": operation.line,
    }
    data["parameters"] = [_item_data(i) for i in operation.items if i.role == "parameter"]
    data["fields"] = [_item_data(i) for i in operation.items if i.role == "field"]
    data["enums"] = [
        {
            "field": e.field,
            **({"of": e.role} if e.role != "field" else {}),
            "value": e.value,
            "meaning": e.meaning,
            "spec-meaning": e.spec_meaning,
            "line": e.line,
        }
        for e in operation.enums
    ]
    data["error-codes"] = [
        {"code": e.code, "meaning": e.meaning, "line": e.line} for e in operation.errors
    ]
    data["examples"] = [
        {
            "role": x.role,
            "form": x.form,
            "index": x.index,
            "line": x.line,
            "leaves": [[key, value] for key, value in x.leaves],
        }
        for x in operation.examples
    ]
    return data


def render(snapshot: Snapshot) -> str:
    data: dict[str, Any] = {
        "vendor": snapshot.vendor,
        "source-file": snapshot.source_file,
        "sha256": snapshot.sha256,
        "layout": snapshot.facts.layout,
        "mapping": [
            {
                "operation": link.operation,
                **({"fact": link.fact} if link.fact else {}),
                "pointers": list(link.pointers),
                "reason": link.reason,
            }
            for link in snapshot.mapping
        ],
        "operations": [_operation_data(o) for o in snapshot.facts.operations],
    }
    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
    )
    return HEADER.format(vendor=snapshot.vendor) + body


def write(snapshot: Snapshot) -> None:
    snapshot.path.write_text(render(snapshot), encoding="utf-8")


# --- reading -------------------------------------------------------------------------------


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, message: str) -> SnapshotError:
        return SnapshotError(f"{self.path}: {where}: {message}")

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, "must be a mapping")
        return value

    def listing(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where, "must be a list")
        return value

    def text(self, data: Mapping[str, Any], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise self.fail(f"{where}/{key}", "must be a string")
        return str(value)

    def line(self, data: Mapping[str, Any], where: str) -> int:
        value = data.get("line")
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"{where}/line", "must be a line number")
        return value


def _item(reader: _Reader, raw: Any, role: str, where: str) -> Item:
    data = reader.mapping(raw, where)
    constraints = reader.mapping(data.get("constraints") or {}, f"{where}/constraints")
    required = data.get("required")
    if required is not None and not isinstance(required, bool):
        raise reader.fail(f"{where}/required", "must be true, false or absent")
    return Item(
        role=role,
        name=reader.text(data, "name", where),
        line=reader.line(data, where),
        location=data.get("in"),
        type=data.get("type"),
        required=required,
        default=None if data.get("default") is None else str(data["default"]),
        constraints=dict(constraints),
        unit=data.get("unit"),
        description_sha=str(data.get("description", "")),
    )


def _operation(reader: _Reader, raw: Any, where: str) -> Operation:
    data = reader.mapping(raw, where)
    operation = Operation(
        method=data.get("method"),
        path=data.get("path"),
        line=reader.line(data, where),
        title="" if data.get("method") or data.get("path") else str(data.get("endpoint", "")),
    )
    for role, key in (("parameter", "parameters"), ("field", "fields")):
        for index, item in enumerate(reader.listing(data.get(key), f"{where}/{key}")):
            operation.items.append(_item(reader, item, role, f"{where}/{key}/{index}"))
    for index, raw_enum in enumerate(reader.listing(data.get("enums"), f"{where}/enums")):
        at = f"{where}/enums/{index}"
        entry = reader.mapping(raw_enum, at)
        operation.enums.append(
            EnumValue(
                field=reader.text(entry, "field", at),
                value=reader.text(entry, "value", at),
                meaning=str(entry.get("meaning", "")),
                line=reader.line(entry, at),
                role=str(entry.get("of", "field")),
                spec_meaning=entry.get("spec-meaning"),
            )
        )
    for index, raw_error in enumerate(
        reader.listing(data.get("error-codes"), f"{where}/error-codes")
    ):
        at = f"{where}/error-codes/{index}"
        entry = reader.mapping(raw_error, at)
        operation.errors.append(
            ErrorCode(
                reader.text(entry, "code", at),
                str(entry.get("meaning", "")),
                reader.line(entry, at),
            )
        )
    for index, raw_example in enumerate(reader.listing(data.get("examples"), f"{where}/examples")):
        at = f"{where}/examples/{index}"
        entry = reader.mapping(raw_example, at)
        leaves = [(str(pair[0]), pair[1]) for pair in reader.listing(entry.get("leaves"), at)]
        operation.examples.append(
            Example(
                role=reader.text(entry, "role", at),
                form=reader.text(entry, "form", at),
                index=int(entry.get("index", index + 1)),
                line=reader.line(entry, at),
                leaves=leaves,
            )
        )
    return operation


def load(path: Path) -> Snapshot:
    """Parse and check a snapshot file."""
    reader = _Reader(path)
    root = reader.mapping(read_yaml(path, "facts snapshot"), "top level")
    layout = reader.text(root, "layout", "")
    facts = Facts(layout)
    for index, raw in enumerate(reader.listing(root.get("operations"), "/operations")):
        facts.operations.append(_operation(reader, raw, f"/operations/{index}"))
    links = []
    for index, raw in enumerate(reader.listing(root.get("mapping"), "/mapping")):
        at = f"/mapping/{index}"
        entry = reader.mapping(raw, at)
        pointers = reader.listing(entry.get("pointers"), f"{at}/pointers")
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise reader.fail(f"{at}/reason", "say why the derived mapping does not apply")
        links.append(
            ExplicitLink(
                operation=reader.text(entry, "operation", at),
                fact=entry.get("fact"),
                pointers=tuple(str(p) for p in pointers),
                reason=reason,
            )
        )
    return Snapshot(
        path=path,
        vendor=reader.text(root, "vendor", ""),
        source_file=reader.text(root, "source-file", ""),
        sha256=reader.text(root, "sha256", ""),
        facts=facts,
        mapping=links,
    )
