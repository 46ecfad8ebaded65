"""The contract checks fail when they should: each one is shown a wrong answer here."""

from __future__ import annotations

import datetime
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from schemathesis import GenerationMode
from schemathesis.generation.meta import (
    CaseMetadata,
    FuzzingPhaseData,
    GenerationInfo,
    PhaseInfo,
    TestPhase,
)

from contract_tests.support.checks import CredentialsAreEnforced, envelope_code_matches_case
from contract_tests.support.client_contract import (
    ClientContractError,
    RequestValues,
    check_answer,
)
from contract_tests.support.runs import vendor_run
from contract_tests.support.signing import HttpxAuthBridge, auth_for
from contract_tests.support.targets import Target, target_for
from mediatasks.sandbox import SandboxConfig, create_app
from mediatasks.sandbox.credentials import SandboxCredentials
from mediatasks.sandbox.transport import SandboxTransport
from mediatasks.specs import profile

CREATE = "/transcoding/api/create-transcode"


def test_a_refused_valid_case_fails_the_envelope_check() -> None:
    operation = vendor_run("myun").schema[CREATE]["POST"]
    # A hand-built case has no generation metadata and counts as positive.
    case = operation.Case(body={"format": "m3u8"}, media_type="application/json")
    response = case.call()
    with pytest.raises(AssertionError, match="a valid request was refused with code 1001"):
        envelope_code_matches_case(None, response, case)


def test_an_accepted_valid_case_passes_the_envelope_check() -> None:
    operation = vendor_run("myun").schema[CREATE]["POST"]
    case = operation.Case(
        body={"origin_url": "https://a.example/x.mp4"}, media_type="application/json"
    )
    assert envelope_code_matches_case(None, case.call(), case) is None


def _negative_meta() -> CaseMetadata:
    """The metadata the fuzzing phase gives a negative (invalid-data) case."""
    return CaseMetadata(
        generation=GenerationInfo(time=0.0, mode=GenerationMode.NEGATIVE),
        components={},
        phase=PhaseInfo(
            name=TestPhase.FUZZING,
            data=FuzzingPhaseData(None, None, None, None),
        ),
    )


def _crashing_zego() -> Any:
    """A ZEGO emulator that crashes on any input, valid or not; the catch-all then answers the
    vendor's server-error code."""
    app = create_app(SandboxConfig(check_auth=False, rate_limits=False, fixtures=None))
    zego = app.state.sandbox.services["zego"]

    def crash(*_args: object) -> Any:
        raise RuntimeError("sandbox bug")

    zego.describeRecordStatus = crash
    zego.classify_invalid = crash
    return app


@pytest.mark.parametrize(
    "body",
    [{"TaskId": "short"}, {"TaskId": "X3CgNeE4I1qAAABN"}],
    ids=["invalid", "valid-after-all"],
)
def test_a_server_error_never_passes_for_a_negative_case(body: dict[str, str]) -> None:
    """A crash answered with the vendor's server-error code is not a refusal of bad input: a
    negative case must get a parameter, auth or state-dependent code."""
    app = _crashing_zego()
    send = httpx.Client(transport=SandboxTransport(app)).send
    operation = vendor_run("zego").schema["/"]["POST"]
    case = operation.Case(
        query={"Action": "DescribeRecordStatus"},
        body=body,
        media_type="application/json",
        _meta=_negative_meta(),
    )
    answer = send(
        httpx.Request("POST", "http://testserver/zego/?Action=DescribeRecordStatus", json=body)
    )
    assert answer.json()["Code"] == 300010000
    answer.elapsed = datetime.timedelta(0)  # Schemathesis reads it; nothing was timed here
    response = schemathesis.Response.from_any(answer)
    with pytest.raises(AssertionError, match="SYSTEM_ERROR, kind server"):
        envelope_code_matches_case(None, response, case)


