"""A vendor client addresses each request to the URL httpx would build, parsed once.

``TaskClient.request_url`` joins ``base_url`` and the spec's path and adds the query the way
httpx does (``base_url`` + ``url`` + ``params`` on a client), but keeps each distinct URL it
built, so a poll of the same task does not parse the same URL three times per call.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mediatasks.vendors import PolyvClient, ZegoClient
from mediatasks.vendors._base import URL_TABLE_SIZE

PARAMS: list[dict[str, Any]] = [
    {},
    {"taskId": "plain"},
    {"taskId": "a b&c=d/e?f#g"},
    {"taskId": "中文 ü", "n": 3, "flag": True, "ratio": 1.5},
    {"ids": ["x", "y z"], "empty": ""},
    {"taskId": "%41 already-escaped"},
]
BASES = ["http://127.0.0.1:8765/polyv", "https://api.example.com", "http://h:1/a/b"]


@pytest.mark.parametrize("base_url", BASES)
@pytest.mark.parametrize("params", PARAMS)
def test_the_url_is_the_one_httpx_builds(base_url: str, params: dict[str, Any]) -> None:
    client = PolyvClient("app", "secret", base_url=base_url)
    path = client.operation("getSourceFileTask").path
    with httpx.Client(base_url=base_url) as plain:
        expected = plain.build_request("GET", path, params=params).url
    assert client.request_url("getSourceFileTask", params) == expected
    assert str(client.request_url("getSourceFileTask", params)) == str(expected)


def test_a_repeated_request_reuses_the_parsed_url() -> None:
    client = ZegoClient("1", "secret", base_url="http://h/zego")
    first = client.task_request("X3CgNeE4I1qAAABN")[1]["url"]
    again = client.task_request("X3CgNeE4I1qAAABN")[1]["url"]
    assert first is again
    assert str(first) == "http://h/zego/?Action=DescribeRecordStatus"


def test_the_table_of_urls_is_bounded() -> None:
    client = PolyvClient("app", "secret", base_url="http://h/polyv")
    urls = [
        client.request_url("getSourceFileTask", {"taskId": f"t{n}"}) for n in range(URL_TABLE_SIZE)
    ]
    assert client.request_url("getSourceFileTask", {"taskId": "t0"}) is urls[0]
    for n in range(URL_TABLE_SIZE, URL_TABLE_SIZE + 10):
        client.request_url("getSourceFileTask", {"taskId": f"t{n}"})
    assert len(client._urls) == URL_TABLE_SIZE
    rebuilt = client.request_url("getSourceFileTask", {"taskId": "t1"})  # among the oldest: dropped
    assert rebuilt is not urls[1]
    assert rebuilt == urls[1]
