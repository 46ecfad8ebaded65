"""A failed case is reported without credentials: not the signer's headers and query values in
the curl line, not the access token a 123pan answer carries, not a fragment of either.

Each case below goes through :func:`run_case` exactly as a generated one does, signed by the
runtime through the bridge, and is made to fail with a sandbox fault (``X-Sandbox-Fault``):
a wrong content type fails a built-in check, a cut body also fails the clients, whose report
quotes the answer.
"""

from __future__ import annotations

import copy
import re
import secrets
from collections.abc import Iterator
from typing import Any

import pytest

from contract_tests.support.checks import CredentialsAreEnforced
from contract_tests.support.runs import TALLY, ContractCheckError, run_case, vendor_run
from mediatasks.sandbox.credentials import SandboxCredentials

TOKEN = "Zq9xWv3LmN8pRt5YbK2hJd7Fg4Cs6Ae1uXoPi0TyHe"  # what the sandbox issues in these tests
CREDS = SandboxCredentials()


@pytest.fixture(autouse=True)
def _known_token_and_untouched_figures(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(secrets, "token_urlsafe", lambda _n: TOKEN)  # the emulator's call
    counts = copy.deepcopy(TALLY.cases)
    gates = CredentialsAreEnforced._seen.copy()
    yield
    with TALLY.lock:  # these cases are not part of the run's figures or its gate samples
        TALLY.cases.clear()
        TALLY.cases.update(counts)
    CredentialsAreEnforced._seen.clear()
    CredentialsAreEnforced._seen.update(gates)


def _signed_case(vendor: str, path: str, method: str, **parts: Any) -> Any:
    """A hand-built case; :func:`run_case` signs it like a generated one."""
    run = vendor_run(vendor)
    assert run.bridge is not None
    return run.schema[path][method].Case(**parts)


def _fragments(secret: str, size: int = 10) -> set[str]:
    return {secret[i : i + size] for i in range(len(secret) - size + 1)}


def _report(case: Any) -> str:
    with pytest.raises(ContractCheckError) as failed:
        run_case(case)
    return str(failed.value)


@pytest.mark.parametrize("fault", ["content-type", "truncated"])
def test_a_token_answer_is_reported_without_the_token(fault: str) -> None:
    case = _signed_case(
        "pan123",
        "/api/v1/access_token",
        "POST",
        headers={"Platform": "open_platform", "X-Sandbox-Fault": fault},
        body={"clientID": CREDS.pan123_client_id, "clientSecret": CREDS.pan123_client_secret},
        media_type="application/json",
    )
    report = _report(case)
    assert "accessToken" in report, report  # the answer is quoted ...
    assert not any(part in report for part in _fragments(TOKEN)), report  # ... minus the token
    assert CREDS.pan123_client_secret not in report


def test_a_bearer_token_is_not_in_the_curl_line() -> None:
    case = _signed_case(
        "pan123",
        "/api/v1/transcode/video/record",
        "POST",
        headers={"Platform": "open_platform", "X-Sandbox-Fault": "content-type"},
        body={"fileId": 2875008},
        media_type="application/json",
    )
    report = _report(case)
    assert "curl" in report, report
    assert not any(part in report for part in _fragments(TOKEN)), report


@pytest.mark.parametrize(
    ("vendor", "path", "method", "parts", "sent"),
    [
        (
            "zego",
            "/",
            "POST",
            {"query": {"Action": "DescribeRecordStatus"}, "body": {"TaskId": "X3CgNeE4I1qAAABN"}},
            ("AppId", "Signature", "SignatureNonce"),
        ),
        (
            "cdnetworks",
            "/vod/videoManage/videoClipQuery",
            "POST",
            {"body": {"transNo": "036b6f4a01611000a79c3a7800000000"}},
            ("x-ws-accesskey", "authorization"),
        ),
        (
            "polyv",
            "/v3/video/source-file-task/get",
            "GET",
            {"query": {"taskId": "16661c08b9564c1ea6f4544ccd568e58"}},
            ("appId", "sign"),
        ),
    ],
)
def test_signed_values_are_not_in_the_curl_line(
    vendor: str, path: str, method: str, parts: dict[str, Any], sent: tuple[str, ...]
) -> None:
    media = {"media_type": "application/json"} if "body" in parts else {}
    case = _signed_case(
        vendor, path, method, headers={"X-Sandbox-Fault": "content-type"}, **parts, **media
    )
    report = _report(case)
    curl = next(line for line in report.splitlines() if "curl " in line)
    for name in sent:  # each credential is shown by name, with its value blanked
        assert re.search(rf"{name}(=|: )<redacted>", curl, re.IGNORECASE), (name, curl)
    for value in CREDS.as_environment().values():
        assert value not in report
