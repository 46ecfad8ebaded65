"""Every published code sample works: shell and Python samples run against a sandbox on a
loopback port and must get the vendor's success code; TypeScript samples compile under
``tsc --strict`` and run too."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from ts_build import SAMPLE_CASES, sample_module, sample_source, typescript_build

from codegen.publish import samples_python, samples_shell, samples_typescript
from codegen.publish.code_samples import code_samples
from codegen.publish.sample_call import SampleCall, SampleError, sample_calls
from mediatasks import registry
from mediatasks.sandbox.background import serve_in_background
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.specs import VENDORS, load_spec, profile

CASES = SAMPLE_CASES
GENERATED = Path(__file__).resolve().parents[2] / "generated" / "mediatasks_generated"
IDS = [f"{vendor}-{operation}" for vendor, operation in CASES]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[str]:
    with serve_in_background() as base_url:
        yield base_url


@pytest.fixture
def environment(sandbox: str) -> dict[str, str]:
    """Fresh sandbox state, its credentials, and every vendor's base URL on the port."""
    httpx.post(f"{sandbox}/_admin/reset", trust_env=False).raise_for_status()
    env = dict(SandboxCredentials().as_environment())
    env.update({f"MEDIATASKS_{v.upper()}_BASE_URL": f"{sandbox}/{v}" for v in VENDORS})
    return env


def _assert_success(vendor: str, operation_id: str, answer: object) -> None:
    envelope = profile(vendor).envelope
    assert isinstance(answer, dict), answer
    assert envelope.is_success(answer), f"{vendor} {operation_id}: {answer}"


def test_every_operation_has_three_samples_from_the_spec() -> None:
    for vendor in VENDORS:
        spec = load_spec(vendor)
        samples = code_samples(spec, vendor)
        assert set(samples) == set(profile(vendor).operations)  # the spec's, read independently
        for operation_id, items in samples.items():
            assert [s["lang"] for s in items] == ["Shell", "Python", "TypeScript"], operation_id
            for sample in items:
                assert operation_id in sample["source"]
                assert "127.0.0.1:8765" in sample["source"]  # the spec's sandbox server


@pytest.mark.skipif(
    shutil.which("openssl") is None or shutil.which("curl") is None, reason="no curl/openssl"
)
@pytest.mark.parametrize(("vendor", "operation_id"), CASES, ids=IDS)
def test_shell_sample_gets_the_success_code(
    vendor: str, operation_id: str, environment: dict[str, str]
) -> None:
    source = sample_source(vendor, operation_id, "Shell")
    done = subprocess.run(
        ["/bin/sh", "-c", source],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], **environment},
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    _assert_success(vendor, operation_id, json.loads(done.stdout))


@pytest.mark.parametrize(("vendor", "operation_id"), CASES, ids=IDS)
def test_python_sample_gets_the_success_code(
    vendor: str,
    operation_id: str,
    environment: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    source = sample_source(vendor, operation_id, "Python")
    printed = io.StringIO()
    namespace: dict[str, object] = {"__name__": "__sample__"}
    with contextlib.redirect_stdout(printed):
        exec(compile(source, f"<{vendor} {operation_id}>", "exec"), namespace)  # noqa: S102
    answer = namespace["answer"]
    _assert_success(vendor, operation_id, getattr(answer, "body", None))
    assert printed.getvalue().strip()


@pytest.fixture(scope="module")
def compiled() -> Path:
    """Every TypeScript sample beside a copy of ts/src/signing.ts, compiled by tsc --strict
    (with the ts/ proof: one tsc run, see ts_build); its test is gated on node and tsc."""
    return typescript_build()


@pytest.mark.requires_tool("node")
@pytest.mark.parametrize(("vendor", "operation_id"), CASES, ids=IDS)
def test_typescript_sample_compiles_and_gets_the_success_code(
    vendor: str, operation_id: str, compiled: Path, environment: dict[str, str]
) -> None:
    done = subprocess.run(
        ["node", str(compiled / f"{sample_module(vendor, operation_id)}.js")],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], **environment},
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    _assert_success(vendor, operation_id, json.loads(done.stdout))


def test_a_required_parameter_without_example_is_named() -> None:
    spec = json.loads(json.dumps(load_spec("polyv")))
    operation = spec["paths"]["/v3/video/source-file-task/get"]["get"]
    for parameter in operation["parameters"]:
        parameter.pop("examples", None)
        parameter.pop("example", None)
    with pytest.raises(SampleError, match=r"taskId.*no example"):
        sample_calls(spec, "polyv")


def test_an_unknown_signing_algorithm_is_named() -> None:
    call = sample_calls(load_spec("zego"), "zego")[0]
    other = SampleCall(**{**{f: getattr(call, f) for f in call.__slots__}, "signing": "new-alg"})
    for template in (samples_shell.render, samples_python.render, samples_typescript.render):
        with pytest.raises(SampleError, match="new-alg"):
            template(other)


def test_every_http_method_gets_a_sample() -> None:
    spec = json.loads(json.dumps(load_spec("polyv")))
    item = spec["paths"]["/v3/video/source-file-task/get"]
    item["head"] = {**item["get"], "operationId": "headSourceFileTask"}
    calls = {call.operation_id: call for call in sample_calls(spec, "polyv")}
    assert calls["headSourceFileTask"].method == "HEAD"
    assert "headSourceFileTask" in code_samples(spec, "polyv")


@pytest.mark.parametrize("vendor", VENDORS)
def test_python_samples_build_the_auth_the_generated_readme_shows(vendor: str) -> None:
    readme = (GENERATED / vendor / "README.md").read_text(encoding="utf-8")
    spec = load_spec(vendor)
    signed = [c for c in sample_calls(spec, vendor) if not c.is_token_call]
    source = samples_python.render(signed[0])
    record = registry.get(vendor)
    assert record.auth is not None
    name = record.auth.partition(":")[2]
    assert f"auth = {name}(" in readme
    assert f"auth = {name}(" in source
    for credential in record.credentials:  # an optional credential may be unset
        variable = credential.variable(vendor)
        read = f'["{variable}"]' if credential.required else f'.get("{variable}")'
        assert f"{credential.argument}=os.environ{read}" in readme
        assert f"{credential.argument}=os.environ{read}" in source
