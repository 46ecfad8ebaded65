"""MYun transcoding emulator: tasks really move through their lifecycle on the sandbox clock.

A created task waits ``WAIT_SECONDS``, then transcodes for ``TRANSCODE_SECONDS`` with progress
rising from 0 to 1, then succeeds — or fails, when its ``origin_url`` contains ``fail`` (a switch
for tests). Delete and batch delete turn tasks to status 4 (deleted); deleting a deleted task is
a state error. The list call pages newest first and counts every task, deleted ones included.
MYun documents no auth; when the sandbox is configured with a MYun token, a matching
``Authorization: Bearer`` header is required. A task seeded from a cassette replays its
recorded views, ordered to end terminal (:mod:`mediatasks.sandbox.lifecycle`); one recorded
unfinished finishes the way a created task does.
"""

from __future__ import annotations

import hmac
import secrets
import string
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from starlette.requests import Request

from mediatasks.sandbox.lifecycle import Lifecycles, status_reader
from mediatasks.sandbox.payloads import SchemaChecker
from mediatasks.sandbox.scripted import ScriptedTask, example_payload
from mediatasks.sandbox.service import Call, Rejection, VendorService
from mediatasks.spec_io import follow

__all__ = ["MyunService"]

WAIT_SECONDS = 2.0
TRANSCODE_SECONDS = 10.0
_CST = timezone(timedelta(hours=8))
_ALPHABET = string.ascii_lowercase + string.digits
WAITING, TRANSCODING, SUCCEEDED, FAILED, DELETED = 0, 1, 2, 3, 4
_DOCUMENT_TASK = "17lok52y"
#: (operationId, response example) whose tasks are seeded, in lifecycle order
_SPEC_EXAMPLES = (("getTranscode", "successWaiting"), ("listTranscodes", "successTwoTasks"))


def _stamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).astimezone(_CST).isoformat(timespec="seconds")


def _parse_stamp(text: Any, default: float) -> float:
    try:
        return datetime.fromisoformat(str(text)).timestamp()
    except ValueError:
        return default


def _final_fields(task_id: str, origin_url: str, format_: str) -> dict[str, Any]:
    """The fields a task shows once transcoding has ended: succeeded with its playlist URL, or
    failed (3001) when its ``origin_url`` contains ``fail``."""
    failed = "fail" in origin_url.lower()
    return {
        "target_url": "" if failed else f"https://sandbox.invalid/myun/{task_id}/index.{format_}",
        "status": FAILED if failed else SUCCEEDED,
        "progress": 0.0 if failed else 1.0,
        "error_code": 3001 if failed else 0,
        "error_info": "source could not be decoded" if failed else "",
    }


@dataclass(slots=True)
class _Task:
    id: str
    created: float
    origin_url: str
    quality: int
    format: str
    deleted_at: float | None = None
    recorded: ScriptedTask | None = None  # a task seeded from a cassette replays its views

    def view(self, now: float) -> dict[str, Any]:
        if self.recorded is not None:
            current: dict[str, Any] = self.recorded.current(now)
            if self.deleted_at is not None and now >= self.deleted_at:
                return {**current, "status": DELETED, "updated_at": _stamp(self.deleted_at)}
            return current
        view: dict[str, Any] = {
            "id": self.id,
            "created_at": _stamp(self.created),
            "updated_at": _stamp(self.created),
            "task_config_temp_id": self.quality,
            "origin_url": self.origin_url,
            "target_url": "",
            "format": self.format,
            "status": WAITING,
            "progress": 0.0,
            "error_code": 0,
            "error_info": "",
        }
        elapsed = now - self.created
        if self.deleted_at is not None and now >= self.deleted_at:
            ran = (self.deleted_at - self.created - WAIT_SECONDS) / TRANSCODE_SECONDS
            progress = min(1.0, max(0.0, ran))
            view.update(status=DELETED, progress=progress, updated_at=_stamp(self.deleted_at))
            if progress >= 1:  # deleted after it ended: a success keeps its URL
                final = _final_fields(self.id, self.origin_url, self.format)
                view["target_url"] = final["target_url"]
        elif elapsed >= WAIT_SECONDS + TRANSCODE_SECONDS:
            done_at = self.created + WAIT_SECONDS + TRANSCODE_SECONDS
            view.update(_final_fields(self.id, self.origin_url, self.format))
            view["updated_at"] = _stamp(done_at)
        elif elapsed >= WAIT_SECONDS:
            progress = round((elapsed - WAIT_SECONDS) / TRANSCODE_SECONDS, 4)
            view.update(status=TRANSCODING, progress=progress, updated_at=_stamp(now))
        return view


