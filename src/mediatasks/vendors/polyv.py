"""Polyv VOD: source-file task (``getSourceFileTask``). The answer is a list of per-video
items (INIT, PROCESS, SUCCESS, FAIL), aggregated into one Task whose outputs are the links."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mediatasks_generated.polyv.client.models import SourceFileTask

from mediatasks.auth import PolyvAuth, Secret
from mediatasks.runtime import Answer
from mediatasks.tasks import (
    Task,
    TaskOutput,
    TaskPart,
    TaskStatus,
    aggregate_status,
    parts_progress,
)
from mediatasks.vendors import _generated as generated
from mediatasks.vendors._base import RequestSpec, TaskClient
from mediatasks.vendors._payload import as_list, as_mapping, text

__all__ = ["PolyvClient"]

GET = "getSourceFileTask"


def _source_file_tasks(items: Sequence[Any]) -> list[SourceFileTask]:
    return [SourceFileTask.from_dict(item) for item in items]


class PolyvClient(TaskClient[list[SourceFileTask]]):
    """Polyv VOD sub-account API, signed with appId + secretKey."""

    vendor = "polyv"

    def __init__(
        self, app_id: str, secret_key: str | Secret, *, base_url: str, **options: Any
    ) -> None:
        super().__init__(base_url=base_url, auth=PolyvAuth(app_id, secret_key), **options)

    def task_request(self, task_id: str) -> RequestSpec:
        return self.request(GET, task_id=task_id)

    def task_from(self, task_id: str, answer: Answer) -> Task[list[SourceFileTask]]:
        items = as_list(answer.data, self.vendor, GET, "data")
        parts = []
        for index, raw in enumerate(items):
            item = as_mapping(raw, self.vendor, GET, f"data[{index}]")
            name = text(item.get("vid")) or f"#{index}"
            url = text(item.get("url"))
            raw_status = item.get("status")
            parts.append(
                TaskPart(
                    name,
                    self.status("task", raw_status),
                    raw_status if isinstance(raw_status, int | str) else None,
                    (TaskOutput(url, label=name),) if url else (),
                )
            )
        failed = [p.name for p in parts if p.status is TaskStatus.FAILED]
        return Task(
            vendor=self.vendor,
            id=task_id,
            status=aggregate_status([p.status for p in parts]),
            raw_status=tuple(p.raw_status for p in parts),
            progress=parts_progress(parts),
            outputs=tuple(o for p in parts for o in p.outputs),
            error=("failed for " + ", ".join(failed)) if failed else None,
            parts=tuple(parts),
            raw={"data": items},
            read_detail=generated.detail_reader(self.vendor, GET, _source_file_tasks, items),
        )
