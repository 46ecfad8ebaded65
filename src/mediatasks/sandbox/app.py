"""Assemble the sandbox: one emulator per vendor, an admin API, a health endpoint.

    /<vendor>/...        the vendor's operations, exactly at the spec's paths
    <vendor path>        the same, when the Host header is one of the vendor's own hosts
                         (``Host: api.cloudv.haplat.net`` + ``/vod/videoManage/videoClipQuery``)
    /_health             liveness and the spec version each emulator serves
    /_admin/...          test control (see README.md: clock, faults, tasks, reset)

Vendor operations go through a small exact-match router straight to the vendor's pipeline
(Starlette's routing and middleware stack cost more than the whole pipeline); health and
admin go to a plain Starlette router (not a Starlette app, whose error middleware would answer 500
first). Around both sit fault injection and a catch-all that turns any escaped exception into
the vendor's own server-error answer, so the sandbox never answers HTTP 500.

Everything runs in-process for tests (``httpx.ASGITransport(app=create_app())``, Schemathesis
``from_asgi``) and on a port through ``python -m mediatasks.sandbox``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route, Router
from starlette.types import Message, Receive, Scope, Send

from mediatasks import registry
from mediatasks.sandbox.admin import admin_routes
from mediatasks.sandbox.answers import json_response
from mediatasks.sandbox.clock import Clock
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.sandbox.faults import (
    ConnectionDropped,
    FaultBook,
    Sleep,
    apply_fault,
    fault_of_request,
)
from mediatasks.sandbox.fixtures import default_fixtures_root, load_recorded
from mediatasks.sandbox.service import VendorService, health_body
from mediatasks.sandbox.state import Sandbox

__all__ = ["Sandbox", "SandboxApp", "SandboxConfig", "create_app"]

log = logging.getLogger("mediatasks.sandbox")


_DEFAULT = Path("<default>")


@dataclass(frozen=True, slots=True)
class SandboxConfig:
    """How to build a sandbox.

    ``fixtures``: the folder of ``<vendor>/*.yaml`` cassettes to seed tasks from (the
    repository's ``contract_tests/fixtures`` by default, None for none). ``sleep``: what a
    ``latency`` fault waits with; tests pass a recorder instead of really sleeping.
    ``lenient``: accept signatures in either hex case (the documents ask for one). ``explain``:
    say why credentials were refused in an ``X-Sandbox-Explain`` answer header.
    """

    credentials: SandboxCredentials = field(default_factory=SandboxCredentials)
    check_auth: bool = True
    rate_limits: bool = True
    lenient: bool = False
    explain: bool = False
    start_time: float | None = None
    fixtures: Path | None = _DEFAULT
    sleep: Sleep = asyncio.sleep


def _host_routes(
    services: Mapping[str, VendorService],
) -> dict[str, dict[tuple[str, str], tuple[str, str]]]:
    """``host -> (METHOD, path) -> (vendor, operationId)`` for the vendors' own hosts."""
    table: dict[str, dict[tuple[str, str], tuple[str, str]]] = {}
    for vendor, service in services.items():
        for server in service.spec.get("servers", []):
            if server.get("x-sandbox"):
                continue
            parts = urlsplit(str(server.get("url", "")))
            if not parts.hostname:
                continue
            base = parts.path.rstrip("/")
            routes = table.setdefault(parts.hostname.lower(), {})
            for (method, path), operation_id in service.operations().items():
                routes[(method, base + path)] = (vendor, operation_id)
    return table


class SandboxApp:
    """The ASGI app: fast vendor routing, faults, catch-all; ``state.sandbox`` for tests."""

    def __init__(self, sandbox: Sandbox, fallback: Router, sleep: Sleep) -> None:
        self.state = SimpleNamespace(sandbox=sandbox)
        self._sandbox = sandbox
        self._fallback = fallback
        self._sleep = sleep
        self._routes: dict[tuple[str, str], tuple[str, str]] = {}
        self._allowed: dict[str, set[str]] = {}
        for vendor, service in sandbox.services.items():
            for (method, path), operation_id in service.operations().items():
                for full in (
                    (f"/{vendor}{path}", f"/{vendor}") if path == "/" else (f"/{vendor}{path}",)
                ):
                    self._routes[(method, full)] = (vendor, operation_id)
                    self._allowed.setdefault(full, set()).add(method)
        self._hosts = _host_routes(sandbox.services)

    def _resolve(self, scope: Scope) -> tuple[str | None, str | None]:
        """(vendor, operationId) of a request; the vendor alone for other vendor paths."""
        method, path = scope["method"], scope["path"]
        if self._hosts:
            for name, value in scope["headers"]:
                if name == b"host":
                    host = value.decode("latin-1").rsplit(":", 1)[0].lower()
                    hit = self._hosts.get(host, {}).get((method, path))
                    if hit is not None:
                        return hit
                    break
        hit = self._routes.get((method, path))
        if hit is not None:
            return hit
        segment = path.lstrip("/").split("/", 1)[0]
        return (segment, None) if segment in self._sandbox.services else (None, None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._fallback(scope, receive, send)
            return
        vendor, operation_id = self._resolve(scope)
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            fault = fault_of_request(scope)
            if isinstance(fault, str):
                await json_response({"error": fault}, 400)(scope, receive, tracked)
                return
            if fault is None and vendor is not None:
                fault = self._sandbox.faults.take(vendor)
            inner = self._operation(vendor, operation_id) if vendor and operation_id else None
            if inner is None and scope["path"] in self._allowed:
                inner = _method_not_allowed(self._allowed[scope["path"]])
            target = inner or self._fallback
            if fault is None:
                await target(scope, receive, tracked)
            else:
                await apply_fault(fault, target, scope, receive, tracked, sleep=self._sleep)
        except ConnectionDropped:
            raise
        except Exception:
            log.exception("sandbox failed on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            service = self._sandbox.services.get(vendor or "")
            response = (
                service.server_error()
                if service is not None
                else json_response({"error": "internal sandbox error"}, 400)
            )
            await response(scope, receive, send)

    def _operation(self, vendor: str, operation_id: str) -> Any:
        service = self._sandbox.services[vendor]

        async def run(scope: Scope, receive: Receive, send: Send) -> None:
            response = await service.handle(Request(scope, receive), operation_id)
            await response(scope, receive, send)

        return run


def _method_not_allowed(methods: set[str]) -> Response:
    """HTTP 405 naming every method the path's operations accept (the spec's, not the router's)."""
    allow = ", ".join(sorted(methods))
    return PlainTextResponse("Method Not Allowed", 405, headers={"Allow": allow})


def create_app(config: SandboxConfig | None = None) -> SandboxApp:
    """A fresh sandbox app; ``app.state.sandbox`` gives tests direct access to its controls."""
    config = config or SandboxConfig()
    clock = Clock(config.start_time)
    fixtures = default_fixtures_root() if config.fixtures is _DEFAULT else config.fixtures
    services: dict[str, VendorService] = {}
    sandbox = Sandbox(clock, FaultBook(), services, rate_limits=config.rate_limits)
    for record in registry.records():
        name = record.key
        service: VendorService = record.sandbox_class()(clock, config.credentials)
        service.check_auth = config.check_auth
        service.lenient, service.explain = config.lenient, config.explain
        service.limiter.enabled = config.rate_limits
        recorded = load_recorded(service, fixtures)
        if recorded.tasks:
            service.recorded = recorded.tasks
            service.reset()
        sandbox.recorded[name] = recorded
        services[name] = service
    routes: list[Route | Mount] = [
        Route("/_health", lambda _request: json_response(health_body(services)), methods=["GET"]),
        Mount("/_admin", routes=admin_routes(sandbox)),
    ]
    return SandboxApp(sandbox, Router(routes=routes), config.sleep)