def test_a_vendor_that_ignores_credentials_fails_the_credentials_check() -> None:
    careless = create_app(SandboxConfig(check_auth=False, rate_limits=False))
    send = httpx.Client(transport=SandboxTransport(careless)).send
    target = Target(
        "zego",
        "sandbox",
        "http://testserver/zego",
        app=careless,
        credentials=SandboxCredentials().as_environment(),
    )
    auth = auth_for(target, send)
    assert auth is not None
    request = httpx.Request(
        "POST",
        "http://testserver/zego/?Action=DescribeRecordStatus",
        json={"TaskId": "X3CgNeE4I1qAAABN"},
    )
    signed = next(auth.sync_auth_flow(request))
    assert profile("zego").envelope.is_success(send(signed).json())
    variants = CredentialsAreEnforced._variants("zego", "describeRecordStatus", signed, target)
    assert [label for label, _ in variants] == ["without credentials", "with wrong credentials"]
    for label, variant in variants:
        with pytest.raises(AssertionError, match="expected the vendor's auth error"):
            CredentialsAreEnforced._expect_auth_error(
                profile("zego"), "describeRecordStatus", label, send(variant)
            )


def test_the_bridge_signs_what_requests_sends() -> None:
    target = target_for("cdnetworks")
    send = httpx.Client(transport=SandboxTransport(target.app)).send
    runtime_auth = auth_for(target, send)
    assert runtime_auth is not None
    prepared = requests.Request(
        "POST",
        "http://testserver/cdnetworks/vod/videoManage/videoClipQuery",
        json={"transNo": "036b6f4a01611000a79c3a7800000000"},
    ).prepare()
    HttpxAuthBridge(runtime_auth, send)(prepared)
    assert str(prepared.headers["Authorization"]).startswith("WS3-HMAC-SHA256 ")
    body = prepared.body if isinstance(prepared.body, bytes) else b""
    answer = send(
        httpx.Request(
            "POST",
            str(prepared.url),
            headers={k: str(v) for k, v in prepared.headers.items()},
            content=body,
        )
    )
    assert answer.json()["code"] == 200


@pytest.mark.parametrize(
    ("vendor", "url", "names"),
    [
        (
            "zego",
            "http://testserver/zego/?Action=DescribeRecordStatus&AppId=&Signature=",
            ("AppId", "Signature", "SignatureNonce", "Timestamp", "SignatureVersion"),
        ),
        (
            "polyv",
            "http://testserver/polyv/v3/video/source-file-task/get?taskId=t1&appId=&timestamp=x",
            ("appId", "timestamp", "sign"),
        ),
    ],
)
def test_the_bridge_replaces_the_credentials_a_case_carries(
    vendor: str, url: str, names: tuple[str, ...]
) -> None:
    """Schemathesis fills the query credential slots (apiKey schemes) itself; the signed request
    must carry the signer's values once, not the case's beside them (a gateway reading the
    first of two values sees the case's empty one)."""
    target = target_for(vendor)
    send = httpx.Client(transport=SandboxTransport(target.app)).send
    runtime_auth = auth_for(target, send)
    assert runtime_auth is not None
    prepared = requests.Request("GET", url).prepare()
    HttpxAuthBridge(runtime_auth, send, vendor)(prepared)
    sent = httpx.URL(str(prepared.url)).params
    for name in names:
        assert len(sent.get_list(name)) == 1, (name, str(prepared.url))
        assert sent[name], name


def test_an_answer_the_clients_cannot_read_fails_with_every_reason() -> None:
    broken = httpx.Response(
        200,
        json={"errcode": 1000, "transcoding": {"id": "x", "status": "not-a-status"}},
        request=httpx.Request("GET", "http://replay.invalid/transcoding/api/get-transcode"),
    )
    with pytest.raises(ClientContractError) as caught:
        check_answer("myun", "getTranscode", broken, RequestValues({"id": "x"}, None))
    message = str(caught.value)
    assert "generated client" in message
    assert "pydantic GetTranscodeResponse" in message
