"""Input the sandbox cannot understand gets the vendor's parameter-error answer; it keeps serving,
and nothing — not even a crashing handler — ever becomes an HTTP 500."""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_kit import CDN_TASK, MYUN, POLYV_PATH, ZEGO_TASK, Kit, assert_conforms

from mediatasks.sandbox.validation import MAX_BODY_BYTES
from mediatasks.signing import polyv

HUGE = b'{"x": "' + b"a" * (MAX_BODY_BYTES + 10) + b'"}'
BAD_BODIES = [
    pytest.param(b"{bad json", "application/json", id="bad-json"),
    pytest.param(b"\xff\xfe\x00{", "application/json", id="not-utf8"),
    pytest.param('{"k": "é"}'.encode("latin-1"), "application/json", id="latin1"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, "application/json", id="deep-nesting"),
    pytest.param(b'"just a string"', "application/json", id="not-an-object"),
    pytest.param(b"null", "application/json", id="null"),
    pytest.param(b"\x00\x00\x00", "application/json", id="nul-bytes"),
    pytest.param(HUGE, "application/json", id="huge"),
    pytest.param(b"a=1", "application/xml", id="unknown-type"),
    pytest.param(b"{}", "application/json; charset=gbk", id="odd-charset"),
]


@pytest.mark.parametrize(("body", "content_type"), BAD_BODIES)
def test_zego_bad_body(kit: Kit, body: bytes, content_type: str) -> None:
    assert kit.zego(body, headers={"content-type": content_type}).json()["Code"] == 300000004
    assert kit.zego().json()["Code"] == 0


@pytest.mark.parametrize(("body", "content_type"), BAD_BODIES)
def test_cdnetworks_bad_body(kit: Kit, body: bytes, content_type: str) -> None:
    code = kit.cdn_post(body, content_type).json()["code"]
    assert code in {1000, 1601}  # {} in an odd charset is still a readable body without transNo


@pytest.mark.parametrize(("body", "content_type"), BAD_BODIES)
def test_pan123_bad_body(kit: Kit, body: bytes, content_type: str) -> None:
    response = kit.client.post(
        "/pan123/api/v1/transcode/video/record",
        content=body,
        headers={
            "content-type": content_type,
            "Platform": "open_platform",
            "Authorization": f"Bearer {kit.pan123_token()}",
        },
    )
    assert assert_conforms("pan123", "getTranscodeVideoRecord", response)["code"] == 400


@pytest.mark.parametrize(("body", "content_type"), BAD_BODIES)
def test_myun_bad_body(kit: Kit, body: bytes, content_type: str) -> None:
    response = kit.client.post(
        f"{MYUN}/create-transcode", content=body, headers={"content-type": content_type}
    )
    assert assert_conforms("myun", "createTranscode", response)["errcode"] == 1001


def test_huge_body_is_refused_by_its_declared_length(kit: Kit) -> None:
    response = kit.client.post(
        f"{MYUN}/create-transcode",
        content=iter([b"{", b"}"]),
        headers={"content-length": str(10**9)},
    )
    assert assert_conforms("myun", "createTranscode", response)["errcode"] == 1001


@pytest.mark.parametrize(
    "raw", ["id=%FF%FE", "id=%00", "id=" + "x" * 10_000, "id=%E4%BD%A0", "id=a&id=b", "%%%"]
)
def test_myun_odd_query_strings(kit: Kit, raw: str) -> None:
    response = kit.client.get(f"{MYUN}/get-transcode?{raw}")
    assert assert_conforms("myun", "getTranscode", response)["errcode"] in {1001, 1004}


@pytest.mark.parametrize(
    "raw", ["taskId=%FF&appId=x&timestamp=1&sign=%FF", "timestamp=99999999999999999999999"]
)
def test_polyv_odd_query_strings(kit: Kit, raw: str) -> None:
    response = kit.client.get(f"/polyv/v3/video/source-file-task/get?{raw}")
    assert assert_conforms("polyv", "getSourceFileTask", response)["code"] == 403


def test_zego_odd_common_parameters(kit: Kit) -> None:
    for override in ({"Timestamp": "9" * 40}, {"AppId": "１２３"}, {"Signature": "é" * 32}):
        code = kit.zego(query=kit.zego_query(**override)).json()["Code"]
        assert 100000000 <= code < 100000100, override


