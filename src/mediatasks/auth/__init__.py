"""``httpx.Auth`` classes for the five vendors, built on :mod:`mediatasks.signing`.

Pass one to an ``httpx.Client``/``AsyncClient`` (or a generated client through
``httpx_args={"auth": ...}``). Credentials are held as :class:`Secret`, whose repr is a mask.
"""

from __future__ import annotations

from mediatasks.auth._pan123 import AccessToken, Pan123TokenAuth
from mediatasks.auth._secret import Secret
from mediatasks.auth._signers import CDNetworksAuth, MyunAuth, PolyvAuth, ZegoAuth

__all__ = [
    "AccessToken",
    "CDNetworksAuth",
    "MyunAuth",
    "Pan123TokenAuth",
    "PolyvAuth",
    "Secret",
    "ZegoAuth",
]
