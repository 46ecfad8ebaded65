"""The vendor registry: one record per vendor, from which every per-vendor list is derived.

A :class:`VendorRecord` says where a vendor's spec is, which client class and sandbox emulator
serve it (as ``"module:Class"`` references, resolved on first use so that this module stays at
the bottom of the import graph), which credentials it takes (and so which environment
variables the CLI reads and which fake values the sandbox accepts), its status tables (each
tied to the spec schema that lists the values), where credentials travel that its spec does
not declare (where the declared ones travel, and its token operation, come from the spec's
security schemes: :class:`mediatasks.specs.VendorProfile`) and which operations read one task.

``specs.VENDORS``, the CLI's choices, ``client_for``, the sandbox's services and credentials,
the generated-module lookup and the contract suites all read these records. Adding a vendor is
writing its spec, its client and emulator classes and one :func:`register` call (README,
"Adding a vendor"); ``tests/registry/test_synthetic_vendor.py`` does exactly that.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, TypeVar

from mediatasks.model import TaskStatus
from mediatasks.resources import data_dir

__all__ = [
    "BUILTIN",
    "Credential",
    "PerVendor",
    "StatusTable",
    "VendorRecord",
    "base_url_variable",
    "get",
    "records",
    "register",
    "specs_root",
    "unregister",
    "vendor_keys",
]

S = TaskStatus
T = TypeVar("T")
#: Where (``query``/``header``/``body``/``response``) a value travels, and its name.
Position = tuple[str, str]


def specs_root() -> Path:
    """The folder of ``<vendor>/openapi.yaml``: $MEDIATASKS_SPECS_DIR, else the installed
    package's data, else a checkout's specs/ (:mod:`mediatasks.resources`)."""
    return data_dir("specs")


def base_url_variable(vendor: str) -> str:
    """The variable that points the CLI and live contract runs at another host for ``vendor``."""
    return f"MEDIATASKS_{vendor.upper()}_BASE_URL"


def resolve_reference(reference: str | type) -> Any:
    """``"package.module:Name"`` -> the object (a class given directly is returned as is)."""
    if not isinstance(reference, str):
        return reference
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True, slots=True)
class Credential:
    """One credential: ``MEDIATASKS_<VENDOR>_<name>`` in the environment, ``argument`` of the
    client class, and the fake public value the sandbox accepts (None: unset by default)."""

    name: str
    argument: str
    sandbox_value: str | None
    required: bool = True
    secret: bool = False

    def variable(self, vendor: str) -> str:
        return f"MEDIATASKS_{vendor.upper()}_{self.name}"


@dataclass(frozen=True, slots=True)
class StatusTable:
    """A vendor status value -> :class:`TaskStatus` table, tied to the spec schema (a JSON
    pointer) whose ``enum`` or ``x-value-ranges`` lists every documented value."""

    name: str
    schema: str
    values: Mapping[Any, TaskStatus]
    failed_range: range | None = None

    def documented(self) -> set[Any]:
        """Every raw value the table answers with something other than UNKNOWN."""
        return set(self.values) | set(self.failed_range or ())


@dataclass(frozen=True)
class VendorRecord:
    """Everything code needs to know about one vendor beyond its spec's ``x-`` facts."""

    key: str
    client: str | type
    sandbox: str | type
    credentials: tuple[Credential, ...]
    #: where credentials travel that no security scheme of the spec declares (MYun's optional
    #: token); the declared ones are ``mediatasks.specs.profile(key).credential_positions``
    extra_credential_positions: tuple[Position, ...] = ()
    status_tables: tuple[StatusTable, ...] = ()
    #: operationId -> where the task id sits in its request
    task_reads: Mapping[str, Position] = field(default_factory=dict)
    #: a task id the sandbox seeds, and one it never has (the recorder asks for both)
    sample_tasks: tuple[str, str] = ("", "")
    #: the spec file; None means ``<specs_root()>/<key>/openapi.yaml``
    spec: Path | None = None
    #: the importable package of the generated client and models
    generated_package: str | None = None
    #: the ``httpx.Auth`` class that signs its requests, as ``"module:Class"`` (its arguments
    #: are the credentials' ``argument`` names); the generated README shows it
    auth: str | None = None

    def spec_path(self) -> Path:
        return self.spec if self.spec is not None else specs_root() / self.key / "openapi.yaml"

    def generated(self) -> str:
        return self.generated_package or f"mediatasks_generated.{self.key}"

    def client_class(self) -> Any:
        return resolve_reference(self.client)

    def sandbox_class(self) -> Any:
        return resolve_reference(self.sandbox)

    @property
    def needs_credentials(self) -> bool:
        """Whether the vendor documents a required credential (MYun's token is optional)."""
        return any(c.required for c in self.credentials)

    def variables(self) -> tuple[tuple[str, bool], ...]:
        """(environment variable, required) per credential, in order."""
        return tuple((c.variable(self.key), c.required) for c in self.credentials)

    def table(self, name: str) -> StatusTable:
        for table in self.status_tables:
            if table.name == name:
                return table
        raise KeyError(f"{self.key}: no status table {name!r}")


