"""MYun transcoding: create, read, list, delete.

Reading many tasks uses the list call (``listTranscodes``): one request answers a page of
tasks, so a sweep over 1,000 tasks costs ``ceil(total / page_size)`` requests instead of
1,000. Paging ends at the last page by ``count`` or at the first empty page (a stale or
inflated ``count`` must not cost a request per page up to ``MAX_PAGES``). Tasks the pages do
not contain are read one by one. ``create_task`` is never retried
once the request may have reached the server (it is not idempotent).
"""

from __future__ import annotations

import math
from collections.abc import Generator, Mapping, Sequence
from typing import Any, Final

import httpx
from mediatasks_generated.myun.client.models import TranscodeTask

from mediatasks.auth import MyunAuth, Secret
from mediatasks.runtime import Answer, run_async, run_sync
from mediatasks.tasks import Task, TaskOutput, TaskStatus
from mediatasks.vendors import _generated as generated
from mediatasks.vendors._base import RequestSpec, TaskClient, payload_error
from mediatasks.vendors._payload import as_list, as_mapping, number, text

__all__ = ["MyunClient"]

CREATE = "createTranscode"
GET = "getTranscode"
LIST = "listTranscodes"
DELETE = "deleteTranscode"
DEFAULT_PAGE_SIZE: Final = 100
MAX_PAGES: Final = 1_000


class MyunClient(TaskClient[TranscodeTask]):
    """MYun video cloud transcoding (no documented auth; optional token or header hook)."""

    vendor = "myun"

    def __init__(
        self,
        *,
        base_url: str,
        token: str | Secret | None = None,
        auth: httpx.Auth | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        **options: Any,
    ) -> None:
        super().__init__(base_url=base_url, auth=auth or MyunAuth(token), **options)
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.page_size = page_size

    # -- reading -----------------------------------------------------------------------------
    def task_request(self, task_id: str) -> RequestSpec:
        return self.request(GET, id=task_id)

    def task_from(self, task_id: str, answer: Answer) -> Task[TranscodeTask]:
        raw = as_mapping(answer.data, self.vendor, GET, "answer").get("transcoding")
        return self._task(as_mapping(raw, self.vendor, GET, "transcoding"), GET)

    def _task(self, item: Mapping[str, Any], operation_id: str) -> Task[TranscodeTask]:
        task_id = text(item.get("id"))
        if task_id is None:
            raise payload_error(self.vendor, operation_id, "a task without an id")
        raw_status = item.get("status")
        status = self.status("task", raw_status)
        target = text(item.get("target_url"))
        progress = number(item.get("progress"))
        error = None
        if status is TaskStatus.FAILED:
            error = text(item.get("error_info")) or f"error code {item.get('error_code')}"
        return Task(
            vendor=self.vendor,
            id=task_id,
            status=status,
            raw_status=raw_status if isinstance(raw_status, int | str) else None,
            progress=None if progress is None else min(max(progress, 0.0), 1.0),
            outputs=(TaskOutput(target, label=text(item.get("format"))),) if target else (),
            error=error,
            created_at=text(item.get("created_at")),
            raw=item,
            read_detail=generated.detail_reader(
                self.vendor, operation_id, TranscodeTask.from_dict, item
            ),
        )

    def _page_request(self, page: int) -> RequestSpec:
        return self.request(LIST, page=page, limit=self.page_size)

    def _read_page(self, answer: Answer) -> tuple[list[Task[TranscodeTask]], int]:
        body = as_mapping(answer.data, self.vendor, LIST, "answer")
        items = as_list(body.get("results"), self.vendor, LIST, "results")
        count = body.get("count")
        total = count if isinstance(count, int) and not isinstance(count, bool) else len(items)
        tasks = [self._task(as_mapping(i, self.vendor, LIST, "result"), LIST) for i in items]
        return tasks, total

    def _pages(self, total: int) -> int:
        return min(MAX_PAGES, max(1, math.ceil(total / self.page_size)))

    def _sweep(
        self, task_ids: Sequence[str]
    ) -> Generator[RequestSpec, Answer, list[Task[TranscodeTask]]]:
        """Page through the list until every wanted task is seen; read stragglers singly
        (sans-IO: yields the requests, receives their answers)."""
        wanted = set(task_ids)
        found: dict[str, Task[TranscodeTask]] = {}
        page, last = 1, 1
        while page <= last and wanted - found.keys():
            tasks, total = self._read_page((yield self._page_request(page)))
            found.update((t.id, t) for t in tasks if t.id in wanted)
            last = self._pages(total) if tasks else page  # an empty page is the end
            page += 1
        for task_id in wanted - found.keys():
            found[task_id] = self.task_from(task_id, (yield self.task_request(task_id)))
        return [found[task_id] for task_id in task_ids]

    def _read_tasks(self, task_ids: Sequence[str]) -> list[Task[TranscodeTask]]:
        return run_sync(self._sweep(task_ids), lambda step: self.call(*step))

    async def _read_tasks_async(self, task_ids: Sequence[str]) -> list[Task[TranscodeTask]]:
        return await run_async(self._sweep(task_ids), lambda step: self.call_async(*step))

    # -- writing -----------------------------------------------------------------------------
    def _create_request(
        self, origin_url: str, quality: int | None, output_format: str | None
    ) -> RequestSpec:
        request = generated.model(self.vendor, "CreateTranscodeRequest")(origin_url=origin_url)
        if quality is not None:
            request.task_config_temp_id = generated.model(self.vendor, "TranscodeQuality")(quality)
        if output_format is not None:
            request.format_ = output_format
        return self.request(CREATE, body=request)

    def _created_id(self, answer: Answer) -> str:
        task_id = text(as_mapping(answer.data, self.vendor, CREATE, "answer").get("id"))
        if task_id is None:
            raise payload_error(self.vendor, CREATE, "the create answer has no id")
        return task_id

    def create_task(
        self, origin_url: str, *, quality: int | None = None, output_format: str | None = None
    ) -> str:
        """Start a transcode; returns the new task id. Not retried once it may have arrived."""
        operation_id, request = self._create_request(origin_url, quality, output_format)
        return self._created_id(self.call(operation_id, request, idempotent=False))

    async def create_task_async(
        self, origin_url: str, *, quality: int | None = None, output_format: str | None = None
    ) -> str:
        operation_id, request = self._create_request(origin_url, quality, output_format)
        return self._created_id(await self.call_async(operation_id, request, idempotent=False))

    def delete_task(self, task_id: str) -> None:
        """Delete a task (a repeat would answer "already deleted", so no blind retry)."""
        body = generated.model(self.vendor, "DeleteTranscodeRequest")(
            id=self.check_task_id(task_id)
        )
        operation_id, request = self.request(DELETE, body=body)
        self.call(operation_id, request, idempotent=False)
