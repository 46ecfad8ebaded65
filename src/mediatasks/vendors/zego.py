"""ZEGO cloud recording: ``DescribeRecordStatus``.

The task status (1 initialized, 2 recording, 3 ended, 4 ended abnormally, 5 paused) says when
recording stops; the files then still upload (file status 1-5). An ended task counts as
SUCCEEDED only when every file is uploaded (to the customer's or ZEGO's backup storage), as
FAILED if a file failed everywhere, and as RUNNING while files are still uploading.
"""

from __future__ import annotations

from typing import Any

from mediatasks_generated.zego.client.models import RecordTask

from mediatasks.auth import Secret, ZegoAuth
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
from mediatasks.vendors._payload import as_list, as_mapping, number, text

__all__ = ["ZegoClient"]

DESCRIBE = "describeRecordStatus"


class ZegoClient(TaskClient[RecordTask]):
    """ZEGO cloud recording, signed with AppId + ServerSecret (signature v2.0)."""

    vendor = "zego"

    def __init__(
        self, app_id: int | str, server_secret: str | Secret, *, base_url: str, **options: Any
    ) -> None:
        super().__init__(base_url=base_url, auth=ZegoAuth(app_id, server_secret), **options)

    def task_request(self, task_id: str) -> RequestSpec:
        action = generated.model(self.vendor, "DescribeRecordStatusAction")
        body = generated.model(self.vendor, "DescribeRecordStatusRequest")(task_id=task_id)
        return self.request(DESCRIBE, body=body, action=action.DESCRIBE_RECORD_STATUS)

    def task_from(self, task_id: str, answer: Answer) -> Task[RecordTask]:
        data = as_mapping(answer.data, self.vendor, DESCRIBE, "Data")
        raw_status = data.get("Status")
        task_status = self.status("task", raw_status)
        files = data.get("RecordFiles")
        parts = []
        for index, raw in enumerate(
            as_list(files, self.vendor, DESCRIBE, "RecordFiles") if files is not None else []
        ):
            item = as_mapping(raw, self.vendor, DESCRIBE, f"RecordFiles[{index}]")
            url = text(item.get("FileUrl"))
            name = text(item.get("FileId")) or text(item.get("StreamId")) or f"#{index}"
            size = number(item.get("FileSize"))
            duration = number(item.get("Duration"))
            output = (
                TaskOutput(
                    url,
                    label=text(item.get("OutputFileFormat")),
                    size_bytes=None if size is None else int(size),
                    duration_seconds=None if duration is None else duration / 1000,
                )
                if url
                else None
            )
            file_raw = item.get("Status")
            parts.append(
                TaskPart(
                    name,
                    self.status("file", file_raw),
                    file_raw,
                    (output,) if output else (),
                )
            )
        status = task_status
        if task_status is TaskStatus.SUCCEEDED and parts:
            status = aggregate_status([p.status for p in parts])
        failed = [p.name for p in parts if p.status is TaskStatus.FAILED]
        error = None
        if task_status is TaskStatus.FAILED:
            error = "recording ended abnormally"
        elif failed:
            error = "upload failed for " + ", ".join(failed)
        return Task(
            vendor=self.vendor,
            id=task_id,
            status=status,
            raw_status=raw_status if isinstance(raw_status, int | str) else None,
            progress=parts_progress(parts) if task_status is TaskStatus.SUCCEEDED else None,
            outputs=tuple(o for p in parts for o in p.outputs),
            error=error,
            parts=tuple(parts),
            raw=data,
            read_detail=generated.detail_reader(self.vendor, DESCRIBE, RecordTask.from_dict, data),
        )
