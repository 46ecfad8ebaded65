"""One reader per document layout; :func:`read_document` picks it by name.

The layout of a vendor's document is recorded in its snapshot (``layout:`` in
``specs/<vendor>/facts.yaml``), so a new copy of the document is read the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from codegen.sources.model import Facts
from codegen.sources.readers import (
    cell_lines,
    english_rows,
    pipe_tables,
    piped_cells,
    run_together,
)
from codegen.sources.readers.base import DocumentError, FactsBuilder, Line, document_lines

Reader = Callable[[FactsBuilder, list[Line]], None]

LAYOUTS: dict[str, Reader] = {
    "pipe-tables": pipe_tables.read,
    "run-together": run_together.read,
    "piped-cells": piped_cells.read,
    "cell-lines": cell_lines.read,
    "english-rows": english_rows.read,
}


def read_document(layout: str, text: str) -> Facts:
    """The facts of ``text`` read as ``layout``; DocumentError when it does not fit."""
    if layout not in LAYOUTS:
        raise DocumentError(f"unknown layout {layout!r}; known: {', '.join(LAYOUTS)}")
    lines = document_lines(text)
    builder = FactsBuilder(layout, lines)
    LAYOUTS[layout](builder, lines)
    return builder.build()


__all__ = ["LAYOUTS", "DocumentError", "read_document"]