def _credentials(*items: tuple[str, str, str | None, bool, bool]) -> tuple[Credential, ...]:
    return tuple(Credential(*item) for item in items)


BUILTIN: Final[tuple[VendorRecord, ...]] = (
    VendorRecord(
        key="pan123",
        client="mediatasks.vendors.pan123:Pan123Client",
        sandbox="mediatasks.sandbox.vendors.pan123:Pan123Service",
        auth="mediatasks.auth:Pan123TokenAuth",
        credentials=_credentials(
            ("CLIENT_ID", "client_id", "sandbox-client-id", True, False),
            ("CLIENT_SECRET", "client_secret", "sandbox-client-secret", True, True),
        ),
        status_tables=(
            # 1 waiting, 2 transcoding, 3-254 failed (duration refunded), 255 success
            StatusTable(
                "record",
                "/components/schemas/TranscodeVideoRecord/properties/status",
                MappingProxyType({1: S.PENDING, 2: S.RUNNING, 255: S.SUCCEEDED}),
                failed_range=range(3, 255),
            ),
        ),
        task_reads={"getTranscodeVideoRecord": ("body", "fileId")},
        sample_tasks=("2875008", "9999999"),
    ),
    VendorRecord(
        key="myun",
        client="mediatasks.vendors.myun:MyunClient",
        sandbox="mediatasks.sandbox.vendors.myun:MyunService",
        auth="mediatasks.auth:MyunAuth",
        credentials=_credentials(("TOKEN", "token", None, False, True)),
        extra_credential_positions=(("header", "authorization"),),
        status_tables=(
            # -1 not yet scheduled, 0 waiting, 1 transcoding, 2 success, 3 failed, 4 deleted
            StatusTable(
                "task",
                "/components/schemas/TranscodeStatus",
                MappingProxyType(
                    {
                        -1: S.PENDING,
                        0: S.PENDING,
                        1: S.RUNNING,
                        2: S.SUCCEEDED,
                        3: S.FAILED,
                        4: S.DELETED,
                    }
                ),
            ),
        ),
        task_reads={"getTranscode": ("query", "id")},
        sample_tasks=("17lok52y", "9zzzzzzz"),
    ),
    VendorRecord(
        key="zego",
        client="mediatasks.vendors.zego:ZegoClient",
        sandbox="mediatasks.sandbox.vendors.zego:ZegoService",
        auth="mediatasks.auth:ZegoAuth",
        credentials=_credentials(
            ("APP_ID", "app_id", "1234567890", True, False),
            ("SERVER_SECRET", "server_secret", "00112233445566778899aabbccddeeff", True, True),
        ),
        status_tables=(
            # 1 initialized, 2 recording, 3 ended, 4 ended abnormally, 5 paused
            StatusTable(
                "task",
                "/components/schemas/RecordTaskState",
                MappingProxyType(
                    {1: S.PENDING, 2: S.RUNNING, 3: S.SUCCEEDED, 4: S.FAILED, 5: S.PAUSED}
                ),
            ),
            # 1 recording, 2 uploading, 3 uploaded, 4 in ZEGO's backup storage (kept 3 days;
            # still an output), 5 upload failed everywhere
            StatusTable(
                "file",
                "/components/schemas/RecordFileState",
                MappingProxyType(
                    {1: S.RUNNING, 2: S.RUNNING, 3: S.SUCCEEDED, 4: S.SUCCEEDED, 5: S.FAILED}
                ),
            ),
        ),
        task_reads={"describeRecordStatus": ("body", "TaskId")},
        sample_tasks=("X3CgNeE4I1qAAABN", "X3CgNeE4I1qAAABZ"),
    ),
    VendorRecord(
        key="cdnetworks",
        client="mediatasks.vendors.cdnetworks:CDNetworksClient",
        sandbox="mediatasks.sandbox.vendors.cdnetworks:CdnetworksService",
        auth="mediatasks.auth:CDNetworksAuth",
        credentials=_credentials(
            ("ACCESS_KEY", "access_key", "sandbox-access-key", True, False),
            ("SECRET_KEY", "secret_key", "sandbox-secret-key", True, True),
        ),
        status_tables=(
            # 1 processing, 2 success, 3 failed
            StatusTable(
                "task",
                "/components/schemas/TrimmingTaskStatus",
                MappingProxyType({1: S.RUNNING, 2: S.SUCCEEDED, 3: S.FAILED}),
            ),
        ),
        task_reads={
            "getTrimmingTaskStatus": ("body", "transNo"),
            "getTrimmingTaskStatusByQuery": ("query", "transNo"),
        },
        sample_tasks=("036b6f4a01611000a79c3a7800000000", "036b6f4a01611000a79c3a78ffffffff"),
    ),
    VendorRecord(
        key="polyv",
        client="mediatasks.vendors.polyv:PolyvClient",
        sandbox="mediatasks.sandbox.vendors.polyv:PolyvService",
        auth="mediatasks.auth:PolyvAuth",
        credentials=_credentials(
            ("APP_ID", "app_id", "sandboxApp1", True, False),
            ("SECRET", "secret_key", "sandbox-polyv-secret", True, True),
        ),
        status_tables=(
            StatusTable(
                "task",
                "/components/schemas/SourceFileTaskStatus",
                MappingProxyType(
                    {
                        "INIT": S.PENDING,
                        "PROCESS": S.RUNNING,
                        "SUCCESS": S.SUCCEEDED,
                        "FAIL": S.FAILED,
                    }
                ),
            ),
        ),
        task_reads={"getSourceFileTask": ("query", "taskId")},
        sample_tasks=("16661c08b9564c1ea6f4544ccd568e58", "00000000000000000000000000000000"),
    ),
)

