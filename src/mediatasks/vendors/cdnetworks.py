"""CDNetworks Cloud VoD: trimming task status (``videoClipQuery``), old API signed with
WS3-HMAC-SHA256. Status 1 processing, 2 success, 3 failed; ``videoInfo`` only on success."""

from __future__ import annotations

from typing import Any

from mediatasks_generated.cdnetworks.client.models import TrimmingTask

from mediatasks.auth import CDNetworksAuth, Secret
from mediatasks.runtime import Answer
from mediatasks.tasks import Task, TaskOutput, TaskStatus
from mediatasks.vendors import _generated as generated
from mediatasks.vendors._base import RequestSpec, TaskClient
from mediatasks.vendors._payload import as_mapping, text

__all__ = ["CDNetworksClient"]

QUERY = "getTrimmingTaskStatus"


class CDNetworksClient(TaskClient[TrimmingTask]):
    """CDNetworks trimming tasks, by ``transNo``."""

    vendor = "cdnetworks"

    def __init__(
        self, access_key: str, secret_key: str | Secret, *, base_url: str, **options: Any
    ) -> None:
        super().__init__(base_url=base_url, auth=CDNetworksAuth(access_key, secret_key), **options)

    def task_request(self, task_id: str) -> RequestSpec:
        body = generated.model(self.vendor, "GetTrimmingTaskStatusRequest")(trans_no=task_id)
        return self.request(QUERY, body=body)

    def task_from(self, task_id: str, answer: Answer) -> Task[TrimmingTask]:
        data = as_mapping(answer.data, self.vendor, QUERY, "data")
        raw_status = data.get("status")
        status = self.status("task", raw_status)
        info = data.get("videoInfo")
        outputs: tuple[TaskOutput, ...] = ()
        if isinstance(info, dict) and text(info.get("imageUrl")):
            outputs = (TaskOutput(str(info["imageUrl"]), label="cover image"),)
        return Task(
            vendor=self.vendor,
            id=task_id,
            status=status,
            raw_status=raw_status if isinstance(raw_status, int | str) else None,
            outputs=outputs,
            error="trimming failed" if status is TaskStatus.FAILED else None,
            created_at=text(info.get("uploadTime")) if isinstance(info, dict) else None,
            raw=data,
            read_detail=generated.detail_reader(self.vendor, QUERY, TrimmingTask.from_dict, data),
        )
