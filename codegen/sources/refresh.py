"""Write a vendor's snapshot from its document, binding each enum meaning to the spec's text.

Each documented enum value is stored with the document's meaning *and* the spec's
description of that value (``spec-meaning``): the pair is what a maintainer reviewed. A refresh
refuses to record a document meaning that changed while the spec's description stayed the
same, unless told the pair was reviewed (``--reviewed``), so ``2: 正在转码中 -> 2: 转码失败``
cannot slip into the snapshot with the old English description beside it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from codegen.sources.audit import spec_meaning
from codegen.sources.model import EnumValue, Facts, Operation
from codegen.sources.snapshot import Snapshot
from codegen.sources.spec_map import SpecIndex


def current_spec_meaning(index: SpecIndex, operation: Operation, enum: EnumValue) -> str | None:
    item = operation.enum_item(enum.role, enum.field)
    if item is None:
        return None
    for target in index.targets(operation, item):
        holder = index.enum_holder(target)
        if holder is not None:
            meaning = spec_meaning(holder[1], enum.value)
            if meaning is not None:
                return meaning
    return None


def bind_meanings(
    facts: Facts, index: SpecIndex, previous: Snapshot | None, reviewed: bool
) -> list[str]:
    """Fill ``spec_meaning`` of every enum value; the unreviewed meaning changes, if any."""
    unreviewed = []
    for operation in facts.operations:
        old_operation = previous.facts.operation(operation.key) if previous else None
        old_enums = {e.key: e for e in old_operation.enums} if old_operation else {}
        for enum in operation.enums:
            enum.spec_meaning = current_spec_meaning(index, operation, enum)
            old = old_enums.get(enum.key)
            if (
                old is not None
                and old.meaning != enum.meaning
                and enum.spec_meaning is not None
                and old.spec_meaning == enum.spec_meaning
                and not reviewed
            ):
                unreviewed.append(
                    f"{operation.key}: {enum.field} = {enum.value}: the document's meaning changed "
                    f"({old.meaning!r} -> {enum.meaning!r}) but the spec still says "
                    f"{enum.spec_meaning!r}; update the spec (or confirm with --reviewed)"
                )
    return unreviewed


def new_snapshot(
    path: Path,
    *,
    vendor: str,
    document: Path,
    data: bytes,
    facts: Facts,
    previous: Snapshot | None,
) -> Snapshot:
    return Snapshot(
        path=path,
        vendor=vendor,
        source_file=document.name,
        sha256=hashlib.sha256(data).hexdigest(),
        facts=facts,
        mapping=list(previous.mapping) if previous else [],
    )