class MyunService(VendorService):
    vendor = "myun"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lock = threading.Lock()
        self._tasks: dict[str, _Task] = {}
        task_schema = follow(self.spec, {"$ref": "#/components/schemas/TranscodeTask"})
        self._task_schema = SchemaChecker(self.spec, task_schema, "TranscodeTask")
        read = status_reader(self.vendor, self.credentials)
        self.lifecycles = Lifecycles(
            lambda task_id, view: read(task_id, {"transcoding": view}),
            self.finished,
            self._task_schema.check,
        )
        self.reset()

    def reset(self) -> None:
        super().reset()
        with self._lock:
            self._tasks.clear()
            # the document's own task id, finished long ago
            self._tasks[_DOCUMENT_TASK] = _Task(
                _DOCUMENT_TASK,
                self.clock.now() - 3600,
                "https://media.example.com/uploads/lecture-01.mp4",
                5,
                "m3u8",
            )
            for task_id, views in self._spec_tasks().items():
                self.seed_task(task_id, views)
            self.seed_recorded()

    def _spec_tasks(self) -> dict[str, list[Any]]:
        """Tasks the spec's get and list examples show (besides the document's own, which is
        seeded finished above), each with its views in example order: the delete examples name
        them, so the examples work against the sandbox as written."""
        found: dict[str, list[Any]] = {}
        for operation_id, key in _SPEC_EXAMPLES:
            payload = example_payload(self.spec, operation_id, key, None)
            for task_id, view in self.recorded_tasks(operation_id, {}, None, payload):
                if task_id != _DOCUMENT_TASK:
                    found.setdefault(task_id, []).append(view)
        return found

    def authenticate(self, request: Request, raw_body: bytes, operation_id: str) -> str:
        """No auth unless a token is configured; then ``Authorization: Bearer <token>``.

        MYun documents neither auth nor an auth error code, so a refusal is answered with the
        spec's invalid-parameter code (the ``auth`` kind falls back to it).
        """
        expected = self.credential("TOKEN") or None
        if expected is None:
            return request.client.host if request.client else "anonymous"
        header = request.headers.get("authorization", "")
        given = header[len("Bearer ") :].strip() if header.startswith("Bearer ") else ""
        if not given or not hmac.compare_digest(given.encode(), expected.encode()):
            raise Rejection("auth", "missing or wrong token")
        return "token"

    def recorded_tasks(
        self,
        operation_id: str,
        query: Mapping[str, Any],
        body: Mapping[str, Any] | None,
        payload: Any,
    ) -> list[tuple[str, Any]]:
        """Tasks shown by recorded get and list answers (their recorded view, frozen)."""
        if operation_id == "getTranscode" and isinstance(payload.get("transcoding"), Mapping):
            found = [payload["transcoding"]]
        elif operation_id == "listTranscodes" and isinstance(payload.get("results"), list):
            found = [item for item in payload["results"] if isinstance(item, Mapping)]
        else:
            return []
        for index, item in enumerate(found):
            self._task_schema.check(item, f"recorded task {index}")
        return [(str(item["id"]), item) for item in found]

    def seed_task(self, task_id: str, payloads: list[Any]) -> None:
        now = self.clock.now()
        lifecycle = self.lifecycles.recorded(task_id, payloads)
        first = lifecycle[0][1]
        created = _parse_stamp(first.get("created_at"), now)
        self._tasks[task_id] = _Task(
            task_id,
            created,
            str(first.get("origin_url", "")),
            5,
            str(first.get("format", "m3u8")),
            recorded=ScriptedTask(task_id, now, lifecycle),
        )

    def finished(self, task_id: str, view: Any) -> dict[str, Any]:
        """A recorded unfinished view as it ends: succeeded, or failed for a ``fail`` URL."""
        final = _final_fields(
            task_id, str(view.get("origin_url", "")), str(view.get("format", "m3u8"))
        )
        if final["status"] == SUCCEEDED and view.get("target_url"):
            final["target_url"] = view["target_url"]  # a recorded URL stays
        return {**view, **final}

    def snapshot(self) -> list[dict[str, Any]]:
        now = self.clock.now()
        with self._lock:
            return [task.view(now) for task in self._tasks.values()]

    def _find(self, task_id: str) -> _Task:
        task = self._tasks.get(task_id)
        if task is None:
            raise Rejection("not-found", f"transcode task {task_id!r} does not exist")
        return task

    # -- operations ---------------------------------------------------------------------------
    def createTranscode(self, call: Call) -> dict[str, Any]:  # noqa: N802 - named after operationId
        body = call.body or {}
        task_id = "".join(secrets.choice(_ALPHABET) for _ in range(8))
        task = _Task(
            task_id,
            call.now,
            str(body["origin_url"]),
            int(body.get("task_config_temp_id", 5)),
            str(body.get("format", "m3u8")),
        )
        with self._lock:
            self._tasks[task_id] = task
        return {"id": task_id}

    def listTranscodes(self, call: Call) -> dict[str, Any]:  # noqa: N802
        page = int(call.params.get("page", 1))
        limit = int(call.params.get("limit", 15))
        with self._lock:
            tasks = sorted(self._tasks.values(), key=lambda t: (t.created, t.id), reverse=True)
        start = (page - 1) * limit
        return {
            "results": [t.view(call.now) for t in tasks[start : start + limit]],
            "count": len(tasks),
        }

    def getTranscode(self, call: Call) -> dict[str, Any]:  # noqa: N802
        with self._lock:
            task = self._find(str(call.params["id"]))
        return {"transcoding": task.view(call.now)}

    def deleteTranscode(self, call: Call) -> dict[str, Any]:  # noqa: N802
        self._delete([str((call.body or {})["id"])], call.now)
        return {}

    def deleteTranscodes(self, call: Call) -> dict[str, Any]:  # noqa: N802
        ids = [part for part in str((call.body or {})["ids"]).split(",") if part]
        self._delete(ids, call.now)
        return {}

    def _delete(self, ids: list[str], now: float) -> None:
        """All or nothing: an unknown or already deleted id refuses the whole call."""
        with self._lock:
            tasks = [self._find(task_id) for task_id in ids]
            for task in tasks:
                if task.deleted_at is not None:
                    raise Rejection("state", f"transcode task {task.id!r} is already deleted")
            for task in tasks:
                task.deleted_at = now
