"""Vendor-faithful strictness, the lenient switch, and what a hand-signer is told on a mismatch.

Each strictness test cites the fact it enforces; ``--lenient`` (``SandboxConfig(lenient=True)``)
brings back the loose behaviour for teams that need it.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

import httpx
import pytest
from sandbox_kit import CDN_PATH, CDN_TASK, Kit

from mediatasks.sandbox import SandboxConfig, SandboxCredentials, create_app
from mediatasks.sandbox.diagnosis import EXPLAIN_HEADER
from mediatasks.sandbox.transport import SandboxTransport
from mediatasks.signing import zego
from mediatasks.specs import load_spec

START = 1_750_000_000.0


def _kit(*, lenient: bool = False, explain: bool = False) -> Kit:
    creds = SandboxCredentials()
    config = SandboxConfig(
        credentials=creds, start_time=START, fixtures=None, lenient=lenient, explain=explain
    )
    app = create_app(config)
    client = httpx.Client(transport=SandboxTransport(app, timeout=10), base_url="http://sandbox")
    return Kit(app, client, creds)


# -- the documented case only -------------------------------------------------------------------


def test_zego_upper_case_signature_is_refused(kit: Kit) -> None:
    """VENDORS.md, 3. ZEGO Cloud Recording, Signature algorithm: "Output: lowercase hex,
    32 characters" (spec: ZegoSignature x-signing output-case lower)."""
    assert (
        load_spec("zego")["components"]["securitySchemes"]["ZegoSignature"]["x-signing"][
            "output-case"
        ]
        == "lower"
    )
    query = kit.zego_query()
    query["Signature"] = str(query["Signature"]).upper()
    assert kit.zego(query=query).json()["Code"] == 100000005
    query["Signature"] = str(query["Signature"]).lower()
    assert kit.zego(query=query).json()["Code"] == 0


def test_polyv_lower_case_sign_is_refused(kit: Kit) -> None:
    """VENDORS.md, 5. Polyv, Request parameters: "`sign` (String, required): 32-character
    **uppercase** MD5" and Signature algorithm step 5 (spec: polyvSign output-case upper)."""
    assert (
        load_spec("polyv")["components"]["securitySchemes"]["polyvSign"]["x-signing"]["output-case"]
        == "upper"
    )
    params = kit.polyv_query()
    params["sign"] = params["sign"].lower()
    body = kit.polyv(params).json()
    assert (body["code"], body["error"]["code"]) == (403, 104)
    params["sign"] = params["sign"].upper()
    assert kit.polyv(params).json()["code"] == 200


def test_lenient_accepts_either_case() -> None:
    kit = _kit(lenient=True)
    query = kit.zego_query()
    query["Signature"] = str(query["Signature"]).upper()
    assert kit.zego(query=query).json()["Code"] == 0
    params = kit.polyv_query()
    params["sign"] = params["sign"].lower()
    assert kit.polyv(params).json()["code"] == 200


def test_cdnetworks_accepts_either_case_because_the_document_does_not_say(kit: Kit) -> None:
    """VENDORS.md, 4. CDNetworks, Authentication: ``Signature = HexEncode(...)`` names no case,
    so the sandbox does not refuse what the vendor may accept."""
    body = f'{{"transNo":"{CDN_TASK}"}}'.encode()
    headers = kit.cdn_headers(body)
    prefix, signature = headers["Authorization"].rsplit("Signature=", 1)
    headers["Authorization"] = f"{prefix}Signature={signature.upper()}"
    assert kit.cdn_post(body, headers=headers).json()["code"] == 200


# -- the unknown AppId ----------------------------------------------------------------------------


def test_zego_unknown_but_well_formed_app_id_is_the_secret_lookup_code(kit: Kit) -> None:
    """The choice is written in the spec (APP_ID_INVALID's note names 100000010)."""
    codes = {e["name"]: e for e in load_spec("zego")["x-envelope"]["error-codes"]}
    assert "100000010" in codes["APP_ID_INVALID"]["note"]
    assert "unknown AppId" in codes["SERVER_SECRET_LOOKUP_FAILED"]["note"]
    nonce, ts = "0123456789abcdef", int(kit.now())
    query = kit.zego_query(AppId=987654321, Signature=zego.signature(987654321, nonce, "any", ts))
    assert kit.zego(query=query).json()["Code"] == 100000010
    assert kit.zego(query=kit.zego_query(AppId="98765x")).json()["Code"] == 100000001


# -- what a hand-signer is told ---------------------------------------------------------------


def _explained(response: httpx.Response) -> dict[str, object]:
    header = response.headers.get(EXPLAIN_HEADER)
    assert header is not None, "the explain header is missing"
    explained: dict[str, object] = json.loads(header)
    return explained


def test_no_explain_header_unless_asked(kit: Kit) -> None:
    response = kit.zego(query=kit.zego_query(Signature="0" * 32))
    assert EXPLAIN_HEADER not in response.headers


