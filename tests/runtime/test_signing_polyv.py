"""Polyv sub-account MD5 signing against every test vector in VENDORS.md."""

from __future__ import annotations

import pytest

from mediatasks.signing import polyv

VIDS = "1b448be32370f4822ac40fd926112a66_1,1b448be32305bb29879b1eb06abd9fa1_1"
DUMMY_SECRET = "fsq2k5weced1h8vui657xtdva66whf0g"
VECTORS: list[tuple[dict[str, object], str, str, str]] = [
    (
        {
            "appId": "a0Wmol5EwX",
            "timestamp": 1617950661602,
            "taskId": "16661c08b9564c1ea6f4544ccd568e58",
        },
        "abc",
        "abcappIda0Wmol5EwXtaskId16661c08b9564c1ea6f4544ccd568e58timestamp1617950661602abc",
        "F9F298D5569C084D158A38766D4129A8",
    ),
    (
        {
            "appId": "a0Wmol5EwX",
            "timestamp": 1617950661602,
            "taskId": "16661c08b9564c1ea6f4544ccd568e58",
            "expireDays": 1,
        },
        "abc",
        "abcappIda0Wmol5EwXexpireDays1taskId16661c08b9564c1ea6f4544ccd568e58"
        "timestamp1617950661602abc",
        "A96C2DEF699EEE4DFC21DF108C5FCC12",
    ),
    (
        {
            "ts": 1552447784505,
            "userId": "e6b23c6f51",
            "videoId": "e6b23c6f51c4b1cb9f0302a92ed42440_e",
            "viewerId": "abcd1234",
            "viewerIp": "127.0.0.1",
        },
        "abc",
        "abcts1552447784505userIde6b23c6f51videoIde6b23c6f51c4b1cb9f0302a92ed42440_e"
        "viewerIdabcd1234viewerIp127.0.0.1abc",
        "166D45560D37DDBF0F05081D975231B5",
    ),
    (
        {
            "appId": "a0Wmol5EwX",
            "timestamp": 1617950661602,
            "vids": VIDS,
            "expireDays": 1,
            "sign": "",
        },
        DUMMY_SECRET,
        f"{DUMMY_SECRET}appIda0Wmol5EwXexpireDays1timestamp1617950661602vids{VIDS}{DUMMY_SECRET}",
        "94194EF2CFE8A21EB26497E62C7644CD",
    ),
]


@pytest.mark.parametrize(("params", "secret", "text", "expected"), VECTORS)
def test_vectors(params: dict[str, object], secret: str, text: str, expected: str) -> None:
    assert polyv.string_to_sign(params, secret) == text
    assert polyv.signature(params, secret) == expected


def test_existing_sign_and_empty_values_are_excluded() -> None:
    params, secret, _, expected = VECTORS[0]
    noisy = {**params, "sign": "197679CCF105DD80E0378BEF75993D31", "extra": "", "none": None}
    assert polyv.signature(noisy, secret) == expected


def test_parameter_order_does_not_matter() -> None:
    params, secret, _, expected = VECTORS[2]
    assert polyv.signature(dict(reversed(list(params.items()))), secret) == expected


def test_values_are_raw_not_url_encoded() -> None:
    text = polyv.string_to_sign({"vids": "a,b c"}, "k")
    assert text == "kvidsa,b ck"


def test_booleans_are_signed_as_sent() -> None:
    assert polyv.string_to_sign({"flag": True}, "k") == "kflagtruek"
