"""Seed tasks from recorded cassettes (``contract_tests/fixtures/<vendor>/*.yaml``).

A cassette is YAML::

    interactions:
      - request:  {method: POST, path: /?Action=..., query: {...}, headers: {...}, body: {...}}
        response: {status: 200, headers: {...}, body: {...}}

``path`` may be the vendor's path, the sandbox's (``/zego/...``) or a whole URL; ``body`` may be
parsed YAML or the raw text (JSON or a form). Every successful task answer — the vendor's
success code in the envelope and a payload that fits the operation's schema — becomes a seeded
task; several answers for one task become its lifecycle, one state every ``STEP_SECONDS`` of
sandbox time, ordered so that it ends terminal and stays terminal
(:mod:`mediatasks.sandbox.lifecycle`). Anything else is skipped and listed as a problem
(``GET /_admin/``), so a broken cassette never stops the sandbox from serving.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from mediatasks.resources import data_dir
from mediatasks.sandbox.payloads import payload_at
from mediatasks.sandbox.service import VendorService
from mediatasks.sandbox.validation import BadRequestError
from mediatasks.spec_io import load

__all__ = ["Recorded", "default_fixtures_root", "load_recorded"]

log = logging.getLogger("mediatasks.sandbox")


def default_fixtures_root() -> Path | None:
    """$MEDIATASKS_SANDBOX_FIXTURES, else the installed package's cassettes, else a checkout's
    contract_tests/fixtures (:mod:`mediatasks.resources`); None when there are none."""
    root = data_dir("fixtures")
    return root if root.is_dir() else None


@dataclass
class Recorded:
    """What the cassettes of one vendor gave: task id -> payloads in order, and what was skipped."""

    tasks: dict[str, list[Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _text_body(raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return dict(parse_qsl(text, keep_blank_values=True))


def _where(service: VendorService, method: str, path: str) -> tuple[str | None, dict[str, str]]:
    """The operationId a recorded request was for, and the query its path carried."""
    parts = urlsplit(path)
    route = parts.path or "/"
    prefix = f"/{service.vendor}"
    if route == prefix or route.startswith(prefix + "/"):
        route = route[len(prefix) :] or "/"
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    return service.operations().get((method.upper(), route)), query


def _interactions(path: Path) -> list[Any]:
    document = load(path.read_text(encoding="utf-8"), str(path)).data
    if not isinstance(document, Mapping) or not isinstance(document.get("interactions"), list):
        raise ValueError("no 'interactions' list")
    return list(document["interactions"])


def load_recorded(service: VendorService, root: Path | None) -> Recorded:
    """Read ``root/<vendor>/*.yaml`` and collect the successful task answers they hold."""
    recorded = Recorded()
    folder = root / service.vendor if root is not None else None
    if folder is None or not folder.is_dir():
        return recorded
    envelope = service.profile.envelope
    for path in sorted(folder.glob("*.y*ml")):
        try:
            interactions = _interactions(path)
        except (OSError, UnicodeDecodeError, ValueError) as exc:  # SpecSyntaxError included
            recorded.problems.append(f"{path.name}: unreadable cassette ({exc})")
            continue
        for index, item in enumerate(interactions):
            where = f"{path.name}#{index}"
            try:
                request, response = item["request"], item["response"]
                operation_id, query = _where(service, str(request["method"]), str(request["path"]))
                body = _text_body(response.get("body"))
                if operation_id is None or not envelope.is_success(body):
                    continue
                query.update({str(k): v for k, v in (request.get("query") or {}).items()})
                sent = _text_body(request.get("body"))
                tasks = service.recorded_tasks(
                    operation_id,
                    query,
                    sent if isinstance(sent, Mapping) else None,
                    payload_at(body, envelope.data_pointer),
                )
            except (KeyError, TypeError, AttributeError, BadRequestError) as exc:
                recorded.problems.append(f"{where}: skipped ({exc})")
                continue
            for task_id, payload in tasks:
                recorded.tasks.setdefault(task_id, []).append(payload)
    for problem in recorded.problems:
        log.warning("%s cassette %s", service.vendor, problem)
    return recorded
