"""The admin API under ``/_admin``: the controls tests and other teams drive the sandbox with.

    GET    /_admin/                      what is set: clock, faults, rate limits, cassettes
    POST   /_admin/reset                 clock, faults, tasks, tokens and limits back to start
    GET    /_admin/clock                 {"now": epoch seconds}
    POST   /_admin/clock                 {"advance": seconds} or {"set": epoch seconds}
    GET    /_admin/faults                the per-vendor faults in force
    POST   /_admin/faults                {"vendor": "zego", "fault": "status=503", "count": 2}
    DELETE /_admin/faults                clear them all
    POST   /_admin/rate-limits           {"enabled": false}
    GET    /_admin/{vendor}/tasks        the vendor's tasks and their current payloads
    POST   /_admin/{vendor}/tasks        {"id": "...", "states": [{"after": 0, "data": {...}}]}
    POST   /_admin/{vendor}/expire-tokens  every token the vendor issued expires now (123pan)

Every refusal is HTTP 400 with ``{"error": "..."}``; admin answers never use a vendor envelope.
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mediatasks.sandbox.answers import json_response
from mediatasks.sandbox.faults import parse_fault
from mediatasks.sandbox.state import Sandbox
from mediatasks.sandbox.validation import BadRequestError

__all__ = ["ENDPOINTS", "admin_routes"]

ENDPOINTS = [line.strip() for line in (__doc__ or "").splitlines() if line.startswith("    ")]

Handler = Callable[[Request], Awaitable[dict[str, Any]]]


async def _json(request: Request) -> dict[str, Any]:
    try:
        value = json.loads(await request.body() or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise BadRequestError(f"admin body is not JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise BadRequestError("admin body must be a JSON object")
    return value


def _finite(value: Any, what: str) -> float:
    """A finite number (``inf`` or ``nan`` would break every reader of the clock)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadRequestError(f"{what} must be a number")
    number = float(value)
    if not math.isfinite(number):
        raise BadRequestError(f"{what} must be a finite number")
    return number


def _guarded(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            return json_response(await handler(request))
        except (ValueError, KeyError, TypeError, OverflowError) as exc:
            return json_response({"error": str(exc)}, 400)

    return endpoint


def admin_routes(sandbox: Sandbox) -> list[Route]:
    async def index(_request: Request) -> dict[str, Any]:
        return {
            "clock": sandbox.clock.now(),
            "faults": sandbox.faults.describe(),
            "rate_limits": {n: s.limiter.enabled for n, s in sandbox.services.items()},
            "cassettes": {
                name: {"tasks": sorted(rec.tasks), "problems": rec.problems}
                for name, rec in sandbox.recorded.items()
            },
            "endpoints": ENDPOINTS,
        }

    async def reset(_request: Request) -> dict[str, Any]:
        sandbox.reset()
        return {"reset": True}

    async def clock(request: Request) -> dict[str, Any]:
        if request.method == "POST":
            body = await _json(request)
            if "advance" in body:
                sandbox.clock.advance(_finite(body["advance"], "advance"))
            elif "set" in body:
                sandbox.clock.set(_finite(body["set"], "set"))
            else:
                raise BadRequestError("give 'advance' or 'set'")
        return {"now": sandbox.clock.now()}

    async def faults(request: Request) -> dict[str, Any]:
        if request.method == "DELETE":
            sandbox.faults.clear()
        elif request.method == "POST":
            body = await _json(request)
            vendor = str(body.get("vendor", ""))
            if vendor not in sandbox.services:
                raise BadRequestError(f"unknown vendor {vendor!r}")
            count = body.get("count")
            if count is not None and (
                isinstance(count, bool) or not isinstance(count, int) or count < 1
            ):
                raise BadRequestError("count must be a whole number >= 1")
            sandbox.faults.set(vendor, parse_fault(str(body.get("fault", ""))), count)
        return {"faults": sandbox.faults.describe()}

    async def rate_limits(request: Request) -> dict[str, Any]:
        enabled = (await _json(request)).get("enabled")
        if not isinstance(enabled, bool):
            raise BadRequestError("'enabled' must be true or false")
        sandbox.set_rate_limits(enabled)
        return {"rate_limits": enabled}

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

    async def expire_tokens(request: Request) -> dict[str, Any]:
        vendor = request.path_params["vendor"]
        service = sandbox.services.get(vendor)
        if service is None:
            raise BadRequestError(f"unknown vendor {vendor!r}")
        service.expire_tokens()
        return {"expired": True}

    return [
        Route("/", _guarded(index), methods=["GET"]),
        Route("/reset", _guarded(reset), methods=["POST"]),
        Route("/clock", _guarded(clock), methods=["GET", "POST"]),
        Route("/faults", _guarded(faults), methods=["GET", "POST", "DELETE"]),
        Route("/rate-limits", _guarded(rate_limits), methods=["POST"]),
        Route("/{vendor}/expire-tokens", _guarded(expire_tokens), methods=["POST"]),
        Route("/{vendor}/tasks", _guarded(tasks), methods=["GET", "POST"]),
    ]
