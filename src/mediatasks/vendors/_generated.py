"""The generated clients' request builders, wrapped for the adapters.

Requests are built by the generated code (``mediatasks_generated.<vendor>.client``), so the
method, path, parameter names and body serialisation come from the spec. Answers are *not*
parsed with the generated ``_parse_response``: it treats an error envelope as a success model
(all five vendors answer HTTP 200 with a business code), and it raises on an enum value the
spec does not list, which would drop the raw answer. Answers go through
:func:`mediatasks.runtime.decode` and the tolerant readers instead.

``_get_kwargs`` is private to each generated module; the pinned generator version
(openapi-python-client 0.29.1) and ``make check-generated`` keep it stable, and the tests of
each adapter fail if it changes shape.
"""

from __future__ import annotations

from typing import Any

from mediatasks_generated.cdnetworks.client.api.trimming import (
    get_trimming_task_status as _cdn_query,
)
from mediatasks_generated.cdnetworks.client.models import GetTrimmingTaskStatusRequest
from mediatasks_generated.myun.client.api.transcoding import (
    create_transcode as _myun_create,
)
from mediatasks_generated.myun.client.api.transcoding import (
    delete_transcode as _myun_delete,
)
from mediatasks_generated.myun.client.api.transcoding import (
    get_transcode as _myun_get,
)
from mediatasks_generated.myun.client.api.transcoding import (
    list_transcodes as _myun_list,
)
from mediatasks_generated.myun.client.models import (
    CreateTranscodeRequest,
    DeleteTranscodeRequest,
    TranscodeQuality,
)
from mediatasks_generated.pan123.client.api.transcode import (
    get_transcode_video_record as _pan123_record,
)
from mediatasks_generated.pan123.client.models import TranscodeVideoRecordRequest
from mediatasks_generated.polyv.client.api.source_file import (
    get_source_file_task as _polyv_get,
)
from mediatasks_generated.zego.client.api.recording import (
    describe_record_status as _zego_describe,
)
from mediatasks_generated.zego.client.models import (
    DescribeRecordStatusAction,
    DescribeRecordStatusRequest,
)

__all__ = [
    "cdnetworks_query",
    "myun_create",
    "myun_delete",
    "myun_get",
    "myun_list",
    "pan123_record",
    "polyv_get",
    "zego_describe",
]

Kwargs = dict[str, Any]


def pan123_record(file_id: int) -> Kwargs:
    return _pan123_record._get_kwargs(body=TranscodeVideoRecordRequest(file_id=file_id))


def myun_get(task_id: str) -> Kwargs:
    return _myun_get._get_kwargs(id=task_id)


def myun_list(page: int, limit: int) -> Kwargs:
    return _myun_list._get_kwargs(page=page, limit=limit)


def myun_create(origin_url: str, quality: int | None, output_format: str | None) -> Kwargs:
    request = CreateTranscodeRequest(origin_url=origin_url)
    if quality is not None:
        request.task_config_temp_id = TranscodeQuality(quality)
    if output_format is not None:
        request.format_ = output_format
    return _myun_create._get_kwargs(body=request)


def myun_delete(task_id: str) -> Kwargs:
    return _myun_delete._get_kwargs(body=DeleteTranscodeRequest(id=task_id))


def zego_describe(task_id: str) -> Kwargs:
    return _zego_describe._get_kwargs(
        body=DescribeRecordStatusRequest(task_id=task_id),
        action=DescribeRecordStatusAction.DESCRIBE_RECORD_STATUS,
    )


def cdnetworks_query(trans_no: str) -> Kwargs:
    return _cdn_query._get_kwargs(body=GetTrimmingTaskStatusRequest(trans_no=trans_no))


def polyv_get(task_id: str) -> Kwargs:
    return _polyv_get._get_kwargs(task_id=task_id)
