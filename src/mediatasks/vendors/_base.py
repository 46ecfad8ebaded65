"""What every vendor client shares: httpx clients with the vendor's auth, the caller, and
``get_task``/``get_tasks``/``wait`` in sync and async form.

A subclass says how to ask for one task (:meth:`TaskClient.task_request`) and how to read the
answer into a :class:`~mediatasks.tasks.Task` (:meth:`TaskClient.task_from`); vendors with a
list call override ``_read_tasks`` to read many tasks per request. The base URL is checked
when the client is built and every task id once, by the public method that received it, before
any request (:mod:`mediatasks.vendors._inputs`; :meth:`TaskClient.check_task_id` is where a
vendor adds its own rule); ``task_request`` and the ``_read`` methods take checked ids.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, ClassVar, Generic, Self

import anyio
import httpx

from mediatasks import registry
from mediatasks.errors import ConfigurationError, InvalidResponseError, SpecError
from mediatasks.model import DetailT
from mediatasks.ratelimit import RateLimiter
from mediatasks.runtime import Answer, Caller, RetryPolicy
from mediatasks.specs import Operation, profile, spec_path
from mediatasks.tasks import PollSchedule, Task, TaskStatus, table_status, wait, wait_async
from mediatasks.vendors import _generated as generated
from mediatasks.vendors._inputs import check_base_url, check_task_id

__all__ = ["RequestSpec", "TaskClient", "payload_error"]

RequestSpec = tuple[str, dict[str, Any]]
_CONCURRENCY = 8
#: distinct (operation, query) URLs a client keeps parsed (:meth:`TaskClient.request_url`)
URL_TABLE_SIZE = 256


def payload_error(vendor: str, operation_id: str, problem: str) -> InvalidResponseError:
    """The error for a success envelope whose payload lacks what the spec promises."""
    return InvalidResponseError(vendor, operation_id, f"payload does not match the spec: {problem}")


class TaskClient(abc.ABC, Generic[DetailT]):
    """A vendor's task API over sync and async httpx clients (built lazily, closed by you).

    ``DetailT`` is the generated model its tasks carry as ``Task.detail``.
    """

    vendor: ClassVar[str]

    def __init__(
        self,
        *,
        base_url: str,
        auth: httpx.Auth | None,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        policy: RetryPolicy | None = None,
        limiter: RateLimiter | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.base_url = check_base_url(self.vendor, base_url).rstrip("/")
        self.auth = auth
        self._transport = transport
        self._async_transport = async_transport
        self._timeout = timeout
        self.caller = Caller(self.vendor, policy=policy, limiter=limiter)
        self.profile = profile(self.vendor)
        self._tables = {table.name: table for table in registry.get(self.vendor).status_tables}
        self._urls: dict[tuple[str, str], httpx.URL] = {}  # (operationId, query) -> URL

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={self.auth!r})"

    # -- plumbing ----------------------------------------------------------------------------
    def _http(self) -> httpx.Client:
        if self.caller.http is None:
            self.caller.http = httpx.Client(
                base_url=self.base_url,
                auth=self.auth,
                transport=self._transport,
                timeout=self._timeout,
            )
            self.caller.attach(self.caller.http)
        return self.caller.http

    def _async_http(self) -> httpx.AsyncClient:
        if self.caller.async_http is None:
            self.caller.async_http = httpx.AsyncClient(
                base_url=self.base_url,
                auth=self.auth,
                transport=self._async_transport,
                timeout=self._timeout,
            )
            self.caller.attach(self.caller.async_http)
        return self.caller.async_http

    def operation(self, operation_id: str) -> Operation:
        """Method and path of an operation, as the spec has them."""
        return self.profile.operations[operation_id]

    def call(
        self, operation_id: str, request: Mapping[str, Any], *, idempotent: bool = True
    ) -> Answer:
        self._http()
        return self.caller.call(operation_id, request, idempotent=idempotent)

    async def call_async(
        self, operation_id: str, request: Mapping[str, Any], *, idempotent: bool = True
    ) -> Answer:
        self._async_http()
        return await self.caller.call_async(operation_id, request, idempotent=idempotent)

    def request(self, operation_id: str, **arguments: Any) -> RequestSpec:
        """The operation's request as the generated client builds it, checked against the spec,
        addressed to its full URL (:meth:`request_url`).

        A generated client older than the spec (a path or method changed without
        ``make generate``) would send somewhere the spec no longer names: that is a SpecError
        before anything is sent.
        """
        kwargs = generated.request_kwargs(self.vendor, operation_id, **arguments)
        op = self.operation(operation_id)
        if str(kwargs.get("method", "")).upper() != op.method or kwargs.get("url") != op.path:
            raise SpecError(
                str(spec_path(self.vendor)),
                f"operation {operation_id}",
                f"the generated client ({kwargs.get('method')} {kwargs.get('url')}) disagrees "
                f"with the spec ({op.method} {op.path}); run `make generate`",
            )
        kwargs["url"] = self.request_url(operation_id, kwargs.pop("params", None))
        return operation_id, kwargs

    def request_url(self, operation_id: str, params: Mapping[str, Any] | None = None) -> httpx.URL:
        """``base_url`` + the operation's path + ``params`` as query, the URL httpx would build
        from them (``base_url`` joined with the path, ``params`` merged in).

        httpx parses a URL three times per request to build it (the path, the join, the
        merge of the query: about 60 us per call); a poll asks for the same URL again and
        again. So each distinct (operation, query) is parsed once per client, in a table kept
        to the last :data:`URL_TABLE_SIZE` of them.
        """
        query = str(httpx.QueryParams(params)) if params else ""
        key = (operation_id, query)
        url = self._urls.get(key)
        if url is None:
            # spec paths start with "/"; base_url has no trailing "/": httpx's join
            url = httpx.URL(self.base_url + self.operation(operation_id).path)
            if query:
                url = url.copy_with(query=query.encode("ascii"))
            if len(self._urls) >= URL_TABLE_SIZE:
                del self._urls[next(iter(self._urls))]  # the oldest
            self._urls[key] = url
        return url

    def close(self) -> None:
        if self.caller.http is not None:
            self.caller.http.close()

    async def aclose(self) -> None:
        if self.caller.async_http is not None:
            await self.caller.async_http.aclose()
        self.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    @property
    def requests_sent(self) -> int:
        return self.caller.requests_sent

    def status(self, table: str, raw: object) -> TaskStatus:
        """``raw`` read through the registry's status table ``table`` of this vendor."""
        found = self._tables.get(table)
        if found is None:  # the registry's error, naming the vendor and the table
            found = registry.get(self.vendor).table(table)
        return table_status(found, raw)

    def check_task_id(self, task_id: str) -> str:
        """``task_id`` if this vendor can be asked for it, else ConfigurationError (nothing is
        sent). Vendors with stricter ids extend it."""
        return check_task_id(self.vendor, task_id)

    def check_task_ids(self, task_ids: Sequence[str]) -> list[str]:
        if isinstance(task_ids, str):
            raise ConfigurationError(f"{self.vendor}: task_ids is a sequence of ids, not one id")
        return [self.check_task_id(task_id) for task_id in task_ids]

    # -- what subclasses provide -------------------------------------------------------------
    @abc.abstractmethod
    def task_request(self, task_id: str) -> RequestSpec:
        """The operation and request that read one task."""

    @abc.abstractmethod
    def task_from(self, task_id: str, answer: Answer) -> Task[DetailT]:
        """Read a successful answer into a Task (raise InvalidResponseError if malformed)."""

    # -- the task API ------------------------------------------------------------------------
    # The public methods check the ids once; the ``_read`` methods take ids already checked.
    def get_task(self, task_id: str) -> Task[DetailT]:
        return self._read_task(self.check_task_id(task_id))

    async def get_task_async(self, task_id: str) -> Task[DetailT]:
        return await self._read_task_async(self.check_task_id(task_id))

    def get_tasks(self, task_ids: Sequence[str]) -> list[Task[DetailT]]:
        """Many tasks; one request per task unless the vendor has a list call."""
        return self._read_tasks(self.check_task_ids(task_ids))

    async def get_tasks_async(self, task_ids: Sequence[str]) -> list[Task[DetailT]]:
        """Many tasks, up to eight requests in flight (the limiter still paces them).

        The first error cancels the other requests and propagates as itself (a task group
        would wrap it in an ``ExceptionGroup``, outside the documented exception tree).
        """
        return await self._read_tasks_async(self.check_task_ids(task_ids))

    def _read_task(self, task_id: str) -> Task[DetailT]:
        operation_id, request = self.task_request(task_id)
        return self.task_from(task_id, self.call(operation_id, request))

    async def _read_task_async(self, task_id: str) -> Task[DetailT]:
        operation_id, request = self.task_request(task_id)
        return self.task_from(task_id, await self.call_async(operation_id, request))

    def _read_tasks(self, task_ids: Sequence[str]) -> list[Task[DetailT]]:
        return [self._read_task(task_id) for task_id in task_ids]

    async def _read_tasks_async(self, task_ids: Sequence[str]) -> list[Task[DetailT]]:
        results: dict[str, Task[DetailT]] = {}
        failures: list[Exception] = []
        gate = anyio.CapacityLimiter(_CONCURRENCY)

        async def one(task_id: str, scope: anyio.CancelScope) -> None:
            try:
                async with gate:
                    results[task_id] = await self._read_task_async(task_id)
            except Exception as exc:  # re-raised below, unwrapped
                failures.append(exc)
                scope.cancel()

        async with anyio.create_task_group() as group:
            for task_id in dict.fromkeys(task_ids):
                group.start_soon(one, task_id, group.cancel_scope)
        if failures:
            raise failures[0]
        return [results[task_id] for task_id in task_ids]

    def wait(
        self, task_ids: Sequence[str], *, schedule: PollSchedule | None = None, **options: Any
    ) -> list[Task[DetailT]]:
        """Poll until every task is terminal (see :func:`mediatasks.tasks.wait`)."""
        checked = self.check_task_ids(task_ids)
        source = _CheckedReads(self)
        return wait(source, checked, schedule=schedule, vendor=self.vendor, **options)

    async def wait_async(
        self, task_ids: Sequence[str], *, schedule: PollSchedule | None = None, **options: Any
    ) -> list[Task[DetailT]]:
        checked = self.check_task_ids(task_ids)
        source = _CheckedReads(self)
        return await wait_async(source, checked, schedule=schedule, vendor=self.vendor, **options)


class _CheckedReads:
    """A client's reads of ids its ``wait`` already checked: the poller's sweeps skip the
    check the public ``get_tasks`` makes."""

    def __init__(self, client: TaskClient[DetailT]) -> None:
        self._client: TaskClient[Any] = client

    def get_tasks(self, task_ids: Sequence[str]) -> list[Task[Any]]:
        return self._client._read_tasks(task_ids)

    async def get_tasks_async(self, task_ids: Sequence[str]) -> list[Task[Any]]:
        return await self._client._read_tasks_async(task_ids)