def test_a_crashing_handler_answers_the_vendors_server_error(
    kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    zego = kit.sandbox.services["zego"]

    def boom(call: object) -> object:
        raise RuntimeError("bug")

    monkeypatch.setattr(zego, "describeRecordStatus", boom)
    zego._plans.clear()
    body = kit.zego().json()
    assert body["Code"] == 300010000
    monkeypatch.undo()
    zego._plans.clear()
    assert kit.zego().json()["Code"] == 0


def test_the_catch_all_turns_escaped_errors_into_the_vendor_answer(
    kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    pan123 = kit.sandbox.services["pan123"]

    async def broken(*args: object) -> object:
        raise RuntimeError("escaped the pipeline")

    monkeypatch.setattr(pan123, "handle", broken)
    body = kit.pan123_token_call()
    assert (body["code"], body["data"]) == (1, None)


def test_catch_all_outside_vendors_is_not_a_500(kit: Kit, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> object:
        raise RuntimeError("admin bug")

    monkeypatch.setattr(kit.sandbox.faults, "describe", broken)
    response = kit.client.get("/_admin/faults")
    assert response.status_code == 400
    assert response.json() == {"error": "internal sandbox error"}


def test_cdnetworks_crash_is_the_general_parameter_error_not_1601(
    kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    cdn = kit.sandbox.services["cdnetworks"]

    def boom(call: object) -> object:
        raise RuntimeError("bug")

    monkeypatch.setattr(cdn, "getTrimmingTaskStatus", boom)
    cdn._plans.clear()
    assert kit.cdn_json("abc").json()["code"] == 1000


# -- digits that are not ASCII: str.isdigit() says yes, int() crashes or reads them --------------
# "²" passes isdigit() and makes int() raise (a crash that became the server-error code); "١٢"
# (Arabic-Indic) is read by int() as 12, so a timestamp no vendor parses was accepted.
ODD_DIGITS = {"superscript": "²", "arabic-indic": "٠١٢٣٤٥٦٧٨٩", "fullwidth": "０１２３４５６７８９"}


def _odd(number: int, digits: str) -> str:
    return "".join(digits[int(d) % len(digits)] for d in str(number))


@pytest.mark.parametrize("digits", ODD_DIGITS.values(), ids=ODD_DIGITS.keys())
def test_zego_timestamp_of_odd_digits_is_timestamp_invalid(kit: Kit, digits: str) -> None:
    stamp = _odd(int(kit.now()), digits)  # the kit signs the current time
    assert kit.zego(query=kit.zego_query(Timestamp=stamp)).json()["Code"] == 100000003


@pytest.mark.parametrize("digits", ODD_DIGITS.values(), ids=ODD_DIGITS.keys())
def test_polyv_timestamp_of_odd_digits_is_invalid_signature(kit: Kit, digits: str) -> None:
    params = kit.polyv_query()
    params["timestamp"] = _odd(int(kit.now() * 1000), digits)
    del params["sign"]
    params["sign"] = polyv.signature(params, kit.creds.polyv_secret)  # signed as sent
    body = kit.polyv(params).json()
    assert (body["code"], body["error"]["code"]) == (403, 104)


def test_cdnetworks_timestamp_of_odd_digits_is_401(kit: Kit) -> None:
    body = f'{{"transNo":"{CDN_TASK}"}}'.encode()
    headers: dict[str, Any] = kit.cdn_headers(body)
    headers["X-WS-Timestamp"] = "²".encode("latin-1")  # header values travel as latin-1
    assert kit.cdn_post(body, headers=headers).json()["code"] == 401


# -- a repeated query parameter: the first value counts ------------------------------------------
# Go's url.Values.Get and a Java servlet's getParameter both read the first value; Starlette's
# .get() reads the last, which let a request whose first AppId/appId is empty pass as signed.


def _zego_raw(kit: Kit, query: list[tuple[str, Any]]) -> Any:
    response = kit.client.post("/zego/", params=query, json={"TaskId": ZEGO_TASK})
    return assert_conforms("zego", "describeRecordStatus", response)["Code"]


def _polyv_raw(kit: Kit, query: list[tuple[str, Any]]) -> Any:
    response = kit.client.get(POLYV_PATH, params=query)
    body = assert_conforms("polyv", "getSourceFileTask", response)
    return body["code"], (body["error"] or {}).get("code")


def test_zego_reads_the_first_of_repeated_common_parameters(kit: Kit) -> None:
    signed = list(kit.zego_query().items())
    assert _zego_raw(kit, [("AppId", ""), ("Signature", ""), *signed]) == 100000001
    assert _zego_raw(kit, [*signed, ("AppId", ""), ("Signature", "")]) == 0


def test_polyv_reads_the_first_of_repeated_parameters(kit: Kit) -> None:
    signed = list(kit.polyv_query().items())
    assert _polyv_raw(kit, [("appId", ""), *signed]) == (403, 104)
    assert _polyv_raw(kit, [*signed, ("appId", "")]) == (200, None)


def test_myun_reads_the_first_of_repeated_parameters(kit: Kit) -> None:
    response = kit.client.get(f"{MYUN}/get-transcode?id=17lok52y&id=nosuchid")
    assert assert_conforms("myun", "getTranscode", response)["errcode"] == 1000


@pytest.mark.parametrize("page", ["1_0", " 2", "2 ", "٢", "２", "0x2", "2.0"])
def test_myun_integer_parameters_are_plain_decimal(kit: Kit, page: str) -> None:
    """Python's int() reads '1_0', ' 2' and Arabic-Indic digits; a vendor's server does not."""
    assert kit.myun_list(page=page, limit=1)["errcode"] == 1001


def test_myun_integer_parameters_may_carry_a_sign(kit: Kit) -> None:
    assert kit.myun_list(page="+1", limit="1")["errcode"] == 1000
