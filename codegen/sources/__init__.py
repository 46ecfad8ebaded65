"""Doc drift, field by field: the facts a vendor document states, and where the spec follows.

``python -m codegen sources refresh VENDOR FILE`` reads a document (one reader per layout,
:mod:`codegen.sources.readers`) into facts (:mod:`codegen.sources.model`) and writes the
snapshot ``specs/VENDOR/facts.yaml``; ``check`` diffs the snapshot against a new copy
(:mod:`codegen.sources.diff`), points each change at the spec nodes it affects and can
propose an OpenAPI Overlay (:mod:`codegen.sources.overlay`); ``audit`` proves every fact
agrees with the spec or is a recorded departure (:mod:`codegen.sources.audit`).
"""

from __future__ import annotations

from codegen.sources.audit import Problem, audit
from codegen.sources.diff import KINDS, Change, diff
from codegen.sources.model import Facts
from codegen.sources.readers import LAYOUTS, DocumentError, read_document

__all__ = [
    "KINDS",
    "LAYOUTS",
    "Change",
    "DocumentError",
    "Facts",
    "Problem",
    "audit",
    "diff",
    "read_document",
]
