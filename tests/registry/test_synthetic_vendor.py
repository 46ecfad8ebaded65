"""A sixth vendor added through the registry alone gets generation, a client, a sandbox
service and a contract run: exactly the steps of README's "Adding a vendor".

1. its spec (``tinyvod/openapi.yaml``) and one registry record (``tinyvod_vendor.RECORD``,
   naming its client and emulator classes), registered with ``mediatasks.registry.register``;
2. ``python -m codegen generate`` writes its client and models (here into a temporary folder);
3. ``client_for`` builds its client from ``MEDIATASKS_TINYVOD_*`` credentials; the sandbox
   serves it with the credentials the registry lists; the contract suite runs its cases.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import mediatasks_generated
import pytest
from hypothesis import HealthCheck, given, settings
from tinyvod_vendor import KEY, RECORD

from codegen.generate import cli as generate_cli
from codegen.generate.layout import PACKAGE_NAME
from contract_tests.support import targets
from contract_tests.support.runs import TALLY, run_case, vendor_run
from contract_tests.support.signing import AUTH_POSITIONS
from mediatasks import registry
from mediatasks.sandbox import create_app
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.sandbox.transport import SandboxTransport
from mediatasks.tasks import TaskStatus
from mediatasks.vendors import CREDENTIAL_ENV, client_for


@pytest.fixture(scope="module")
def tinyvod(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Register the vendor, generate its client and models into a temporary folder."""
    root = tmp_path_factory.mktemp("tinyvod")
    shutil.copytree(RECORD.spec_path().parent, root / "specs" / KEY)
    registry.register(RECORD)
    targets.sandbox_app.cache_clear()
    status = generate_cli.main(
        ["--specs-dir", str(root / "specs"), "--output", str(root / "generated")]
    )
    assert status == 0
    package = str(root / "generated" / PACKAGE_NAME)
    mediatasks_generated.__path__.append(package)
    try:
        yield root
    finally:
        mediatasks_generated.__path__.remove(package)
        registry.unregister(KEY)
        targets.sandbox_app.cache_clear()


def test_generation_writes_its_client_and_models(tinyvod: Path) -> None:
    out = tinyvod / "generated" / PACKAGE_NAME / KEY
    assert (out / "client" / "api" / "jobs" / "get_job.py").is_file()
    assert "class GetJobResponse" in (out / "models.py").read_text(encoding="utf-8")
    assert not (Path(mediatasks_generated.__file__).parent / KEY).exists()


def test_the_registry_alone_lists_it(tinyvod: Path) -> None:
    assert KEY in registry.vendor_keys()
    assert CREDENTIAL_ENV[KEY] == (("MEDIATASKS_TINYVOD_API_KEY", True),)
    assert SandboxCredentials().as_environment()["MEDIATASKS_TINYVOD_API_KEY"] == (
        "tiny-sandbox-key"
    )
    # where its key travels comes from its spec's apiKey scheme, not from the record
    assert AUTH_POSITIONS[KEY] == (("header", "x-tiny-key"),)


def test_its_client_reads_a_task_from_its_sandbox_service(tinyvod: Path) -> None:
    app = create_app()
    assert KEY in app.state.sandbox.services
    credentials = SandboxCredentials().as_environment()
    client = client_for(
        KEY, credentials, base_url=f"http://sandbox/{KEY}", transport=SandboxTransport(app)
    )
    with client:
        task = client.get_task("job-1")
        assert (task.status, task.raw_status) == (TaskStatus.PENDING, "queued")
        app.state.sandbox.clock.advance(30)
        assert client.get_task("job-1").status is TaskStatus.SUCCEEDED
        wrong = client_for(
            KEY,
            {"MEDIATASKS_TINYVOD_API_KEY": "wrong"},
            base_url=f"http://sandbox/{KEY}",
            transport=SandboxTransport(app),
        )
        with pytest.raises(Exception, match="BAD_KEY"):
            wrong.get_task("job-1")


def test_a_contract_run_covers_it(tinyvod: Path) -> None:
    operation = vendor_run(KEY).schema["/jobs/get"]["GET"]

    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        response = run_case(case)
        assert isinstance(response.status_code, int)

    run()
    assert sum(TALLY.cases[KEY].values()) >= 40
    answer = vendor_run(KEY).send(
        httpx.Request("GET", f"http://{targets.IN_PROCESS_HOST}/{KEY}/jobs/get?jobId=job-1")
    )
    assert answer.json()["code"] == 4010  # unsigned: the gate the contract checks rely on
