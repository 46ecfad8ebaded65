"""123pan: transcoding records of a file (``getTranscodeVideoRecord``).

A 123pan "task" is a file id; the vendor answers one record per resolution, each with its own
status (1 waiting, 2 transcoding, 3-254 failed, 255 done). The Task aggregates them: parts are
the resolutions, outputs their m3u8 links.
"""

from __future__ import annotations

from typing import Any

from mediatasks_generated.pan123.client.models import TranscodeVideoRecordList

from mediatasks.auth import Pan123TokenAuth, Secret
from mediatasks.auth._pan123 import token_operation
from mediatasks.runtime import Answer
from mediatasks.specs import profile
from mediatasks.tasks import (
    Task,
    TaskOutput,
    TaskPart,
    aggregate_status,
    parts_progress,
)
from mediatasks.vendors import _generated as generated
from mediatasks.vendors._base import RequestSpec, TaskClient
from mediatasks.vendors._inputs import check_decimal_id
from mediatasks.vendors._payload import as_list, as_mapping, text

__all__ = ["Pan123Client"]

RECORD = "getTranscodeVideoRecord"


class Pan123Client(TaskClient[TranscodeVideoRecordList]):
    """123pan open platform; authenticates with clientID/clientSecret (token cached)."""

    vendor = "pan123"

    def __init__(
        self, client_id: str, client_secret: str | Secret, *, base_url: str, **options: Any
    ) -> None:
        token_path = self._token_path()
        auth = Pan123TokenAuth(
            client_id, client_secret, token_url=base_url.rstrip("/") + token_path
        )
        super().__init__(base_url=base_url, auth=auth, **options)

    @staticmethod
    def _token_path() -> str:
        return profile("pan123").operations[token_operation()].path

    def check_task_id(self, task_id: str) -> str:
        """123pan file ids: ASCII decimal, from 1 to 2**63 - 1 (the vendor's int64)."""
        check_decimal_id(self.vendor, super().check_task_id(task_id), "123pan file ids")
        return task_id

    def task_request(self, task_id: str) -> RequestSpec:
        # task_id passed check_task_id: ASCII decimal within int64
        body = generated.model(self.vendor, "TranscodeVideoRecordRequest")(file_id=int(task_id))
        return self.request(RECORD, body=body)

    def task_from(self, task_id: str, answer: Answer) -> Task[TranscodeVideoRecordList]:
        data = as_mapping(answer.data, self.vendor, RECORD, "data")
        records = as_list(data.get("UserTranscodeVideoRecordList"), self.vendor, RECORD, "records")
        parts = []
        created = []
        for index, raw in enumerate(records):
            record = as_mapping(raw, self.vendor, RECORD, f"record {index}")
            resolution = text(record.get("resolution")) or f"#{index}"
            link = text(record.get("link"))
            outputs = (TaskOutput(link, label=resolution),) if link else ()
            raw_status = record.get("status")
            parts.append(
                TaskPart(resolution, self.status("record", raw_status), raw_status, outputs)
            )
            if text(record.get("create_at")):
                created.append(str(record["create_at"]))
        status = aggregate_status([p.status for p in parts])
        failed = [p for p in parts if p.status.value == "FAILED"]
        error = (
            "transcoding failed for "
            + ", ".join(f"{p.name} (status {p.raw_status})" for p in failed)
            if failed
            else None
        )
        return Task(
            vendor=self.vendor,
            id=task_id,
            status=status,
            raw_status=tuple(p.raw_status for p in parts),
            progress=parts_progress(parts),
            outputs=tuple(o for p in parts for o in p.outputs),
            error=error,
            parts=tuple(parts),
            created_at=min(created) if created else None,
            raw=data,
            read_detail=generated.detail_reader(
                self.vendor, RECORD, TranscodeVideoRecordList.from_dict, data
            ),
        )
