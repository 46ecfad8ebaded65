"""CDNetworks WS3-HMAC-SHA256 and new-API basic scheme against the VENDORS.md test vectors."""

from __future__ import annotations

import pytest

from mediatasks.signing import cdnetworks

SECRET = "EXAMPLESECRETKEY0123456789"
TIMESTAMP = 1564645579
PATH = "/vod/videoManage/videoClipQuery"
HOST = "api.cloudv.haplat.net"
SIGNED = ("content-type", "host")
VECTORS = [
    (
        "application/json; charset=utf-8",
        b'{"transNo":"036b6f4a01611000a79c3a7800000000"}',
        "d596ad7db99336702649caf3bb63b5be5732e7be553efd14597785c859399440",
        "0548e90b42335b041d09c3993249271c8d2e910e476f0ea2cbc14ac2a890b931",
        "24270e09d3a2830c08492915a66c14b0b3b79d9820c03702f53332bc696e88ba",
    ),
    (
        "application/x-www-form-urlencoded; charset=utf-8",
        b"transNo=036b6f4a01611000a79c3a7800000000",
        "60700ca1bd024ef767b512d59bf0730158e919ea845f173afe6229e1b98c105d",
        "a9a9bb73cc024ff229529f5086b647ef1f9b044ca92841aeeac02a1e2b90034a",
        "522a2cb224e514c404b85591c8ccfc22babdb945c46674c2bfc41de89f225456",
    ),
]


def _canonical(content_type: str, body: bytes) -> str:
    headers = {"Content-Type": content_type, "Host": HOST, "X-Other": "ignored"}
    return cdnetworks.canonical_request("post", PATH, "", headers, SIGNED, body)


@pytest.mark.parametrize(("content_type", "body", "payload", "cr_hash", "expected"), VECTORS)
def test_ws3_vectors(
    content_type: str, body: bytes, payload: str, cr_hash: str, expected: str
) -> None:
    assert cdnetworks.payload_hash(body) == payload
    canonical = _canonical(content_type, body)
    assert canonical == (
        f"POST\n{PATH}\n\ncontent-type:{content_type}\nhost:{HOST}\n\ncontent-type;host\n{payload}"
    )
    text = cdnetworks.string_to_sign(TIMESTAMP, canonical)
    assert text == f"WS3-HMAC-SHA256\n{TIMESTAMP}\n{cr_hash}"
    assert cdnetworks.signature(SECRET, TIMESTAMP, canonical) == expected


def test_authorization_header_uses_plain_credential() -> None:
    value = cdnetworks.authorization("AK123", ["Host", "Content-Type"], "abc")
    assert (
        value == "WS3-HMAC-SHA256 Credential=AK123, SignedHeaders=content-type;host, Signature=abc"
    )


def test_signed_header_order_and_case_do_not_matter() -> None:
    content_type, body, *_, expected = VECTORS[0]
    headers = {"host": HOST, "CONTENT-TYPE": content_type}
    canonical = cdnetworks.canonical_request(
        "POST", PATH, "", headers, ["Host", "Content-Type"], body
    )
    assert cdnetworks.signature(SECRET, TIMESTAMP, canonical) == expected


def test_body_change_changes_signature() -> None:
    content_type, body, *_, expected = VECTORS[0]
    canonical = _canonical(content_type, body + b" ")
    assert cdnetworks.signature(SECRET, TIMESTAMP, canonical) != expected


def test_missing_signed_header_is_an_error() -> None:
    with pytest.raises(ValueError, match="host"):
        cdnetworks.canonical_request("POST", PATH, "", {"Content-Type": "x"}, SIGNED, b"")
