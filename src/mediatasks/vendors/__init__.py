"""One client per vendor, each a :class:`TaskClient`: ``get_task``, ``get_tasks``, ``wait``
(sync and async) returning the unified :class:`~mediatasks.tasks.Task`.

``client_for(vendor, credentials, base_url=...)`` builds one from a credentials mapping (what
the CLI reads from the environment).
"""

from __future__ import annotations

from mediatasks.vendors._base import TaskClient
from mediatasks.vendors._factory import CREDENTIAL_ENV, client_for, default_base_url
from mediatasks.vendors.cdnetworks import CDNetworksClient
from mediatasks.vendors.myun import MyunClient
from mediatasks.vendors.pan123 import Pan123Client
from mediatasks.vendors.polyv import PolyvClient
from mediatasks.vendors.zego import ZegoClient

__all__ = [
    "CREDENTIAL_ENV",
    "CDNetworksClient",
    "MyunClient",
    "Pan123Client",
    "PolyvClient",
    "TaskClient",
    "ZegoClient",
    "client_for",
    "default_base_url",
]
