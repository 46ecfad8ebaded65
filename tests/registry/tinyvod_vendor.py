"""The synthetic sixth vendor's hand-written parts: an auth, a client and a sandbox emulator,
and the one registry record that ties them to its spec (README, "Adding a vendor")."""

from __future__ import annotations

import hmac
from collections.abc import Generator
from pathlib import Path
from typing import Any

import httpx
from starlette.requests import Request

from mediatasks.envelope import Answer
from mediatasks.model import Task
from mediatasks.registry import Credential, StatusTable, VendorRecord
from mediatasks.sandbox.service import Call, Rejection
from mediatasks.sandbox.vendors._scripted import ScriptedService
from mediatasks.tasks import TaskOutput, TaskStatus
from mediatasks.vendors import TaskClient
from mediatasks.vendors._base import RequestSpec
from mediatasks.vendors._payload import as_mapping, text

KEY = "tinyvod"
GET = "getJob"
SPEC = Path(__file__).parent / "tinyvod" / "openapi.yaml"


class TinyAuth(httpx.Auth):
    """``X-Tiny-Key: <key>`` on every request."""

    def __init__(self, api_key: str) -> None:
        self._key = api_key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-Tiny-Key"] = self._key
        yield request


class TinyvodClient(TaskClient):
    vendor = KEY

    def __init__(self, api_key: str, *, base_url: str, **options: Any) -> None:
        super().__init__(base_url=base_url, auth=TinyAuth(api_key), **options)

    def task_request(self, task_id: str) -> RequestSpec:
        return self.request(GET, job_id=task_id)

    def task_from(self, task_id: str, answer: Answer) -> Task:
        data = as_mapping(answer.data, self.vendor, GET, "data")
        raw = data.get("state")
        url = text(data.get("url"))
        status = self.status("job", raw)
        return Task(
            vendor=self.vendor,
            id=task_id,
            status=status,
            raw_status=raw if isinstance(raw, str) else None,
            outputs=(TaskOutput(url),) if url else (),
            error="the job failed" if status is TaskStatus.FAILED else None,
            raw=data,
        )


class TinyvodService(ScriptedService):
    vendor = KEY
    seeds = (("job-1", GET, ((0, "successQueued"), (20, "successDone"))),)
    task_operations = (GET,)
    task_field = "jobId"

    def authenticate(self, request: Request, raw_body: bytes, operation_id: str) -> str:
        given = request.headers.get("x-tiny-key", "")
        if not given or not hmac.compare_digest(
            given.encode(), self.credential("API_KEY").encode()
        ):
            raise Rejection("auth", "missing or wrong X-Tiny-Key")
        return "key"

    def getJob(self, call: Call) -> Any:  # noqa: N802 - named after operationId
        return self.current(str(call.params["jobId"]), call.now, "job")


S = TaskStatus
RECORD = VendorRecord(
    key=KEY,
    client=TinyvodClient,
    sandbox=TinyvodService,
    credentials=(Credential("API_KEY", "api_key", "tiny-sandbox-key", secret=True),),
    status_tables=(
        StatusTable(
            "job",
            "/components/schemas/JobState",
            {"queued": S.PENDING, "running": S.RUNNING, "done": S.SUCCEEDED, "failed": S.FAILED},
        ),
    ),
    task_reads={GET: ("query", "jobId")},
    sample_tasks=("job-1", "job-404"),
    spec=SPEC,
)
