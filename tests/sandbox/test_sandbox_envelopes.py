"""Each vendor's own answers and codes (never a generic 422 or a 500), checked against the spec."""

from __future__ import annotations

import json

import pytest
from sandbox_kit import CDN_TASK, POLYV_TASK, ZEGO_TASK, Kit, assert_conforms

# -- CDNetworks: 1601 empty, 1602 illegal, 1603 unknown, 1000 unreadable --------------------------


def test_cdnetworks_known_transno_answers_the_task(kit: Kit) -> None:
    body = kit.cdn_json(CDN_TASK).json()
    assert body["code"] == 200
    assert body["data"]["transNo"] == CDN_TASK
    assert body["data"]["status"] == 2


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"", "application/json; charset=utf-8"),  # no body at all (the spec says optional)
        (b"{}", "application/json; charset=utf-8"),
        (b'{"transNo": ""}', "application/json; charset=utf-8"),
        (b"transNo=", "application/x-www-form-urlencoded; charset=utf-8"),
        (b"", "application/x-www-form-urlencoded; charset=utf-8"),
    ],
)
def test_cdnetworks_missing_or_empty_transno_is_1601(
    kit: Kit, body: bytes, content_type: str
) -> None:
    answer = kit.cdn_post(body, content_type).json()
    assert answer["code"] == 1601
    assert "data" not in answer


@pytest.mark.parametrize("trans_no", ["x" * 33, 12345, None, ["a"]])
def test_cdnetworks_illegal_transno_is_1602(kit: Kit, trans_no: object) -> None:
    expected = 1601 if trans_no is None else 1602
    assert kit.cdn_json(trans_no).json()["code"] == expected


def test_cdnetworks_unknown_transno_is_1603(kit: Kit) -> None:
    assert kit.cdn_json("f" * 32).json()["code"] == 1603


def test_cdnetworks_get_form(kit: Kit) -> None:
    assert kit.cdn_get(f"transNo={CDN_TASK}").json()["code"] == 200
    assert kit.cdn_get("transNo=").json()["code"] == 1601
    assert kit.cdn_get("other=1").json()["code"] == 1601
    assert kit.cdn_get("transNo=" + "a" * 40).json()["code"] == 1602
    assert kit.cdn_get("transNo=" + "a" * 32).json()["code"] == 1603


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b'{"transNo": "abc", "extra": 1}', "application/json"),
        (b"transNo=abc", "text/plain"),
    ],
)
def test_cdnetworks_unreadable_request_is_parameter_error_1000(
    kit: Kit, body: bytes, content_type: str
) -> None:
    assert kit.cdn_post(body, content_type).json()["code"] == 1000


# -- ZEGO: 300000004 invalid parameter, 300001000 unknown task ------------------------------------


def test_zego_known_task(kit: Kit) -> None:
    body = kit.zego().json()
    assert body["Code"] == 0
    assert body["Data"]["RecordFiles"]
    assert len(body["RequestId"]) == 32


def test_zego_unknown_task_is_300001000(kit: Kit) -> None:
    assert kit.zego({"TaskId": "AAAAAAAAAAAAAAAA"}).json()["Code"] == 300001000


@pytest.mark.parametrize("body", [{"TaskId": "short"}, {"TaskId": 7}, {}, {"Other": ZEGO_TASK}])
def test_zego_invalid_parameter_is_300000004(kit: Kit, body: object) -> None:
    answer = kit.zego(body).json()
    assert answer["Code"] == 300000004
    assert "Data" not in answer or answer["Data"] is None


def test_zego_action_codes(kit: Kit) -> None:
    missing = kit.zego(query=kit.zego_query(Action=None)).json()
    assert missing["Code"] == 100000006
    wrong = kit.zego(query=kit.zego_query(Action="StartRecord")).json()
    assert wrong["Code"] == 100000007


# -- Polyv: 403 with error 104 for a bad signature ------------------------------------------------


def test_polyv_known_task(kit: Kit) -> None:
    body = kit.polyv().json()
    assert (body["code"], body["status"], body["error"]) == (200, "success", None)
    assert body["data"][0]["vid"]


def test_polyv_bad_signature_is_403_with_104(kit: Kit) -> None:
    params = {**kit.polyv_query(), "sign": "0" * 32}
    body = kit.polyv(params).json()
    assert (body["code"], body["status"]) == (403, "error")
    assert body["error"]["code"] == 104
    assert body["data"] is None


def test_polyv_unknown_task_and_bad_parameter(kit: Kit) -> None:
    assert kit.polyv(kit.polyv_query("nope")).json()["code"] == 404
    empty = kit.polyv(kit.polyv_query(""))  # empty values are not signed, so auth passes
    assert empty.json()["error"]["code"] == 400


# -- 123pan: 401 for a bad token, 429 over the limit ----------------------------------------------


def test_pan123_record_with_token(kit: Kit) -> None:
    body = kit.pan123_record(kit.pan123_token())
    assert body["code"] == 0
    assert body["data"]["UserTranscodeVideoRecordList"]
    assert body["x-traceID"]


@pytest.mark.parametrize("token", ["", "nope", "Bearer"])
def test_pan123_bad_token_is_401(kit: Kit, token: str) -> None:
    body = kit.pan123_record(token)
    assert (body["code"], body["data"]) == (401, None)


def test_pan123_missing_platform_header_is_refused(kit: Kit) -> None:
    assert kit.pan123_record(kit.pan123_token(), Platform="web")["code"] == 401


def test_pan123_over_the_limit_is_429(kit: Kit) -> None:
    token = kit.pan123_token()
    codes = [kit.pan123_record(token)["code"] for _ in range(21)]
    assert codes == [0] * 20 + [429]


def test_pan123_unknown_file_and_bad_parameter(kit: Kit) -> None:
    token = kit.pan123_token()
    assert kit.pan123_record(token, file_id=1)["code"] == 5066
    assert kit.pan123_record(token, file_id="abc")["code"] == 400


# -- MYun: errcode other than 1000 ----------------------------------------------------------------


def test_myun_errors_use_errcode(kit: Kit) -> None:
    assert kit.myun_get("missing")["errcode"] == 1004
    response = kit.client.post("/myun/transcoding/api/create-transcode", json={})
    assert assert_conforms("myun", "createTranscode", response)["errcode"] == 1001
    response = kit.client.get("/myun/transcoding/api/get-transcode")
    assert assert_conforms("myun", "getTranscode", response)["errcode"] == 1001
    bad_quality = kit.client.post(
        "/myun/transcoding/api/create-transcode",
        content=json.dumps({"origin_url": "https://x.example/a.mp4", "task_config_temp_id": 9}),
    )
    assert assert_conforms("myun", "createTranscode", bad_quality)["errcode"] == 1001


def test_unknown_paths_and_methods_are_plain_http_errors(kit: Kit) -> None:
    assert kit.client.get("/zego/nowhere").status_code == 404
    assert kit.client.get("/nowhere").status_code == 404
    assert (
        kit.client.delete(f"/polyv/v3/video/source-file-task/get?taskId={POLYV_TASK}").status_code
        == 405
    )