_RECORDS: dict[str, VendorRecord] = {record.key: record for record in BUILTIN}
_LOCK = threading.Lock()


def register(record: VendorRecord) -> VendorRecord:
    """Add a vendor (or replace one of the same key); every derived list sees it at once."""
    if not record.key.isidentifier() or not record.key.islower():
        raise ValueError(f"a vendor key is a lower-case identifier, not {record.key!r}")
    with _LOCK:
        _RECORDS[record.key] = record
    return record


def unregister(key: str) -> None:
    """Remove a registered vendor (tests undo their :func:`register`)."""
    with _LOCK:
        _RECORDS.pop(key, None)
        for builtin in BUILTIN:
            if builtin.key == key:
                _RECORDS[key] = builtin


def vendor_keys() -> tuple[str, ...]:
    """Every registered vendor key, the built-ins first."""
    with _LOCK:
        return tuple(_RECORDS)


def records() -> Iterator[VendorRecord]:
    with _LOCK:
        found = list(_RECORDS.values())
    return iter(found)


class PerVendor(Mapping[str, T]):
    """A read-only ``vendor -> value`` view computed from the live registry (so a vendor
    registered later shows up too): ``PerVendor(lambda record: record.variables())``."""

    def __init__(self, read: Callable[[VendorRecord], T]) -> None:
        self._read = read

    def __getitem__(self, key: str) -> T:
        record = _RECORDS.get(key)
        if record is None:
            raise KeyError(key)
        return self._read(record)

    def __iter__(self) -> Iterator[str]:
        return iter(vendor_keys())

    def __len__(self) -> int:
        return len(_RECORDS)


def get(key: str) -> VendorRecord:
    """The record of ``key``; LookupError naming the known vendors otherwise."""
    record = _RECORDS.get(key)
    if record is None:
        raise LookupError(f"unknown vendor {key!r}; known: {', '.join(vendor_keys())}")
    return record
