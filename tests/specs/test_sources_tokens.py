"""The token extraction rules of codegen.sources.tokens, on small texts of our own."""

from __future__ import annotations

import pytest

from codegen.sources.tokens import category, extract_tokens, mentions


def test_names_in_every_casing_and_around_chinese_text() -> None:
    text = "鉴权access_token 文件Id fileId UserTranscodeVideoRecordList x-traceID 状态INIT"
    assert extract_tokens(text) == {
        "access_token",
        "Id",
        "fileId",
        "UserTranscodeVideoRecordList",
        "x-traceID",
        "INIT",
    }


def test_dots_split_and_short_or_opaque_names_are_dropped() -> None:
    text = "results.created_at a X3CgNeE4I1qAAABN trace_20200927154419 720P"
    assert extract_tokens(text) == {"results", "created_at", "X3CgNeE4I1qAAABN"}


def test_urls_give_their_path_and_query_names_but_not_their_host() -> None:
    text = "https://cloudrecord-api.zego.im/?Action=DescribeRecordStatus&AppId=123&Sig=9f8e7d6c5b4a"
    assert extract_tokens(text) == {"/", "Action", "DescribeRecordStatus", "AppId", "Sig"}


def test_paths_on_their_own_and_not_media_types() -> None:
    text = "POST /transcoding/api/create-transcode\ncontent-type: application/json\n</font>"
    tokens = extract_tokens(text)
    assert "/transcoding/api/create-transcode" in tokens
    assert not {t for t in tokens if t.startswith("/") and t != "/transcoding/api/create-transcode"}
    assert {"application", "json", "content-type"} <= tokens


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("1560 Video is being processed\n-1默认值\n", {"1560", "-1"}),
        ("1：准备转码 2：正在转码中 3-254：失败 255：成功", {"1", "2", "3", "254", "255"}),
        ("status int 1 (processing)\n2 (successful)", {"1", "2"}),
        ("| 7 | seven |", {"7"}),
        ('"created": "2024-12-19 13:19:33",\n    "status": 1,\n', set()),
        ("updated 2010-11-22T15:16:17+08:00 and 1:360", set()),
    ],
)
def test_numeric_codes_only_where_tables_put_them(text: str, numbers: set[str]) -> None:
    assert {t for t in extract_tokens(text) if category(t) == "number"} == numbers


def test_mentions_needs_a_whole_token_except_at_path_edges() -> None:
    assert mentions("status: PROCESS", "PROCESS")
    assert not mentions("status: PROCESSING", "PROCESS")
    assert not mentions("fileIds", "fileId")
    assert mentions("http://api.polyv.net/v3/video/get?x=1", "/v3/video/get")
    assert not mentions("anything", "")


def test_categories() -> None:
    assert [category(t) for t in ("/a", "-99", "INIT", "fileId")] == [
        "path",
        "number",
        "upper",
        "name",
    ]
