"""A local, vendor-faithful emulator of the five vendors' task APIs (an ASGI app).

    from mediatasks.sandbox import create_app
    transport = httpx.ASGITransport(app=create_app())

See :mod:`mediatasks.sandbox.app` for the URL layout and README for the admin API.
"""

from mediatasks.sandbox.app import Sandbox, SandboxConfig, create_app
from mediatasks.sandbox.credentials import SandboxCredentials

__all__ = ["Sandbox", "SandboxConfig", "SandboxCredentials", "create_app"]
