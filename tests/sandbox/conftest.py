"""Fixtures: a fresh in-process sandbox per test (about 5 ms), its sync client and the kit.

The sandbox clock starts at a fixed instant so tests are reproducible; tests move it through
``kit.sandbox.clock`` instead of sleeping. Cassettes are off unless a test asks for them.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sandbox_kit import Kit

from mediatasks.sandbox import SandboxConfig, SandboxCredentials, create_app
from mediatasks.sandbox.app import SandboxApp
from mediatasks.sandbox.transport import SandboxTransport

START = 1_750_000_000.0


@pytest.fixture
def creds() -> SandboxCredentials:
    return SandboxCredentials()


@pytest.fixture
def app(creds: SandboxCredentials) -> SandboxApp:
    return create_app(SandboxConfig(credentials=creds, start_time=START, fixtures=None))


@pytest.fixture
def client(app: SandboxApp) -> Iterator[httpx.Client]:
    transport = SandboxTransport(app, timeout=10)
    with httpx.Client(transport=transport, base_url="http://sandbox") as client:
        yield client


@pytest.fixture
def kit(app: SandboxApp, client: httpx.Client, creds: SandboxCredentials) -> Kit:
    return Kit(app, client, creds)