@pytest.mark.parametrize(
    ("mistake", "differed"),
    [
        ("upper", "Signature case"),
        ("no-secret", "ServerSecret: it was left out"),
        ("order", "order: the values were joined as ServerSecret"),
        ("short", "Signature has 31 characters"),
    ],
)
def test_zego_mismatch_names_the_input_that_differed(mistake: str, differed: str) -> None:
    kit = _kit(explain=True)
    app_id, nonce, ts = str(kit.creds.zego_app_id), "0123456789abcdef", int(kit.now())
    secret = kit.creds.zego_server_secret
    signature = {
        "upper": zego.signature(app_id, nonce, secret, ts).upper(),
        "no-secret": zego.signature(app_id, nonce, "", ts),
        "order": zego.signature(secret, app_id, nonce, ts),
        "short": "0" * 31,
    }[mistake]
    response = kit.zego(query=kit.zego_query(Signature=signature))
    assert response.json()["Code"] == 100000005
    explained = _explained(response)
    assert str(explained["differed"]).startswith(differed)
    assert explained["expected_string_to_sign"] == f"{app_id}{nonce}<ServerSecret>{ts}"
    assert explained["inputs"] == {"AppId": app_id, "SignatureNonce": nonce, "Timestamp": str(ts)}
    assert secret not in response.headers[EXPLAIN_HEADER]


@pytest.mark.parametrize(
    ("mistake", "differed"),
    [
        ("lower", "sign case"),
        ("unsigned-task", "parameter taskId: it was sent but not signed"),
        ("v2", "rule: that is the SHA1 rule"),
        ("secret-once", "secret: it was put only before"),
        ("secret-after", "secret: it was put only after"),
        ("no-secret", "secret: it was left out"),
        ("ampersands", "join: pairs were written key=value&"),
        ("encoded", "values: they were URL-encoded"),
    ],
)
def test_polyv_mismatch_names_the_input_that_differed(mistake: str, differed: str) -> None:
    import hashlib  # noqa: PLC0415

    kit = _kit(explain=True)
    params = kit.polyv_query()
    if mistake == "encoded":
        params["title"] = "lecture 1/2"  # a value URL-encoding changes
    secret = kit.creds.polyv_secret
    pairs = sorted((k, v) for k, v in params.items() if k != "sign")
    joined = "".join(k + v for k, v in pairs)

    def md5(text: str) -> str:
        return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest().upper()

    params["sign"] = {
        "lower": params["sign"].lower(),
        "unsigned-task": md5(secret + "".join(k + v for k, v in pairs if k != "taskId") + secret),
        "v2": hashlib.sha1(  # noqa: S324 - the rule being diagnosed
            ("&".join(f"{k}={v}" for k, v in pairs) + secret).encode()
        ).hexdigest(),
        "secret-once": md5(secret + joined),
        "secret-after": md5(joined + secret),
        "no-secret": md5(joined),
        "ampersands": md5(secret + "&".join(f"{k}={v}" for k, v in pairs) + secret),
        "encoded": md5(secret + "".join(k + quote(v, safe="") for k, v in pairs) + secret),
    }[mistake]
    response = kit.polyv(params)
    assert response.json()["error"]["code"] == 104
    explained = _explained(response)
    assert str(explained["differed"]).startswith(differed)
    assert str(explained["expected_string_to_sign"]).startswith("<secret>appId")
    assert secret not in response.headers[EXPLAIN_HEADER]


def test_cdnetworks_mismatch_names_a_path_signed_without_the_prefix() -> None:
    kit = _kit(explain=True)
    body = f'{{"transNo":"{CDN_TASK}"}}'.encode()
    vendor_path = CDN_PATH.removeprefix("/cdnetworks")
    response = kit.cdn_post(body, headers=kit.cdn_headers(body, path=vendor_path))
    assert response.json()["code"] == 401
    explained = _explained(response)
    assert str(explained["differed"]).startswith(f"path: '{vendor_path}' was signed")
    inputs = explained["inputs"]
    assert isinstance(inputs, dict)
    assert str(inputs["CanonicalRequest"]).startswith(f"POST\n{CDN_PATH}\n")
    assert kit.creds.cdnetworks_secret_key not in response.headers[EXPLAIN_HEADER]


def test_other_refusals_explain_their_reason() -> None:
    kit = _kit(explain=True)
    params = kit.polyv_query()
    params["appId"] = "someoneElse"
    response = kit.polyv(params)
    assert response.json()["error"]["desc"] == "invalid signature"  # the vendor's wording
    assert _explained(response)["reason"] == "appId 'someoneElse' is unknown"


def test_a_mismatch_is_logged_without_the_secret(
    kit: Kit, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="mediatasks.sandbox")
    kit.zego(query=kit.zego_query(Signature="f" * 32))
    text = caplog.text
    assert "expected string to sign: '1234567890" in text
    assert "<ServerSecret>" in text
    assert "what differed:" in text
    assert kit.creds.zego_server_secret not in text
