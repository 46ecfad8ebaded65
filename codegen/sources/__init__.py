"""Field inventory: notice when a vendor's document gains or loses an identifier.

``python -m codegen sources check VENDOR FILE`` compares a new copy of a vendor document with
``specs/VENDOR/inventory.yaml``; ``python -m codegen sources inventory VENDOR FILE [--write]``
fills the inventory's ``ignored-tokens`` so the current document checks clean. The extraction
rules are in :mod:`codegen.sources.tokens`.
"""

from __future__ import annotations

from codegen.sources.inventory import Comparison, Inventory, InventoryError, compare
from codegen.sources.tokens import extract_tokens, mentions

__all__ = ["Comparison", "Inventory", "InventoryError", "compare", "extract_tokens", "mentions"]
