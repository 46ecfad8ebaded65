"""Assemble the sandbox: one mounted emulator per vendor, an admin API, a health endpoint.

    /<vendor>/...        the vendor's operations, exactly at the spec's paths
    /_health             liveness and the spec version each emulator serves
    /_admin/...          test control (documented in README: clock, faults, tasks, reset)

Everything runs in-process for tests (``httpx.ASGITransport(app=create_app())``, Schemathesis
``from_asgi``) and on a port through ``python -m mediatasks.sandbox``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route, Router

from mediatasks.sandbox.answers import json_response
from mediatasks.sandbox.clock import Clock
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.sandbox.faults import FaultBook, FaultMiddleware, parse_fault
from mediatasks.sandbox.service import VendorService, health_body
from mediatasks.sandbox.validation import BadRequestError
from mediatasks.sandbox.vendors.cdnetworks import CdnetworksService
from mediatasks.sandbox.vendors.myun import MyunService
from mediatasks.sandbox.vendors.pan123 import Pan123Service
from mediatasks.sandbox.vendors.polyv import PolyvService
from mediatasks.sandbox.vendors.zego import ZegoService

__all__ = ["Sandbox", "SandboxConfig", "create_app"]

SERVICES: Mapping[str, type[VendorService]] = {
    "pan123": Pan123Service,
    "myun": MyunService,
    "zego": ZegoService,
    "cdnetworks": CdnetworksService,
    "polyv": PolyvService,
}


@dataclass(frozen=True, slots=True)
class SandboxConfig:
    credentials: SandboxCredentials = field(default_factory=SandboxCredentials)
    check_auth: bool = True
    rate_limits: bool = True
    start_time: float | None = None


@dataclass
class Sandbox:
    """The running emulators and their shared controls (what the admin API changes)."""

    clock: Clock
    faults: FaultBook
    services: dict[str, VendorService]

    def reset(self) -> None:
        self.clock.reset()
        self.faults.clear()
        for service in self.services.values():
            service.reset()


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """A fresh sandbox app; ``app.state.sandbox`` gives tests direct access to its controls."""
    config = config or SandboxConfig()
    clock = Clock(config.start_time)
    services: dict[str, VendorService] = {}
    for name, cls in SERVICES.items():
        service = cls(clock, config.credentials)
        service.check_auth = config.check_auth
        service.limiter.enabled = config.rate_limits
        services[name] = service
    sandbox = Sandbox(clock, FaultBook(), services)
    routes: list[Route | Mount] = [
        Route("/_health", lambda _request: json_response(health_body(services)), methods=["GET"]),
        Mount("/_admin", routes=_admin_routes(sandbox)),
    ]
    routes += [Mount(f"/{name}", app=Router(routes=svc.routes())) for name, svc in services.items()]
    app = Starlette(routes=routes)
    app.state.sandbox = sandbox
    app.add_middleware(FaultMiddleware, book=sandbox.faults, vendors=tuple(services))
    return app


async def _json(request: Request) -> dict[str, Any]:
    try:
        value = json.loads(await request.body() or b"{}")
    except json.JSONDecodeError as exc:
        raise BadRequestError(f"admin body is not JSON: {exc.msg}") from exc
    if not isinstance(value, dict):
        raise BadRequestError("admin body must be a JSON object")
    return value


def _admin_routes(sandbox: Sandbox) -> list[Route]:
    def guarded(handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                return json_response(await handler(request))
            except (BadRequestError, ValueError, KeyError) as exc:
                return json_response({"error": str(exc)}, 400)

        return endpoint

    async def index(_request: Request) -> dict[str, Any]:
        return {
            "clock": sandbox.clock.now(),
            "faults": sandbox.faults.describe(),
            "endpoints": [
                "POST /_admin/reset",
                "GET|POST /_admin/clock {advance: seconds} | {set: epoch seconds}",
                "POST /_admin/faults {vendor, fault, count?}; DELETE /_admin/faults",
                "GET /_admin/{vendor}/tasks",
                "POST /_admin/{vendor}/tasks {id, states: [{after, data}]}",
                "POST /_admin/pan123/expire-tokens",
            ],
        }

    async def reset(_request: Request) -> dict[str, Any]:
        sandbox.reset()
        return {"reset": True}

    async def clock(request: Request) -> dict[str, Any]:
        if request.method == "POST":
            body = await _json(request)
            if "advance" in body:
                sandbox.clock.advance(float(body["advance"]))
            elif "set" in body:
                sandbox.clock.set(float(body["set"]))
            else:
                raise BadRequestError("give 'advance' or 'set'")
        return {"now": sandbox.clock.now()}

    async def faults(request: Request) -> dict[str, Any]:
        if request.method == "DELETE":
            sandbox.faults.clear()
            return {"faults": {}}
        body = await _json(request)
        vendor = str(body.get("vendor", ""))
        if vendor not in sandbox.services:
            raise BadRequestError(f"unknown vendor {vendor!r}")
        count = body.get("count")
        sandbox.faults.set(
            vendor, parse_fault(str(body.get("fault", ""))), int(count) if count else None
        )
        return {"faults": sandbox.faults.describe()}

    async def tasks(request: Request) -> dict[str, Any]:
        vendor = request.path_params["vendor"]
        service = sandbox.services.get(vendor)
        if service is None:
            raise BadRequestError(f"unknown vendor {vendor!r}")
        if request.method == "POST":
            body = await _json(request)
            task_id = body.get("id")
            if not isinstance(task_id, str) or not task_id:
                raise BadRequestError("'id' must be a non-empty string")
            service.add_task(task_id, body.get("states"))  # type: ignore[arg-type]
        return {"tasks": service.snapshot()}

    async def expire_tokens(_request: Request) -> dict[str, Any]:
        pan123 = sandbox.services["pan123"]
        assert isinstance(pan123, Pan123Service)
        pan123.expire_tokens()
        return {"expired": True}

    return [
        Route("/", guarded(index), methods=["GET"]),
        Route("/reset", guarded(reset), methods=["POST"]),
        Route("/clock", guarded(clock), methods=["GET", "POST"]),
        Route("/faults", guarded(faults), methods=["POST", "DELETE"]),
        Route("/pan123/expire-tokens", guarded(expire_tokens), methods=["POST"]),
        Route("/{vendor}/tasks", guarded(tasks), methods=["GET", "POST"]),
    ]
