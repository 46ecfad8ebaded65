"""ZEGO signature v2.0 against every test vector in VENDORS.md (vector 1 is ZEGO's own)."""

from __future__ import annotations

import re

import pytest

from mediatasks.signing import zego

VECTORS = [
    (
        12345,
        "4fd24687296dd9f3",
        "9193cc662a4c0ec135ec71fb57194b38",
        1615186943,
        "123454fd24687296dd9f39193cc662a4c0ec135ec71fb57194b381615186943",
        "43e5cfcca828314675f91b001390566a",
    ),
    (
        1234567890,
        "0123456789abcdef",
        "00112233445566778899aabbccddeeff",
        1700000000,
        "12345678900123456789abcdef00112233445566778899aabbccddeeff1700000000",
        "408599f97774ba146aa777f429d0514c",
    ),
    (
        3751204520,
        "a1b2c3d4e5f60718",
        "fa3d9a1bd6c2e4a75f4b7e8c1d2e3f40",
        1735689600,
        "3751204520a1b2c3d4e5f60718fa3d9a1bd6c2e4a75f4b7e8c1d2e3f401735689600",
        "7bb9964bfe26324b1c0bdbe1285a437e",
    ),
]


@pytest.mark.parametrize("vector", VECTORS)
def test_vectors(vector: tuple[int, str, str, int, str, str]) -> None:
    app_id, nonce, secret, ts, text, expected = vector
    assert zego.string_to_sign(app_id, nonce, secret, ts) == text
    assert zego.signature(app_id, nonce, secret, ts) == expected


def test_app_id_as_string_signs_the_same() -> None:
    app_id, nonce, secret, ts, _, expected = VECTORS[0]
    assert zego.signature(str(app_id), nonce, secret, ts) == expected


def test_any_input_change_changes_the_signature() -> None:
    app_id, nonce, secret, ts, _, expected = VECTORS[0]
    assert zego.signature(app_id, nonce, secret, ts + 1) != expected
    assert zego.signature(app_id, nonce[::-1], secret, ts) != expected


def test_timestamp_must_be_integer_seconds() -> None:
    with pytest.raises(TypeError):
        zego.signature(1, "00", "s", 1.5)  # type: ignore[arg-type]


def test_new_nonce_is_16_lowercase_hex_and_fresh() -> None:
    nonces = {zego.new_nonce() for _ in range(50)}
    assert len(nonces) == 50
    assert all(re.fullmatch(r"[0-9a-f]{16}", n) for n in nonces)
