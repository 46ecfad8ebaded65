"""Pure request-signing functions, one module per vendor that signs.

Everything here is a function of its inputs: no clock, no randomness (except the explicit
``zego.new_nonce``), no I/O. The client's ``httpx.Auth`` classes, the sandbox that verifies
signatures and the contract tests all call these same functions, and the vendors' published
test vectors pin them (``tests/runtime/test_signing_*.py``).

123pan (a bearer token) and MYun (no documented auth) sign nothing, so they have no module.
"""

from __future__ import annotations

from mediatasks.signing import cdnetworks, polyv, zego

__all__ = ["cdnetworks", "polyv", "zego"]
